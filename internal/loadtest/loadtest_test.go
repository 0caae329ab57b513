package loadtest

import (
	"context"
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
