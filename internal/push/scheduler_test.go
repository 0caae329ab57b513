package push_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hadir-id/hadir/internal/audit"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/demo"
	"github.com/hadir-id/hadir/internal/device"
	"github.com/hadir-id/hadir/internal/push"
	"github.com/hadir-id/hadir/internal/push/pushtest"
	"github.com/hadir-id/hadir/internal/rules"
	"github.com/hadir-id/hadir/internal/store"
	"github.com/hadir-id/hadir/internal/store/storetest"
	"github.com/hadir-id/hadir/internal/timesheet"
)

var wib = time.FixedZone("WIB", 7*3600)

// queuedRow is one outbox row as the test reads it.
type queuedRow struct {
	key, category string
	due           time.Time
}

// The scheduler over the seeded demo regency with an injected clock,
// ticking every minute of a Monday morning: each subscribed employee is
// reminded before their shift within the spread window and never before
// the reminder's time; the one who checked in at 07:00 gets nothing, the
// one who checked in at 07:20 gets no missed-check-in reminder; the
// notifications decrypt to the shift time in the subscriber's language.
func TestSchedulerOverDemoRegency(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		clk := newClock(time.Date(2026, 12, 7, 6, 30, 0, 0, wib))
		st := storetest.Open(t, dialect, clk.Now) // the audit trail's time is the test's
		monday := civil.Date{Year: 2026, Month: 12, Day: 7}
		res, err := demo.Seed(ctx, st, "Asia/Jakarta", monday)
		must(t, err)
		engine := &timesheet.Recomputer{Store: st, Now: clk.Now}
		fake := pushtest.New()
		defer fake.Close()
		sched := &push.Scheduler{Days: engine, Store: st, Approvals: []push.ApprovalSource{st}, Decisions: st, Timing: push.DefaultTiming(),
			Now: clk.Now, Metrics: push.NewMetrics(nil), Refresh: 3 * time.Hour}
		days, _, err := engine.PlanDays(ctx, res.RegencyID, nil, nil, monday)
		must(t, err)
		people := pickRegulars(days, 30)
		subs := map[int64]string{} // employee → endpoint
		for i, e := range people {
			u, err := st.UserForEmployee(ctx, audit.System, res.RegencyID, e)
			must(t, err)
			b := fake.NewBrowser()
			lang := "id"
			if i == 2 {
				lang = "en"
			}
			s := push.Subscription{UserID: u.ID, Endpoint: b.Endpoint, P256dh: b.P256dh, Auth: b.Auth, Lang: lang, CreatedAt: clk.Now(), UpdatedAt: clk.Now()}
			_, err = st.UpsertSubscription(ctx, &s)
			must(t, err)
			subs[e] = b.Endpoint
		}
		early, late := people[0], people[1]
		checkins := map[time.Time]int64{time.Date(2026, 12, 7, 7, 0, 0, 0, wib): early, time.Date(2026, 12, 7, 7, 20, 0, 0, wib): late}
		for clk.Now().Before(time.Date(2026, 12, 7, 8, 0, 0, 0, wib)) {
			if e, ok := checkins[clk.Now()]; ok {
				mustEvent(t, st, e, clk.Now())
			}
			if clk.Now().Equal(time.Date(2026, 12, 7, 7, 25, 0, 0, wib)) {
				mustApproveDevice(t, st, res.RegencyID, people[3], clk.Now())
			}
			must(t, sched.Tick(ctx))
			for _, r := range outbox(t, st) {
				if r.due.After(clk.Now()) {
					t.Fatalf("%s queued at %s for %s: early", r.key, clk.Now().Format("15:04"), r.due.In(wib).Format("15:04"))
				}
			}
			clk.Add(time.Minute)
		}
		rows := outbox(t, st)
		checkQueued(t, rows, people, early, late)
		decisions := 0
		for _, r := range rows {
			if strings.HasPrefix(r.key, fmt.Sprintf("decision:2026-12-07:%d:", people[3])) {
				decisions++
			}
		}
		if decisions != 1 {
			t.Errorf("%d notifications of the device decision, want 1", decisions)
		}
		sendAt := newClock(time.Date(2026, 12, 7, 7, 16, 0, 0, wib)) // the before-start ones are due and alive
		w := newWorker(st, push.NewWebPush(mustKeys(t), "ops@bkd.go.id", ""), sendAt.Now)
		must(t, drainAll(ctx, w))
		checkTexts(t, fake, subs[people[2]], subs[people[3]])
	})
}

