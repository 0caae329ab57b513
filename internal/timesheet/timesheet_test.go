package timesheet_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/hadir-id/hadir/internal/attendance"
	"github.com/hadir-id/hadir/internal/audit"
	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/org"
	"github.com/hadir-id/hadir/internal/rules"
	"github.com/hadir-id/hadir/internal/store"
	"github.com/hadir-id/hadir/internal/store/storetest"
	"github.com/hadir-id/hadir/internal/timesheet"
)

var wib = time.FixedZone("WIB", 7*3600)

// now: Monday 2025-03-17 10:00 WIB.
var now = time.Date(2025, 3, 17, 10, 0, 0, 0, wib)

type world struct {
	st      *store.Store
	days    *timesheet.Recomputer
	worker  *timesheet.Worker
	regency org.Regency
	agency  org.Agency
	emp     org.Employee
	policy  rules.Policy
}

func d(s string) civil.Date {
	v, err := civil.Parse(s)
	if err != nil {
		panic(err)
	}
	return v
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func mustWorld(t testing.TB, dialect string) *world {
	t.Helper()
	ctx := context.Background()
	clock := func() time.Time { return now }
	st := storetest.Open(t, dialect, clock)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	w := &world{st: st, days: &timesheet.Recomputer{Store: st, Now: clock, Log: log}}
	w.worker = &timesheet.Worker{Recomputer: w.days, Queue: st, Log: log}
	w.regency = org.Regency{Name: "Kabupaten Uji", Timezone: "Asia/Jakarta"}
	must(t, st.CreateRegency(ctx, audit.System, &w.regency))
	w.agency = org.Agency{RegencyID: w.regency.ID, Code: "DISKOMINFO", Name: "Diskominfo", Kind: org.KindDinas, Active: true}
	must(t, st.CreateAgency(ctx, audit.System, &w.agency))
	w.emp = w.mustEmployee(t, "199001012015031001")
	w.policy = rules.Policy{RegencyID: w.regency.ID, Name: "Perbup 2025", ValidFrom: d("2025-01-01"), Body: rules.DefaultPolicy}
	must(t, st.CreatePolicy(ctx, audit.System, &w.policy))
	must(t, st.CreateSchedule(ctx, audit.System, &rules.Schedule{RegencyID: w.regency.ID, Name: "Jam kerja", ValidFrom: d("2025-01-01"), Weekly: rules.DefaultWeekly}))
	must(t, st.CreatePeriod(ctx, audit.System, &rules.Period{RegencyID: w.regency.ID, Name: "Ramadan 1446 H", DateFrom: d("2025-03-01"), DateTo: d("2025-03-30"), Weekly: rules.RamadanWeekly}))
	return w
}

func (w *world) mustEmployee(t testing.TB, nip string) org.Employee {
	t.Helper()
	e := org.Employee{RegencyID: w.regency.ID, NIP: &nip, Name: "Pegawai " + nip[15:], EmployeeType: org.TypePNS,
		UserHandle: auth.NewUserHandle(), ActiveFrom: d("2015-03-01")}
	must(t, w.st.CreateEmployee(context.Background(), audit.System, &e, &org.Assignment{AgencyID: w.agency.ID, ValidFrom: e.ActiveFrom}))
	return e
}

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func (w *world) events(t testing.TB, empID int64, stamps ...string) {
	t.Helper()
	var evs []rules.Event
	for i, s := range stamps {
		typ := "in"
		if i%2 == 1 {
			typ = "out"
		}
		evs = append(evs, rules.Event{EmployeeID: empID, At: at(s), Type: typ, Source: "test", Status: rules.EventAccepted, CreatedAt: now})
	}
	must(t, w.st.AddEvents(context.Background(), audit.System, time.UTC, evs))
}

func (w *world) day(t testing.TB, date string) timesheet.DayRecord {
	t.Helper()
	days, err := w.st.Days(context.Background(), []int64{w.emp.ID}, d(date), d(date))
	if err != nil || len(days) != 1 {
		t.Fatalf("day %s: %v (%d rows)", date, err, len(days))
	}
	return days[0]
}

// A leave approved after the fact turns a TK day into the leave code and
// changes the month's recap; the outbox does it off the request path.
func TestApprovedLeaveRecomputesPastDay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		w := mustWorld(t, dialect)
		w.events(t, w.emp.ID, "2025-03-10T07:55:00+07:00", "2025-03-10T15:01:00+07:00", // Mon, Ramadan hours 08:00–15:00
			"2025-03-12T08:41:10+07:00", "2025-03-12T15:00:00+07:00") // Wed: TL2
		if _, err := w.worker.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		n, err := w.days.Recompute(ctx, w.regency.ID, nil, nil, d("2025-03-10"), d("2025-03-14"))
		if err != nil || n != 5 {
			t.Fatalf("recompute: %d days, %v", n, err)
		}
		if got := w.day(t, "2025-03-11"); got.Codes[0] != "TK" || got.DeductionPct != 3 {
			t.Fatalf("Tue 11th = %v %v, want TK 3", got.Codes, got.DeductionPct)
		}
		if got := w.day(t, "2025-03-12"); got.Codes[0] != "TL2" || got.LateMin != 41 {
			t.Fatalf("Wed 12th = %v late %d, want TL2 41", got.Codes, got.LateMin)
		}
		before := w.recap(t)
		leave := rules.Absence{EmployeeID: w.emp.ID, DateFrom: d("2025-03-11"), DateTo: d("2025-03-11"), Code: "CS", Status: rules.AbsencePending, CreatedAt: now}
		must(t, w.st.CreateAbsence(ctx, audit.System, w.agency.ID, &leave))
		if _, err := w.st.DecideAbsence(ctx, audit.System, w.agency.ID, leave.ID, rules.AbsenceApproved); err != nil {
			t.Fatal(err)
		}
		if n, err := w.worker.Drain(ctx); err != nil || n != 1 {
			t.Fatalf("drain: %d jobs, %v", n, err)
		}
		if got := w.day(t, "2025-03-11"); len(got.Codes) != 1 || got.Codes[0] != "CS" || got.DeductionPct != 0 {
			t.Fatalf("after approval Tue 11th = %v %v, want CS 0", got.Codes, got.DeductionPct)
		}
		after := w.recap(t)
		if before.AbsentDays != 3 || after.AbsentDays != 2 || after.Absences["CS"] != 1 || after.DeductionPct != before.DeductionPct-3 {
			t.Fatalf("recap before %+v, after %+v", before, after)
		}
		_, err = w.st.DecideAbsence(ctx, audit.System, w.agency.ID, leave.ID, rules.AbsenceRejected)
		if err == nil {
			t.Fatal("deciding twice succeeded")
		}
	})
}

