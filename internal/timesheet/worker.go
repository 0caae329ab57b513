package timesheet

import (
	"context"
	"log/slog"
	"time"

	"github.com/hadir-id/hadir/internal/audit"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/org"
	"github.com/hadir-id/hadir/internal/tuning"
)

// Queue is the recompute outbox.
type Queue interface {
	ClaimJobs(ctx context.Context, n int) ([]Job, error)
	FinishJobs(ctx context.Context, ids []int64, jobErr error) error
	ReleaseJob(ctx context.Context, id int64) error
	Enqueue(ctx context.Context, actor audit.Actor, j *Job, audited bool) error
	Regencies(ctx context.Context) ([]org.Regency, error)
	JobExists(ctx context.Context, regencyID int64, reason string) (bool, error)
}

// Worker drains the recompute outbox off the request path, and closes each
// finished day for the whole regency once (so a day nobody checked in on
// still becomes TK, and provisional days settle).
type Worker struct {
	Recomputer *Recomputer
	Queue      Queue
	Log        *slog.Logger
	Poll       time.Duration // how often to look for work; tuning.OutboxPoll when zero
	Wake       chan struct{} // optional: a send makes the worker look at once

	// Peak, when set, says the check-ins are arriving in bulk (the morning
	// peak). The worker then yields the CPU to them: it drains at most once
	// per PeakDelay (tuning.PeakDelay when zero), in larger coalesced rounds, so a
	// stored day lags the check-in by at most that much at the peak — the
	// check-in's answer already carries the day's status — and no job is
	// ever skipped.
	Peak      func() bool
	PeakDelay time.Duration
}

// deferring reports whether this round is left for later (see Peak).
func (w *Worker) deferring(lastDrain time.Time) bool {
	if w.Peak == nil || !w.Peak() {
		return false
	}
	delay := w.PeakDelay
	if delay <= 0 {
		delay = tuning.PeakDelay
	}
	return time.Since(lastDrain) < delay
}

// Run works until ctx ends.
func (w *Worker) Run(ctx context.Context) {
	poll := w.Poll
	if poll == 0 {
		poll = tuning.OutboxPoll
	}
	t := time.NewTicker(poll)
	defer t.Stop()
	lastClose, lastDrain := time.Time{}, time.Now()
	for {
		if time.Since(lastClose) > tuning.CloseDaysEvery {
			if err := w.CloseDays(ctx); err != nil && ctx.Err() == nil {
				w.Log.Error("closing days", slog.Any("err", err))
			}
			lastClose = time.Now()
		}
		if !w.deferring(lastDrain) {
			if _, err := w.drain(ctx, true); err != nil && ctx.Err() == nil {
				w.Log.Error("recompute", slog.Any("err", err))
			}
			lastDrain = time.Now()
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-w.Wake:
		}
	}
}

// Drain processes pending jobs until none is left and returns how many ran.
// Jobs of single employees over the same dates (one per check-in) are
// coalesced into one recomputation.
func (w *Worker) Drain(ctx context.Context) (int, error) { return w.drain(ctx, false) }

// drain runs rounds of up to 500 jobs until none is left — or, when
// yielding, until the peak starts: under a steady stream of check-ins
// there is always another round.
func (w *Worker) drain(ctx context.Context, yielding bool) (int, error) {
	n := 0
	for ctx.Err() == nil {
		if yielding && n > 0 && w.Peak != nil && w.Peak() {
			return n, nil
		}
		jobs, err := w.Queue.ClaimJobs(ctx, 500)
		if err != nil || len(jobs) == 0 {
			return n, err
		}
		for _, g := range coalesce(jobs) {
			if err := w.run(ctx, g); err != nil {
				return n, err
			}
			n += len(g.ids)
		}
	}
	return n, ctx.Err()
}

// group is one recomputation standing for one or more jobs.
type group struct {
	ids       []int64
	regency   int64
	agency    *int64
	employees []int64 // nil: the agency's or the regency's
	from, to  civil.Date
}

func coalesce(jobs []Job) []group {
	type key struct {
		regency  int64
		from, to civil.Date
	}
	byKey := map[key]*group{}
	var out []group
	for _, j := range jobs {
		if j.EmployeeID == nil {
			out = append(out, group{ids: []int64{j.ID}, regency: j.RegencyID, agency: j.AgencyID, from: j.DateFrom, to: j.DateTo})
			continue
		}
		k := key{j.RegencyID, j.DateFrom, j.DateTo}
		g, ok := byKey[k]
		if !ok {
			g = &group{regency: j.RegencyID, from: j.DateFrom, to: j.DateTo}
			byKey[k] = g
		}
		g.ids = append(g.ids, j.ID)
		if !containsID(g.employees, *j.EmployeeID) {
			g.employees = append(g.employees, *j.EmployeeID)
		}
	}
	for _, g := range byKey {
		out = append(out, *g)
	}
	return out
}

func containsID(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

func (w *Worker) run(ctx context.Context, g group) error {
	_, runErr := w.Recomputer.Recompute(ctx, g.regency, ids(g.agency), g.employees, g.from, g.to)
	if ctx.Err() != nil {
		// Shutting down: hand the jobs back for the next start (or node).
		rctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		for _, id := range g.ids {
			_ = w.Queue.ReleaseJob(rctx, id)
		}
		return ctx.Err()
	}
	if runErr != nil {
		w.Log.Error("recompute failed", slog.Any("jobs", g.ids), slog.Any("err", runErr))
	}
	return w.Queue.FinishJobs(ctx, g.ids, runErr)
}

func ids(id *int64) []int64 {
	if id == nil {
		return nil
	}
	return []int64{*id}
}

// CloseDays queues, once per regency and date, the recomputation of the
// last three days for everyone: yesterday's absentees become TK, and a late
// event or review that was missed is caught.
func (w *Worker) CloseDays(ctx context.Context) error {
	rs, err := w.Queue.Regencies(ctx)
	if err != nil {
		return err
	}
	for _, r := range rs {
		loc, err := time.LoadLocation(r.Timezone)
		if err != nil {
			return err
		}
		yesterday := civil.In(w.Recomputer.Now(), loc).AddDays(-1)
		reason := "close:" + yesterday.String()
		done, err := w.Queue.JobExists(ctx, r.ID, reason)
		if err != nil || done {
			if err != nil {
				return err
			}
			continue
		}
		j := Job{RegencyID: r.ID, DateFrom: yesterday.AddDays(-2), DateTo: yesterday, Reason: reason}
		if err := w.Queue.Enqueue(ctx, audit.System, &j, false); err != nil {
			return err
		}
	}
	return nil
}

// QueueRecompute adds a job to the outbox and wakes the worker. audited
// records the request in the audit trail (the explicit recalculation).
func (w *Worker) QueueRecompute(ctx context.Context, actor audit.Actor, regencyID int64, agencyID, employeeID *int64,
	from, to civil.Date, reason string, audited bool) (int64, error) {
	j := Job{RegencyID: regencyID, AgencyID: agencyID, EmployeeID: employeeID, DateFrom: from, DateTo: to, Reason: reason}
	if err := w.Queue.Enqueue(ctx, actor, &j, audited); err != nil {
		return 0, err
	}
	if w.Wake != nil {
		select {
		case w.Wake <- struct{}{}:
		default:
		}
	}
	return j.ID, nil
}
