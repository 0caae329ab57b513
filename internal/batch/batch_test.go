package batch

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"testing"
	"time"
)

// TestConcurrentSubmitters is the main load test, run under the default
// GOMAXPROCS and under GOMAXPROCS=1, where a writer without linger collapsed
// to batches of about one (baseline.md, conclusion 5). The control case
// shows that this test can see the collapse: without -race, the no-linger
// writer under GOMAXPROCS=1 commits 2,000 batches of exactly 1 here (the
// race detector changes scheduling enough to hide it, so it only logs).
func TestConcurrentSubmitters(t *testing.T) {
	for _, tc := range []struct {
		name       string
		gomaxprocs int // 0: leave as is
		linger     time.Duration
		minAvg     float64 // 0: log only
	}{
		{"default", 0, 0, 4},
		{"gomaxprocs1", 1, 0, 4},
		{"gomaxprocs1 no linger control", 1, -1, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.gomaxprocs > 0 {
				defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(tc.gomaxprocs))
			}
			opt := Options{MaxBatch: 100, Linger: tc.linger}
			st := runConcurrent(t, 2000, 256, opt)
			if avg := st.AvgBatch(); avg < tc.minAvg {
				t.Errorf("average batch %.2f, want >= %.0f (collapse to tiny batches)", avg, tc.minAvg)
			}
		})
	}
}

// runConcurrent submits items 0..items-1 from submitters goroutines and
// checks that each got its own result and was committed exactly once.
func runConcurrent(t *testing.T, items, submitters int, opt Options) Stats {
	maxBatch := opt.MaxBatch
	before := runtime.NumGoroutine()
	rec := newRecorder(t, maxBatch)
	w := New(rec.commit, opt)
	var wg sync.WaitGroup
	for g := range submitters {
		wg.Go(func() {
			for it := g; it < items; it += submitters {
				got, err := w.Submit(context.Background(), it)
				if err != nil || got != want(it) {
					t.Errorf("Submit(%d) = %d, %v; want %d, nil", it, got, err, want(it))
				}
			}
		})
	}
	wg.Wait()
	if err := w.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	mustNoLeak(t, before)

	for it := range items {
		if n := rec.count(it); n != 1 {
			t.Errorf("item %d committed %d times", it, n)
		}
	}
	st := w.Stats()
	t.Logf("batches %d, avg %.1f, max %d, max queue %d, sizes %v",
		st.Batches, st.AvgBatch(), st.MaxBatchSeen, st.MaxQueueDepth, st.Sizes)
	if st.Items != uint64(items) || st.Pending != 0 || st.Failed != 0 {
		t.Errorf("Items %d, Pending %d, Failed %d; want %d, 0, 0", st.Items, st.Pending, st.Failed, items)
	}
	if st.MaxBatchSeen > maxBatch {
		t.Errorf("MaxBatchSeen %d > MaxBatch %d", st.MaxBatchSeen, maxBatch)
	}
	var sum uint64
	for _, n := range st.Sizes {
		sum += n
	}
	if sum != st.Batches {
		t.Errorf("histogram holds %d batches, Batches = %d", sum, st.Batches)
	}
	return st
}

var errBoom = errors.New("boom")

// A failed commit fails every item of its batch with one shared
// *CommitError; the writer goes on with the next batch.
func TestCommitErrorFailsBatch(t *testing.T) {
	rec := newRecorder(t, 5)
	var mu sync.Mutex
	failing := true
	commit := func(ctx context.Context, items []int) ([]int, error) {
		mu.Lock()
		defer mu.Unlock()
		if failing {
			return nil, errBoom
		}
		return rec.commit(ctx, items)
	}
	// A linger far beyond the test makes MaxBatch the only trigger, so
	// exactly 5 submissions form exactly one batch.
	w := New(commit, Options{MaxBatch: 5, Linger: time.Hour})
	defer w.Close()

	var first *CommitError
	for _, o := range submitN(t, w, 0, 5) {
		var ce *CommitError
		if !errors.As(o.err, &ce) || !errors.Is(o.err, errBoom) || ce.Size != 5 {
			t.Fatalf("err = %v, want *CommitError{Size: 5} wrapping errBoom", o.err)
		}
		if first == nil {
			first = ce
		} else if ce != first {
			t.Error("items of one batch got different errors")
		}
	}
	mu.Lock()
	failing = false
	mu.Unlock()
	for i, o := range submitN(t, w, 10, 5) {
		if o.err != nil || o.val != want(10+i) {
			t.Errorf("after failure: item %d = %d, %v", 10+i, o.val, o.err)
		}
	}
	st := w.Stats()
	if st.Batches != 2 || st.Failed != 1 || st.FailedItems != 5 || rec.total() != 5 {
		t.Errorf("Batches %d Failed %d FailedItems %d committed %d; want 2 1 5 5",
			st.Batches, st.Failed, st.FailedItems, rec.total())
	}
}

// submitN submits items from, from+1, … concurrently and returns the
// outcomes in item order.
func submitN(t *testing.T, w *Writer[int, int], from, n int) []outcome {
	t.Helper()
	chans := make([]<-chan outcome, n)
	for i := range n {
		chans[i] = submitAsync(context.Background(), w, from+i)
	}
	out := make([]outcome, n)
	for i, ch := range chans {
		out[i] = mustOutcome(t, ch)
	}
	return out
}

