// Package batch owns group commit: many request goroutines hand durable
// writes to one writer goroutine, which commits them many to a transaction
// and answers each request only after its batch committed (durable ack).
//
// One transaction per request is limited by fsync latency and cannot reach
// the national load; batching is 5–10× faster (team perf baseline of
// 2026-11-29, conclusion 3). The writer always lingers briefly after the first item of a
// batch, because a writer that just drains what is queued collapses to
// batches of one under GOMAXPROCS=1 and many connections (conclusion 5).
//
// The package knows nothing about databases: the store injects a [Commit]
// that writes a whole batch in one transaction.
//
// Per-item outcomes ("duplicate idempotency key: here is the existing row",
// "rejected: reason") belong in R, decided inside Commit. A Commit error
// means the whole transaction failed, and every item of that batch gets it.
package batch

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Errors returned by [Writer.Submit]. The api answers ErrOverloaded with
// 503 and Retry-After.
var (
	ErrOverloaded = errors.New("batch: queue full")
	ErrClosed     = errors.New("batch: writer closed")
)

// Commit writes items in one transaction and returns one result per item,
// in the same order (len(results) == len(items)). A non-nil error fails the
// whole batch. Commit is called from one goroutine only, never concurrently
// with itself, and must not keep items after it returns (the slice is reused).
type Commit[T, R any] func(ctx context.Context, items []T) ([]R, error)

// Defaults applied to zero Options fields.
const (
	DefaultMaxBatch  = 256
	DefaultLinger    = 2 * time.Millisecond
	DefaultQueueSize = 4096
	DefaultTimeout   = 10 * time.Second
)

// Options tune a Writer. A zero field takes its Default; a negative Linger
// or Timeout turns the feature off (tests and benchmarks only: without a
// linger the writer can collapse to batches of one).
type Options struct {
	MaxBatch  int           // max items per commit
	Linger    time.Duration // after the first item, wait up to this long for more
	QueueSize int           // items waiting beyond the running batch; more → ErrOverloaded
	Timeout   time.Duration // deadline of the context passed to each Commit
}

func (o Options) withDefaults() Options {
	if o.MaxBatch <= 0 {
		o.MaxBatch = DefaultMaxBatch
	}
	if o.Linger == 0 {
		o.Linger = DefaultLinger
	}
	if o.QueueSize <= 0 {
		o.QueueSize = DefaultQueueSize
	}
	if o.Timeout == 0 {
		o.Timeout = DefaultTimeout
	}
	return o
}

// CommitError is the error every item of a failed batch receives. It
// unwraps to the error Commit returned (which may be a context error when
// the commit hit Options.Timeout; check for *CommitError first to tell it
// from the submitter's own context ending).
type CommitError struct {
	Size int // items in the failed batch
	Err  error
}

func (e *CommitError) Error() string {
	return fmt.Sprintf("batch: commit of %d items failed: %v", e.Size, e.Err)
}

func (e *CommitError) Unwrap() error { return e.Err }

type result[R any] struct {
	val R
	err error
}

type request[T, R any] struct {
	ctx  context.Context
	item T
	done chan result[R] // buffered 1: the writer never blocks on an answer
}

// Writer is a group-commit writer. Create it with [New]; it is safe for
// concurrent use and must be closed with [Writer.Close].
type Writer[T, R any] struct {
	commit Commit[T, R]
	opt    Options
	stats  counters

	mu     sync.RWMutex // held for reading while sending, so Close never closes queue under a sender
	closed bool
	queue  chan *request[T, R] // pointers: a buffer of QueueSize values would be megabytes the GC scans at every cycle
	exited chan struct{}
	dones  sync.Pool // of chan result[R], reused only after being received from

	// Owned by the writer goroutine.
	timer *time.Timer
	reqs  []request[T, R]
	items []T
}

// New returns a running Writer: its goroutine starts here, so there is no
// Start to forget. Call Close to stop it.
func New[T, R any](commit Commit[T, R], opt Options) *Writer[T, R] {
	opt = opt.withDefaults()
	w := &Writer[T, R]{
		commit: commit,
		opt:    opt,
		queue:  make(chan *request[T, R], opt.QueueSize),
		exited: make(chan struct{}),
		timer:  time.NewTimer(time.Hour),
		reqs:   make([]request[T, R], 0, opt.MaxBatch),
		items:  make([]T, 0, opt.MaxBatch),
	}
	w.timer.Stop()
	w.dones.New = func() any { return make(chan result[R], 1) }
	go w.run()
	return w
}

// Submit queues item and waits until the batch holding it committed, then
// returns the item's result. It never blocks on a full queue.
//
// Errors: ErrOverloaded (queue full; nothing queued), ErrClosed (nothing
// queued), *CommitError (the batch failed: normally nothing of it
// committed, but a failure during COMMIT itself is ambiguous), or
// ctx.Err(). An already-ended ctx returns at once and queues nothing. If ctx
// ends while waiting, Submit returns ctx.Err() but the item MAY STILL COMMIT
// (its batch may be running); it is dropped uncommitted only if ctx ended
// before its batch was formed. Either way callers retry with the same
// idempotency key.
func (w *Writer[T, R]) Submit(ctx context.Context, item T) (R, error) {
	var zero R
	if err := ctx.Err(); err != nil {
		return zero, err
	}
	done := w.dones.Get().(chan result[R])
	if err := w.enqueue(&request[T, R]{ctx: ctx, item: item, done: done}); err != nil {
		w.dones.Put(done)
		return zero, err
	}
	select {
	case res := <-done:
		w.dones.Put(done)
		return res.val, res.err
	case <-ctx.Done():
		select { // prefer an answer that raced with the cancellation
		case res := <-done:
			w.dones.Put(done)
			return res.val, res.err
		default: // done is abandoned: the writer's later answer goes to the GC
			return zero, ctx.Err()
		}
	}
}

func (w *Writer[T, R]) enqueue(r *request[T, R]) error {
	w.mu.RLock()
	defer w.mu.RUnlock()
	if w.closed {
		return ErrClosed
	}
	w.stats.pending.Add(1) // before the send, so Pending never dips below zero
	select {
	case w.queue <- r:
		return nil
	default:
		w.stats.pending.Add(-1)
		w.stats.overloaded.Add(1)
		return ErrOverloaded
	}
}

// Close stops accepting items (Submit returns ErrClosed), commits everything
// already queued, and waits for the writer goroutine to exit. Each commit is
// bounded by Options.Timeout. Close may be called more than once; it
// always returns nil (the error is there for io.Closer).
func (w *Writer[T, R]) Close() error {
	w.mu.Lock()
	if !w.closed {
		w.closed = true
		close(w.queue)
	}
	w.mu.Unlock()
	<-w.exited
	return nil
}
