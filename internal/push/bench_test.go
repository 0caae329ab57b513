package push_test

import (
	"context"
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/demo"
	"github.com/hadir-id/hadir/internal/push"
	"github.com/hadir-id/hadir/internal/push/pushtest"
	"github.com/hadir-id/hadir/internal/store/storetest"
	"github.com/hadir-id/hadir/internal/timesheet"
)

// BenchmarkPlanDemoRegency plans tomorrow's reminders for the seeded demo
// regency (7,235 employees): every employee's day by the rules engine, the
// agencies' leads, pauses, the supervisors' pending approvals.
func BenchmarkPlanDemoRegency(b *testing.B) {
	for _, dialect := range storetest.Dialects {
		b.Run(dialect, func(b *testing.B) {
			ctx := context.Background()
			st := storetest.Open(b, dialect, nil)
			today := civil.Date{Year: 2026, Month: 12, Day: 4}
			res, err := demo.Seed(ctx, st, "Asia/Jakarta", today)
			must(b, err)
			engine := &timesheet.Recomputer{Store: st, Now: time.Now}
			s := &push.Scheduler{Days: engine, Store: st, Approvals: []push.ApprovalSource{st}, Timing: push.DefaultTiming(), Now: time.Now}
			n := 0
			for b.Loop() {
				rs, _, err := s.Plan(ctx, res.RegencyID, nil, civil.Date{Year: 2026, Month: 12, Day: 7})
				must(b, err)
				n = len(rs)
			}
			b.ReportMetric(float64(n), "reminders")
		})
	}
}

// BenchmarkSend10k drains 10,000 queued notifications (100 subscriptions)
// through the worker to the local fake push service: claim, encrypt, VAPID
// sign, post, decrypt and check at the fake, record.
func BenchmarkSend10k(b *testing.B) {
	for _, dialect := range storetest.Dialects {
		b.Run(dialect, func(b *testing.B) {
			ctx := context.Background()
			st := storetest.Open(b, dialect, nil)
			users := mustUsers(b, st, 100)
			fake := pushtest.New()
			defer fake.Close()
			var subs []int64
			for _, u := range users {
				_, s := mustSubscribe(b, st, fake, u)
				subs = append(subs, s.ID)
			}
			sender := push.NewWebPush(mustKeys(b), "ops@bkd.go.id", "")
			round := 0
			var cpu time.Duration
			for b.Loop() {
				b.StopTimer()
				msgs := make([]push.Message, 0, 10_000)
				for i := range 10_000 {
					msgs = append(msgs, message(b, subs[i%len(subs)], fmt.Sprintf("r%d-%05d", round, i), time.Now()))
				}
				_, err := st.EnqueuePushes(ctx, msgs)
				must(b, err)
				round++
				b.StartTimer()
				w := &push.Worker{Queue: st, Sender: sender, Now: time.Now, Pool: 32, PerService: 32, Batch: 500}
				c0 := cpuTime()
				must(b, drainAll(ctx, w))
				cpu += cpuTime() - c0
			}
			b.ReportMetric(float64(10_000*b.N)/b.Elapsed().Seconds(), "pushes/s")
			// CPU of this process (sender, database driver and the fake's
			// checks alike) per push: steadier than pushes/s on a shared machine.
			b.ReportMetric(float64(cpu.Microseconds())/float64(10_000*b.N), "cpu-µs/push")
			if got := len(fake.Pushes()); got != 10_000*round {
				b.Fatalf("%d pushes at the fake, want %d", got, 10_000*round)
			}
		})
	}
}

// cpuTime is the process's user+system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
