package demo

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/audit"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/org"
	"github.com/hadir-id/hadir/internal/store"
	"github.com/hadir-id/hadir/internal/store/storetest"
)

// today is a Monday after the newest appointment in the demo.
var today = civil.Date{Year: 2026, Month: time.March, Day: 2}

func TestSeedSQLite(t *testing.T) {
	st := mustSQLite(t)
	res := mustSeed(t, st)
	checkSeeded(t, st, res)
}

// TestSeedDeterministic: two fresh databases get the same people in the
// same order, so docs and tests may name them.
func TestSeedDeterministic(t *testing.T) {
	a, b := mustSQLite(t), mustSQLite(t)
	ra, rb := mustSeed(t, a), mustSeed(t, b)
	ea, eb := mustEmployees(t, a, ra.RegencyID), mustEmployees(t, b, rb.RegencyID)
	if len(ea) != len(eb) {
		t.Fatalf("%d vs %d employees", len(ea), len(eb))
	}
	for i := range ea {
		if *ea[i].NIP != *eb[i].NIP || ea[i].Name != eb[i].Name {
			t.Fatalf("employee %d differs: %s %q vs %s %q", i, *ea[i].NIP, ea[i].Name, *eb[i].NIP, eb[i].Name)
		}
	}
	for i := range ra.Personas {
		pa, pb := ra.Personas[i], rb.Personas[i]
		if pa.NIP != pb.NIP || pa.Name != pb.Name || pa.Label != pb.Label {
			t.Errorf("persona %d differs: %+v vs %+v", i, pa, pb)
		}
	}
}

func TestSeedRejectsBadInput(t *testing.T) {
	st := mustSQLite(t)
	if _, err := Seed(context.Background(), st, "Europe/Berlin", today); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("foreign zone: got %v, want invalid", err)
	}
	if _, err := Seed(context.Background(), st, "Asia/Jakarta", civil.Date{Year: 2019, Month: 12, Day: 31}); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("today in 2019: got %v, want invalid", err)
	}
}

func BenchmarkSeed(b *testing.B) {
	for range b.N {
		b.StopTimer()
		st := mustSQLite(b)
		b.StartTimer()
		res, err := Seed(context.Background(), st, "Asia/Jakarta", today)
		b.StopTimer()
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(res.Employees), "employees")
		st.Close()
	}
}

func mustSQLite(t testing.TB) *store.Store {
	t.Helper()
	return storetest.Open(t, "sqlite", nil)
}

func mustSeed(t *testing.T, st *store.Store) *Result {
	t.Helper()
	res, err := Seed(context.Background(), st, "Asia/Jakarta", today)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: seeded %d agencies, %d sites, %d employees in %v", st.Dialect(), res.Agencies, res.Sites, res.Employees, res.Elapsed)
	return res
}

// mustEmployees lists every employee with today's assignment, by id.
func mustEmployees(t *testing.T, st *store.Store, regencyID int64) []org.Employee {
	t.Helper()
	var out []org.Employee
	for {
		f := org.EmployeeFilter{RegencyID: regencyID, On: today, Limit: 500}
		if len(out) > 0 {
			f.AfterID = out[len(out)-1].ID
		}
		page, err := st.Employees(context.Background(), f)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			return out
		}
		out = append(out, page...)
	}
}

// checkSeeded runs every check of a seeded database; the SQLite and
// PostgreSQL tests share it.
func checkSeeded(t *testing.T, st *store.Store, res *Result) {
	ctx := context.Background()
	n, err := st.CountEmployees(ctx, res.RegencyID, today, nil)
	if err != nil || n != totalASN || res.Employees != totalASN {
		t.Fatalf("employees: counted %d (%v), result %d; want %d", n, err, res.Employees, totalASN)
	}
	agencies := checkAgencies(t, st, res)
	emps := mustEmployees(t, st, res.RegencyID)
	checkPeople(t, emps)
	checkSupervision(t, st, emps, agencies)
	checkSites(t, st, res, agencies)
	checkPersonas(t, st, res)
	checkAdmins(t, st, res)
	checkLinks(t, st, res)
	log, err := st.AuditLog(ctx, audit.Filter{RegencyID: res.RegencyID, Entity: "regency", EntityID: res.RegencyID})
	if err != nil || len(log) != 1 || log[0].Action != "demo.seed" || !strings.Contains(log[0].Detail, `"employees":7235`) {
		t.Errorf("audit trail: %+v (%v)", log, err)
	}
	if _, err := Seed(ctx, st, "Asia/Jakarta", today); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("seeding twice: got %v, want conflict", err)
	}
	if n, _ := st.CountEmployees(ctx, res.RegencyID, today, nil); n != totalASN {
		t.Errorf("after the second seed: %d employees", n)
	}
}

