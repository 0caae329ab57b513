package timesheet

import (
	"context"
	"time"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/attendance"
	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/org"
)

// EmployeeFinder checks that the caller may see an employee (org.Service).
type EmployeeFinder interface {
	Employee(ctx context.Context, p *auth.Principal, id int64) (org.Employee, error)
	Agency(ctx context.Context, p *auth.Principal, id int64) (org.Agency, error)
}

// Reader serves stored days and recaps within the caller's scope.
type Reader struct {
	Store      Store
	Policies   PolicySource
	Employees  EmployeeFinder
	Recomputer *Recomputer
}

// DayView is a stored day with its explanation in the asked language.
type DayView struct {
	DayRecord
	Explanation []string `json:"explanation"`
}

// MonthView is an employee's month: every stored day and the recap.
type MonthView struct {
	EmployeeID int64     `json:"employee_id"`
	Month      string    `json:"month"`
	Days       []DayView `json:"days"`
	Recap      *Recap    `json:"recap"`
}

// EmployeeMonth returns an employee's month for themselves, their
// supervisor or an admin of their agency: only the days the caller may see
// (an employee transferred in mid-month brings the old agency's days, which
// the new agency's admin does not read). Errors: not_found.
func (r *Reader) EmployeeMonth(ctx context.Context, p *auth.Principal, employeeID int64, m Month, lang string) (MonthView, error) {
	e, err := r.Employees.Employee(ctx, p, employeeID)
	if err != nil {
		return MonthView{}, err
	}
	loc, err := r.zone(ctx, p.RegencyID)
	if err != nil {
		return MonthView{}, err
	}
	days, err := r.Store.Days(ctx, []int64{employeeID}, m.First(), m.Last())
	if err != nil {
		return MonthView{}, err
	}
	days = visibleDays(p, e, days)
	v := MonthView{EmployeeID: employeeID, Month: m.First().String()[:7], Days: make([]DayView, len(days))}
	for i, d := range days {
		v.Days[i] = DayView{DayRecord: d, Explanation: Explain(d, loc, lang)}
	}
	if len(days) > 0 {
		recaps, err := Recaps(ctx, r.Policies, days)
		if err != nil {
			return v, err
		}
		v.Recap = &recaps[0]
	}
	return v, nil
}

// Day returns one stored day. Errors: not_found.
func (r *Reader) Day(ctx context.Context, p *auth.Principal, employeeID int64, d civil.Date, lang string) (DayView, error) {
	e, err := r.Employees.Employee(ctx, p, employeeID)
	if err != nil {
		return DayView{}, err
	}
	loc, err := r.zone(ctx, p.RegencyID)
	if err != nil {
		return DayView{}, err
	}
	days, err := r.Store.Days(ctx, []int64{employeeID}, d, d)
	if err != nil {
		return DayView{}, err
	}
	if days = visibleDays(p, e, days); len(days) == 0 {
		return DayView{}, apperr.New(apperr.NotFound, "timesheet.no_day")
	}
	return DayView{DayRecord: days[0], Explanation: Explain(days[0], loc, lang)}, nil
}

