package batch

import (
	"context"
	"runtime"
	"sync"
	"testing"
	"time"
)

// recorder is a Commit that remembers every committed item and returns
// item*3+1, so a submitter can tell its own result from anyone else's.
type recorder struct {
	t        *testing.T
	maxBatch int

	mu        sync.Mutex
	committed map[int]int // item → times committed
	sizes     []int
}

func newRecorder(t *testing.T, maxBatch int) *recorder {
	return &recorder{t: t, maxBatch: maxBatch, committed: map[int]int{}}
}

func (r *recorder) commit(_ context.Context, items []int) ([]int, error) {
	if len(items) > r.maxBatch {
		r.t.Errorf("batch of %d items, MaxBatch %d", len(items), r.maxBatch)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	res := make([]int, len(items))
	for i, it := range items {
		r.committed[it]++
		res[i] = want(it)
	}
	r.sizes = append(r.sizes, len(items))
	return res, nil
}

func (r *recorder) count(item int) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.committed[item]
}

func (r *recorder) total() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, c := range r.committed {
		n += c
	}
	return n
}

func want(item int) int { return item*3 + 1 }

// gate wraps a Commit so that every call reports on started and then waits
// until release is closed.
type gate struct {
	started chan int // batch sizes, buffered
	release chan struct{}
}

func newGate() *gate {
	return &gate{started: make(chan int, 1024), release: make(chan struct{})}
}

func (g *gate) wrap(next Commit[int, int]) Commit[int, int] {
	return func(ctx context.Context, items []int) ([]int, error) {
		g.started <- len(items)
		<-g.release
		return next(ctx, items)
	}
}

func (g *gate) mustStart(t *testing.T) int {
	t.Helper()
	select {
	case n := <-g.started:
		return n
	case <-time.After(5 * time.Second):
		t.Fatal("commit did not start")
		return 0
	}
}

// poll waits until cond holds, failing the test after a deadline.
func poll(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		runtime.Gosched()
		time.Sleep(time.Millisecond) // back off between checks; the deadline bounds it
	}
}

// mustNoLeak fails unless the goroutine count returns to before.
func mustNoLeak(t *testing.T, before int) {
	t.Helper()
	poll(t, "goroutines to exit", func() bool { return runtime.NumGoroutine() <= before })
}

type outcome struct {
	val int
	err error
}

// submitAsync submits item on its own goroutine and returns where the
// answer will arrive.
func submitAsync(ctx context.Context, w *Writer[int, int], item int) <-chan outcome {
	ch := make(chan outcome, 1)
	go func() {
		v, err := w.Submit(ctx, item)
		ch <- outcome{v, err}
	}()
	return ch
}

func mustOutcome(t *testing.T, ch <-chan outcome) outcome {
	t.Helper()
	select {
	case o := <-ch:
		return o
	case <-time.After(5 * time.Second):
		t.Fatal("no answer from Submit")
		return outcome{}
	}
}

func (w *Writer[T, R]) isClosed() bool {
	w.mu.RLock()
	defer w.mu.RUnlock()
	return w.closed
}
