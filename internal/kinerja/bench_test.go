package kinerja_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/hadir-id/hadir/internal/audit"
	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/kinerja"
	"github.com/hadir-id/hadir/internal/org"
	"github.com/hadir-id/hadir/internal/store"
	"github.com/hadir-id/hadir/internal/store/storetest"
)

// team is a supervisor with n subordinates, each with an SKP of one RHK.
type team struct {
	st   *store.Store
	svc  *kinerja.Service
	boss *auth.Principal
	ids  []int64
	rhk  map[int64]int64
	now  time.Time
}

func newTeam(b *testing.B, dialect string, n int) *team {
	ctx := context.Background()
	now := time.Date(2026, 3, 31, 9, 0, 0, 0, time.UTC)
	st := storetest.Open(b, dialect, func() time.Time { return now })
	reg := org.Regency{Name: "Kabupaten Uji", Timezone: "Asia/Jakarta"}
	must(b, st.CreateRegency(ctx, audit.System, &reg))
	ag := org.Agency{RegencyID: reg.ID, Code: "KOMINFO", Name: "Diskominfo", Kind: org.KindDinas, Active: true}
	must(b, st.CreateAgency(ctx, audit.System, &ag))
	from := civil.Date{Year: 2025, Month: time.January, Day: 1}
	mk := func(i int, sup *int64) org.Employee {
		nip := fmt.Sprintf("19800101200601%04d", i)
		e := org.Employee{RegencyID: reg.ID, NIP: &nip, Name: fmt.Sprintf("Pegawai %02d", i), EmployeeType: org.TypePNS, UserHandle: auth.NewUserHandle(), ActiveFrom: from}
		must(b, st.CreateEmployee(ctx, audit.System, &e, &org.Assignment{AgencyID: ag.ID, SupervisorID: sup, ValidFrom: from}))
		return e
	}
	boss := mk(0, nil)
	t := &team{st: st, svc: &kinerja.Service{Store: st, Now: func() time.Time { return now }}, rhk: map[int64]int64{}, now: now,
		boss: &auth.Principal{UserID: 1, RegencyID: reg.ID, EmployeeID: &boss.ID, Roles: []auth.Role{auth.RoleEmployee, auth.RoleSupervisor}}}
	for i := 1; i <= n; i++ {
		e := mk(i, &boss.ID)
		k := kinerja.SKP{EmployeeID: e.ID, Year: 2026, Status: kinerja.StatusAgreed, UpdatedAt: now,
			RHKs: []kinerja.RHK{{Kind: kinerja.RHKMain, Text: "Layanan", Indicator: "Jumlah", TargetQty: 12, TargetUnit: "laporan"}}}
		must(b, st.SaveSKP(ctx, audit.System, &k))
		t.ids, t.rhk[e.ID] = append(t.ids, e.ID), k.RHKs[0].ID
	}
	return t
}

func must(b testing.TB, err error) {
	b.Helper()
	if err != nil {
		b.Fatal(err)
	}
}

// logMonth writes perDay submitted entries per weekday of March 2026 for
// every member; it returns the ids.
func (t *team) logMonth(b *testing.B, perDay int, upTo int) []int64 {
	ctx := context.Background()
	var ids []int64
	for _, id := range t.ids {
		for d := (civil.Date{Year: 2026, Month: time.March, Day: 1}); d.Month == time.March; d = d.AddDays(1) {
			if w := d.Weekday(); w == time.Saturday || w == time.Sunday {
				continue
			}
			for j := 0; j < perDay && len(ids) < upTo; j++ {
				e := kinerja.Entry{EmployeeID: id, Date: d, RHKID: t.rhk[id], What: "Menyusun laporan harian", Volume: 1, Unit: "laporan", Minutes: 100, Status: kinerja.StatusSubmitted}
				must(b, t.st.CreateEntry(ctx, audit.System, &e))
				ids = append(ids, e.ID)
			}
		}
	}
	return ids
}

// BenchmarkBulkApprove1000: one decision of 1,000 submitted entries of a
// 40-person team (the checks of every id, then one transaction).
func BenchmarkBulkApprove1000(b *testing.B) {
	for _, dialect := range storetest.Dialects {
		b.Run(dialect, func(b *testing.B) {
			t := newTeam(b, dialect, 40)
			for b.Loop() {
				b.StopTimer()
				ids := t.logMonth(b, 2, 1000)
				b.StartTimer()
				n, err := t.svc.Decide(context.Background(), t.boss, kinerja.Decision{IDs: ids, Approve: true})
				if err != nil || n != 1000 {
					b.Fatalf("decided %d: %v", n, err)
				}
			}
		})
	}
}

// BenchmarkTeamMonth40: the supervisor's month of a 40-person team with
// three entries per working day each (~2,600 entries): the progress table
// and the pending list, JSON-encoded as the API sends them.
func BenchmarkTeamMonth40(b *testing.B) {
	for _, dialect := range storetest.Dialects {
		b.Run(dialect, func(b *testing.B) {
			t := newTeam(b, dialect, 40)
			t.logMonth(b, 3, 1<<30)
			ctx, sizes := context.Background(), [3]int{}
			from, to := civil.Date{Year: 2026, Month: time.March, Day: 1}, civil.Date{Year: 2026, Month: time.March, Day: 31}
			for b.Loop() {
				rows, err := t.svc.TeamMonth(ctx, t.boss, "2026-03")
				must(b, err)
				pend, err := t.svc.Pending(ctx, t.boss, from, to)
				must(b, err)
				j1, _ := json.Marshal(rows)
				j2, _ := json.Marshal(pend)
				if len(rows) != 40 || len(pend) != 40 {
					b.Fatalf("%d rows, %d pending", len(rows), len(pend))
				}
				sizes = [3]int{len(j1), len(j2), gzipped(j2)}
			}
			b.ReportMetric(float64(sizes[0]), "table-B")
			b.ReportMetric(float64(sizes[1]), "pending-B")
			b.ReportMetric(float64(sizes[2]), "pending-gz-B")
		})
	}
}

func gzipped(b []byte) int {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return buf.Len()
}
