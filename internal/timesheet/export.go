package timesheet

import (
	"context"
	"github.com/hadir-id/hadir/internal/rules"
	"slices"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/attendance"
	"github.com/hadir-id/hadir/internal/civil"
)

// Cases returns the engine cases the server evaluates for one employee over
// [from, to] — exactly the input Recompute gives the engine. Encoded with
// attendance.EncodeCase they run unchanged through `hadir evaluate`, which
// is how a BKD admin (or a test) checks a stored day. Errors: not_found.
func (e *Engine) Cases(ctx context.Context, regencyID, employeeID int64, from, to civil.Date) ([]*attendance.Case, error) {
	b, err := e.loadBook(ctx, regencyID, from, to)
	if err != nil {
		return nil, err
	}
	ids := []int64{employeeID}
	in, err := e.loadInputs(ctx, b, ids, from, to)
	if err != nil {
		return nil, err
	}
	if len(in.employees) != 1 || in.employees[0].RegencyID != regencyID {
		return nil, apperr.E(apperr.NotFound, "pegawai tidak ditemukan")
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
func (e *Engine) Preview(ctx context.Context, regencyID, employeeID int64, d civil.Date) (DayRecord, bool, error) {
	return e.preview(ctx, regencyID, employeeID, d, nil, true)
}

// PreviewEvents is Preview with the employee's events given by the caller
// (the check-in, which has just read them): any range that covers the three
// days before d; rejected events are left out here.
func (e *Engine) PreviewEvents(ctx context.Context, regencyID, employeeID int64, d civil.Date, evs []rules.Event) (DayRecord, bool, error) {
	return e.preview(ctx, regencyID, employeeID, d, evs, false)
}

func (e *Engine) preview(ctx context.Context, regencyID, employeeID int64, d civil.Date, evs []rules.Event, load bool) (DayRecord, bool, error) {
	b, err := e.previewBook(ctx, regencyID, d)
	if err != nil {
		return DayRecord{}, false, err
	}
	in, err := e.previewFacts(ctx, regencyID, employeeID, d)
	if err != nil || len(in.employees) != 1 {
		return DayRecord{}, false, err
	}
	if load {
		if err := e.loadEvents(ctx, b, in, []int64{employeeID}, d, d); err != nil {
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
	days, err := e.employeeDays(b, in, in.employees[0], d, d, e.Now())
	if err != nil || len(days) != 1 {
		return DayRecord{}, false, err
	}
	return days[0], true, nil
}
