package kinerja

import (
	"context"
	"time"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/attendance"
	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/org"
	"github.com/hadir-id/hadir/internal/timesheet"
)

// ParseMonth reads "YYYY-MM". Errors: invalid (field month).
func ParseMonth(s string) (from, to civil.Date, err error) {
	t, perr := time.Parse("2006-01", s)
	if perr != nil {
		return from, to, apperr.InvalidField("month", "kinerja.bad_month")
	}
	from = civil.Of(t)
	return from, civil.Of(t.AddDate(0, 1, -1)), nil
}

// MonthRow is one employee's month: requirement, minutes by state, progress.
type MonthRow struct {
	EmployeeID int64  `json:"employee_id"`
	Name       string `json:"name"`
	Progress
}

// MyMonth is the caller's progress in the month.
func (s *Service) MyMonth(ctx context.Context, p *auth.Principal, month string) (MonthRow, error) {
	e, today, err := s.self(ctx, p)
	if err != nil {
		return MonthRow{}, err
	}
	rows, err := s.months(ctx, p, []org.Employee{e}, month, today)
	if err != nil {
		return MonthRow{}, err
	}
	return rows[0], nil
}

// TeamMonth is the month of everyone whose work waits on the caller.
func (s *Service) TeamMonth(ctx context.Context, p *auth.Principal, month string) ([]MonthRow, error) {
	today := s.today(ctx, p)
	team, err := s.team(ctx, p, today)
	if err != nil {
		return nil, err
	}
	if len(team) == 0 {
		if _, _, err := ParseMonth(month); err != nil {
			return nil, err
		}
		return []MonthRow{}, nil
	}
	return s.months(ctx, p, team, month, today)
}

// months computes the rows with three reads: settings, days, entries.
func (s *Service) months(ctx context.Context, p *auth.Principal, emps []org.Employee, month string, today civil.Date) ([]MonthRow, error) {
	from, to, err := ParseMonth(month)
	if err != nil {
		return nil, err
	}
	set, err := s.Store.KinerjaSettings(ctx, p.RegencyID)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(emps))
	for i, e := range emps {
		ids[i] = e.ID
	}
	recs, err := s.Store.Days(ctx, ids, from, to)
	if err != nil {
		return nil, err
	}
	asg, err := s.Store.AssignmentsOverlapping(ctx, ids, from, to)
	if err != nil {
		return nil, err
	}
	es, err := s.Store.Entries(ctx, EntryFilter{EmployeeIDs: ids, From: from, To: to})
	if err != nil {
		return nil, err
	}
	days := map[int64][]Day{}
	for _, r := range recs {
		days[r.EmployeeID] = append(days[r.EmployeeID], dayOf(r))
	}
	rows := make([]MonthRow, len(emps))
	for i, e := range emps {
		d := projectDays(days[e.ID], assignedOn(asg, e.ID), from, to, today)
		approved, sub, draft := minutesOf(es, e.ID)
		rows[i] = MonthRow{EmployeeID: e.ID, Name: e.Name, Progress: ProgressOf(RequirementOf(d, set.MinutesPerDay), approved, sub, draft, set.DailyCap)}
	}
	return rows, nil
}

func minutesOf(es []Entry, id int64) (approved map[civil.Date]int, sub, draft int) {
	approved = map[civil.Date]int{}
	for _, e := range es {
		if e.EmployeeID != id {
			continue
		}
		switch e.Status {
		case StatusApproved:
			approved[e.Date] += e.Minutes
		case StatusSubmitted:
			sub += e.Minutes
		case StatusDraft, StatusReturned:
			draft += e.Minutes
		}
	}
	return approved, sub, draft
}

// dayOf reads what the requirement needs from a stored day.
func dayOf(r timesheet.DayRecord) Day {
	d := Day{Date: r.Date, Scheduled: r.Scheduled && r.Holiday == nil}
	for _, x := range r.Reasons {
		switch x.Kind {
		case attendance.KindAbsence:
			d.Absence = x.AbsenceCode
		case attendance.KindAbsent:
			d.Absent = true
		}
	}
	return d
}

func assignedOn(asg []org.Assignment, id int64) func(civil.Date) bool {
	return func(d civil.Date) bool {
		for _, a := range asg {
			if a.EmployeeID == id && a.Covers(d) {
				return true
			}
		}
		return false
	}
}

// projectDays completes the stored days with the month's days still to
// come (after today, not computed yet): weekdays on which the employee is
// assigned count as working days, so the requirement is the month's from
// its first day; national holidays replace the estimate once computed.
func projectDays(stored []Day, assigned func(civil.Date) bool, from, to, today civil.Date) []Day {
	have := map[civil.Date]bool{}
	for _, d := range stored {
		have[d.Date] = true
	}
	out := stored
	for d := from; !d.After(to); d = d.AddDays(1) {
		if have[d] || !d.After(today) || !assigned(d) {
			continue
		}
		out = append(out, Day{Date: d, Scheduled: d.Weekday() != time.Saturday && d.Weekday() != time.Sunday})
	}
	return out
}
