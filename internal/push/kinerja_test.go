package push_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hadir-id/hadir/internal/audit"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/demo"
	"github.com/hadir-id/hadir/internal/push"
	"github.com/hadir-id/hadir/internal/store"
	"github.com/hadir-id/hadir/internal/store/storetest"
	"github.com/hadir-id/hadir/internal/timesheet"
)

// The evening's e-kinerja reminder over the demo regency: at 19:00 the
// employee who worked and logged nothing is reminded; the one who logged
// a draft, and the one who never checked in, are not. The supervisors'
// digest counts the e-kinerja entries waiting for them.
func TestKinerjaEveningReminder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		clk := newClock(time.Date(2026, 12, 7, 6, 30, 0, 0, wib))
		st := storetest.Open(t, dialect, clk.Now)
		monday := civil.Date{Year: 2026, Month: 12, Day: 7}
		res, err := demo.Seed(ctx, st, "Asia/Jakarta", monday)
		must(t, err)
		engine := &timesheet.Recomputer{Store: st, Now: clk.Now}
		sched := &push.Scheduler{Days: engine, Store: st, Approvals: []push.ApprovalSource{st}, Kinerja: st, Timing: push.DefaultTiming(),
			Now: clk.Now, Metrics: push.NewMetrics(nil), Refresh: 12 * time.Hour}
		days, _, err := engine.PlanDays(ctx, res.RegencyID, nil, nil, monday)
		must(t, err)
		people := pickRegulars(days, 3)
		worked, logged, away := people[0], people[1], people[2]
		for _, e := range people {
			u, err := st.UserForEmployee(ctx, audit.System, res.RegencyID, e)
			must(t, err)
			s := push.Subscription{UserID: u.ID, Endpoint: fmt.Sprintf("https://fcm.googleapis.com/fcm/send/k%d", e),
				P256dh: strings.Repeat("A", 87), Auth: strings.Repeat("A", 22), Lang: "id", CreatedAt: clk.Now(), UpdatedAt: clk.Now()}
			_, err = st.UpsertSubscription(ctx, &s)
			must(t, err)
		}
		mustEvent(t, st, worked, time.Date(2026, 12, 7, 7, 20, 0, 0, wib))
		mustEvent(t, st, logged, time.Date(2026, 12, 7, 7, 21, 0, 0, wib))
		mustDraftEntry(t, st, logged, monday)

		clk.Add(time.Date(2026, 12, 7, 18, 55, 0, 0, wib).Sub(clk.Now()))
		for clk.Now().Before(time.Date(2026, 12, 7, 19, 20, 0, 0, wib)) {
			must(t, sched.Tick(ctx))
			clk.Add(time.Minute)
		}
		got := map[int64]bool{}
		for _, r := range outbox(t, st) {
			if r.category == push.KinerjaLog {
				var e, sub int64
				fmt.Sscanf(strings.TrimPrefix(r.key, push.KinerjaLog+":2026-12-07:"), "%d:%d", &e, &sub)
				got[e] = true
				if h := r.due.In(wib); h.Hour() != 19 || h.Minute() >= 10 {
					t.Errorf("e-kinerja reminder due %s, want 19:00–19:10", h.Format("15:04"))
				}
			}
		}
		if !got[worked] || got[logged] || got[away] {
			t.Errorf("e-kinerja reminders %v: want %d (worked, logged nothing) only, not %d (logged) nor %d (away)", got, worked, logged, away)
		}
		pending, err := st.PendingApprovals(ctx, res.RegencyID, monday)
		must(t, err)
		waiting := 0
		for _, kinds := range pending {
			waiting += kinds["kinerja"]
		}
		if waiting == 0 {
			t.Error("the digest counts no e-kinerja entries, though the demo's supervisor has a week waiting")
		}
	})
}

// mustDraftEntry logs a draft e-kinerja entry on a date (under any of the
// demo's RHKs: the reminder asks only whether anything was logged).
func mustDraftEntry(t *testing.T, st *store.Store, emp int64, d civil.Date) {
	t.Helper()
	var rhk int64
	must(t, st.SQL().QueryRow("SELECT id FROM kinerja_rhks ORDER BY id LIMIT 1").Scan(&rhk))
	q := "INSERT INTO kinerja_entries (employee_id, date, rhk_id, what, volume, unit, minutes, status, created_at, updated_at) VALUES (?, ?, ?, 'rapat', 1, 'kegiatan', 60, 'draft', ?, ?)"
	if st.Dialect() == "postgres" {
		q = "INSERT INTO kinerja_entries (employee_id, date, rhk_id, what, volume, unit, minutes, status, created_at, updated_at) VALUES ($1, $2, $3, 'rapat', 1, 'kegiatan', 60, 'draft', $4, $5)"
	}
	now := time.Now().UTC()
	_, err := st.SQL().Exec(q, emp, d.String(), rhk, now, now)
	must(t, err)
}
