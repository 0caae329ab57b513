package load

import (
	"context"
	"encoding/json"
	"os"
	"sync/atomic"
	"testing"
	"time"
)

func TestRunNCountsEveryCall(t *testing.T) {
	var calls atomic.Int64
	res := RunN(context.Background(), 8, 1000, func(context.Context, int) bool { return calls.Add(1)%10 != 0 })
	if calls.Load() != 1000 || res.OK != 900 || res.Errors != 100 || len(res.Latencies) != 900 {
		t.Fatalf("calls %d, result %+v", calls.Load(), res)
	}
	if res.Percentile(50) > res.Percentile(99) {
		t.Fatal("percentiles out of order")
	}
}

func TestRunStopsAtTheDeadline(t *testing.T) {
	start := time.Now()
	res := Run(context.Background(), 4, 50*time.Millisecond, func(ctx context.Context, _ int) bool {
		if ctx.Err() != nil {
			t.Error("an in-flight call's context was cancelled")
		}
		time.Sleep(time.Millisecond)
		return true
	})
	if time.Since(start) > 2*time.Second || res.OK == 0 || res.PerSecond() <= 0 {
		t.Fatalf("run took %v: %+v", time.Since(start), res.OK)
	}
}

// A Summary survives JSON (the bench's load generator sends it between
// processes) with the Result's rate and percentiles.
func TestSummaryKeepsRateAndPercentiles(t *testing.T) {
	res := Result{OK: 4, Errors: 1, Elapsed: 2 * time.Second,
		Latencies: []time.Duration{time.Millisecond, 2 * time.Millisecond, 3 * time.Millisecond, 40 * time.Millisecond}}
	raw, err := json.Marshal(res.Summary())
	if err != nil {
		t.Fatal(err)
	}
	var s Summary
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatal(err)
	}
	if s.PerSecond() != res.PerSecond() || s.P50 != res.Percentile(50) || s.P99 != res.Percentile(99) || s.Errors != 1 {
		t.Fatalf("summary %+v of %+v", s, res)
	}
}

// Another process's RSS is read from its /proc entry: this one's, seen by
// pid, is the same order as WatchRSS's.
func TestWatchProcessRSS(t *testing.T) {
	self, other := WatchRSS(), WatchProcessRSS(os.Getpid())
	a, b := self.Stop(), other.Stop()
	if a <= 0 || b <= 0 || b > 2*a || a > 2*b {
		t.Fatalf("self %.1f MB, by pid %.1f MB", a, b)
	}
}

// CPUSeconds reads this process's CPU time, which grows with work.
func TestCPUSeconds(t *testing.T) {
	before := CPUSeconds(os.Getpid())
	x := 0
	for start := time.Now(); time.Since(start) < 300*time.Millisecond; {
		x++
	}
	if after := CPUSeconds(os.Getpid()); after <= before || x == 0 {
		t.Fatalf("CPU seconds %v then %v after a busy loop", before, after)
	}
	if CPUSeconds(-1) != 0 {
		t.Fatal("a process that does not exist has CPU time")
	}
}
