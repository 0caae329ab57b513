package checkin_test

import (
	"context"
	"testing"
	"time"

	"github.com/hadir-id/hadir/internal/bench/softphone"
)

// BenchmarkSubmit is the server's cost of one verified check-in, with no
// HTTP and no load generator: signatures, reads, geofence, signals, the
// batch commit (a batch of one here) and the status preview. The phone's
// signing is outside the timer.
func BenchmarkSubmit(b *testing.B) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		b.Run(dialect, func(b *testing.B) {
			w := mustWorldB(b, dialect)
			ph := w.enrol(synced)
			ctx := context.Background()
			ch, err := w.devices.CheckinChallenge(ctx, w.emp.ID, ph.KeyID)
			must(b, err)
			opts := ch.Options
			typ := []string{"in", "out"}
			b.ResetTimer()
			i := 0
			for b.Loop() {
				b.StopTimer()
				w.clk.Add(time.Second)
				r, err := ph.Checkin(opts, typ[i%2], softphone.Fix{Lat: office.Lat, Lon: office.Lon + float64(i%50)*1e-6, AccuracyM: 9 + float64(i%7)}, w.clk.Now(), false)
				must(b, err)
				b.StartTimer()
				res, err := w.svc.Submit(ctx, ph.p, r, w.clk.Now(), "id")
				if err != nil || res.Next == nil {
					b.Fatalf("submit %d: %v", i, err)
				}
				opts = res.Next.Options
				i++
			}
		})
	}
}