func checkAgencies(t *testing.T, st *store.Store, res *Result) []org.Agency {
	agencies, err := st.Agencies(context.Background(), res.RegencyID, nil)
	if err != nil || len(agencies) != res.Agencies {
		t.Fatalf("agencies: %d (%v), result says %d", len(agencies), err, res.Agencies)
	}
	dinkes := agencyByCode(t, agencies, "DINKES")
	var top, pkm, inpatient, kec int
	for _, a := range agencies {
		if err := a.Validate(); err != nil {
			t.Errorf("agency %s: %v", a.Code, err)
		}
		switch {
		case a.ParentID == nil:
			top++
		case *a.ParentID == dinkes.ID && a.Kind == org.KindHealthCentre:
			pkm++
			if a.ShiftWork {
				inpatient++
			}
		}
		if a.Kind == org.KindDistrict {
			kec++
		}
	}
	if top < 40 || pkm != 28 || inpatient != 15 || kec != 17 {
		t.Errorf("agencies: %d top-level (want ≥ 40), %d puskesmas (28), %d inpatient (15), %d kecamatan (17)", top, pkm, inpatient, kec)
	}
	for _, code := range []string{"RSUD", "SATPOLPP"} {
		if a := agencyByCode(t, agencies, code); !a.ShiftWork {
			t.Errorf("%s should work shifts", code)
		}
	}
	return agencies
}

func agencyByCode(t *testing.T, agencies []org.Agency, code string) org.Agency {
	t.Helper()
	i := slices.IndexFunc(agencies, func(a org.Agency) bool { return a.Code == code })
	if i < 0 {
		t.Fatalf("no agency %s", code)
	}
	return agencies[i]
}

