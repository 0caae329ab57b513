package demo

import (
	"context"
	"testing"

	"github.com/hadir-id/hadir/internal/kinerja"
	"github.com/hadir-id/hadir/internal/org"
	"github.com/hadir-id/hadir/internal/store"
)

// checkKinerja: the regency catalogue, agreed SKPs for the supervisor
// persona and their team (each RHK linked to the supervisor's), none for
// the employee persona (they plan it), and a month of entries in every
// state with the supervisor's week waiting.
func checkKinerja(t *testing.T, st *store.Store, res *Result) {
	ctx := context.Background()
	acts, err := st.Activities(ctx, kinerja.ActivityFilter{RegencyID: res.RegencyID, Limit: 200})
	if err != nil || len(acts) != 40 {
		t.Fatalf("catalogue: %d activities (%v), want 40", len(acts), err)
	}
	var emp, boss Persona
	for _, p := range res.Personas {
		if p.Role == "employee" {
			emp = p
		} else if p.Role == "supervisor" {
			boss = p
		}
	}
	if _, err := st.SKP(ctx, emp.EmployeeID, today.Year); err == nil {
		t.Error("the employee persona has an SKP: they should plan it in the demo")
	}
	top, err := st.SKP(ctx, boss.EmployeeID, today.Year)
	if err != nil || top.Status != kinerja.StatusAgreed || len(top.RHKs) == 0 || top.RHKs[0].ParentID == nil {
		t.Fatalf("the supervisor's SKP %+v (%v)", top, err)
	}
	team, err := st.Employees(ctx, org.EmployeeFilter{RegencyID: res.RegencyID, On: today, SupervisorID: boss.EmployeeID, Limit: 50})
	if err != nil || len(team) < 2 {
		t.Fatalf("team %d (%v)", len(team), err)
	}
	ids := []int64{boss.EmployeeID}
	for _, e := range team {
		ids = append(ids, e.ID)
	}
	es, err := st.Entries(ctx, kinerja.EntryFilter{EmployeeIDs: ids, From: today.AddDays(-31), To: today})
	if err != nil {
		t.Fatal(err)
	}
	states := map[string]int{}
	for _, e := range es {
		states[e.Status]++
		if e.EmployeeID == emp.EmployeeID {
			t.Fatal("the employee persona has seeded entries")
		}
	}
	for _, s := range []string{kinerja.StatusDraft, kinerja.StatusSubmitted, kinerja.StatusApproved, kinerja.StatusReturned} {
		if states[s] == 0 {
			t.Errorf("no %s entries in the demo: %v", s, states)
		}
	}
	t.Logf("demo e-kinerja: %d team members, entries %v", len(team), states)
}
