package timesheet

// Evaluating without storing: the cases behind a stored day (Cases) and
// one day computed now (Preview, PreviewEvents).

import (
	"context"
	"slices"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/attendance"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/rules"
)

// Cases returns the engine cases the server evaluates for one employee over
// [from, to] — exactly the input Recompute gives the engine. Encoded with
// attendance.EncodeCase they run unchanged through `hadir evaluate`, which
// is how a BKD admin (or a test) checks a stored day. Errors: not_found.
func (rc *Recomputer) Cases(ctx context.Context, regencyID, employeeID int64, from, to civil.Date) ([]*attendance.Case, error) {
	b, err := rc.loadBook(ctx, regencyID, from, to)
	if err != nil {
		return nil, err
	}
	ids := []int64{employeeID}
	in, err := rc.loadInputs(ctx, b, ids, from, to)
	if err != nil {
		return nil, err
	}
	if len(in.employees) != 1 || in.employees[0].RegencyID != regencyID {
		return nil, apperr.New(apperr.NotFound, "org.employee_not_found")
	}
	var out []*attendance.Case
	for _, s := range segmentsOf(b, in.employees[0], in.assignments[employeeID], from, to) {
		c, _, err := caseOf(b, in, employeeID, s)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// Preview evaluates one employee's day from the stored rules and events
// without storing it. ok is false when the employee has no record that day
// (not assigned, no policy).
func (rc *Recomputer) Preview(ctx context.Context, regencyID, employeeID int64, d civil.Date) (DayRecord, bool, error) {
	return rc.preview(ctx, regencyID, employeeID, d, nil, true)
}

// PreviewEvents is Preview with the employee's events given by the caller
// (the check-in, which has just read them): any range that covers the three
// days before d; rejected events are left out here.
func (rc *Recomputer) PreviewEvents(ctx context.Context, regencyID, employeeID int64, d civil.Date, evs []rules.Event) (DayRecord, bool, error) {
	return rc.preview(ctx, regencyID, employeeID, d, evs, false)
}

func (rc *Recomputer) preview(ctx context.Context, regencyID, employeeID int64, d civil.Date, evs []rules.Event, load bool) (DayRecord, bool, error) {
	b, err := rc.previewBook(ctx, regencyID, d)
	if err != nil {
		return DayRecord{}, false, err
	}
	in, err := rc.previewFacts(ctx, regencyID, employeeID, d)
	if err != nil || len(in.employees) != 1 {
		return DayRecord{}, false, err
	}
	if load {
		if err := rc.loadEvents(ctx, b, in, []int64{employeeID}, d, d); err != nil {
			return DayRecord{}, false, err
		}
	} else {
		lo := d.AddDays(-margin).Time(b.loc)
		in.events[employeeID] = make([]rules.Event, 0, len(evs))
		for _, ev := range evs {
			if ev.EmployeeID == employeeID && ev.Status != rules.EventRejected && !ev.At.Before(lo) {
				in.events[employeeID] = append(in.events[employeeID], ev)
			}
		}
		slices.SortStableFunc(in.events[employeeID], func(a, b rules.Event) int { return a.At.Compare(b.At) })
	}
	days, err := rc.employeeDays(b, in, in.employees[0], d, d, rc.Now())
	if err != nil || len(days) != 1 {
		return DayRecord{}, false, err
	}
	return days[0], true, nil
}
