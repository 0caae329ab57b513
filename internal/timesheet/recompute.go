package timesheet

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/hashicorp/golang-lru/v2/expirable"

	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/org"
	"github.com/hadir-id/hadir/internal/rules"
	"github.com/hadir-id/hadir/internal/tuning"
)

// Store is the persistence the timesheet needs.
type Store interface {
	Regency(ctx context.Context, id int64) (org.Regency, error)
	Policies(ctx context.Context, regencyID int64) ([]rules.Policy, error)
	Schedules(ctx context.Context, regencyID int64) ([]rules.Schedule, error)
	Periods(ctx context.Context, regencyID int64) ([]rules.Period, error)
	Holidays(ctx context.Context, regencyID int64, from, to civil.Date) ([]rules.Holiday, error)
	Roster(ctx context.Context, employeeIDs []int64, from, to civil.Date) ([]rules.RosterEntry, error)
	Absences(ctx context.Context, employeeIDs []int64, from, to civil.Date, status string) ([]rules.Absence, error)
	Events(ctx context.Context, employeeIDs []int64, from, to time.Time) ([]rules.Event, error)
	EmployeesByID(ctx context.Context, ids []int64) ([]org.Employee, error)
	AssignmentsOverlapping(ctx context.Context, employeeIDs []int64, from, to civil.Date) ([]org.Assignment, error)
	EmployeeIDsIn(ctx context.Context, regencyID int64, agencyIDs []int64, from, to civil.Date) ([]int64, error)
	ReplaceDays(ctx context.Context, employeeIDs []int64, from, to civil.Date, days []DayRecord) error
	Days(ctx context.Context, employeeIDs []int64, from, to civil.Date) ([]DayRecord, error)
	// Employee is one employee with the assignment in force on a date.
	Employee(ctx context.Context, id int64, on civil.Date) (org.Employee, error)
	// EmployeesWithDayFacts lists the employees of a regency with a roster
	// entry or an approved absence between two dates.
	EmployeesWithDayFacts(ctx context.Context, regencyID int64, from, to civil.Date) ([]int64, error)
	// Job is one row of the recompute outbox. Errors: not_found.
	Job(ctx context.Context, id int64) (Job, error)
}

// Recomputer evaluates employees' days with the rules engine (attendance)
// from the stored rules and events, and stores them (Recompute) or returns
// them without storing (Preview, Cases).
type Recomputer struct {
	Store Store
	Now   func() time.Time
	Log   *slog.Logger

	once    sync.Once
	books   *expirable.LRU[previewKey, *book]          // Preview only: the check-in answer at peak
	facts   *expirable.LRU[previewKey, *inputs]        // by employee and day, events not included
	special *expirable.LRU[previewKey, map[int64]bool] // by regency and day: who has a roster entry or an absence near it
}

// previewKey is a regency's or an employee's day.
type previewKey struct {
	id  int64
	day civil.Date
}

func (rc *Recomputer) initCaches() {
	rc.once.Do(func() {
		rc.books = expirable.NewLRU[previewKey, *book](tuning.PreviewBookCacheSize, nil, tuning.PreviewTTL)
		rc.facts = expirable.NewLRU[previewKey, *inputs](tuning.PreviewFactCacheSize, nil, tuning.PreviewTTL)
		rc.special = expirable.NewLRU[previewKey, map[int64]bool](tuning.PreviewSpecialCacheSize, nil, tuning.PreviewTTL)
	})
}