// DayCase returns the engine cases behind an employee's day, encoded for
// `hadir evaluate` (for admins checking a disputed day). Errors: not_found,
// forbidden.
func (r *Reader) DayCase(ctx context.Context, p *auth.Principal, employeeID int64, d civil.Date) ([][]byte, error) {
	e, err := r.Employees.Employee(ctx, p, employeeID)
	if err != nil {
		return nil, err
	}
	if e.Current == nil || !p.CanAgency(auth.PermRulesRead, e.Current.AgencyID) {
		return nil, apperr.New(apperr.Forbidden, "timesheet.case_admin_only")
	}
	if days, err := r.Store.Days(ctx, []int64{employeeID}, d, d); err != nil {
		return nil, err
	} else if len(days) > 0 && !p.CanAgency(auth.PermRulesRead, days[0].AgencyID) {
		return nil, apperr.New(apperr.NotFound, "timesheet.no_day")
	}
	cases, err := r.Recomputer.Cases(ctx, p.RegencyID, employeeID, d, d)
	if err != nil {
		return nil, err
	}
	out := make([][]byte, len(cases))
	for i, c := range cases {
		if out[i], err = attendance.EncodeCase(c); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// AgencyRecap is the month of every employee who worked in an agency.
type AgencyRecap struct {
	AgencyID int64   `json:"agency_id"`
	Month    string  `json:"month"`
	Rows     []Recap `json:"rows"`
	Totals   Totals  `json:"totals"`
}

// Totals add up an agency's recaps.
type Totals struct {
	Employees     int     `json:"employees"`
	ScheduledDays int     `json:"scheduled_days"`
	PresentDays   int     `json:"present_days"`
	AbsentDays    int     `json:"absent_days"`
	LateDays      int     `json:"late_days"`
	EarlyDays     int     `json:"early_days"`
	AvgDeduction  float64 `json:"avg_deduction_pct"`
}

// AgencyMonth recaps an agency's month from the stored days (only the days
// each employee spent in that agency). Errors: not_found.
func (r *Reader) AgencyMonth(ctx context.Context, p *auth.Principal, agencyID int64, m Month) (AgencyRecap, error) {
	if _, err := r.Employees.Agency(ctx, p, agencyID); err != nil {
		return AgencyRecap{}, err
	}
	ids, err := r.Store.EmployeeIDsIn(ctx, p.RegencyID, []int64{agencyID}, m.First(), m.Last())
	if err != nil {
		return AgencyRecap{}, err
	}
	out := AgencyRecap{AgencyID: agencyID, Month: m.First().String()[:7], Rows: []Recap{}}
	if len(ids) == 0 {
		return out, nil
	}
	days, err := r.Store.Days(ctx, ids, m.First(), m.Last())
	if err != nil {
		return out, err
	}
	mine := days[:0]
	for _, d := range days {
		if d.AgencyID == agencyID {
			mine = append(mine, d)
		}
	}
	if out.Rows, err = Recaps(ctx, r.Policies, mine); err != nil {
		return out, err
	}
	out.Totals = totals(out.Rows)
	return out, nil
}

func totals(rows []Recap) Totals {
	t := Totals{Employees: len(rows)}
	sum := 0.0
	for _, r := range rows {
		s := r.Summary
		t.ScheduledDays += s.ScheduledDays
		t.PresentDays += s.PresentDays
		t.AbsentDays += s.AbsentDays
		t.LateDays += s.LateDays
		t.EarlyDays += s.EarlyDays
		sum += s.DeductionPct
	}
	if len(rows) > 0 {
		t.AvgDeduction = sum / float64(len(rows))
	}
	return t
}

// visibleDays keeps the days the caller may read: all of their own; an
// admin's, those spent in an agency of their scope; a supervisor's (who
// sees the employee through today's assignment), those spent in the agency
// the employee is in today.
func visibleDays(p *auth.Principal, e org.Employee, days []DayRecord) []DayRecord {
	if p.EmployeeID != nil && *p.EmployeeID == e.ID {
		return days
	}
	out := days[:0]
	for _, d := range days {
		if p.CanAgency(auth.PermOrgRead, d.AgencyID) || (e.Current != nil && d.AgencyID == e.Current.AgencyID) {
			out = append(out, d)
		}
	}
	return out
}

// RecalculationJob returns an explicit recalculation job to whoever may
// read the rules of its scope: an agency's job to that agency's admins, a
// regency-wide one to BKD. Other outbox rows (a roster's, a check-in's) are
// not recalculations. Errors: not_found.
func (r *Reader) RecalculationJob(ctx context.Context, p *auth.Principal, id int64) (Job, error) {
	notFound := apperr.New(apperr.NotFound, "timesheet.job_not_found")
	j, err := r.Store.Job(ctx, id)
	if err != nil || j.RegencyID != p.RegencyID || j.Reason != "recalculate" {
		return Job{}, notFound
	}
	if j.AgencyID == nil && !p.IsRegencyAdmin() || j.AgencyID != nil && !p.CanAgency(auth.PermRulesRead, *j.AgencyID) {
		return Job{}, notFound
	}
	return j, nil
}

func (r *Reader) zone(ctx context.Context, regencyID int64) (*time.Location, error) {
	reg, err := r.Store.Regency(ctx, regencyID)
	if err != nil {
		return nil, err
	}
	return time.LoadLocation(reg.Timezone)
}

// Today is the caller's own day so far, computed by the engine now (not
// the stored record, which the outbox may not have refreshed yet): the
// shift the app shows above the check-in button. ok is false when the
// caller has no day (not an employee, not assigned, no policy).
func (r *Reader) Today(ctx context.Context, p *auth.Principal, lang string) (DayView, bool, error) {
	if p.EmployeeID == nil {
		return DayView{}, false, nil
	}
	loc, err := r.zone(ctx, p.RegencyID)
	if err != nil {
		return DayView{}, false, err
	}
	d, ok, err := r.Recomputer.Preview(ctx, p.RegencyID, *p.EmployeeID, civil.In(r.Recomputer.Now(), loc))
	if err != nil || !ok {
		return DayView{}, false, err
	}
	return DayView{DayRecord: d, Explanation: Explain(d, loc, lang)}, true, nil
}
