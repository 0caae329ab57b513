package demo

import (
	"context"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/org"
	"github.com/hadir-id/hadir/internal/store"
)

// TestPersonasAreStable pins the personas that docs and tests name. If
// you change the agency tables, names or the seed on purpose, update these
// and the docs.
func TestPersonasAreStable(t *testing.T) {
	rng := rand.New(rand.NewPCG(seed1, seed2))
	p, err := buildPlan(rng)
	if err != nil {
		t.Fatal(err)
	}
	d, err := p.draft(newPeople(rng, today))
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ role, nip, name, agency string }{
		{"employee", "198601282006112001", "Nurhayati Puspita, S.AP.", "DISKOMINFO"},
		{"supervisor", "197912192006071001", "Kurnia Anwar, S.Kom.", "DISKOMINFO"},
		{"agency_admin", "197303121996082001", "Dian Purnamasari, S.E., M.M.", "DISKOMINFO"},
		{"agency_admin", "197805082003091001", "Wahyu Iskandar, S.IP., M.Si.", "DISDIKBUD"},
		{"regency_admin", "198305162010111001", "H. Kurnia Wibowo, S.H., M.H.", "BKD"},
	}
	if len(d.personas) != len(want) {
		t.Fatalf("%d personas, want %d", len(d.personas), len(want))
	}
	for i, w := range want {
		ref, e := d.personas[i], d.employees[d.personas[i].slot]
		if ref.role != w.role || *e.NIP != w.nip || e.Name != w.name || p.agencies[ref.agency].Code != w.agency {
			t.Errorf("persona %d: %s %s %q %s, want %+v", i, ref.role, *e.NIP, e.Name, p.agencies[ref.agency].Code, w)
		}
	}
}

// checkPersonas: one persona per role (two agency admins of different
// agencies), each a real user linked to their employee, with exactly the
// grants and the supervision the role needs.
func checkPersonas(t *testing.T, st *store.Store, res *Result) {
	ctx := context.Background()
	byRole := map[string][]Persona{}
	for _, p := range res.Personas {
		byRole[p.Role] = append(byRole[p.Role], p)
		e := checkPersona(t, st, p)
		t.Logf("persona %-13s %-52s %s %-4s %-36s %s", p.Role, p.Label, p.NIP, e.EmployeeType, p.Name, p.AgencyName)
	}
	if len(byRole["employee"]) != 1 || len(byRole["supervisor"]) != 1 || len(byRole["agency_admin"]) != 2 || len(byRole["regency_admin"]) != 1 {
		t.Fatalf("personas: %+v", res.Personas)
	}
	emp, boss := byRole["employee"][0], byRole["supervisor"][0]
	e, err := st.Employee(ctx, emp.EmployeeID, today)
	if err != nil || e.Current == nil || e.Current.SupervisorID == nil || *e.Current.SupervisorID != boss.EmployeeID {
		t.Errorf("the employee persona's supervisor is not the supervisor persona: %+v (%v)", e.Current, err)
	}
	if has, err := st.HasSubordinates(ctx, boss.EmployeeID, today); !has || err != nil {
		t.Errorf("the supervisor persona has no subordinates (%v)", err)
	}
	if has, err := st.HasSubordinates(ctx, emp.EmployeeID, today); has || err != nil {
		t.Errorf("the employee persona has subordinates (%v)", err)
	}
	for _, p := range []Persona{emp, boss} {
		if g := mustGrants(t, st, p.UserID); len(g) != 0 {
			t.Errorf("%s persona has grants %+v", p.Role, g)
		}
	}
	a, b := byRole["agency_admin"][0], byRole["agency_admin"][1]
	if a.AgencyID == b.AgencyID {
		t.Errorf("both agency admins administer agency %d", a.AgencyID)
	}
	for _, p := range []Persona{a, b} {
		if g := mustGrants(t, st, p.UserID); len(g) != 1 || g[0].Role != auth.RoleAgencyAdmin || g[0].AgencyID == nil || *g[0].AgencyID != p.AgencyID {
			t.Errorf("agency admin %s: grants %+v", p.Name, g)
		}
	}
	r := byRole["regency_admin"][0]
	if g := mustGrants(t, st, r.UserID); len(g) != 1 || g[0].Role != auth.RoleRegencyAdmin || g[0].AgencyID != nil || r.AgencyName != "Badan Kepegawaian dan Diklat" {
		t.Errorf("regency admin %s of %s: grants %+v", r.Name, r.AgencyName, g)
	}
}

