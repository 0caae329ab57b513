package batch

import (
	"context"
	"fmt"
	"time"
)

// run is the writer goroutine: take the first item, collect a batch around
// it, commit, answer, repeat. Items that arrive during a commit wait in the
// queue and form the next batch, so batches grow with load by themselves.
func (w *Writer[T, R]) run() {
	defer close(w.exited)
	defer w.timer.Stop()
	for {
		first, ok := <-w.queue
		if !ok {
			return
		}
		w.stats.observeQueue(len(w.queue) + 1)
		closed := w.collect(first)
		w.flush()
		if closed {
			return
		}
	}
}

// collect fills w.reqs starting with first, until MaxBatch items or Linger
// after first was taken. It reports whether the queue was closed (and is
// now empty).
//
// The linger is timed from when the writer takes the first item, not from
// when that item was queued: a writer that commits at once whenever the
// queue looks empty is the one that collapsed (baseline.md, conclusion 5).
func (w *Writer[T, R]) collect(first *request[T, R]) (closed bool) {
	w.reqs = append(w.reqs, *first)
	if w.drain() {
		return true
	}
	if len(w.reqs) >= w.opt.MaxBatch || w.opt.Linger < 0 {
		return false
	}
	w.timer.Reset(w.opt.Linger)
	defer w.timer.Stop()
	for len(w.reqs) < w.opt.MaxBatch {
		select {
		case r, ok := <-w.queue:
			if !ok {
				return true
			}
			w.reqs = append(w.reqs, *r)
			if w.drain() {
				return true
			}
		case <-w.timer.C:
			return false
		}
	}
	return false
}

// drain takes what is queued right now, without waiting, up to MaxBatch.
// It reports whether the queue was closed.
func (w *Writer[T, R]) drain() (closed bool) {
	for len(w.reqs) < w.opt.MaxBatch {
		select {
		case r, ok := <-w.queue:
			if !ok {
				return true
			}
			w.reqs = append(w.reqs, *r)
		default:
			return false
		}
	}
	return false
}

// flush commits w.reqs and answers every request, then empties the buffers.
// Requests whose context already ended are answered with its error and left
// out of the commit: nobody waits for them and the caller will retry.
func (w *Writer[T, R]) flush() {
	n := len(w.reqs)
	live := w.reqs[:0]
	for _, r := range w.reqs {
		if err := r.ctx.Err(); err != nil {
			r.done <- result[R]{err: err}
			w.stats.abandoned.Add(1)
			continue
		}
		live = append(live, r)
		w.items = append(w.items, r.item)
	}
	if len(live) > 0 {
		res, err := w.commitItems()
		w.answer(live, res, err)
	}
	w.stats.pending.Add(-int64(n))
	clear(w.reqs[:n]) // drop references to items, contexts and channels
	clear(w.items)
	w.reqs, w.items = w.reqs[:0], w.items[:0]
}

// answer delivers results to the requests they belong to, by index.
func (w *Writer[T, R]) answer(live []request[T, R], res []R, err error) {
	if err != nil {
		for _, r := range live {
			r.done <- result[R]{err: err}
		}
		return
	}
	for i, r := range live {
		r.done <- result[R]{val: res[i]}
	}
}

// commitItems runs Commit on w.items with the per-commit timeout, records
// the batch in the stats, and turns every failure into one *CommitError.
func (w *Writer[T, R]) commitItems() ([]R, error) {
	start := time.Now()
	res, err := w.callCommit()
	if err == nil && len(res) != len(w.items) {
		err = fmt.Errorf("batch: commit returned %d results for %d items", len(res), len(w.items))
	}
	w.stats.observeBatch(len(w.items), time.Since(start), err != nil)
	if err != nil {
		return nil, &CommitError{Size: len(w.items), Err: err}
	}
	return res, nil
}

// callCommit turns a panic in Commit into an error for its batch, like
// net/http does for handlers: the submitters get an answer and the writer
// keeps serving the next batch instead of taking the process down.
func (w *Writer[T, R]) callCommit() (res []R, err error) {
	ctx := context.Background() // not a submitter's: the batch is shared
	if w.opt.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, w.opt.Timeout)
		defer cancel()
	}
	defer func() {
		if p := recover(); p != nil {
			res, err = nil, fmt.Errorf("commit panicked: %v", p)
		}
	}()
	return w.commit(ctx, w.items)
}
