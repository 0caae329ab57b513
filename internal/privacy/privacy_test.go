package privacy_test

import (
	"context"
	"testing"
	"time"

	"github.com/hadir-id/hadir/internal/audit"
	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/org"
	"github.com/hadir-id/hadir/internal/privacy"
	"github.com/hadir-id/hadir/internal/rules"
	"github.com/hadir-id/hadir/internal/store"
	"github.com/hadir-id/hadir/internal/store/storetest"
)

var now = time.Date(2026, 12, 5, 3, 0, 0, 0, time.UTC)

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// A regency keeping positions three months forgets them on older
// check-ins only, keeps the verdict and site, leaves another regency's
// (one month, but recent) alone; the employee's export has everything of
// theirs and nothing of anyone else's.
func TestRetentionAndExport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		st := storetest.Open(t, dialect, func() time.Time { return now })
		a := mustPerson(t, st, "Kabupaten A", 3, "199001012015011001")
		b := mustPerson(t, st, "Kabupaten B", 1, "199001012015011002")
		old, recent := now.AddDate(0, -4, 0), now.AddDate(0, 0, -10)
		for _, e := range []struct {
			who int64
			at  time.Time
		}{{a.ID, old}, {a.ID, recent}, {b.ID, recent}} {
			_, err := st.InsertEvents(ctx, []rules.Event{located(e.who, e.at)})
			must(t, err)
		}
		r := &privacy.Retention{Store: st, Now: func() time.Time { return now }}
		n, err := r.Sweep(ctx)
		if err != nil || n != 1 {
			t.Fatalf("sweep cleared %d (%v), want 1", n, err)
		}
		evsA, _ := st.EmployeeEvents(ctx, a.ID)
		evsB, _ := st.EmployeeEvents(ctx, b.ID)
		evs := append(evsA, evsB...)
		if len(evs) != 3 {
			t.Fatalf("%d events", len(evs))
		}
		for _, ev := range evs {
			forgotten := ev.Lat == nil && ev.Lon == nil && ev.AccuracyM == nil && ev.DistanceM == nil
			if want := ev.At.Equal(old); forgotten != want || ev.Geofence != "inside" || ev.SiteID == nil {
				t.Errorf("event at %s of %d: lat %v distance %v verdict %q site %v", ev.At, ev.EmployeeID, ev.Lat, ev.DistanceM, ev.Geofence, ev.SiteID)
			}
		}
		if n, _ := r.Sweep(ctx); n != 0 {
			t.Errorf("a second sweep cleared %d", n)
		}
		x := &privacy.Exporter{Store: st, Now: func() time.Time { return now }}
		p := &auth.Principal{UserID: 99, RegencyID: a.RegencyID, EmployeeID: &a.ID}
		d, err := x.Mine(ctx, p)
		if err != nil || d.Employee.ID != a.ID || len(d.Checkins) != 2 || len(d.Assignments) != 1 {
			t.Fatalf("export: %+v %v", d, err)
		}
		for _, ev := range d.Checkins {
			if ev.EmployeeID != a.ID {
				t.Errorf("export holds someone else's check-in: %+v", ev)
			}
		}
		if _, err := x.Mine(ctx, &auth.Principal{UserID: 100, RegencyID: a.RegencyID}); err == nil {
			t.Error("a user who is not an employee got an export")
		}
	})
}

func mustPerson(t *testing.T, st *store.Store, regency string, months int, nip string) org.Employee {
	t.Helper()
	ctx := context.Background()
	reg := org.Regency{Name: regency, Timezone: "Asia/Jakarta", CoordinateRetentionMonths: months}
	must(t, st.CreateRegency(ctx, audit.System, &reg))
	ag := org.Agency{RegencyID: reg.ID, Code: "BKD", Name: "BKD", Kind: org.KindBadan, Active: true}
	must(t, st.CreateAgency(ctx, audit.System, &ag))
	e := org.Employee{RegencyID: reg.ID, NIP: &nip, Name: "Pegawai " + nip[15:], EmployeeType: org.TypePNS,
		UserHandle: auth.NewUserHandle(), ActiveFrom: civil.In(now.AddDate(-2, 0, 0), time.UTC)}
	must(t, st.CreateEmployee(ctx, audit.System, &e, &org.Assignment{AgencyID: ag.ID, ValidFrom: e.ActiveFrom}))
	return e
}

func located(employeeID int64, at time.Time) rules.Event {
	lat, lon, acc, dist, site := -5.72, 105.59, 12.0, 30.0, int64(1)
	return rules.Event{EmployeeID: employeeID, At: at, Type: "in", Source: "app", Status: rules.EventAccepted, CreatedAt: at,
		Lat: &lat, Lon: &lon, AccuracyM: &acc, DistanceM: &dist, Geofence: "inside", SiteID: &site, Signals: "[]"}
}
