package store_test

import (
	"bytes"
	"context"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/audit"
	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/org"
	"github.com/hadir-id/hadir/internal/rules"
	"github.com/hadir-id/hadir/internal/store"
	"github.com/hadir-id/hadir/internal/store/storetest"
)

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

func newClock() *clock { return &clock{t: time.Date(2025, 3, 3, 0, 30, 0, 0, time.UTC)} }

func mustDate(t *testing.T, s string) civil.Date {
	t.Helper()
	d, err := civil.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func wantCode(t *testing.T, err error, code apperr.Code) {
	t.Helper()
	if got := apperr.CodeOf(err); got != code {
		t.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
}

// fixture is a regency with two agencies.
type fixture struct {
	st      *store.Store
	regency org.Regency
	a, b    org.Agency
}

func mustFixture(t *testing.T, st *store.Store) fixture {
	t.Helper()
	ctx := context.Background()
	f := fixture{st: st, regency: org.Regency{Name: "Kabupaten Uji", Timezone: "Asia/Jakarta"}}
	if err := st.CreateRegency(ctx, audit.System, &f.regency); err != nil {
		t.Fatal(err)
	}
	f.a = org.Agency{RegencyID: f.regency.ID, Code: "BKD", Name: "BKD", Kind: org.KindBadan, Active: true}
	f.b = org.Agency{RegencyID: f.regency.ID, Code: "DINKES", Name: "Dinas Kesehatan", Kind: org.KindDinas, Active: true}
	for _, a := range []*org.Agency{&f.a, &f.b} {
		if err := st.CreateAgency(ctx, audit.System, a); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

func (f fixture) mustEmployee(t *testing.T, nip string, agency org.Agency, from string) org.Employee {
	t.Helper()
	e := org.Employee{RegencyID: f.regency.ID, NIP: &nip, Name: "Pegawai " + nip[14:], EmployeeType: org.TypePNS,
		UserHandle: auth.NewUserHandle(), ActiveFrom: mustDate(t, from)}
	a := org.Assignment{AgencyID: agency.ID, ValidFrom: e.ActiveFrom}
	if err := f.st.CreateEmployee(context.Background(), audit.System, &e, &a); err != nil {
		t.Fatal(err)
	}
	return e
}

func TestMigrations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		st, err := store.Open(ctx, storetest.Database(t, dialect), store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		state, err := st.Schema(ctx)
		if err != nil || !state.Empty() || !state.Outdated() {
			t.Fatalf("fresh database: state %+v, err %v; want empty and outdated", state, err)
		}
		if err := st.MigrateTo(ctx, 1); err != nil {
			t.Fatal(err)
		}
		if state, _ = st.Schema(ctx); state.Empty() || !state.Outdated() || state.Current != 1 {
			t.Fatalf("after version 1: %+v, want current 1 and outdated", state)
		}
		applied, err := st.Migrate(ctx)
		if err != nil || len(applied) == 0 {
			t.Fatalf("migrate: applied %v, err %v", applied, err)
		}
		if again, err := st.Migrate(ctx); err != nil || len(again) != 0 {
			t.Fatalf("second migrate applied %v (err %v), want nothing", again, err)
		}
		if state, _ = st.Schema(ctx); state.Outdated() || state.Current != state.Target {
			t.Fatalf("after migrate: %+v", state)
		}
	})
}

func TestErrorMapping(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		st := storetest.Open(t, dialect, nil)
		f := mustFixture(t, st)
		dup := org.Agency{RegencyID: f.regency.ID, Code: "BKD", Name: "Lain", Kind: org.KindBadan}
		wantCode(t, st.CreateAgency(ctx, audit.System, &dup), apperr.Conflict)
		_, err := st.Agency(ctx, 999999)
		wantCode(t, err, apperr.NotFound)
		bad := int64(999999)
		u := org.Unit{AgencyID: bad, Name: "X"}
		wantCode(t, st.CreateUnit(ctx, audit.System, &u), apperr.Invalid)
		nip := "198503302010011002"
		f.mustEmployee(t, nip, f.a, "2010-01-01")
		e2 := org.Employee{RegencyID: f.regency.ID, NIP: &nip, Name: "Kembar", EmployeeType: org.TypePNS,
			UserHandle: auth.NewUserHandle(), ActiveFrom: mustDate(t, "2010-01-01")}
		err = st.CreateEmployee(ctx, audit.System, &e2, &org.Assignment{AgencyID: f.a.ID, ValidFrom: e2.ActiveFrom})
		wantCode(t, err, apperr.Conflict)
		if e, ok := err.(*apperr.Error); !ok || e.Field != "nip" {
			t.Errorf("duplicate NIP error field = %v, want nip", err)
		}
	})
}

