package kinerja

import (
	"context"
	"strings"
	"time"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/audit"
	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/org"
	"github.com/hadir-id/hadir/internal/timesheet"
)

// Store is the persistence e-kinerja needs (internal/store implements it).
// Methods return apperr codes: not_found, conflict.
type Store interface {
	Regency(ctx context.Context, id int64) (org.Regency, error)
	Employee(ctx context.Context, id int64, on civil.Date) (org.Employee, error)
	Employees(ctx context.Context, f org.EmployeeFilter) ([]org.Employee, error)
	EmployeesByID(ctx context.Context, ids []int64) ([]org.Employee, error)
	AssignmentsOverlapping(ctx context.Context, ids []int64, from, to civil.Date) ([]org.Assignment, error)
	Days(ctx context.Context, ids []int64, from, to civil.Date) ([]timesheet.DayRecord, error)

	KinerjaSettings(ctx context.Context, regencyID int64) (Settings, error)
	SaveKinerjaSettings(ctx context.Context, actor audit.Actor, s *Settings) error
	Activities(ctx context.Context, f ActivityFilter) ([]Activity, error)
	Activity(ctx context.Context, id int64) (Activity, error)
	CreateActivity(ctx context.Context, actor audit.Actor, a *Activity) error

	SKP(ctx context.Context, employeeID int64, year int) (SKP, error)
	SKPByID(ctx context.Context, id int64) (SKP, error)
	SaveSKP(ctx context.Context, actor audit.Actor, s *SKP) error
	DecideSKP(ctx context.Context, actor audit.Actor, s *SKP) error
	RHK(ctx context.Context, id int64) (RHK, SKP, error)

	CreateEntry(ctx context.Context, actor audit.Actor, e *Entry) error
	UpdateEntry(ctx context.Context, actor audit.Actor, e *Entry) error
	DeleteEntry(ctx context.Context, actor audit.Actor, e Entry) error
	Entry(ctx context.Context, id int64) (Entry, error)
	Entries(ctx context.Context, f EntryFilter) ([]Entry, error)
	EntriesByID(ctx context.Context, ids []int64) ([]Entry, error)
	DayMinutes(ctx context.Context, employeeID int64, d civil.Date, exceptID int64) (int, error)
	SubmitEntries(ctx context.Context, actor audit.Actor, employeeID int64, from, to civil.Date, at time.Time) (int, error)
	DecideEntries(ctx context.Context, actor audit.Actor, ids []int64, status, comment string, at time.Time) error
	Frequent(ctx context.Context, employeeID int64, since civil.Date, limit int) ([]Template, error)
	SaveEvidence(ctx context.Context, actor audit.Actor, entryID int64, contentType string, data []byte) error
	Evidence(ctx context.Context, entryID int64) (contentType string, data []byte, err error)

	CreateDelegation(ctx context.Context, actor audit.Actor, d *Delegation) error
	Delegations(ctx context.Context, employeeID int64, on civil.Date) ([]Delegation, error)

	SaveEvaluation(ctx context.Context, actor audit.Actor, e *Evaluation) error
	Evaluations(ctx context.Context, employeeIDs []int64, year int) ([]Evaluation, error)
	Adoption(ctx context.Context, employeeIDs []int64) ([]Adoption, error)
}

// ActivityFilter selects catalogue entries: the regency's and, when
// AgencyID is set, that agency's own; Query matches code or name.
type ActivityFilter struct {
	RegencyID int64
	AgencyID  int64
	Query     string
	Limit     int
}

// EntryFilter selects entries.
type EntryFilter struct {
	EmployeeIDs []int64
	From, To    civil.Date
	Status      string // "": any
	Limit       int
}

// Adoption is when an employee first logged and first had an entry approved.
type Adoption struct {
	EmployeeID    int64      `json:"employee_id"`
	FirstLogged   *time.Time `json:"first_logged"`
	FirstApproved *time.Time `json:"first_approved"`
}

// Service applies the e-kinerja rules and the caller's scope: an employee
// works on their own SKP and entries; a decision belongs to the direct
// supervisor or whoever acts for them (Plt/Plh) on the day of the decision.
type Service struct {
	Store Store
	Now   func() time.Time
}

func actorOf(p *auth.Principal) audit.Actor {
	return audit.Actor{UserID: p.UserID, RegencyID: p.RegencyID}
}

// zone is the regency's time zone (UTC if unknown).
func (s *Service) zone(ctx context.Context, regencyID int64) *time.Location {
	if r, err := s.Store.Regency(ctx, regencyID); err == nil {
		if l, err := time.LoadLocation(r.Timezone); err == nil {
			return l
		}
	}
	return time.UTC
}

// today is the caller's current date in the regency's zone.
func (s *Service) today(ctx context.Context, p *auth.Principal) civil.Date {
	return civil.In(s.Now(), s.zone(ctx, p.RegencyID))
}

