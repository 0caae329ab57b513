package rules_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
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
	"github.com/hadir-id/hadir/internal/timesheet"
)

// now: Wednesday 2025-06-11 09:00 WIB.
var now = time.Date(2025, 6, 11, 2, 0, 0, 0, time.UTC)

type world struct {
	st        *store.Store
	svc       *rules.Service
	worker    *timesheet.Worker
	regency   org.Regency
	rsud      org.Agency
	other     org.Agency
	bkd       *auth.Principal
	rsudAdm   *auth.Principal
	nurse     org.Employee
	headNurse org.Employee
	nurseP    *auth.Principal
	headP     *auth.Principal
}

func d(s string) civil.Date { v, _ := civil.Parse(s); return v }

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func wantCode(t *testing.T, what string, err error, code apperr.Code, field string) {
	t.Helper()
	e := apperr.As(err)
	if err == nil || e.Code != code || (field != "" && e.Field != field) {
		t.Errorf("%s: %v (code %q field %q), want %q field %q", what, err, apperr.CodeOf(err), e.Field, code, field)
	}
}

func mustWorld(t *testing.T, dialect string) *world {
	t.Helper()
	ctx := context.Background()
	clock := func() time.Time { return now }
	st := storetest.Open(t, dialect, clock)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	days := &timesheet.Recomputer{Store: st, Now: clock, Log: log}
	w := &world{st: st, worker: &timesheet.Worker{Recomputer: days, Queue: st, Log: log}}
	w.svc = &rules.Service{Store: st, Recompute: w.worker, Now: clock}
	w.regency = org.Regency{Name: "Kabupaten Uji", Timezone: "Asia/Jakarta"}
	must(t, st.CreateRegency(ctx, audit.System, &w.regency))
	w.rsud = org.Agency{RegencyID: w.regency.ID, Code: "RSUD", Name: "RSUD", Kind: org.KindHospital, ShiftWork: true, Active: true}
	w.other = org.Agency{RegencyID: w.regency.ID, Code: "BAPPEDA", Name: "Bappeda", Kind: org.KindBadan, Active: true}
	must(t, st.CreateAgency(ctx, audit.System, &w.rsud))
	must(t, st.CreateAgency(ctx, audit.System, &w.other))
	w.bkd = &auth.Principal{UserID: 1, RegencyID: w.regency.ID, Roles: []auth.Role{auth.RoleRegencyAdmin}}
	w.rsudAdm = &auth.Principal{UserID: 2, RegencyID: w.regency.ID, Roles: []auth.Role{auth.RoleAgencyAdmin}, AdminAgencies: []int64{w.rsud.ID}}
	w.headNurse = w.mustEmployee(t, "197801012003122001", nil)
	w.nurse = w.mustEmployee(t, "199505052020122002", &w.headNurse.ID)
	w.nurseP = &auth.Principal{UserID: 3, RegencyID: w.regency.ID, EmployeeID: &w.nurse.ID, Roles: []auth.Role{auth.RoleEmployee}}
	w.headP = &auth.Principal{UserID: 4, RegencyID: w.regency.ID, EmployeeID: &w.headNurse.ID, Roles: []auth.Role{auth.RoleEmployee, auth.RoleSupervisor}}
	_, err := w.svc.CreatePolicy(ctx, w.bkd, &rules.Policy{Name: "Perbup", ValidFrom: d("2025-01-01"), Body: rules.DefaultPolicy})
	must(t, err)
	_, err = w.svc.CreateSchedule(ctx, w.bkd, &rules.Schedule{Name: "Kantor", ValidFrom: d("2025-01-01"), Weekly: rules.DefaultWeekly})
	must(t, err)
	return w
}

func (w *world) mustEmployee(t *testing.T, nip string, sup *int64) org.Employee {
	t.Helper()
	e := org.Employee{RegencyID: w.regency.ID, NIP: &nip, Name: "Perawat " + nip[15:], EmployeeType: org.TypePNS,
		UserHandle: auth.NewUserHandle(), ActiveFrom: d("2021-01-01")}
	must(t, w.st.CreateEmployee(context.Background(), audit.System, &e, &org.Assignment{AgencyID: w.rsud.ID, SupervisorID: sup, ValidFrom: e.ActiveFrom}))
	return e
}