func TestTransferIsEffectiveDated(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		st := storetest.Open(t, dialect, nil)
		f := mustFixture(t, st)
		e := f.mustEmployee(t, "199001012015031001", f.a, "2015-03-01")
		move := org.Assignment{EmployeeID: e.ID, AgencyID: f.b.ID, ValidFrom: mustDate(t, "2025-03-17"), Reason: "mutasi"}
		if err := st.Transfer(ctx, audit.Actor{RegencyID: f.regency.ID}, &move); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			on   string
			want int64
		}{{"2025-03-16", f.a.ID}, {"2025-03-17", f.b.ID}, {"2026-01-01", f.b.ID}, {"2015-03-01", f.a.ID}} {
			got, err := st.Employee(ctx, e.ID, mustDate(t, tc.on))
			if err != nil || got.Current == nil || got.Current.AgencyID != tc.want {
				t.Errorf("on %s: assignment %+v (err %v), want agency %d", tc.on, got.Current, err, tc.want)
			}
		}
		if got, _ := st.Employee(ctx, e.ID, mustDate(t, "2015-02-28")); got.Current != nil {
			t.Errorf("before TMT: assignment %+v, want none", got.Current)
		}
		hist, _ := st.Assignments(ctx, e.ID)
		if len(hist) != 2 || hist[0].ValidTo != mustDate(t, "2025-03-16") || !hist[1].ValidTo.IsZero() {
			t.Fatalf("history = %+v, want the first closed on 2025-03-16 and the second open", hist)
		}
		// The check-in's one-statement read says what the admin screens' read says.
		for on, want := range map[string]org.Assignment{"2025-03-16": hist[0], "2025-03-17": hist[1]} {
			got, err := st.Employee(ctx, e.ID, mustDate(t, on))
			var cur org.Assignment
			if got.Current != nil {
				cur = *got.Current
				cur.CreatedAt, want.CreatedAt = cur.CreatedAt.UTC(), want.CreatedAt.UTC() // the same instant; drivers differ in Location
			}
			if err != nil || got.Current == nil || !reflect.DeepEqual(cur, want) || *got.NIP != *e.NIP || !bytes.Equal(got.UserHandle, e.UserHandle) ||
				got.ActiveFrom != e.ActiveFrom || got.CreatedAt.Sub(e.CreatedAt).Abs() >= time.Microsecond { // PostgreSQL keeps µs
				t.Errorf("on %s: employee %+v assignment %#v (err %v), want %#v", on, got, cur, err, want)
			}
		}
		if _, err := st.Employee(ctx, 987654, mustDate(t, "2025-03-17")); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("unknown employee: %v, want not_found", err)
		}
		back := org.Assignment{EmployeeID: e.ID, AgencyID: f.a.ID, ValidFrom: mustDate(t, "2025-03-10")}
		wantCode(t, st.Transfer(ctx, audit.System, &back), apperr.Invalid)
		for _, tc := range []struct {
			on   string
			ag   int64
			want int
		}{{"2025-03-16", f.a.ID, 1}, {"2025-03-16", f.b.ID, 0}, {"2025-03-17", f.b.ID, 1}, {"2025-03-17", f.a.ID, 0}} {
			list, err := st.Employees(ctx, org.EmployeeFilter{RegencyID: f.regency.ID, On: mustDate(t, tc.on), AgencyIDs: []int64{tc.ag}})
			if err != nil || len(list) != tc.want {
				t.Errorf("agency %d on %s: %d employees (err %v), want %d", tc.ag, tc.on, len(list), err, tc.want)
			}
		}
		log, _ := st.AuditLog(ctx, audit.Filter{RegencyID: f.regency.ID, Entity: "employee", EntityID: e.ID})
		if len(log) != 2 || log[0].Action != "employee.transfer_in" {
			t.Errorf("audit = %+v, want transfer_out and transfer_in", log)
		}
	})
}