func (w *world) recap(t testing.TB) attendance.Summary {
	t.Helper()
	days, err := w.st.Days(context.Background(), []int64{w.emp.ID}, d("2025-03-01"), d("2025-03-31"))
	must(t, err)
	rs, err := timesheet.Recaps(context.Background(), w.st, days)
	if err != nil || len(rs) != 1 {
		t.Fatalf("recaps: %v %v", rs, err)
	}
	return rs[0].Summary
}

// The stored days equal what `hadir evaluate` gives for the exported case:
// one engine, one code path.
func TestStoredDaysEqualEvaluate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		w := mustWorld(t, dialect)
		must(t, w.st.CreateHoliday(ctx, audit.System, &rules.Holiday{RegencyID: w.regency.ID, Date: d("2025-03-28"), Name: "Cuti Bersama Nyepi", Kind: rules.HolidayCutiBersama}))
		w.events(t, w.emp.ID, "2025-03-03T08:05:00+07:00", "2025-03-03T14:40:00+07:00",
			"2025-03-04T07:00:00+07:00", "2025-03-04T16:00:00+07:00",
			"2025-03-05T09:45:00+07:00", "2025-03-05T15:10:00+07:00")
		must(t, w.st.CreateAbsence(ctx, audit.System, w.agency.ID, &rules.Absence{EmployeeID: w.emp.ID,
			DateFrom: d("2025-03-06"), DateTo: d("2025-03-07"), Code: "DL", Status: rules.AbsenceApproved, CreatedAt: now}))
		if _, err := w.days.Recompute(ctx, w.regency.ID, []int64{w.agency.ID}, nil, d("2025-03-01"), d("2025-03-31")); err != nil {
			t.Fatal(err)
		}
		cases, err := w.days.Cases(ctx, w.regency.ID, w.emp.ID, d("2025-03-01"), d("2025-03-16"))
		if err != nil || len(cases) != 1 {
			t.Fatalf("cases: %d %v", len(cases), err)
		}
		doc, err := attendance.EncodeCase(cases[0])
		must(t, err)
		out, err := attendance.EvaluateJSON(doc) // what `hadir evaluate` prints
		must(t, err)
		var res struct {
			Days []struct {
				Date         string   `json:"date"`
				Codes        []string `json:"codes"`
				LateMin      int      `json:"late_min"`
				EarlyMin     int      `json:"early_min"`
				DeductionPct float64  `json:"deduction_pct"`
				CheckIn      *string  `json:"check_in"`
			} `json:"days"`
		}
		must(t, json.Unmarshal(out, &res))
		stored, err := w.st.Days(ctx, []int64{w.emp.ID}, d("2025-03-01"), d("2025-03-16"))
		if err != nil || len(stored) != len(res.Days) || len(stored) != 16 {
			t.Fatalf("%d stored vs %d evaluated days (%v)", len(stored), len(res.Days), err)
		}
		for i, e := range res.Days {
			s := stored[i]
			if s.Date.String() != e.Date || !equal(s.Codes, e.Codes) || s.LateMin != e.LateMin ||
				s.EarlyMin != e.EarlyMin || s.DeductionPct != e.DeductionPct || (s.CheckIn == nil) != (e.CheckIn == nil) {
				t.Errorf("%s: stored %v late %d early %d ded %v; evaluate %v late %d early %d ded %v",
					e.Date, s.Codes, s.LateMin, s.EarlyMin, s.DeductionPct, e.Codes, e.LateMin, e.EarlyMin, e.DeductionPct)
			}
		}
		if got := stored[4]; !equal(got.Codes, []string{"TL4"}) || got.LateMin != 105 { // Wed 5th 09:45, Ramadan start 08:00
			t.Errorf("5 March: %v late %d, want TL4 105", got.Codes, got.LateMin)
		}
		if s := w.day(t, "2025-03-06"); !equal(s.Codes, []string{"DL"}) {
			t.Errorf("6 March = %v, want DL", s.Codes)
		}
		if s := w.day(t, "2025-03-17"); !s.Provisional {
			t.Errorf("today is not provisional: %+v", s)
		}
		days, _ := w.st.Days(ctx, []int64{w.emp.ID}, d("2025-03-18"), d("2025-03-31"))
		if len(days) != 0 {
			t.Errorf("%d future days stored", len(days))
		}
		explained := timesheet.Explain(w.day(t, "2025-03-03"), wib, "id")
		if len(explained) == 0 || explained[0] != "TL1: masuk 08:05:00, jam kerja mulai 08:00, terlambat 5 menit, rentang TL1 1–30 menit, potongan 0,5%" {
			t.Errorf("explanation = %q", explained)
		}
	})
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// The check-in's preview equals the stored day, for an employee with no
// roster entry or absence (facts from the employee cache, no query) and for
// one with an absence and a roster entry (the full load), every day.
func TestPreviewEqualsStoredDay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		w := mustWorld(t, dialect)
		other := w.mustEmployee(t, "199202022016042002")
		must(t, w.st.CreateAbsence(ctx, audit.System, w.agency.ID, &rules.Absence{EmployeeID: other.ID,
			DateFrom: d("2025-03-06"), DateTo: d("2025-03-07"), Code: "DL", Status: rules.AbsenceApproved, CreatedAt: now}))
		start, end := "09:00", "13:00"
		must(t, w.st.PutRoster(ctx, audit.System, w.agency.ID, other.ID, []rules.RosterEntry{{EmployeeID: other.ID, Date: d("2025-03-10"),
			StartTime: &start, EndTime: &end, CreatedAt: now}}))
		for _, id := range []int64{w.emp.ID, other.ID} {
			w.events(t, id, "2025-03-03T08:05:00+07:00", "2025-03-03T14:40:00+07:00",
				"2025-03-05T09:45:00+07:00", "2025-03-05T15:10:00+07:00",
				"2025-03-10T09:20:00+07:00", "2025-03-10T12:30:00+07:00",
				"2025-03-12T08:41:10+07:00", "2025-03-12T15:00:00+07:00")
		}
		if _, err := w.days.Recompute(ctx, w.regency.ID, nil, nil, d("2025-03-01"), d("2025-03-16")); err != nil {
			t.Fatal(err)
		}
		for _, id := range []int64{w.emp.ID, other.ID} {
			stored, err := w.st.Days(ctx, []int64{id}, d("2025-03-01"), d("2025-03-16"))
			if err != nil || len(stored) != 16 {
				t.Fatalf("stored days: %d %v", len(stored), err)
			}
			evs, err := w.st.Events(ctx, []int64{id}, d("2025-02-20").Time(wib), d("2025-03-20").Time(wib))
			must(t, err)
			for _, s := range stored {
				p, ok, err := w.days.PreviewEvents(ctx, w.regency.ID, id, s.Date, evs)
				if err != nil || !ok {
					t.Fatalf("employee %d %s: preview %v %v", id, s.Date, ok, err)
				}
				if strings.Join(p.Codes, ",") != strings.Join(s.Codes, ",") || p.LateMin != s.LateMin || p.EarlyMin != s.EarlyMin ||
					p.DeductionPct != s.DeductionPct || p.Scheduled != s.Scheduled {
					t.Errorf("employee %d %s: preview %v late %d early %d ded %v, stored %v late %d early %d ded %v",
						id, s.Date, p.Codes, p.LateMin, p.EarlyMin, p.DeductionPct, s.Codes, s.LateMin, s.EarlyMin, s.DeductionPct)
				}
			}
		}
	})
}
