package org_test

import (
	"context"
	"testing"
	"time"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/audit"
	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/org"
	"github.com/hadir-id/hadir/internal/store"
	"github.com/hadir-id/hadir/internal/store/storetest"
)

var today = time.Date(2025, 3, 3, 1, 0, 0, 0, time.UTC) // 08:00 WIB

type world struct {
	svc         *org.Service
	st          *store.Store
	regency     org.Regency
	dinkes, pkm org.Agency // pkm is a Puskesmas under Dinas Kesehatan
	bkd         org.Agency
	bkdAdmin    *auth.Principal
	dinkesAdmin *auth.Principal
	bkdStaff    org.Employee
	pkmNurse    org.Employee
	nurseBoss   *auth.Principal // the nurse's direct supervisor
}

func mustWorld(t *testing.T, dialect string) world {
	t.Helper()
	ctx := context.Background()
	st := storetest.Open(t, dialect, func() time.Time { return today })
	w := world{st: st, svc: &org.Service{Store: st, Lister: st, Now: func() time.Time { return today }}}
	w.regency = org.Regency{Name: "Kabupaten Uji", Timezone: "Asia/Jakarta"}
	must(t, st.CreateRegency(ctx, audit.System, &w.regency))
	w.bkdAdmin = &auth.Principal{UserID: 1, RegencyID: w.regency.ID, Roles: []auth.Role{auth.RoleRegencyAdmin}}
	w.bkd = org.Agency{Code: "BKD", Name: "Badan Kepegawaian dan Diklat", Kind: org.KindBadan}
	w.dinkes = org.Agency{Code: "DINKES", Name: "Dinas Kesehatan", Kind: org.KindDinas}
	for _, a := range []*org.Agency{&w.bkd, &w.dinkes} {
		must(t, w.svc.CreateAgency(ctx, w.bkdAdmin, a))
	}
	w.pkm = org.Agency{Code: "PKM-1", Name: "UPT Puskesmas Kalianda", Kind: org.KindHealthCentre, ParentID: &w.dinkes.ID}
	must(t, w.svc.CreateAgency(ctx, w.bkdAdmin, &w.pkm))
	w.dinkesAdmin = &auth.Principal{UserID: 2, RegencyID: w.regency.ID, Roles: []auth.Role{auth.RoleAgencyAdmin},
		AdminAgencies: []int64{w.dinkes.ID, w.pkm.ID}}
	w.bkdStaff = w.mustEmployee(t, "198001012005011003", w.bkd.ID, nil)
	boss := w.mustEmployee(t, "197501012000012004", w.pkm.ID, nil)
	w.pkmNurse = w.mustEmployee(t, "199202022019032005", w.pkm.ID, &boss.ID)
	w.nurseBoss = &auth.Principal{UserID: 3, RegencyID: w.regency.ID, EmployeeID: &boss.ID,
		Roles: []auth.Role{auth.RoleEmployee, auth.RoleSupervisor}}
	return w
}

func (w world) mustEmployee(t *testing.T, nip string, agency int64, sup *int64) org.Employee {
	t.Helper()
	from, _ := civil.Parse("2020-01-01")
	e := org.Employee{NIP: &nip, Name: "Pegawai " + nip[15:], EmployeeType: org.TypePNS, ActiveFrom: from}
	must(t, w.svc.CreateEmployee(context.Background(), w.bkdAdmin, &e, &org.Assignment{AgencyID: agency, SupervisorID: sup}))
	return e
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func wantCode(t *testing.T, what string, err error, code apperr.Code) {
	t.Helper()
	if got := apperr.CodeOf(err); got != code {
		t.Errorf("%s: code %q (%v), want %q", what, got, err, code)
	}
}

func TestScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		w := mustWorld(t, dialect)
		// The Dinkes admin sees Dinkes and its Puskesmas, never BKD.
		list, err := w.svc.Agencies(ctx, w.dinkesAdmin)
		if err != nil || len(list) != 2 {
			t.Fatalf("dinkes admin sees %d agencies (%v), want 2", len(list), err)
		}
		_, err = w.svc.Agency(ctx, w.dinkesAdmin, w.bkd.ID)
		wantCode(t, "dinkes admin reads BKD", err, apperr.NotFound)
		_, err = w.svc.Employee(ctx, w.dinkesAdmin, w.bkdStaff.ID)
		wantCode(t, "dinkes admin reads a BKD employee", err, apperr.NotFound)
		if _, err := w.svc.Employee(ctx, w.dinkesAdmin, w.pkmNurse.ID); err != nil {
			t.Errorf("dinkes admin reads a Puskesmas nurse: %v", err)
		}
		emps, err := w.svc.Employees(ctx, w.dinkesAdmin, org.EmployeeFilter{AgencyIDs: []int64{w.bkd.ID}})
		if err != nil || len(emps) != 0 {
			t.Errorf("dinkes admin filtering on BKD got %d employees (%v), want 0", len(emps), err)
		}
		emps, _ = w.svc.Employees(ctx, w.dinkesAdmin, org.EmployeeFilter{})
		if len(emps) != 2 {
			t.Errorf("dinkes admin lists %d employees, want 2", len(emps))
		}
		// Writes outside the scope fail too.
		u := org.Unit{AgencyID: w.bkd.ID, Name: "Bidang Mutasi"}
		wantCode(t, "dinkes admin adds a BKD unit", w.svc.CreateUnit(ctx, w.dinkesAdmin, &u), apperr.NotFound)
		a := org.Agency{Code: "X", Name: "X", Kind: org.KindDinas}
		wantCode(t, "dinkes admin creates an agency", w.svc.CreateAgency(ctx, w.dinkesAdmin, &a), apperr.Forbidden)
		move := org.Assignment{EmployeeID: w.pkmNurse.ID, AgencyID: w.bkd.ID, ValidFrom: civil.Date{Year: 2025, Month: 4, Day: 1}}
		wantCode(t, "dinkes admin moves a nurse to BKD", w.svc.Transfer(ctx, w.dinkesAdmin, &move), apperr.Invalid)
		// BKD may do it.
		must(t, w.svc.Transfer(ctx, w.bkdAdmin, &move))
		// A supervisor sees exactly their direct subordinates.
		emps, err = w.svc.Employees(ctx, w.nurseBoss, org.EmployeeFilter{})
		if err != nil || len(emps) != 1 || emps[0].ID != w.pkmNurse.ID {
			t.Errorf("supervisor lists %+v (%v), want only the nurse", emps, err)
		}
		_, err = w.svc.Employee(ctx, w.nurseBoss, w.bkdStaff.ID)
		wantCode(t, "supervisor reads a stranger", err, apperr.NotFound)
	})
}