func TestEffectiveDates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		w := mustWorld(t, dialect)
		ch, err := w.svc.CreatePolicy(ctx, w.bkd, &rules.Policy{Name: "Revisi", ValidFrom: d("2025-05-01"), Body: rules.DefaultPolicy})
		if err != nil || ch.RecalculateFrom != d("2025-05-01") {
			t.Fatalf("past version: %+v %v, want recalculate_from 2025-05-01", ch, err)
		}
		ch, err = w.svc.CreatePolicy(ctx, w.bkd, &rules.Policy{Name: "Tahun depan", ValidFrom: d("2026-01-01"), Body: rules.DefaultPolicy})
		if err != nil || !ch.RecalculateFrom.IsZero() {
			t.Fatalf("future version: %+v %v", ch, err)
		}
		pols, _ := w.svc.Policies(ctx, w.bkd)
		wantCode(t, "delete in force", w.svc.DeletePolicy(ctx, w.bkd, pols[0].ID), apperr.Conflict, "")
		must(t, w.svc.DeletePolicy(ctx, w.bkd, pols[len(pols)-1].ID))
		_, err = w.svc.CreatePolicy(ctx, w.rsudAdm, &rules.Policy{Name: "Pemda", ValidFrom: d("2026-01-01"), Body: rules.DefaultPolicy})
		wantCode(t, "agency admin on regency level", err, apperr.Forbidden, "")
		_, err = w.svc.CreatePolicy(ctx, w.rsudAdm, &rules.Policy{AgencyID: &w.other.ID, Name: "X", ValidFrom: d("2026-01-01"), Body: rules.DefaultPolicy})
		wantCode(t, "agency admin on another agency", err, apperr.Invalid, "agency_id")
		bad := strings.Replace(rules.DefaultPolicy, `"monthly_cap_pct": 100`, `"monthly_cap_pct": -1`, 1)
		_, err = w.svc.CreatePolicy(ctx, w.rsudAdm, &rules.Policy{AgencyID: &w.rsud.ID, Name: "X", ValidFrom: d("2026-01-01"), Body: bad})
		wantCode(t, "negative cap", err, apperr.Invalid, "policy.monthly_cap_pct")
		_, err = w.svc.CreateSchedule(ctx, w.rsudAdm, &rules.Schedule{AgencyID: &w.rsud.ID, Name: "X", ValidFrom: d("2026-01-01"), Weekly: `{"mon":{"start":"07:30","end":"07:30"}}`})
		wantCode(t, "zero-length shift", err, apperr.Invalid, "weekly.mon.end")
		_, err = w.svc.CreateSchedule(ctx, w.rsudAdm, &rules.Schedule{AgencyID: &w.rsud.ID, Name: "X", ValidFrom: d("2026-01-01"), Weekly: `{"funday":{"start":"07:30","end":"08:30"}}`})
		wantCode(t, "unknown weekday", err, apperr.Invalid, "weekly.funday")
	})
}

func TestRosterAndLeave(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		w := mustWorld(t, dialect)
		night := []rules.RosterEntry{{Date: d("2025-06-09"), StartTime: ptr("21:00"), EndTime: ptr("07:00")}, {Date: d("2025-06-10"), Off: true}}
		// The head nurse (direct supervisor) sets the roster; a stranger cannot.
		wantCode(t, "employee sets own roster", w.svc.PutRoster(ctx, w.nurseP, w.nurse.ID, night), apperr.Forbidden, "")
		must(t, w.svc.PutRoster(ctx, w.headP, w.nurse.ID, night))
		bad := []rules.RosterEntry{{Date: d("2025-06-12"), Off: true, StartTime: ptr("07:00")}}
		wantCode(t, "off with times", w.svc.PutRoster(ctx, w.headP, w.nurse.ID, bad), apperr.Invalid, "entries[0].off")
		bad = []rules.RosterEntry{{Date: d("2025-06-12"), StartTime: ptr("7:00"), EndTime: ptr("14:00")}}
		wantCode(t, "bad time", w.svc.PutRoster(ctx, w.headP, w.nurse.ID, bad), apperr.Invalid, "entries[0].start")
		if _, err := w.worker.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		days, _ := w.st.Days(ctx, []int64{w.nurse.ID}, d("2025-06-09"), d("2025-06-10"))
		if len(days) != 2 || days[0].ShiftEnd == nil || days[0].ShiftEnd.Sub(*days[0].ShiftStart) != 10*time.Hour ||
			days[0].Codes[0] != "TK" || days[1].Scheduled {
			t.Fatalf("rostered days: %+v", days)
		}
		// Leave: the nurse asks, the code must exist, the head nurse approves.
		_, err := w.svc.RequestAbsence(ctx, w.nurseP, rules.AbsenceRequest{EmployeeID: w.nurse.ID, From: d("2025-06-09"), To: d("2025-06-09"), Code: "XX"})
		wantCode(t, "unknown code", err, apperr.Invalid, "code")
		a, err := w.svc.RequestAbsence(ctx, w.nurseP, rules.AbsenceRequest{EmployeeID: w.nurse.ID, From: d("2025-06-09"), To: d("2025-06-09"), Code: "cs", Note: "demam"})
		if err != nil || a.Status != rules.AbsencePending {
			t.Fatalf("own request: %+v %v", a, err)
		}
		_, err = w.svc.DecideAbsence(ctx, w.nurseP, a.ID, true)
		wantCode(t, "approving own request", err, apperr.Forbidden, "")
		if a, err = w.svc.DecideAbsence(ctx, w.headP, a.ID, true); err != nil || a.Status != rules.AbsenceApproved {
			t.Fatalf("approve: %+v %v", a, err)
		}
		_, err = w.svc.RequestAbsence(ctx, w.rsudAdm, rules.AbsenceRequest{EmployeeID: w.nurse.ID, From: d("2025-06-08"), To: d("2025-06-09"), Code: "DL"})
		wantCode(t, "overlapping approved leave", err, apperr.Conflict, "")
		if _, err := w.worker.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		days, _ = w.st.Days(ctx, []int64{w.nurse.ID}, d("2025-06-09"), d("2025-06-09"))
		if len(days) != 1 || days[0].Codes[0] != "CS" {
			t.Fatalf("after approved sick leave: %+v", days)
		}
	})
}

func ptr[T any](v T) *T { return &v }