// userStore opens a store on a settable clock with the fixture and one
// user named name.
func userStore(t *testing.T, dialect, name string) (*clock, *store.Store, auth.User) {
	t.Helper()
	clk := newClock()
	st := storetest.Open(t, dialect, clk.Now)
	f := mustFixture(t, st)
	u := auth.User{RegencyID: f.regency.ID, Name: name}
	if err := st.CreateUser(context.Background(), audit.System, &u); err != nil {
		t.Fatal(err)
	}
	return clk, st, u
}

func TestSessionsAndLinks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		clk, st, u := userStore(t, dialect, "Admin")
		token, sess, err := st.CreateSession(ctx, u.ID, time.Hour, "test")
		if err != nil {
			t.Fatal(err)
		}
		if got, err := sessionOf(ctx, st, token); err != nil || got.ID != sess.ID {
			t.Fatalf("lookup: %+v %v", got, err)
		}
		_, err = sessionOf(ctx, st, token+"x")
		wantCode(t, err, apperr.Unauthorized)
		clk.Add(2 * time.Hour)
		_, err = sessionOf(ctx, st, token)
		wantCode(t, err, apperr.Unauthorized)
		token2, sess2, _ := st.CreateSession(ctx, u.ID, time.Hour, "test")
		if err := st.RevokeSession(ctx, u.ID, sess2.ID); err != nil {
			t.Fatal(err)
		}
		_, err = sessionOf(ctx, st, token2)
		wantCode(t, err, apperr.Unauthorized)
		wantCode(t, st.RevokeSession(ctx, u.ID, sess2.ID), apperr.NotFound)

		link, err := st.CreateLoginToken(ctx, &u.ID, auth.PurposeSignIn, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		_, err = st.RedeemLoginToken(ctx, link, auth.PurposeSetup)
		wantCode(t, err, apperr.Unauthorized) // wrong purpose
		var wg sync.WaitGroup
		var mu sync.Mutex
		wins := 0
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := st.RedeemLoginToken(ctx, link, auth.PurposeSignIn); err == nil {
					mu.Lock()
					wins++
					mu.Unlock()
				} else if !apperr.Is(err, apperr.Unauthorized) {
					t.Errorf("redeem: %v", err)
				}
			}()
		}
		wg.Wait()
		if wins != 1 {
			t.Fatalf("%d concurrent redemptions succeeded, want exactly 1", wins)
		}
		expired, _ := st.CreateLoginToken(ctx, &u.ID, auth.PurposeSignIn, time.Minute)
		clk.Add(2 * time.Minute)
		_, err = st.RedeemLoginToken(ctx, expired, auth.PurposeSignIn)
		wantCode(t, err, apperr.Unauthorized)
	})
}

// Sessions touched in the background slide their expiry and keep the
// installed mark, in one write for many sessions.
func TestSessionToucher(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		clk, st, u := userStore(t, dialect, "Pegawai")
		tokA, a, _ := st.CreateSession(ctx, u.ID, time.Hour, "browser")
		tokB, b, _ := st.CreateSession(ctx, u.ID, time.Hour, "app")
		svc := &auth.Service{Store: st, Now: clk.Now, Touches: &auth.Toucher{Store: st}}
		clk.Add(50 * time.Minute)
		if _, err := svc.Principal(ctx, tokA, false); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Principal(ctx, tokB, true); err != nil {
			t.Fatal(err)
		}
		clk.Add(20 * time.Minute) // past the sessions' first hour: alive only if touched
		for _, tok := range []string{tokA, tokB} {
			if _, err := sessionOf(ctx, st, tok); apperr.CodeOf(err) != apperr.Unauthorized {
				t.Fatalf("expiry slid before the touches were written: %v", err)
			}
		}
		clk.Add(-20 * time.Minute)
		svc.Touches.Flush(ctx)
		clk.Add(20 * time.Minute)
		got := map[int64]bool{}
		for _, tok := range []string{tokA, tokB} {
			s, err := sessionOf(ctx, st, tok)
			if err != nil {
				t.Fatalf("touched session expired: %v", err)
			}
			got[s.ID] = s.Installed
		}
		if got[a.ID] || !got[b.ID] {
			t.Fatalf("installed marks %v, want only session %d", got, b.ID)
		}
	})
}

