package push

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/timesheet"
)

// Days evaluates employees' days with the rules engine (timesheet.Engine).
type Days interface {
	PlanDays(ctx context.Context, regencyID int64, agencyIDs, employeeIDs []int64, d civil.Date) ([]timesheet.DayRecord, *time.Location, error)
}

// ApprovalSource counts what supervisors must decide on a date, by the
// supervisor's employee id and kind ("reviews", "devices"). Leave and
// e-kinerja requests plug in as further sources.
type ApprovalSource interface {
	PendingApprovals(ctx context.Context, regencyID int64, on civil.Date) (map[int64]map[string]int, error)
}

// KinerjaLogs says who logged e-kinerja on a date (any state): the
// evening's reminder goes only to those who worked and logged nothing.
type KinerjaLogs interface {
	KinerjaLogged(ctx context.Context, employeeIDs []int64, d civil.Date) (map[int64]bool, error)
}

// PlanStore is what planning reads besides the subscriptions.
type PlanStore interface {
	Store
	RegencyIDs(ctx context.Context) ([]int64, error)
	RegencyZone(ctx context.Context, id int64) (*time.Location, error)
	UsersOfEmployees(ctx context.Context, employeeIDs []int64) (map[int64]int64, error)
	AgencyLeads(ctx context.Context, regencyID int64) (map[int64]int, error)
	Pauses(ctx context.Context, regencyID int64, from, to civil.Date) ([]Pause, error)
	PurgePushes(ctx context.Context, cutoff time.Time) (int64, error)
}

// Scheduler turns each employee's day into reminders and queues them in
// the outbox when due. Every node may run it: the outbox's dedupe keys
// make queueing idempotent.
type Scheduler struct {
	Days      Days
	Store     PlanStore
	Approvals []ApprovalSource
	Decisions DecisionSource // decisions on employees' own requests; nil: none
	Kinerja   KinerjaLogs    // e-kinerja entries; nil: no e-kinerja reminder
	Timing    Timing
	Now       func() time.Time
	Log       *slog.Logger
	Metrics   *Metrics
	Wake      chan struct{} // the worker's
	Catchup   time.Duration // a reminder is still queued this long after its time (restart, slow tick); default 15 min
	Refresh   time.Duration // a day's plan is recomputed this often (roster and rule changes); default 10 min

	mu     sync.Mutex
	plans  map[planKey]cachedPlan
	queued map[string]bool // reminders handled today, by key
}

type planKey struct {
	regency int64
	day     civil.Date
}

type cachedPlan struct {
	at  time.Time
	rs  []Reminder
	loc *time.Location
}

// Plan computes the reminders of a date for a regency (agencyIDs nil) or
// some of its agencies, pauses applied.
func (s *Scheduler) Plan(ctx context.Context, regencyID int64, agencyIDs []int64, d civil.Date) ([]Reminder, *time.Location, error) {
	days, loc, err := s.Days.PlanDays(ctx, regencyID, agencyIDs, nil, d)
	if err != nil {
		return nil, nil, err
	}
	mins, err := s.Store.AgencyLeads(ctx, regencyID)
	if err != nil {
		return nil, nil, err
	}
	leads := make(map[int64]time.Duration, len(mins))
	for a, m := range mins {
		leads[a] = time.Duration(m) * time.Minute
	}
	rs := PlanShifts(days, s.Timing, leads, loc)
	if s.Kinerja != nil {
		rs = append(rs, PlanKinerja(days, s.Timing, loc)...)
	}
	digests, err := s.digests(ctx, regencyID, days, d, loc)
	if err != nil {
		return nil, nil, err
	}
	rs = append(rs, digests...)
	pauses, err := s.Store.Pauses(ctx, regencyID, d, d)
	if err != nil {
		return nil, nil, err
	}
	rs = slices.DeleteFunc(rs, func(r Reminder) bool { return paused(pauses, r.AgencyID) })
	slices.SortStableFunc(rs, func(a, b Reminder) int { return a.At.Compare(b.At) })
	return rs, loc, nil
}

// digests plans the supervisors' digests among the employees in days
// (their agency is where they work that day).
func (s *Scheduler) digests(ctx context.Context, regencyID int64, days []timesheet.DayRecord, d civil.Date, loc *time.Location) ([]Reminder, error) {
	pending := map[int64]map[string]int{}
	for _, src := range s.Approvals {
		m, err := src.PendingApprovals(ctx, regencyID, d)
		if err != nil {
			return nil, err
		}
		for sup, kinds := range m {
			if pending[sup] == nil {
				pending[sup] = map[string]int{}
			}
			for k, n := range kinds {
				pending[sup][k] += n
			}
		}
	}
	agency := make(map[int64]int64, len(days))
	for _, day := range days {
		if day.Scheduled { // nobody gets a digest on their day off
			agency[day.EmployeeID] = day.AgencyID
		}
	}
	out := PlanDigests(pending, d, s.Timing, loc)
	out = slices.DeleteFunc(out, func(r Reminder) bool { _, ok := agency[r.EmployeeID]; return !ok })
	for i := range out {
		out[i].AgencyID = agency[out[i].EmployeeID]
	}
	return out, nil
}

// paused: a regency-wide pause, or one for the agency.
func paused(ps []Pause, agencyID int64) bool {
	for _, p := range ps {
		if p.AgencyID == nil || *p.AgencyID == agencyID {
			return true
		}
	}
	return false
}

// Run ticks every minute, on the minute, until ctx ends; once an hour it
// deletes outbox rows done more than a week ago. The first tick waits for
// the next minute: a node restarted during the morning peak does not plan
// the whole regency in its first second, beside the check-ins.
func (s *Scheduler) Run(ctx context.Context) {
	wait := time.Until(time.Now().Truncate(time.Minute).Add(time.Minute))
	select {
	case <-ctx.Done():
		return
	case <-time.After(wait):
	}
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for i := 0; ; i++ {
		if err := s.Tick(ctx); err != nil && ctx.Err() == nil {
			s.logger().Warn("push scheduler", slog.Any("err", err))
		}
		if i%60 == 0 {
			if _, err := s.Store.PurgePushes(ctx, s.Now().Add(-7*24*time.Hour)); err != nil && ctx.Err() == nil {
				s.logger().Warn("purging the push outbox", slog.Any("err", err))
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (s *Scheduler) logger() *slog.Logger {
	if s.Log != nil {
		return s.Log
	}
	return slog.Default()
}

// reminderKey names a reminder across nodes and restarts.
func reminderKey(r Reminder) string {
	if r.ref != "" {
		return fmt.Sprintf("%s:%s:%d:%s", r.Category, r.Date, r.EmployeeID, r.ref)
	}
	return fmt.Sprintf("%s:%s:%d", r.Category, r.Date, r.EmployeeID)
}