// checkPersona: the user, the employee and the agency agree with the persona.
func checkPersona(t *testing.T, st *store.Store, p Persona) org.Employee {
	t.Helper()
	ctx := context.Background()
	u, err := st.User(ctx, p.UserID)
	if err != nil || u.EmployeeID == nil || *u.EmployeeID != p.EmployeeID || u.Name != p.Name {
		t.Fatalf("persona %s: user %+v (%v)", p.Label, u, err)
	}
	e, err := st.Employee(ctx, p.EmployeeID, today)
	if err != nil || *e.NIP != p.NIP || e.Name != p.Name || e.Current == nil || e.Current.AgencyID != p.AgencyID {
		t.Fatalf("persona %s: employee %+v (%v)", p.Label, e, err)
	}
	if a, err := st.Agency(ctx, p.AgencyID); err != nil || a.Name != p.AgencyName {
		t.Fatalf("persona %s: agency %q (%v)", p.Label, a.Name, err)
	}
	return e
}

func mustGrants(t *testing.T, st *store.Store, userID int64) []auth.Grant {
	t.Helper()
	g, err := st.Grants(context.Background(), userID)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// checkAdmins: every top-level agency has its own admin (the puskesmas
// share Dinas Kesehatan's), and BKD has two regency admins.
func checkAdmins(t *testing.T, st *store.Store, res *Result) {
	ctx := context.Background()
	grants, err := st.GrantsIn(ctx, res.RegencyID, nil)
	if err != nil {
		t.Fatal(err)
	}
	administered := map[int64]bool{}
	regency := 0
	for _, g := range grants {
		switch g.Role {
		case auth.RoleAgencyAdmin:
			administered[*g.AgencyID] = true
		case auth.RoleRegencyAdmin:
			regency++
		}
	}
	agencies, _ := st.Agencies(ctx, res.RegencyID, nil)
	for _, a := range agencies {
		if a.ParentID == nil && !administered[a.ID] {
			t.Errorf("%s has no agency admin", a.Name)
		}
		if a.Kind == org.KindHealthCentre && administered[a.ID] {
			t.Errorf("%s has its own admin; puskesmas share Dinas Kesehatan's", a.Name)
		}
	}
	if regency != 2 {
		t.Errorf("%d regency admins, want 2", regency)
	}
}

// checkLinks: each persona's link signs that persona in, once.
func checkLinks(t *testing.T, st *store.Store, res *Result) {
	ctx := context.Background()
	const base = "https://hadir.example"
	links, err := SignInLinks(ctx, st, base, res.Personas)
	if err != nil || len(links) != len(res.Personas) {
		t.Fatalf("links: %d (%v)", len(links), err)
	}
	for i, link := range links {
		token, ok := strings.CutPrefix(link, base+"/api/v1/auth/link?token=")
		if !ok {
			t.Fatalf("link %q", link)
		}
		tok, err := st.RedeemLoginToken(ctx, token, auth.PurposeSignIn)
		if err != nil || tok.UserID == nil || *tok.UserID != res.Personas[i].UserID {
			t.Errorf("link of %s: %+v (%v)", res.Personas[i].Label, tok, err)
		}
	}
}

// metres is the great-circle distance between two points.
func metres(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6_371_000.0
	rad := math.Pi / 180
	dLat, dLon := (lat2-lat1)*rad, (lon2-lon1)*rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * r * math.Asin(math.Sqrt(h))
}
