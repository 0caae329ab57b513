package rules

import (
	"context"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/auth"
)

// Schedules lists the schedule versions the caller may read.
func (s *Service) Schedules(ctx context.Context, p *auth.Principal) ([]Schedule, error) {
	all, err := s.Store.Schedules(ctx, p.RegencyID)
	out := []Schedule{}
	for _, sc := range all {
		if visible(p, sc.AgencyID) {
			out = append(out, sc)
		}
	}
	return out, err
}

// CreateSchedule adds a weekly-pattern version at the level its fields name:
// employee (with its agency), unit (with its agency), agency, or regency.
// Errors: invalid, forbidden.
func (s *Service) CreateSchedule(ctx context.Context, p *auth.Principal, sc *Schedule) (Change, error) {
	var err error
	if sc.Name, err = checkName(sc.Name); err != nil {
		return Change{}, err
	}
	if sc.ValidFrom.IsZero() {
		return Change{}, apperr.InvalidField("valid_from", "rules.valid_from_required")
	}
	if _, err := ParseWeekly(sc.Weekly); err != nil {
		return Change{}, err
	}
	if (sc.UnitID != nil || sc.EmployeeID != nil) && sc.AgencyID == nil {
		return Change{}, apperr.InvalidField("agency_id", "rules.schedule_agency_required")
	}
	if err := s.canScope(ctx, p, auth.PermRulesWrite, sc.AgencyID); err != nil {
		return Change{}, err
	}
	if err := s.checkLevel(ctx, p, sc); err != nil {
		return Change{}, err
	}
	sc.ID, sc.RegencyID = 0, p.RegencyID
	if err := s.Store.CreateSchedule(ctx, actorOf(p), sc); err != nil {
		return Change{}, err
	}
	from, err := s.afterChange(ctx, p, sc.AgencyID, sc.ValidFrom, "schedule")
	return Change{RecalculateFrom: from}, err
}

// checkLevel: a unit-level schedule names a unit of that agency, and an
// employee-level one an employee of that agency on its first day. (The day
// computation applies either only while the unit or the employee belongs to
// the schedule's agency, so a transfer out ends it.)
func (s *Service) checkLevel(ctx context.Context, p *auth.Principal, sc *Schedule) error {
	if sc.UnitID != nil {
		u, err := s.Store.Unit(ctx, *sc.UnitID)
		if err != nil || u.AgencyID != *sc.AgencyID {
			return apperr.InvalidField("unit_id", "rules.unit_not_in_agency")
		}
	}
	if sc.EmployeeID == nil {
		return nil
	}
	e, err := s.Store.Employee(ctx, *sc.EmployeeID, sc.ValidFrom)
	if err != nil || e.RegencyID != p.RegencyID || e.Current == nil || e.Current.AgencyID != *sc.AgencyID {
		return apperr.InvalidField("employee_id", "rules.employee_not_in_agency")
	}
	return nil
}

// DeleteSchedule withdraws a version that has not taken effect yet.
func (s *Service) DeleteSchedule(ctx context.Context, p *auth.Principal, id int64) error {
	sc, err := s.Store.Schedule(ctx, id)
	if err != nil || sc.RegencyID != p.RegencyID || !visible(p, sc.AgencyID) {
		return apperr.New(apperr.NotFound, "rules.schedule_not_found")
	}
	if err := s.canScope(ctx, p, auth.PermRulesWrite, sc.AgencyID); err != nil {
		return err
	}
	if today, _ := s.Today(ctx, p); !sc.ValidFrom.After(today) {
		return apperr.New(apperr.Conflict, "rules.schedule_in_force")
	}
	return s.Store.DeleteSchedule(ctx, actorOf(p), sc)
}

// Periods lists the date-ranged patterns the caller may read.
func (s *Service) Periods(ctx context.Context, p *auth.Principal) ([]Period, error) {
	all, err := s.Store.Periods(ctx, p.RegencyID)
	out := []Period{}
	for _, pe := range all {
		if visible(p, pe.AgencyID) {
			out = append(out, pe)
		}
	}
	return out, err
}

// CreatePeriod adds a date-ranged pattern (e.g. Ramadan hours).
// Errors: invalid, forbidden.
func (s *Service) CreatePeriod(ctx context.Context, p *auth.Principal, pe *Period) (Change, error) {
	var err error
	if pe.Name, err = checkName(pe.Name); err != nil {
		return Change{}, err
	}
	switch {
	case pe.DateFrom.IsZero():
		return Change{}, apperr.InvalidField("from", "request.from_required")
	case pe.DateTo.IsZero() || pe.DateTo.Before(pe.DateFrom):
		return Change{}, apperr.InvalidField("to", "request.to_required")
	}
	if _, err := ParseWeekly(pe.Weekly); err != nil {
		return Change{}, err
	}
	if err := s.canScope(ctx, p, auth.PermRulesWrite, pe.AgencyID); err != nil {
		return Change{}, err
	}
	pe.ID, pe.RegencyID = 0, p.RegencyID
	if err := s.Store.CreatePeriod(ctx, actorOf(p), pe); err != nil {
		return Change{}, err
	}
	from, err := s.afterChange(ctx, p, pe.AgencyID, pe.DateFrom, "period")
	return Change{RecalculateFrom: from}, err
}

// DeletePeriod withdraws a period that has not started yet.
func (s *Service) DeletePeriod(ctx context.Context, p *auth.Principal, id int64) error {
	pe, err := s.Store.Period(ctx, id)
	if err != nil || pe.RegencyID != p.RegencyID || !visible(p, pe.AgencyID) {
		return apperr.New(apperr.NotFound, "rules.period_not_found")
	}
	if err := s.canScope(ctx, p, auth.PermRulesWrite, pe.AgencyID); err != nil {
		return err
	}
	if today, _ := s.Today(ctx, p); !pe.DateFrom.After(today) {
		return apperr.New(apperr.Conflict, "rules.period_started")
	}
	return s.Store.DeletePeriod(ctx, actorOf(p), pe)
}
