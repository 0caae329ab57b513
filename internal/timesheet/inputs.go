package timesheet

import (
	"context"
	"slices"
	"time"

	"github.com/hadir-id/hadir/internal/attendance"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/org"
	"github.com/hadir-id/hadir/internal/rules"
)

// inputs are the facts of a chunk of employees, loaded with one query per
// table and grouped by employee.
type inputs struct {
	employees   []org.Employee
	assignments map[int64][]org.Assignment
	roster      map[int64][]rules.RosterEntry
	absences    map[int64][]rules.Absence
	events      map[int64][]rules.Event
	failed      map[int64]bool
}

func (rc *Recomputer) loadInputs(ctx context.Context, b *book, ids []int64, from, to civil.Date) (*inputs, error) {
	in, err := rc.loadFacts(ctx, ids, from, to)
	if err != nil {
		return nil, err
	}
	return in, rc.loadEvents(ctx, b, in, ids, from, to)
}

// loadFacts loads everything but the events: employees, assignments,
// roster and approved absences.
func (rc *Recomputer) loadFacts(ctx context.Context, ids []int64, from, to civil.Date) (*inputs, error) {
	lo, hi := from.AddDays(-margin), to.AddDays(margin)
	in := &inputs{assignments: map[int64][]org.Assignment{}, roster: map[int64][]rules.RosterEntry{},
		absences: map[int64][]rules.Absence{}, events: map[int64][]rules.Event{}, failed: map[int64]bool{}}
	var err error
	if in.employees, err = rc.Store.EmployeesByID(ctx, ids); err != nil {
		return nil, err
	}
	as, err := rc.Store.AssignmentsOverlapping(ctx, ids, from, to)
	for _, a := range as {
		in.assignments[a.EmployeeID] = append(in.assignments[a.EmployeeID], a)
	}
	if err != nil {
		return nil, err
	}
	rs, err := rc.Store.Roster(ctx, ids, lo, hi)
	for _, r := range rs {
		in.roster[r.EmployeeID] = append(in.roster[r.EmployeeID], r)
	}
	if err != nil {
		return nil, err
	}
	abs, err := rc.Store.Absences(ctx, ids, lo, hi, rules.AbsenceApproved)
	for _, a := range abs {
		in.absences[a.EmployeeID] = append(in.absences[a.EmployeeID], a)
	}
	return in, err
}

// loadEvents adds the events of [from−3, to+5) (an overnight shift of the
// last day ends the next morning), rejected ones left out.
func (rc *Recomputer) loadEvents(ctx context.Context, b *book, in *inputs, ids []int64, from, to civil.Date) error {
	lo, hi := from.AddDays(-margin), to.AddDays(margin)
	evs, err := rc.Store.Events(ctx, ids, lo.Time(b.loc), hi.AddDays(2).Time(b.loc))
	for _, ev := range evs {
		if ev.Status != rules.EventRejected {
			in.events[ev.EmployeeID] = append(in.events[ev.EmployeeID], ev)
		}
	}
	return err
}

// withoutEvents copies the facts of in for a fresh set of events (the
// cached facts of a preview are shared).
// compact copies the slices to their length: the database scan leaves
// room for twenty rows, and a cache of 50,000 previews would keep it all.
func (in *inputs) compact() *inputs {
	in.employees = exact(in.employees)
	for k, v := range in.assignments {
		in.assignments[k] = exact(v)
	}
	for k, v := range in.roster {
		in.roster[k] = exact(v)
	}
	for k, v := range in.absences {
		in.absences[k] = exact(v)
	}
	return in
}

// exact copies s into an array of its length; empty becomes nil (a
// zero-length slice still holds its array).
func exact[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return slices.Clone(s)
}

func (in *inputs) withoutEvents() *inputs {
	c := *in
	c.events, c.failed = map[int64][]rules.Event{}, map[int64]bool{}
	return &c
}

// computed lists the employees whose days are replaced (those that failed
// keep their previous days).
func (in *inputs) computed() []int64 {
	out := make([]int64, 0, len(in.employees))
	for _, e := range in.employees {
		if !in.failed[e.ID] {
			out = append(out, e.ID)
		}
	}
	return out
}

func (in *inputs) engineRoster(id int64) []attendance.RosterEntry {
	var out []attendance.RosterEntry
	for _, r := range in.roster[id] {
		re := attendance.RosterEntry{Date: engineDate(r.Date), Off: r.Off}
		if !r.Off && r.StartTime != nil && r.EndTime != nil {
			s, err1 := attendance.ParseClock(*r.StartTime)
			en, err2 := attendance.ParseClock(*r.EndTime)
			if err1 != nil || err2 != nil {
				continue
			}
			re.Shift = &attendance.Shift{Start: s, End: en}
		}
		out = append(out, re)
	}
	return out
}

// engineAbsences keeps only codes the policy knows: a leave code retired
// from a policy must not make the whole month unevaluable.
func (in *inputs) engineAbsences(id int64, pol *attendance.Policy) []attendance.Absence {
	var out []attendance.Absence
	for _, a := range in.absences[id] {
		if _, ok := pol.AbsenceCodes[a.Code]; ok {
			out = append(out, attendance.Absence{From: engineDate(a.DateFrom), To: engineDate(a.DateTo), Code: a.Code})
		}
	}
	return out
}

func (in *inputs) engineEvents(id int64) (evs []attendance.Event, pending []time.Time) {
	for _, ev := range in.events[id] {
		evs = append(evs, attendance.Event{At: ev.At, Type: attendance.EventType(ev.Type)})
		if ev.Status == rules.EventPending {
			pending = append(pending, ev.At)
		}
	}
	return evs, pending
}