// self returns the caller's employee record today. Errors: forbidden (the
// caller is no employee).
func (s *Service) self(ctx context.Context, p *auth.Principal) (org.Employee, civil.Date, error) {
	today := s.today(ctx, p)
	if p.EmployeeID == nil {
		return org.Employee{}, today, apperr.New(apperr.Forbidden, "kinerja.not_employee")
	}
	e, err := s.Store.Employee(ctx, *p.EmployeeID, today)
	if err != nil || e.Current == nil {
		return org.Employee{}, today, apperr.New(apperr.Forbidden, "kinerja.not_employee")
	}
	return e, today, nil
}

// Settings returns the regency's settings (the defaults until changed).
func (s *Service) Settings(ctx context.Context, p *auth.Principal) (Settings, error) {
	return s.Store.KinerjaSettings(ctx, p.RegencyID)
}

// SaveSettings changes the regency's settings (BKD only). Errors:
// forbidden, invalid (field named).
func (s *Service) SaveSettings(ctx context.Context, p *auth.Principal, in Settings) (Settings, error) {
	if !p.IsRegencyAdmin() {
		return Settings{}, apperr.New(apperr.Forbidden, "kinerja.bkd_only")
	}
	if err := in.Validate(); err != nil {
		return Settings{}, err
	}
	in.RegencyID, in.UpdatedAt = p.RegencyID, s.Now().UTC()
	return in, s.Store.SaveKinerjaSettings(ctx, actorOf(p), &in)
}

// Validate checks the settings' ranges.
func (st Settings) Validate() error {
	switch {
	case st.MinutesPerDay < 1 || st.MinutesPerDay > 720:
		return apperr.InvalidField("minutes_per_day", "kinerja.range", "min", 1, "max", 720)
	case st.DailyCap < st.MinutesPerDay || st.DailyCap > 1440:
		return apperr.InvalidField("daily_cap", "kinerja.range", "min", st.MinutesPerDay, "max", 1440)
	case st.LateDays < 0 || st.LateDays > 31:
		return apperr.InvalidField("late_days", "kinerja.range", "min", 0, "max", 31)
	case st.AbsenceMode != AbsenceRefuse && st.AbsenceMode != AbsenceWarn && st.AbsenceMode != AbsenceAllow:
		return apperr.InvalidField("absence_mode", "kinerja.one_of", "values", absenceChoices)
	case st.Period != PeriodMonthly && st.Period != PeriodQuarter:
		return apperr.InvalidField("period", "kinerja.one_of", "values", periodChoices)
	case st.MaxEvidenceKB < 0 || st.MaxEvidenceKB > 250:
		return apperr.InvalidField("max_evidence_kb", "kinerja.range", "min", 0, "max", 250)
	}
	return nil
}

// Catalogue searches the catalogue the caller may use: the regency's and
// their agency's own. An admin sees the regency's catalogue.
func (s *Service) Catalogue(ctx context.Context, p *auth.Principal, q string, limit int) ([]Activity, error) {
	f := ActivityFilter{RegencyID: p.RegencyID, Query: strings.TrimSpace(q), Limit: min(max(limit, 1), 200)}
	if e, _, err := s.self(ctx, p); err == nil {
		f.AgencyID = e.Current.AgencyID
	}
	return s.Store.Activities(ctx, f)
}

// AddActivity adds a catalogue entry: BKD to the regency's catalogue
// (AgencyID nil), an agency admin to their agency's. Errors: forbidden,
// invalid, conflict (the code exists).
func (s *Service) AddActivity(ctx context.Context, p *auth.Principal, a *Activity) error {
	if a.AgencyID == nil && !p.IsRegencyAdmin() || a.AgencyID != nil && !p.CanAgency(auth.PermOrgWrite, *a.AgencyID) {
		return apperr.New(apperr.Forbidden, "kinerja.catalogue_forbidden")
	}
	a.Code, a.Name, a.Unit = strings.TrimSpace(a.Code), strings.TrimSpace(a.Name), strings.TrimSpace(a.Unit)
	switch {
	case a.Code == "" || len(a.Code) > 20:
		return apperr.InvalidField("code", "kinerja.text_length", "min", 1, "max", 20)
	case a.Name == "" || len(a.Name) > 200:
		return apperr.InvalidField("name", "kinerja.text_length", "min", 1, "max", 200)
	case a.Unit == "" || len(a.Unit) > 40:
		return apperr.InvalidField("unit", "kinerja.text_length", "min", 1, "max", 40)
	case a.Minutes < 1 || a.Minutes > 660:
		return apperr.InvalidField("minutes", "kinerja.range", "min", 1, "max", 660)
	}
	a.RegencyID, a.CreatedAt = p.RegencyID, s.Now().UTC()
	return s.Store.CreateActivity(ctx, actorOf(p), a)
}
