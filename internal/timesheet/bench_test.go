package timesheet_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/org"
	"github.com/hadir-id/hadir/internal/rules"
	"github.com/hadir-id/hadir/internal/store"
	"github.com/hadir-id/hadir/internal/store/storetest"
)

// seedAgency adds n employees to the world's agency with two events on
// every working day of January 2025 (check-in 07:00–07:50, check-out
// 15:55–16:45 against 07:30–16:00), in one bulk transaction.
func seedAgency(b testing.TB, w *world, n int) []int64 {
	b.Helper()
	ctx := context.Background()
	emps := make([]*org.Employee, n)
	for i := range emps {
		nip := fmt.Sprintf("19850101201001%d%03d", 1+i%2, 1+i%999)
		nip = nip[:14] + fmt.Sprintf("%d%03d", 1+(i/999)%2, 1+i%999)
		emps[i] = &org.Employee{RegencyID: w.regency.ID, Name: fmt.Sprintf("Pegawai %d", i), EmployeeType: org.TypePNS,
			UserHandle: auth.NewUserHandle(), ActiveFrom: d("2010-01-01")}
		if i >= 2*999 {
			emps[i].NIP = nil
			emps[i].EmployeeType = org.TypeNonASN
		} else {
			emps[i].NIP = &nip
		}
	}
	must(b, w.st.InBulk(ctx, func(bk *store.Bulk) error {
		if err := bk.Insert(emps); err != nil {
			return err
		}
		var as []*org.Assignment
		var evs []*rules.Event
		for i, e := range emps {
			as = append(as, &org.Assignment{EmployeeID: e.ID, AgencyID: w.agency.ID, ValidFrom: e.ActiveFrom, CreatedAt: now})
			evs = append(evs, monthEvents(e.ID, i)...)
		}
		if err := bk.Insert(as); err != nil {
			return err
		}
		return bk.Insert(evs)
	}))
	ids := make([]int64, n)
	for i, e := range emps {
		ids[i] = e.ID
	}
	return ids
}

func monthEvents(empID int64, salt int) []*rules.Event {
	var out []*rules.Event
	for day := 1; day <= 31; day++ {
		t := time.Date(2025, 1, day, 0, 0, 0, 0, wib)
		if t.Weekday() == time.Saturday || t.Weekday() == time.Sunday {
			continue
		}
		in := t.Add(7*time.Hour + time.Duration((salt*7+day*13)%50)*time.Minute)
		out_ := t.Add(15*time.Hour + 55*time.Minute + time.Duration((salt*11+day*3)%50)*time.Minute)
		out = append(out,
			&rules.Event{EmployeeID: empID, At: in.UTC(), Type: "in", Source: "bench", Status: rules.EventAccepted, CreatedAt: now},
			&rules.Event{EmployeeID: empID, At: out_.UTC(), Type: "out", Source: "bench", Status: rules.EventAccepted, CreatedAt: now})
	}
	return out
}

// BenchmarkRecomputeAgencyMonth recomputes one agency-month of 500
// employees (15,500 days from 23,000 events): load, evaluate, store.
// cold: no stored days yet, every day is written; warm: the stored days
// are current, so nothing is rewritten (a recalculation that changes
// nothing); floor: only reading the month's events, the baseline of the
// same run that the other two are compared with.
func BenchmarkRecomputeAgencyMonth(b *testing.B) {
	for _, dialect := range storetest.Dialects {
		for _, mode := range []string{"floor", "cold", "warm"} {
			b.Run(dialect+"/"+mode, func(b *testing.B) {
				w := mustWorld(b, dialect)
				ids := seedAgency(b, w, 500)
				ctx := context.Background()
				from, to := civil.Date{Year: 2025, Month: 1, Day: 1}, civil.Date{Year: 2025, Month: 1, Day: 31}
				recompute := func() {
					n, err := w.days.Recompute(ctx, w.regency.ID, []int64{w.agency.ID}, nil, from, to)
					if err != nil || n != 501*31 {
						b.Fatalf("recompute: %d days, %v", n, err)
					}
				}
				recompute()
				b.ResetTimer()
				if mode == "floor" { // the least any recomputation does: read the month's events
					lo, hi := from.AddDays(-3).Time(wib), to.AddDays(5).Time(wib)
					for b.Loop() {
						evs, err := w.st.Events(ctx, ids, lo, hi)
						if err != nil || len(evs) != 500*46 {
							b.Fatalf("events: %d %v", len(evs), err)
						}
					}
					return
				}
				for b.Loop() {
					if mode == "cold" {
						b.StopTimer()
						must(b, w.st.ReplaceDays(ctx, append(ids, w.emp.ID), from, to, nil))
						b.StartTimer()
					}
					recompute()
				}
			})
		}
	}
}

// The benchmark's data gives the expected recap: a smoke test that keeps
// the benchmark honest.
func TestRecomputeAgencyMonthSmoke(t *testing.T) {
	w := mustWorld(t, "sqlite")
	ids := seedAgency(t, w, 50)
	ctx := context.Background()
	n, err := w.days.Recompute(ctx, w.regency.ID, []int64{w.agency.ID}, nil, civil.Date{Year: 2025, Month: 1, Day: 1}, civil.Date{Year: 2025, Month: 1, Day: 31})
	if err != nil || n != 51*31 {
		t.Fatalf("recompute: %d, %v", n, err)
	}
	days, err := w.st.Days(ctx, ids[:1], civil.Date{Year: 2025, Month: 1, Day: 1}, civil.Date{Year: 2025, Month: 1, Day: 31})
	if err != nil || len(days) != 31 {
		t.Fatalf("days: %d %v", len(days), err)
	}
	scheduled := 0
	for _, dd := range days {
		if dd.Scheduled {
			scheduled++
			if dd.CheckIn == nil || dd.CheckOut == nil {
				t.Errorf("%s: missing events %+v", dd.Date, dd)
			}
		}
	}
	if scheduled != 23 { // 23 weekdays in January 2025
		t.Errorf("scheduled days = %d, want 23", scheduled)
	}
}