// checkPeople: valid, unique NIPs; ASN types only, in plausible shares.
func checkPeople(t *testing.T, emps []org.Employee) {
	seen := map[string]bool{}
	types := map[string]int{}
	for _, e := range emps {
		if err := e.Validate(); err != nil {
			t.Fatalf("employee %d %q: %v", e.ID, e.Name, err)
		}
		nip := *e.NIP
		if seen[nip] {
			t.Fatalf("NIP %s appears twice", nip)
		}
		seen[nip] = true
		types[e.EmployeeType]++
		tmt := civil.Date{Year: atoi(nip[8:12]), Month: time.Month(atoi(nip[12:14])), Day: 1}
		if e.ActiveFrom != tmt || e.Current.ValidFrom != e.ActiveFrom || tmt.After(civil.Date{Year: 2024, Month: 12, Day: 1}) {
			t.Fatalf("employee %s: active from %s, assignment from %s", nip, e.ActiveFrom, e.Current.ValidFrom)
		}
		if birth := atoi(nip[:4]); birth < 1966 || birth > 2000 || atoi(nip[8:12]) < birth+19 {
			t.Fatalf("employee %s: born %d, appointed %s", nip, birth, nip[8:14])
		}
	}
	share := func(typ string) float64 { return float64(types[typ]) / float64(len(emps)) }
	t.Logf("types: %v (PPPK %.1f%%, CPNS %.1f%%)", types, 100*share(org.TypePPPK), 100*share(org.TypeCPNS))
	if types[org.TypeNonASN] > 0 || share(org.TypePPPK) < 0.09 || share(org.TypePPPK) > 0.15 || share(org.TypeCPNS) > 0.03 {
		t.Errorf("implausible employee types: %v", types)
	}
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

// checkSupervision: one root (the Sekda), every supervisor is an employee,
// no cycles, and spans of at most 30 but for the Sekda and the Kepala Dinas
// Kesehatan, who lead every agency head and every puskesmas head.
func checkSupervision(t *testing.T, st *store.Store, emps []org.Employee, agencies []org.Agency) {
	sup := map[int64]int64{}
	span := map[int64]int{}
	var roots []org.Employee
	for _, e := range emps {
		if e.Current.SupervisorID == nil {
			roots = append(roots, e)
			continue
		}
		sup[e.ID] = *e.Current.SupervisorID
		span[*e.Current.SupervisorID]++
	}
	if len(roots) != 1 {
		t.Fatalf("%d employees without a supervisor, want 1 (the Sekda)", len(roots))
	}
	pos, err := st.Position(context.Background(), *roots[0].Current.PositionID)
	if err != nil || pos.Name != "Sekretaris Daerah" {
		t.Fatalf("the employee without a supervisor holds %q (%v), want Sekretaris Daerah", pos.Name, err)
	}
	maxDepth := 0
	for _, e := range emps {
		depth := 0
		for id := e.ID; id != roots[0].ID; id = sup[id] {
			if _, ok := sup[id]; !ok {
				t.Fatalf("employee %d: supervisor chain leaves the regency at %d", e.ID, id)
			}
			if depth++; depth > 20 {
				t.Fatalf("employee %d: supervisor cycle", e.ID)
			}
		}
		maxDepth = max(maxDepth, depth)
	}
	checkSpans(t, span, roots[0].ID, kadinkes(t, emps, agencies))
	t.Logf("supervision: %d supervisors, chains up to %d levels", len(span), maxDepth)
}

// kadinkes is the supervisor of the puskesmas heads.
func kadinkes(t *testing.T, emps []org.Employee, agencies []org.Agency) int64 {
	pkm := agencyByCode(t, agencies, "PKM-NATAR")
	for _, e := range emps {
		if e.Current.AgencyID == pkm.ID && e.Current.SupervisorID != nil {
			if boss := findEmployee(emps, *e.Current.SupervisorID); boss.Current.AgencyID != pkm.ID {
				return boss.ID
			}
		}
	}
	t.Fatal("the head of UPT Puskesmas Natar reports to no one outside it")
	return 0
}

func findEmployee(emps []org.Employee, id int64) org.Employee {
	i, _ := slices.BinarySearchFunc(emps, id, func(e org.Employee, id int64) int { return int(e.ID - id) })
	return emps[i]
}

func checkSpans(t *testing.T, span map[int64]int, sekda, kadinkes int64) {
	var spans []int
	for id, n := range span {
		spans = append(spans, n)
		if n > 30 && id != sekda && id != kadinkes {
			t.Errorf("employee %d leads %d people directly", id, n)
		}
	}
	slices.Sort(spans)
	t.Logf("spans of control: min %d, median %d, max %d (Sekda %d, Kadinkes %d)",
		spans[0], spans[len(spans)/2], spans[len(spans)-1], span[sekda], span[kadinkes])
}

// checkSites: valid, inside Lampung Selatan; the Kalianda offices within
// 3 km of the town; the RSUD where it is, with a polygon.
func checkSites(t *testing.T, st *store.Store, res *Result, agencies []org.Agency) {
	total, multi, polygons := 0, 0, 0
	for _, a := range agencies {
		sites, err := st.Sites(context.Background(), a.ID)
		if err != nil || len(sites) == 0 {
			t.Fatalf("agency %s: %d sites (%v)", a.Code, len(sites), err)
		}
		total += len(sites)
		if len(sites) > 1 {
			multi++
		}
		for _, s := range sites {
			if len(s.Polygon) > 0 {
				polygons++
			}
			checkSite(t, a, s)
		}
	}
	rsud, _ := st.Sites(context.Background(), agencyByCode(t, agencies, "RSUD").ID)
	if r := rsud[0]; r.Lat != rsudLat || r.Lon != rsudLon || r.RadiusM != 200 || len(r.Polygon) < 3 {
		t.Errorf("RSUD site: %+v", r)
	}
	if total != res.Sites || multi < 1 || polygons < 1 {
		t.Errorf("sites: %d (result %d), %d agencies with several, %d polygons", total, res.Sites, multi, polygons)
	}
}

func checkSite(t *testing.T, a org.Agency, s org.Site) {
	t.Helper()
	if err := s.Validate(); err != nil || !s.Active {
		t.Errorf("site %q of %s: %v (active %v)", s.Name, a.Code, err, s.Active)
	}
	if s.Lat < -5.95 || s.Lat > -5.25 || s.Lon < 105.15 || s.Lon > 105.95 {
		t.Errorf("site %q of %s at %.5f, %.5f: outside Lampung Selatan", s.Name, a.Code, s.Lat, s.Lon)
	}
	if s.RadiusM < 50 || s.RadiusM > 200 {
		t.Errorf("site %q: radius %.0f m", s.Name, s.RadiusM)
	}
	inKalianda := a.Kind != org.KindDistrict && a.Kind != org.KindHealthCentre &&
		!strings.HasPrefix(s.Name, "SD ") && !strings.HasPrefix(s.Name, "SMP ")
	if d := metres(s.Lat, s.Lon, -5.73, 105.59); inKalianda && d > 3000 {
		t.Errorf("site %q of %s is %.0f m from Kalianda", s.Name, a.Code, d)
	}
}