// The check-in's read of recent events sees a review decision made on this
// node at once, though it is cached.
func TestRecentEventsSeeReviews(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		clk := newClock()
		st := storetest.Open(t, dialect, clk.Now)
		f := mustFixture(t, st)
		e := f.mustEmployee(t, "199001012015031001", f.a, "2020-01-01")
		at := clk.Now().Add(-time.Hour).UTC().Truncate(time.Second)
		lat, lon := -5.73, 105.59
		if err := st.AddEvents(ctx, audit.System, time.UTC, []rules.Event{{EmployeeID: e.ID, At: at, Type: "in", Source: "checkin",
			Status: rules.EventPending, CreatedAt: at, Lat: &lat, Lon: &lon}}); err != nil {
			t.Fatal(err)
		}
		since := at.Add(-24 * time.Hour)
		evs, err := st.RecentEvents(ctx, e.ID, since)
		if err != nil || len(evs) != 1 || evs[0].Status != rules.EventPending || evs[0].Lat == nil {
			t.Fatalf("recent events: %+v %v", evs, err)
		}
		if evs, _ = st.RecentEvents(ctx, e.ID, since); len(evs) != 1 { // served from the cache now
			t.Fatalf("second read: %+v", evs)
		}
		decided := evs[0]
		decided.Status, decided.ReviewNote = rules.EventRejected, "lokasi rumah"
		if err := st.DecideEvent(ctx, audit.System, f.a.ID, decided, civil.In(at, time.UTC)); err != nil {
			t.Fatal(err)
		}
		if evs, err = st.RecentEvents(ctx, e.ID, since); err != nil || len(evs) != 1 || evs[0].Status != rules.EventRejected {
			t.Fatalf("after the review: %+v %v", evs, err)
		}
	})
}

// sessionOf is the live session of a token, as the server resolves it.
func sessionOf(ctx context.Context, st *store.Store, token string) (auth.Session, error) {
	sess, _, _, err := st.SessionUser(ctx, token)
	return sess, err
}

// The supervisor flag comes with the employee's read and its cache; a
// change of who reports to whom made through this store shows at once.
func TestSupervisorFlag(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		st := storetest.Open(t, dialect, nil)
		f := mustFixture(t, st)
		boss := f.mustEmployee(t, "198001012005011001", f.a, "2015-01-01")
		next := f.mustEmployee(t, "198101012005011002", f.b, "2015-01-01")
		nip := "199001012015031003"
		e := org.Employee{RegencyID: f.regency.ID, NIP: &nip, Name: "Staf", EmployeeType: org.TypePNS,
			UserHandle: auth.NewUserHandle(), ActiveFrom: mustDate(t, "2020-01-01")}
		a := org.Assignment{AgencyID: f.a.ID, SupervisorID: &boss.ID, ValidFrom: e.ActiveFrom}
		if err := st.CreateEmployee(ctx, audit.System, &e, &a); err != nil {
			t.Fatal(err)
		}
		want := func(id int64, on string, yes bool) {
			t.Helper()
			if got, err := st.HasSubordinates(ctx, id, mustDate(t, on)); err != nil || got != yes {
				t.Errorf("employee %d on %s supervises: %v (err %v), want %v", id, on, got, err, yes)
			}
		}
		want(boss.ID, "2025-03-17", true)
		want(boss.ID, "2019-12-31", false) // before the staff member's TMT
		want(e.ID, "2025-03-17", false)
		want(next.ID, "2025-03-17", false) // cached now
		move := org.Assignment{EmployeeID: e.ID, AgencyID: f.b.ID, SupervisorID: &next.ID, ValidFrom: mustDate(t, "2025-03-17"), Reason: "mutasi"}
		if err := st.Transfer(ctx, audit.Actor{RegencyID: f.regency.ID}, &move); err != nil {
			t.Fatal(err)
		}
		want(next.ID, "2025-03-17", true)
		want(boss.ID, "2025-03-17", false)
		want(boss.ID, "2025-03-16", true)
		want(987654, "2025-03-17", false) // no such employee: no subordinates
	})
}
