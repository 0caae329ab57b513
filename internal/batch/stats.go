package batch

import (
	"math/bits"
	"sync"
	"sync/atomic"
	"time"
)

// SizeBuckets is the number of batch-size histogram buckets in [Stats].
const SizeBuckets = 16

// Stats is a snapshot of a Writer's counters. Counters only grow; Pending
// and QueueDepth are gauges. Fields are read one by one, so a snapshot taken
// under load may be off by a batch between fields.
type Stats struct {
	Batches     uint64        // Commit calls, failed ones included
	Items       uint64        // items passed to Commit, failed ones included
	Failed      uint64        // Commit calls that failed
	FailedItems uint64        // items in failed batches
	Overloaded  uint64        // Submits refused with ErrOverloaded
	Abandoned   uint64        // items dropped uncommitted because their ctx ended first
	CommitTime  time.Duration // total time spent in Commit

	MaxBatchSeen  int // largest batch committed
	MaxQueueDepth int // deepest queue seen when a batch started
	QueueDepth    int // items queued now, not counting the running batch
	Pending       int // items accepted and not yet answered

	// Sizes is a histogram of batch sizes: Sizes[i] counts batches of
	// 2^i to 2^(i+1)-1 items; the last bucket is open-ended.
	Sizes [SizeBuckets]uint64
}

// AvgBatch is the mean number of items per Commit, or 0 before the first.
func (s Stats) AvgBatch() float64 {
	if s.Batches == 0 {
		return 0
	}
	return float64(s.Items) / float64(s.Batches)
}

// counters are the live atomics behind Stats. Only the writer goroutine
// writes the batch fields; pending and overloaded are written by Submit too.
type counters struct {
	batches, items, failed, failedItems atomic.Uint64
	overloaded, abandoned               atomic.Uint64
	commitNanos                         atomic.Int64
	maxBatch, maxQueue                  atomic.Int64
	pending                             atomic.Int64
	sizes                               [SizeBuckets]atomic.Uint64
}

func (c *counters) observeBatch(n int, took time.Duration, failed bool) {
	c.batches.Add(1)
	c.items.Add(uint64(n))
	c.commitNanos.Add(int64(took))
	if failed {
		c.failed.Add(1)
		c.failedItems.Add(uint64(n))
	}
	if int64(n) > c.maxBatch.Load() {
		c.maxBatch.Store(int64(n))
	}
	c.sizes[min(bits.Len(uint(n))-1, SizeBuckets-1)].Add(1)
}

func (c *counters) observeQueue(depth int) {
	if int64(depth) > c.maxQueue.Load() {
		c.maxQueue.Store(int64(depth))
	}
}

// Stats returns a snapshot of the writer's counters. Safe for concurrent use.
func (w *Writer[T, R]) Stats() Stats {
	c := &w.stats
	s := Stats{
		Batches:       c.batches.Load(),
		Items:         c.items.Load(),
		Failed:        c.failed.Load(),
		FailedItems:   c.failedItems.Load(),
		Overloaded:    c.overloaded.Load(),
		Abandoned:     c.abandoned.Load(),
		CommitTime:    time.Duration(c.commitNanos.Load()),
		MaxBatchSeen:  int(c.maxBatch.Load()),
		MaxQueueDepth: int(c.maxQueue.Load()),
		QueueDepth:    len(w.queue),
		Pending:       int(c.pending.Load()),
	}
	for i := range s.Sizes {
		s.Sizes[i] = c.sizes[i].Load()
	}
	return s
}

// Rate tells whether a writer is committing at least perSecond items per
// second, measured between calls (at least a second apart; closer calls
// repeat the last answer). Background work asks it to yield at the peak.
func Rate[T, R any](w *Writer[T, R], perSecond float64) func() bool {
	var mu sync.Mutex
	var last uint64
	var at time.Time
	busy := false
	return func() bool {
		mu.Lock()
		defer mu.Unlock()
		now := time.Now()
		if el := now.Sub(at); el >= time.Second {
			n := w.Stats().Items
			busy = !at.IsZero() && float64(n-last)/el.Seconds() >= perSecond
			last, at = n, now
		}
		return busy
	}
}