// Broken Commit functions fail their batch instead of hanging submitters
// or killing the writer.
func TestCommitMisbehaves(t *testing.T) {
	for _, tc := range []struct {
		name   string
		commit Commit[int, int]
	}{
		{"short results", func(context.Context, []int) ([]int, error) { return []int{}, nil }},
		{"panic", func(context.Context, []int) ([]int, error) { panic("bug") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			calls := 0
			commit := func(ctx context.Context, items []int) ([]int, error) {
				calls++ // only the writer goroutine calls Commit
				if calls == 1 {
					return tc.commit(ctx, items)
				}
				return newRecorder(t, 1).commit(ctx, items)
			}
			w := New(commit, Options{MaxBatch: 1})
			defer w.Close()
			var ce *CommitError
			if _, err := w.Submit(context.Background(), 1); !errors.As(err, &ce) {
				t.Fatalf("err = %v, want *CommitError", err)
			}
			if got, err := w.Submit(context.Background(), 2); err != nil || got != want(2) {
				t.Fatalf("next Submit = %d, %v; want %d, nil", got, err, want(2))
			}
		})
	}
}

// A full queue refuses at once with ErrOverloaded; what was queued
// completes once the commit unblocks.
func TestOverloaded(t *testing.T) {
	rec := newRecorder(t, 1)
	g := newGate()
	w := New(g.wrap(rec.commit), Options{MaxBatch: 1, QueueSize: 2})
	defer w.Close()

	running := submitAsync(context.Background(), w, 0)
	g.mustStart(t)
	queued := []<-chan outcome{submitAsync(context.Background(), w, 1), submitAsync(context.Background(), w, 2)}
	poll(t, "two queued items", func() bool { return w.Stats().QueueDepth == 2 })

	start := time.Now()
	if _, err := w.Submit(context.Background(), 3); !errors.Is(err, ErrOverloaded) {
		t.Fatalf("Submit on full queue: err = %v, want ErrOverloaded", err)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("ErrOverloaded took %v, want immediate", took)
	}
	if st := w.Stats(); st.Overloaded != 1 || st.Pending != 3 {
		t.Errorf("Overloaded %d, Pending %d; want 1, 3", st.Overloaded, st.Pending)
	}

	close(g.release)
	for i, ch := range append([]<-chan outcome{running}, queued...) {
		if o := mustOutcome(t, ch); o.err != nil || o.val != want(i) {
			t.Errorf("item %d = %d, %v", i, o.val, o.err)
		}
	}
	if rec.count(3) != 0 {
		t.Error("refused item was committed")
	}
}

// Close commits everything queued before it, refuses later Submits, and
// leaves no goroutine behind.
func TestCloseDrains(t *testing.T) {
	const n = 50
	before := runtime.NumGoroutine()
	rec := newRecorder(t, 8)
	g := newGate()
	w := New(g.wrap(rec.commit), Options{MaxBatch: 8})

	chans := make([]<-chan outcome, n)
	for i := range n {
		chans[i] = submitAsync(context.Background(), w, i)
	}
	g.mustStart(t)
	poll(t, "all items accepted", func() bool { return w.Stats().Pending == n })

	closed := make(chan error, 1)
	go func() { closed <- w.Close() }()
	poll(t, "Close to begin", w.isClosed)
	if _, err := w.Submit(context.Background(), n); !errors.Is(err, ErrClosed) {
		t.Fatalf("Submit after Close: err = %v, want ErrClosed", err)
	}

	close(g.release)
	for i, ch := range chans {
		if o := mustOutcome(t, ch); o.err != nil || o.val != want(i) {
			t.Errorf("item %d = %d, %v", i, o.val, o.err)
		}
	}
	if err := <-closed; err != nil {
		t.Errorf("Close: %v", err)
	}
	if got := rec.total(); got != n {
		t.Errorf("committed %d items, want %d", got, n)
	}
	if err := w.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	mustNoLeak(t, before)
}

// Close ends a linger at once instead of waiting it out.
func TestCloseCutsLinger(t *testing.T) {
	rec := newRecorder(t, 10)
	w := New(rec.commit, Options{MaxBatch: 10, Linger: time.Hour})
	ch := submitAsync(context.Background(), w, 7)
	poll(t, "item accepted", func() bool { return w.Stats().Pending == 1 })
	if err := w.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if o := mustOutcome(t, ch); o.err != nil || o.val != want(7) {
		t.Errorf("Submit = %d, %v", o.val, o.err)
	}
}

// Rate says busy only once items commit at the given rate.
func TestRate(t *testing.T) {
	w := New(func(_ context.Context, items []int) ([]int, error) { return items, nil }, Options{Linger: -1})
	defer w.Close()
	busy := Rate(w, 100)
	if busy() {
		t.Fatal("busy before any measurement")
	}
	time.Sleep(1100 * time.Millisecond)
	if busy() {
		t.Fatal("busy with nothing committed")
	}
	for i := range 500 {
		if _, err := w.Submit(context.Background(), i); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(1100 * time.Millisecond)
	if !busy() {
		t.Fatal("not busy after 500 items in about a second")
	}
}
