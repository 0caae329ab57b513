package batch

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkWriter measures the writer itself with default Options (256 per
// batch, 2 ms linger) and closed-loop submitters, like wrk's connections.
// "append" is a trivial commit; "fsync350us" sleeps for about one
// fdatasync on the baseline disk (baseline.md: 346 µs).
func BenchmarkWriter(b *testing.B) {
	commits := []struct {
		name string
		cost time.Duration
	}{
		{"append", 0},
		{"fsync350us", 350 * time.Microsecond},
	}
	for _, c := range commits {
		for _, submitters := range []int{64, 256} {
			b.Run(fmt.Sprintf("%s/c%d", c.name, submitters), func(b *testing.B) {
				benchWriter(b, submitters, c.cost)
			})
		}
	}
}

func benchWriter(b *testing.B, submitters int, cost time.Duration) {
	var log []int
	commit := func(_ context.Context, items []int) ([]int, error) {
		if cost > 0 {
			time.Sleep(cost)
		}
		log = append(log[:0], items...) // only the writer goroutine commits
		return items, nil
	}
	w := New(commit, Options{})
	ctx := context.Background()
	var next atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for range submitters {
		wg.Go(func() {
			for i := next.Add(1); i <= int64(b.N); i = next.Add(1) {
				if _, err := w.Submit(ctx, int(i)); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	st := w.Stats()
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "items/s")
	b.ReportMetric(st.AvgBatch(), "items/batch")
}
