package batch

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestSubmitCancelledBeforehand(t *testing.T) {
	rec := newRecorder(t, 4)
	w := New(rec.commit, Options{MaxBatch: 4, Linger: time.Hour})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()

	start := time.Now()
	if _, err := w.Submit(ctx, 1); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("Submit with a cancelled ctx took %v", took)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if st := w.Stats(); st.Items != 0 || st.Pending != 0 || rec.total() != 0 {
		t.Errorf("Items %d, Pending %d, committed %d; want nothing queued", st.Items, st.Pending, rec.total())
	}
}

// Cancelling while waiting returns ctx.Err() at once. Whether the item
// commits depends on where it was: still queued → dropped; in a running
// batch → committed anyway.
func TestSubmitCancelledWhileWaiting(t *testing.T) {
	for _, tc := range []struct {
		name          string
		inRunning     bool // cancel the item in the blocked batch, not a queued one
		wantCommitted int
		wantAbandoned uint64
	}{
		{"queued item is dropped", false, 0, 1},
		{"item in running batch still commits", true, 1, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := newRecorder(t, 1)
			g := newGate()
			w := New(g.wrap(rec.commit), Options{MaxBatch: 1})
			defer w.Close()

			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			bg := context.Background()
			blockerCtx, otherCtx := bg, ctx
			if tc.inRunning {
				blockerCtx, otherCtx = ctx, bg
			}
			blocker := submitAsync(blockerCtx, w, 1)
			g.mustStart(t)
			other := submitAsync(otherCtx, w, 2)
			poll(t, "second item queued", func() bool { return w.Stats().QueueDepth == 1 })

			cancel()
			victim, survivor, victimItem := other, blocker, 2
			if tc.inRunning {
				victim, survivor, victimItem = blocker, other, 1
			}
			if o := mustOutcome(t, victim); !errors.Is(o.err, context.Canceled) {
				t.Fatalf("cancelled Submit: err = %v, want context.Canceled", o.err)
			}
			close(g.release)
			if o := mustOutcome(t, survivor); o.err != nil {
				t.Fatalf("other Submit: %v", o.err)
			}
			poll(t, "writer idle", func() bool { return w.Stats().Pending == 0 })
			if got := rec.count(victimItem); got != tc.wantCommitted {
				t.Errorf("cancelled item committed %d times, want %d", got, tc.wantCommitted)
			}
			if got := w.Stats().Abandoned; got != tc.wantAbandoned {
				t.Errorf("Abandoned = %d, want %d", got, tc.wantAbandoned)
			}
		})
	}
}

func TestOptionsDefaults(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   Options
		want Options
	}{
		{"zero", Options{}, Options{DefaultMaxBatch, DefaultLinger, DefaultQueueSize, DefaultTimeout}},
		{"set", Options{8, time.Millisecond, 16, time.Second}, Options{8, time.Millisecond, 16, time.Second}},
		{"off", Options{Linger: -1, Timeout: -1}, Options{DefaultMaxBatch, -1, DefaultQueueSize, -1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.in.withDefaults(); got != tc.want {
				t.Errorf("withDefaults() = %+v, want %+v", got, tc.want)
			}
		})
	}
}

// The commit context carries Options.Timeout, and a commit that overruns
// it fails its batch with a *CommitError, not with a bare context error.
func TestCommitTimeout(t *testing.T) {
	commit := func(ctx context.Context, items []int) ([]int, error) {
		if _, ok := ctx.Deadline(); !ok {
			t.Error("commit context has no deadline")
		}
		<-ctx.Done()
		return nil, ctx.Err()
	}
	w := New(commit, Options{MaxBatch: 1, Timeout: 10 * time.Millisecond})
	defer w.Close()
	var ce *CommitError
	_, err := w.Submit(context.Background(), 1)
	if !errors.As(err, &ce) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want *CommitError wrapping DeadlineExceeded", err)
	}
}
