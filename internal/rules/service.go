package rules

import (
	"context"
	"time"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/audit"
	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/org"
)

// Store is the persistence of rules.
type Store interface {
	CreatePolicy(ctx context.Context, actor audit.Actor, p *Policy) error
	Policies(ctx context.Context, regencyID int64) ([]Policy, error)
	Policy(ctx context.Context, id int64) (Policy, error)
	DeletePolicy(ctx context.Context, actor audit.Actor, p Policy) error
	CreateSchedule(ctx context.Context, actor audit.Actor, s *Schedule) error
	Schedules(ctx context.Context, regencyID int64) ([]Schedule, error)
	Schedule(ctx context.Context, id int64) (Schedule, error)
	DeleteSchedule(ctx context.Context, actor audit.Actor, s Schedule) error
	CreatePeriod(ctx context.Context, actor audit.Actor, p *Period) error
	Periods(ctx context.Context, regencyID int64) ([]Period, error)
	Period(ctx context.Context, id int64) (Period, error)
	DeletePeriod(ctx context.Context, actor audit.Actor, p Period) error
	CreateHoliday(ctx context.Context, actor audit.Actor, h *Holiday) error
	ImportHolidays(ctx context.Context, actor audit.Actor, hs []Holiday) (int, error)
	Holidays(ctx context.Context, regencyID int64, from, to civil.Date) ([]Holiday, error)
	Holiday(ctx context.Context, id int64) (Holiday, error)
	DeleteHoliday(ctx context.Context, actor audit.Actor, h Holiday) error
	PutRoster(ctx context.Context, actor audit.Actor, agencyID, employeeID int64, entries []RosterEntry) error
	Roster(ctx context.Context, employeeIDs []int64, from, to civil.Date) ([]RosterEntry, error)
	CreateAbsence(ctx context.Context, actor audit.Actor, agencyID int64, a *Absence) error
	DecideAbsence(ctx context.Context, actor audit.Actor, agencyID, id int64, status string) (Absence, error)
	Absence(ctx context.Context, id int64) (Absence, error)
	Absences(ctx context.Context, employeeIDs []int64, from, to civil.Date, status string) ([]Absence, error)
	Employee(ctx context.Context, id int64, on civil.Date) (org.Employee, error)
	Assignments(ctx context.Context, employeeID int64) ([]org.Assignment, error)
	Agency(ctx context.Context, id int64) (org.Agency, error)
	Unit(ctx context.Context, id int64) (org.Unit, error)
	RegencyZone(ctx context.Context, regencyID int64) (*time.Location, error)
}

// Recomputer queues recomputation of days (the timesheet outbox).
type Recomputer interface {
	QueueRecompute(ctx context.Context, actor audit.Actor, regencyID int64, agencyID, employeeID *int64, from, to civil.Date, reason string, audited bool) (int64, error)
}

// Service applies scope and the effective-date rule to changes of rules: a
// new version takes effect from its valid_from; today's days are recomputed
// at once, and days before today change only through the explicit, audited
// Recalculate.
type Service struct {
	Store     Store
	Recompute Recomputer
	Now       func() time.Time
}

func actorOf(p *auth.Principal) audit.Actor {
	return audit.Actor{UserID: p.UserID, RegencyID: p.RegencyID}
}

// Today is the current date in the caller's regency.
func (s *Service) Today(ctx context.Context, p *auth.Principal) (civil.Date, *time.Location) {
	loc, err := s.Store.RegencyZone(ctx, p.RegencyID)
	if err != nil {
		loc = time.UTC
	}
	return civil.In(s.Now(), loc), loc
}

// canScope checks write (or read) permission on a rule's scope: the
// regency-wide level is BKD's, an agency level that agency's admin's.
func (s *Service) canScope(ctx context.Context, p *auth.Principal, perm auth.Permission, agencyID *int64) error {
	if agencyID == nil {
		if perm == auth.PermRulesWrite && !p.IsRegencyAdmin() {
			return apperr.New(apperr.Forbidden, "rules.regency_bkd_only")
		}
		if !p.Can(perm) {
			return apperr.New(apperr.Forbidden, "rules.denied")
		}
		return nil
	}
	a, err := s.Store.Agency(ctx, *agencyID)
	if err != nil || a.RegencyID != p.RegencyID || !p.CanAgency(perm, a.ID) {
		return apperr.InvalidField("agency_id", "org.agency_out_of_scope")
	}
	return nil
}

// visible reports whether a rule of agencyID is readable by p.
func visible(p *auth.Principal, agencyID *int64) bool {
	return agencyID == nil || p.CanAgency(auth.PermRulesRead, *agencyID)
}

// afterChange queues today's recomputation when a version is already in
// force, and reports from which past date an explicit recalculation would
// be needed (zero when none).
func (s *Service) afterChange(ctx context.Context, p *auth.Principal, agencyID *int64, from civil.Date, reason string) (civil.Date, error) {
	today, _ := s.Today(ctx, p)
	if from.After(today) {
		return civil.Date{}, nil
	}
	if _, err := s.Recompute.QueueRecompute(ctx, actorOf(p), p.RegencyID, agencyID, nil, today, today, reason, false); err != nil {
		return civil.Date{}, err
	}
	if from.Before(today) {
		return from, nil
	}
	return civil.Date{}, nil
}

// Recalculate is the explicit, audited "recalculate from date" action: it
// rewrites stored days of an agency (or the whole regency, BKD only) from
// `from` to `to` under the rules now in force, off the request path, and
// returns the job id. Errors: forbidden, invalid.
func (s *Service) Recalculate(ctx context.Context, p *auth.Principal, agencyID *int64, from, to civil.Date) (int64, error) {
	if err := s.canScope(ctx, p, auth.PermRulesWrite, agencyID); err != nil {
		return 0, err
	}
	today, _ := s.Today(ctx, p)
	if to.IsZero() || to.After(today) {
		to = today
	}
	switch {
	case from.IsZero():
		return 0, apperr.InvalidField("from", "request.from_required")
	case from.After(to):
		return 0, apperr.InvalidField("from", "rules.recompute_from_after_to", "to", to)
	case to.Time(time.UTC).Sub(from.Time(time.UTC)) > 400*24*time.Hour:
		return 0, apperr.InvalidField("from", "rules.recompute_span")
	}
	return s.Recompute.QueueRecompute(ctx, actorOf(p), p.RegencyID, agencyID, nil, from, to, "recalculate", true)
}