// pickRegulars picks n scheduled employees whose shift starts at 07:30.
func pickRegulars(days []timesheet.DayRecord, n int) []int64 {
	var out []int64
	for _, d := range days {
		if d.Scheduled && d.ShiftStart != nil && d.ShiftStart.In(wib).Format("15:04") == "07:30" && len(out) < n {
			out = append(out, d.EmployeeID)
		}
	}
	return out
}

func checkQueued(t *testing.T, rows []queuedRow, people []int64, early, late int64) {
	t.Helper()
	got := map[string]time.Time{}
	for _, r := range rows {
		got[r.key[:strings.LastIndex(r.key, ":")]] = r.due
	}
	start := time.Date(2026, 12, 7, 7, 30, 0, 0, wib)
	for _, e := range people {
		before, okB := got[fmt.Sprintf("before_start:2026-12-07:%d", e)]
		missed, okM := got[fmt.Sprintf("missed_checkin:2026-12-07:%d", e)]
		switch e {
		case early:
			if okB || okM {
				t.Errorf("employee %d checked in at 07:00 and was reminded", e)
			}
			continue
		case late:
			if !okB || okM {
				t.Errorf("employee %d (in at 07:20): before %v missed %v, want only the before-start one", e, okB, okM)
			}
		default:
			if !okB || !okM {
				t.Errorf("employee %d without check-in: before %v missed %v", e, okB, okM)
			}
		}
		if okB && (before.Before(start.Add(-25*time.Minute)) || !before.Before(start.Add(-15*time.Minute))) {
			t.Errorf("before-start reminder at %s, outside 07:05–07:15", before.In(wib).Format("15:04:05"))
		}
		if okM && (missed.Before(start.Add(10*time.Minute)) || !missed.Before(start.Add(20*time.Minute))) {
			t.Errorf("missed-check-in reminder at %s, outside 07:40–07:50", missed.In(wib).Format("15:04:05"))
		}
	}
}

// checkTexts: the Indonesian and the English subscriber's notifications.
func checkTexts(t *testing.T, fake *pushtest.Service, en, id string) {
	t.Helper()
	seen := 0
	for _, p := range fake.Pushes() {
		var n push.Notification
		if p.Err != nil || json.Unmarshal(p.Plaintext, &n) != nil {
			t.Fatalf("push %+v", p)
		}
		if p.Browser == en && n.Tag == "in-20261207" && strings.Contains(n.Body, "Your shift starts at 07:30") ||
			p.Browser == id && n.Tag == "in-20261207" && n.Body == "Jam kerja Anda mulai pukul 07:30. Ketuk untuk presensi masuk." {
			seen++
			if p.Urgency != "high" || p.TTL <= 0 || n.URL != "/#checkin" {
				t.Errorf("push %+v %+v", p, n)
			}
		}
	}
	if seen != 2 {
		t.Errorf("saw %d of the two expected before-start texts", seen)
	}
}

func mustEvent(t *testing.T, st *store.Store, emp int64, at time.Time) {
	t.Helper()
	must(t, st.InBulk(context.Background(), func(b *store.Bulk) error {
		return b.Insert([]*rules.Event{{EmployeeID: emp, At: at.UTC(), Type: "in", Source: "test", Status: rules.EventAccepted, CreatedAt: at.UTC()}})
	}))
}

// mustApproveDevice registers the employee's phone, then a new one
// (pending beside the active one), and has their agency admin approve it
// (audited, as through the API).
func mustApproveDevice(t *testing.T, st *store.Store, regencyID, emp int64, at time.Time) {
	t.Helper()
	ctx := context.Background()
	for i := range 2 {
		d := device.Device{EmployeeID: emp, KeyID: fmt.Sprintf("k%d-%d", emp, i), PublicKey: make([]byte, 65), CreatedAt: at.UTC()}
		must(t, st.RegisterDevice(ctx, &d))
		if i == 0 {
			continue
		}
		e, err := st.Employee(ctx, emp, civil.In(at, wib))
		must(t, err)
		_, err = st.DecideDevice(ctx, audit.Actor{UserID: 0, RegencyID: regencyID}, e.Current.AgencyID, d.ID, true)
		must(t, err)
	}
}

func mustKeys(t testing.TB) push.Keys {
	k, err := push.GenerateKeys()
	must(t, err)
	return k
}

func outbox(t *testing.T, st *store.Store) []queuedRow {
	t.Helper()
	rows, err := st.SQL().Query("SELECT dedupe_key, category, due_at FROM push_outbox")
	must(t, err)
	defer rows.Close()
	var out []queuedRow
	for rows.Next() {
		var r queuedRow
		must(t, rows.Scan(&r.key, &r.category, &r.due))
		out = append(out, r)
	}
	return out
}
