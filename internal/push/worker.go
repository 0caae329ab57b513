package push

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"math"
	"sync"
	"time"
)

// Queue is the durable outbox the worker drains.
type Queue interface {
	// ClaimPushes leases up to n due pending rows to claim until until;
	// rows of another live claim are skipped (FOR UPDATE SKIP LOCKED on
	// PostgreSQL), so two nodes never send one row.
	ClaimPushes(ctx context.Context, claim string, now, until time.Time, n int) ([]Delivery, error)
	// FinishPushes records outcomes of rows still held by claim; a pruned
	// one deletes its subscription and drops its other pending rows.
	FinishPushes(ctx context.Context, claim string, outs []Outcome, now time.Time) error
	// ReleasePushes hands rows back unsent (shutdown mid-batch).
	ReleasePushes(ctx context.Context, claim string, ids []int64) error
}

// Worker sends the outbox: a bounded pool of senders, a bound per push
// service, retries with backoff honouring Retry-After, pruning on 404/410.
// It runs in the background, never on a request's path.
type Worker struct {
	Queue   Queue
	Sender  Sender
	Now     func() time.Time
	Log     *slog.Logger
	Metrics *Metrics
	Wake    chan struct{} // a signal: something was queued

	Pool        int           // concurrent sends (default 32)
	PerService  int           // concurrent sends to one push service (default 8)
	Batch       int           // rows claimed at once (default 256)
	Lease       time.Duration // a claim older than this is taken again (default 2 min)
	MaxAttempts int           // then failed (default 8)
	Idle        time.Duration // poll interval when nothing is due (default 5 s)
}

func (w *Worker) defaults() {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&w.Pool, 32)
	def(&w.PerService, 8)
	def(&w.Batch, 256)
	def(&w.MaxAttempts, 8)
	if w.Lease <= 0 {
		w.Lease = 2 * time.Minute
	}
	if w.Idle <= 0 {
		w.Idle = 5 * time.Second
	}
	if w.Log == nil {
		w.Log = slog.Default()
	}
}

// Run drains the outbox until ctx ends; a send in flight at cancellation
// completes and is recorded, rows not yet started are released.
func (w *Worker) Run(ctx context.Context) {
	w.defaults()
	t := time.NewTicker(w.Idle)
	defer t.Stop()
	for ctx.Err() == nil {
		n, err := w.Drain(ctx)
		if err != nil && ctx.Err() == nil {
			w.Log.Warn("push outbox", slog.Any("err", err))
		}
		if n > 0 && err == nil {
			continue
		}
		select {
		case <-ctx.Done():
		case <-w.Wake:
		case <-t.C:
		}
	}
}

// Drain sends one claimed batch and returns how many rows it handled.
func (w *Worker) Drain(ctx context.Context) (int, error) {
	w.defaults()
	claim := newClaim()
	now := w.Now()
	batch, err := w.Queue.ClaimPushes(ctx, claim, now, now.Add(w.Lease), w.Batch)
	if err != nil || len(batch) == 0 {
		return 0, err
	}
	outs, unstarted := w.sendAll(ctx, batch)
	// Recorded even when ctx was cancelled: a sent push must be marked sent.
	bg := context.WithoutCancel(ctx)
	if len(unstarted) > 0 {
		if err := w.Queue.ReleasePushes(bg, claim, unstarted); err != nil {
			return len(outs), err
		}
	}
	return len(outs), w.Queue.FinishPushes(bg, claim, outs, w.Now())
}

// sendAll sends a batch through the pool; it stops starting sends when ctx
// ends and returns the ids it never started.
func (w *Worker) sendAll(ctx context.Context, batch []Delivery) ([]Outcome, []int64) {
	pool := make(chan struct{}, w.Pool)
	services := map[string]chan struct{}{}
	outs := make([]Outcome, len(batch))
	started := make([]bool, len(batch))
	var wg sync.WaitGroup
	for i, d := range batch {
		svc := services[ServiceOf(d.Endpoint)]
		if svc == nil {
			svc = make(chan struct{}, w.PerService)
			services[ServiceOf(d.Endpoint)] = svc
		}
		if !acquire(ctx, pool, svc) {
			break
		}
		started[i] = true
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-svc; <-pool }()
			outs[i] = w.send(context.WithoutCancel(ctx), d)
		}()
	}
	wg.Wait()
	var done []Outcome
	var unstarted []int64
	for i, d := range batch {
		if started[i] {
			done = append(done, outs[i])
		} else {
			unstarted = append(unstarted, d.ID)
		}
	}
	return done, unstarted
}

// acquire takes a pool slot, then a service slot, unless ctx ends first.
func acquire(ctx context.Context, pool, svc chan struct{}) bool {
	select {
	case pool <- struct{}{}:
	case <-ctx.Done():
		return false
	}
	select {
	case svc <- struct{}{}:
		return true
	case <-ctx.Done():
		<-pool
		return false
	}
}

// send delivers one row and decides its outcome.
func (w *Worker) send(ctx context.Context, d Delivery) Outcome {
	now := w.Now()
	out := Outcome{ID: d.ID, SubscriptionID: d.SubscriptionID}
	ttl := d.ExpiresAt.Sub(now)
	if ttl < time.Second {
		out.State = StateExpired
		w.Metrics.result(out.State)
		return out
	}
	start := time.Now()
	res, err := w.Sender.Send(ctx, d, ttl)
	out.HTTPStatus = res.Status
	switch {
	case err != nil:
		out.Error = truncate(err.Error(), 200)
		w.retry(&out, d, 0, now)
	case res.Status >= 200 && res.Status < 300:
		out.State = StateSent
	case res.Status == 404 || res.Status == 410:
		out.State = StatePruned
	case res.Status == 429 || res.Status >= 500:
		w.retry(&out, d, res.RetryAfter, now)
	default: // 400, 401, 403 (bad VAPID), 413 (too large): retrying cannot help
		out.State = StateFailed
		w.Log.Warn("push refused", slog.Int64("outbox_id", d.ID), slog.Int("status", res.Status),
			slog.String("service", ServiceOf(d.Endpoint)))
	}
	w.Metrics.observe(class(res.Status, err), time.Since(start).Seconds())
	w.Metrics.result(out.State)
	return out
}

// retry schedules the next attempt: exponential backoff from 15 s (capped
// at 30 min), or Retry-After when the service asks for longer; past the
// row's useful life or the attempt limit it is given up.
func (w *Worker) retry(out *Outcome, d Delivery, after time.Duration, now time.Time) {
	wait := time.Duration(15*math.Pow(2, float64(max(d.Attempts-1, 0)))) * time.Second
	wait = min(wait, 30*time.Minute)
	wait = max(wait, after)
	out.RetryAt = now.Add(wait)
	switch {
	case !out.RetryAt.Before(d.ExpiresAt):
		out.State = StateExpired
	case d.Attempts >= w.MaxAttempts:
		out.State = StateFailed
	default:
		out.State = StatePending
	}
}

func class(status int, err error) string {
	if err != nil {
		return "error"
	}
	return []string{"0xx", "1xx", "2xx", "3xx", "4xx", "5xx"}[min(status/100, 5)]
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

func newClaim() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
