package rules_test

import (
	"context"
	"testing"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/audit"
	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/org"
	"github.com/hadir-id/hadir/internal/rules"
	"github.com/hadir-id/hadir/internal/store/storetest"
)

// The outside probe's findings 1–3 and 10 (issue 10), on both databases:
// each case failed before the fix.
func TestScopeFindings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		w := mustWorld(t, dialect)
		otherAdm := &auth.Principal{UserID: 5, RegencyID: w.regency.ID, Roles: []auth.Role{auth.RoleAgencyAdmin}, AdminAgencies: []int64{w.other.ID}}

		// 1. A unit of another agency cannot carry this agency's schedule…
		unit := org.Unit{AgencyID: w.other.ID, Name: "Bidang Perencanaan"}
		must(t, w.st.CreateUnit(ctx, audit.System, &unit))
		_, err := w.svc.CreateSchedule(ctx, w.rsudAdm, &rules.Schedule{AgencyID: &w.rsud.ID, UnitID: &unit.ID, Name: "X",
			ValidFrom: d("2025-07-01"), Weekly: rules.DefaultWeekly})
		wantCode(t, "unit of another agency", err, apperr.Invalid, "unit_id")
		// …and its own admin still can.
		_, err = w.svc.CreateSchedule(ctx, otherAdm, &rules.Schedule{AgencyID: &w.other.ID, UnitID: &unit.ID, Name: "X",
			ValidFrom: d("2025-07-01"), Weekly: rules.DefaultWeekly})
		must(t, err)

		// 2. The nurse moves to the other agency on 2025-06-16.
		must(t, w.st.Transfer(ctx, audit.System, &org.Assignment{EmployeeID: w.nurse.ID, AgencyID: w.other.ID, ValidFrom: d("2025-06-16")}))
		across := []rules.RosterEntry{{Date: d("2025-06-13"), Off: true}, {Date: d("2025-06-17"), Off: true}}
		wantCode(t, "old admin's roster across the transfer", w.svc.PutRoster(ctx, w.rsudAdm, w.nurse.ID, across), apperr.Invalid, "to")
		wantCode(t, "old supervisor's roster after the transfer", w.svc.PutRoster(ctx, w.headP,
			w.nurse.ID, []rules.RosterEntry{{Date: d("2025-06-17"), Off: true}}), apperr.NotFound, "")
		must(t, w.svc.PutRoster(ctx, w.rsudAdm, w.nurse.ID, across[:1])) // before: theirs
		must(t, w.svc.PutRoster(ctx, otherAdm, w.nurse.ID, across[1:]))  // after: the new agency's
		_, err = w.svc.RequestAbsence(ctx, w.rsudAdm, rules.AbsenceRequest{EmployeeID: w.nurse.ID, From: d("2025-06-12"), To: d("2025-06-18"), Code: "CT"})
		wantCode(t, "old admin's leave across the transfer", err, apperr.Invalid, "to")
		_, err = w.svc.Roster(ctx, w.rsudAdm, w.nurse.ID, d("2025-06-01"), d("2025-06-30"))
		wantCode(t, "old admin reads the month across the transfer", err, apperr.Invalid, "to")
		if _, err = w.svc.Roster(ctx, w.rsudAdm, w.nurse.ID, d("2025-06-01"), d("2025-06-15")); err != nil {
			t.Errorf("old admin reads the days before the transfer: %v", err)
		}
		_, err = w.svc.Absences(ctx, otherAdm, w.nurse.ID, d("2025-06-01"), d("2025-06-30"))
		wantCode(t, "new admin reads days before the transfer", err, apperr.Invalid, "to")
		_, err = w.svc.CreateSchedule(ctx, w.rsudAdm, &rules.Schedule{AgencyID: &w.rsud.ID, EmployeeID: &w.nurse.ID, Name: "X",
			ValidFrom: d("2025-06-20"), Weekly: rules.DefaultWeekly})
		wantCode(t, "old admin's personal schedule after the transfer", err, apperr.Invalid, "employee_id")

		// 3. An admin's own leave is pending, and their own roster is not theirs to set.
		adminEmp := w.mustEmployee(t, "198001012005011003", &w.headNurse.ID)
		adm := &auth.Principal{UserID: 6, RegencyID: w.regency.ID, EmployeeID: &adminEmp.ID,
			Roles: []auth.Role{auth.RoleEmployee, auth.RoleAgencyAdmin}, AdminAgencies: []int64{w.rsud.ID}}
		a, err := w.svc.RequestAbsence(ctx, adm, rules.AbsenceRequest{EmployeeID: adminEmp.ID, From: d("2025-06-19"), To: d("2025-06-19"), Code: "CT"})
		if err != nil || a.Status != rules.AbsencePending {
			t.Errorf("an agency admin's own leave: %+v %v, want pending", a, err)
		}
		_, err = w.svc.DecideAbsence(ctx, adm, a.ID, true)
		wantCode(t, "an admin approves their own leave", err, apperr.Forbidden, "")
		if a, err = w.svc.DecideAbsence(ctx, w.headP, a.ID, true); err != nil || a.Status != rules.AbsenceApproved {
			t.Errorf("their supervisor approves: %+v %v", a, err)
		}
		wantCode(t, "an admin sets their own roster", w.svc.PutRoster(ctx, adm, adminEmp.ID,
			[]rules.RosterEntry{{Date: d("2025-06-20"), Off: true}}), apperr.Forbidden, "")
		bkdEmp := w.mustEmployee(t, "198101012006011004", nil)
		bkdSelf := &auth.Principal{UserID: 7, RegencyID: w.regency.ID, EmployeeID: &bkdEmp.ID, Roles: []auth.Role{auth.RoleEmployee, auth.RoleRegencyAdmin}}
		if a, err := w.svc.RequestAbsence(ctx, bkdSelf, rules.AbsenceRequest{EmployeeID: bkdEmp.ID, From: d("2025-06-19"), To: d("2025-06-19"), Code: "CT"}); err != nil || a.Status != rules.AbsencePending {
			t.Errorf("a BKD admin's own leave: %+v %v, want pending", a, err)
		}

		// 10. Employees and supervisors read their own roster.
		if _, err := w.svc.Roster(ctx, w.headP, w.headNurse.ID, d("2025-06-01"), d("2025-06-30")); err != nil {
			t.Errorf("a supervisor reads their own roster: %v", err)
		}
		if got, err := w.svc.Roster(ctx, w.nurseP, w.nurse.ID, d("2025-06-01"), d("2025-06-30")); err != nil || len(got) != 2 {
			t.Errorf("an employee reads their own roster: %d entries, %v", len(got), err)
		}
	})
}