func TestValidationAndCycles(t *testing.T) {
	ctx := context.Background()
	w := mustWorld(t, "sqlite")
	w.dinkes.ParentID = &w.pkm.ID // Dinkes under its own Puskesmas: a cycle
	wantCode(t, "cycle", w.svc.UpdateAgency(ctx, w.bkdAdmin, &w.dinkes), apperr.Invalid)
	bad := "123"
	e := org.Employee{NIP: &bad, Name: "X", EmployeeType: org.TypePNS, ActiveFrom: civil.Date{Year: 2020, Month: 1, Day: 1}}
	wantCode(t, "short NIP", w.svc.CreateEmployee(ctx, w.bkdAdmin, &e, &org.Assignment{AgencyID: w.bkd.ID}), apperr.Invalid)
	nip := "199303032020121006"
	e = org.Employee{NIP: &nip, Name: "Y", EmployeeType: org.TypePNS, ActiveFrom: civil.Date{Year: 2020, Month: 1, Day: 1}}
	unitOfOther := org.Unit{AgencyID: w.dinkes.ID, Name: "Sekretariat"}
	must(t, w.svc.CreateUnit(ctx, w.bkdAdmin, &unitOfOther))
	err := w.svc.CreateEmployee(ctx, w.bkdAdmin, &e, &org.Assignment{AgencyID: w.bkd.ID, UnitID: &unitOfOther.ID})
	wantCode(t, "unit of another agency", err, apperr.Invalid)
	site := org.Site{AgencyID: w.bkd.ID, Name: "Kantor", Lat: 105.59, Lon: -5.73, RadiusM: 100} // swapped
	wantCode(t, "swapped lat/lon", w.svc.CreateSite(ctx, w.bkdAdmin, &site), apperr.Invalid)
	site = org.Site{AgencyID: w.bkd.ID, Name: "Kantor", Lat: -5.73, Lon: 105.59, RadiusM: 100,
		Polygon: org.Polygon{{Lat: -5.7301, Lon: 105.5899}, {Lat: -5.7301, Lon: 105.5901}, {Lat: -5.7299, Lon: 105.59}}}
	must(t, w.svc.CreateSite(ctx, w.bkdAdmin, &site))
	got, err := w.svc.Site(ctx, w.bkdAdmin, site.ID)
	if err != nil || len(got.Polygon) != 3 {
		t.Fatalf("site round trip: %+v %v", got, err)
	}
}

func TestValidateNIP(t *testing.T) {
	for _, tc := range []struct {
		nip string
		ok  bool
	}{
		{"198503302010011002", true},
		{"199202022019032005", true},
		{"19850330201001100", false},   // 17 digits
		{"1985033020100110021", false}, // 19 digits
		{"19850330201001100a", false},
		{"198502302010011002", false}, // 30 February
		{"198503302010131002", false}, // month 13
		{"198503301999011002", false}, // appointed at 13
		{"198503302010013002", false}, // sex digit 3
		{"198503302010011000", false}, // sequence 000
	} {
		if err := org.ValidateNIP(tc.nip); (err == nil) != tc.ok {
			t.Errorf("ValidateNIP(%s) = %v, want ok=%v", tc.nip, err, tc.ok)
		}
	}
}
