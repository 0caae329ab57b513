package timesheet

import (
	"fmt"
	"slices"
	"time"

	"github.com/hadir-id/hadir/internal/attendance"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/org"
	"github.com/hadir-id/hadir/internal/rules"
)

// segment is a run of dates with the same agency, policy version and
// schedule version: one engine case.
type segment struct {
	from, to civil.Date
	assign   org.Assignment
	policy   *rules.Policy
	schedule *rules.Schedule
}

// segmentsOf splits [from, to] for one employee. Dates when the employee is
// not active, not assigned, or has no policy get no record.
func segmentsOf(b *book, emp org.Employee, as []org.Assignment, from, to civil.Date) []segment {
	var out []segment
	for d := from; !d.After(to); d = d.AddDays(1) {
		a, ok := assignmentOn(as, d)
		if !ok || d.Before(emp.ActiveFrom) || (!emp.ActiveTo.IsZero() && d.After(emp.ActiveTo)) {
			continue
		}
		pol := b.policyFor(a.AgencyID, d)
		if pol == nil {
			continue
		}
		sch := b.scheduleFor(emp.ID, a, d)
		if n := len(out); n > 0 && out[n-1].to == d.AddDays(-1) && out[n-1].assign.ID == a.ID &&
			out[n-1].policy == pol && out[n-1].schedule == sch {
			out[n-1].to = d
			continue
		}
		out = append(out, segment{from: d, to: d, assign: a, policy: pol, schedule: sch})
	}
	return out
}

func assignmentOn(as []org.Assignment, d civil.Date) (org.Assignment, bool) {
	for _, a := range as {
		if a.Covers(d) {
			return a, true
		}
	}
	return org.Assignment{}, false
}

// caseOf builds the engine case of one segment.
func caseOf(b *book, in *inputs, empID int64, s segment) (*attendance.Case, []time.Time, error) {
	pol, err := b.policy(s.policy)
	if err != nil {
		return nil, nil, err
	}
	var sched attendance.Schedule
	if s.schedule != nil {
		if sched.Weekly, err = b.weekly(s.schedule.Weekly); err != nil {
			return nil, nil, fmt.Errorf("schedule %d: %w", s.schedule.ID, err)
		}
	}
	if sched.Periods, err = b.periodsFor(s.assign.AgencyID, s.from.AddDays(-margin), s.to.AddDays(margin)); err != nil {
		return nil, nil, err
	}
	sched.Roster = in.engineRoster(empID)
	events, pending := in.engineEvents(empID)
	c := &attendance.Case{TimeZone: b.zone, Location: b.loc,
		Period: attendance.DateRange{From: engineDate(s.from), To: engineDate(s.to)}, Policy: pol,
		Schedule: sched, Holidays: b.holidays, Absences: in.engineAbsences(empID, &pol), Events: events}
	return c, pending, c.Validate()
}

// employeeDays evaluates every segment of one employee.
func (rc *Recomputer) employeeDays(b *book, in *inputs, emp org.Employee, from, to civil.Date, now time.Time) ([]DayRecord, error) {
	var out []DayRecord
	for _, s := range segmentsOf(b, emp, in.assignments[emp.ID], from, to) {
		c, pending, err := caseOf(b, in, emp.ID, s)
		if err != nil {
			in.failed[emp.ID] = true
			return nil, err
		}
		res := attendance.Evaluate(c)
		for _, d := range res.Days {
			out = append(out, record(emp.ID, s, c, d, pending, now))
		}
	}
	return out, nil
}

// record turns an engine day into a stored record.
func record(empID int64, s segment, c *attendance.Case, d attendance.Day, pending []time.Time, now time.Time) DayRecord {
	r := DayRecord{EmployeeID: empID, Date: civil.Date(d.Date), AgencyID: s.assign.AgencyID, PolicyID: s.policy.ID,
		Scheduled: d.Scheduled, CheckIn: utc(d.CheckIn), CheckOut: utc(d.CheckOut), LateMin: d.LateMin,
		EarlyMin: d.EarlyMin, MadeUp: d.MadeUp, Codes: Codes(slices.Clone(d.Codes)), DeductionPct: d.DeductionPct,
		ComputedAt: now.UTC()}
	if d.IsHoliday {
		name := d.HolidayName
		r.Holiday = &name
	}
	if d.Scheduled {
		r.ShiftStart, r.ShiftEnd = timePtr(d.Start), timePtr(d.End)
		closes := d.End.Add(time.Duration(c.Policy.CheckoutWindow.AfterEndMin) * time.Minute)
		r.Provisional = now.Before(closes) || counted(pending, d)
	}
	for _, rs := range d.Reasons {
		r.Reasons = append(r.Reasons, reasonOf(rs))
	}
	return r
}

// counted: a pending (under review) event was counted on this day.
func counted(pending []time.Time, d attendance.Day) bool {
	for _, p := range pending {
		if (d.CheckIn != nil && d.CheckIn.Equal(p)) || (d.CheckOut != nil && d.CheckOut.Equal(p)) {
			return true
		}
	}
	return false
}

func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}