// previewFacts returns an employee's facts of a day (assignment, roster,
// absences), cached for a minute; the events are always read fresh. Most
// employees have no roster entry and no absence around a given day: for
// them the facts are the employee and the day's assignment, from the
// store's employee cache, with no query — one read per regency and day
// (special) tells who needs the full load.
func (rc *Recomputer) previewFacts(ctx context.Context, regencyID, employeeID int64, d civil.Date) (*inputs, error) {
	rc.initCaches()
	k := previewKey{employeeID, d}
	if in, ok := rc.facts.Get(k); ok {
		return in.withoutEvents(), nil
	}
	special, err := rc.daySpecial(ctx, regencyID, d)
	if err != nil {
		return nil, err
	}
	var in *inputs
	if special[employeeID] {
		if in, err = rc.loadFacts(ctx, []int64{employeeID}, d, d); err != nil {
			return nil, err
		}
	} else {
		emp, err := rc.Store.Employee(ctx, employeeID, d)
		if err != nil {
			return nil, err
		}
		in = &inputs{employees: []org.Employee{emp}, assignments: map[int64][]org.Assignment{}, roster: map[int64][]rules.RosterEntry{},
			absences: map[int64][]rules.Absence{}, events: map[int64][]rules.Event{}, failed: map[int64]bool{}}
		if emp.Current != nil {
			in.assignments[employeeID] = []org.Assignment{*emp.Current}
		}
		in.employees[0].Current = nil // as EmployeesByID returns them
	}
	rc.facts.Add(k, in.compact())
	return in.withoutEvents(), nil
}

// daySpecial is the set of a regency's employees with a roster entry or
// an approved absence within the margin of d, cached for a minute.
func (rc *Recomputer) daySpecial(ctx context.Context, regencyID int64, d civil.Date) (map[int64]bool, error) {
	k := previewKey{regencyID, d}
	if m, ok := rc.special.Get(k); ok {
		return m, nil
	}
	ids, err := rc.Store.EmployeesWithDayFacts(ctx, regencyID, d.AddDays(-margin), d.AddDays(margin))
	if err != nil {
		return nil, err
	}
	m := make(map[int64]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	rc.special.Add(k, m)
	return m, nil
}

// previewBook returns the rules of a day, cached for a minute: a rule
// change reaches the check-in answer within a minute, and the stored days
// (recomputed without this cache) at once.
func (rc *Recomputer) previewBook(ctx context.Context, regencyID int64, d civil.Date) (*book, error) {
	rc.initCaches()
	k := previewKey{regencyID, d}
	if b, ok := rc.books.Get(k); ok {
		return b, nil
	}
	b, err := rc.loadBook(ctx, regencyID, d, d)
	if err == nil {
		rc.books.Add(k, b)
	}
	return b, err
}

// Recompute recomputes and stores the days of the employees (all of the
// agencies when employeeIDs is nil and agencyIDs is set; the whole regency
// when both are nil) from `from` to `to`, never past today: a future day
// has nothing to record yet. It returns the number of days written.
func (rc *Recomputer) Recompute(ctx context.Context, regencyID int64, agencyIDs, employeeIDs []int64, from, to civil.Date) (int, error) {
	b, err := rc.loadBook(ctx, regencyID, from, to)
	if err != nil {
		return 0, err
	}
	today := civil.In(rc.Now(), b.loc)
	if to.After(today) {
		to = today
	}
	if to.Before(from) {
		return 0, nil
	}
	if employeeIDs == nil {
		if employeeIDs, err = rc.Store.EmployeeIDsIn(ctx, regencyID, agencyIDs, from, to); err != nil {
			return 0, err
		}
	}
	written := 0
	for start := 0; start < len(employeeIDs); start += chunk {
		ids := employeeIDs[start:min(start+chunk, len(employeeIDs))]
		n, err := rc.recomputeChunk(ctx, b, ids, from, to)
		if err != nil {
			return written, err
		}
		written += n
	}
	return written, nil
}

// chunk bounds the employees loaded and written together (memory, and the
// size of one transaction).
const chunk = 500

func (rc *Recomputer) recomputeChunk(ctx context.Context, b *book, ids []int64, from, to civil.Date) (int, error) {
	in, err := rc.loadInputs(ctx, b, ids, from, to)
	if err != nil {
		return 0, err
	}
	now := rc.Now()
	var out []DayRecord
	for _, emp := range in.employees {
		days, err := rc.employeeDays(b, in, emp, from, to, now)
		if err != nil {
			// One employee's bad data must not stop the agency's recap:
			// log it, keep their previous days, go on.
			rc.logger().Error("recompute employee", slog.Int64("employee_id", emp.ID), slog.Any("err", err))
			continue
		}
		out = append(out, days...)
	}
	return len(out), rc.Store.ReplaceDays(ctx, in.computed(), from, to, out)
}

func (rc *Recomputer) logger() *slog.Logger {
	if rc.Log != nil {
		return rc.Log
	}
	return slog.Default()
}
