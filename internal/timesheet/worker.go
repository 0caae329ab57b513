package timesheet

import (
	"context"
	"log/slog"
	"time"

	"github.com/hadir-id/hadir/internal/audit"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/org"
)

// Queue is the recompute outbox.
type Queue interface {
	ClaimJob(ctx context.Context) (Job, bool, error)
	FinishJob(ctx context.Context, id int64, jobErr error) error
	ReleaseJob(ctx context.Context, id int64) error
	Enqueue(ctx context.Context, actor audit.Actor, j *Job, audited bool) error
	Regencies(ctx context.Context) ([]org.Regency, error)
	JobExists(ctx context.Context, regencyID int64, reason string) (bool, error)
}

// Worker drains the recompute outbox off the request path, and closes each
// finished day for the whole regency once (so a day nobody checked in on
// still becomes TK, and provisional days settle).
type Worker struct {
	Engine *Engine
	Queue  Queue
	Log    *slog.Logger
	Poll   time.Duration // how often to look for work; 1 s when zero
	Wake   chan struct{} // optional: a send makes the worker look at once
}

// Run works until ctx ends.
func (w *Worker) Run(ctx context.Context) {
	poll := w.Poll
	if poll == 0 {
		poll = time.Second
	}
	t := time.NewTicker(poll)
	defer t.Stop()
	lastClose := time.Time{}
	for {
		if time.Since(lastClose) > 10*time.Minute {
			if err := w.CloseDays(ctx); err != nil && ctx.Err() == nil {
				w.Log.Error("closing days", slog.Any("err", err))
			}
			lastClose = time.Now()
		}
		if _, err := w.Drain(ctx); err != nil && ctx.Err() == nil {
			w.Log.Error("recompute", slog.Any("err", err))
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
func (w *Worker) Drain(ctx context.Context) (int, error) {
	n := 0
	for ctx.Err() == nil {
		j, ok, err := w.Queue.ClaimJob(ctx)
		if err != nil || !ok {
			return n, err
		}
		_, runErr := w.Engine.Recompute(ctx, j.RegencyID, ids(j.AgencyID), ids(j.EmployeeID), j.DateFrom, j.DateTo)
		if ctx.Err() != nil {
			// Shutting down: hand the job back for the next start (or node).
			rctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			return n, w.Queue.ReleaseJob(rctx, j.ID)
		}
		if runErr != nil {
			w.Log.Error("recompute job failed", slog.Int64("job", j.ID), slog.Any("err", runErr))
		}
		if err := w.Queue.FinishJob(ctx, j.ID, runErr); err != nil {
			return n, err
		}
		n++
	}
	return n, ctx.Err()
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
		yesterday := civil.In(w.Engine.Now(), loc).AddDays(-1)
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
