package api_test

import (
	"net/http"

	"github.com/hadir-id/hadir/internal/cli/clitest"
)

// organisation: the regency, agencies, units, positions and sites, as BKD
// and as an agency admin, with the errors clients meet most.
func (s *scenario) organisation() {
	t, bkd := s.t, s.bkd
	reg := do(t, bkd, "GET", s.url("/api/v1/regency"), nil, 200)
	do(t, bkd, "PATCH", s.url("/api/v1/regency"), map[string]any{"name": reg["name"]}, 200)
	do(t, bkd, "PATCH", s.url("/api/v1/regency"), map[string]any{"timezone": "UTC"}, 400)
	do(t, s.kominfo, "PATCH", s.url("/api/v1/regency"), map[string]any{"name": "X"}, 403)
	do(t, bkd, "GET", s.url("/api/v1/agencies"), nil, 200)
	a := do(t, bkd, "POST", s.url("/api/v1/agencies"), map[string]any{"code": "OAS-1", "name": "Dinas Uji Kontrak", "kind": "dinas", "parent_id": s.kominfoID}, 201)
	s.newAgency = clitest.ID(a)
	do(t, bkd, "POST", s.url("/api/v1/agencies"), map[string]any{"code": "OAS-1", "name": "Dinas Uji Kontrak", "kind": "dinas"}, 409)
	do(t, bkd, "POST", s.url("/api/v1/agencies"), map[string]any{"code": "OAS-2", "kind": "dinas"}, 400)
	do(t, bkd, "POST", s.url("/api/v1/agencies"), map[string]any{"code": "OAS-3", "name": "X", "kind": "dinas", "colour": "red"}, 400)
	do(t, s.kominfo, "POST", s.url("/api/v1/agencies"), map[string]any{"code": "OAS-4", "name": "X", "kind": "dinas"}, 403)
	do(t, bkd, "GET", s.url("/api/v1/agencies/%d", s.newAgency), nil, 200)
	do(t, bkd, "GET", s.url("/api/v1/agencies/%d", 99999999), nil, 404)
	do(t, bkd, "PATCH", s.url("/api/v1/agencies/%d", s.newAgency), map[string]any{"clear_parent": true, "shift_work": true}, 200)
	do(t, bkd, "PATCH", s.url("/api/v1/agencies/%d", s.newAgency), map[string]any{"kind": "kantor"}, 400)
	u := do(t, bkd, "POST", s.url("/api/v1/agencies/%d/units", s.newAgency), map[string]any{"name": "Bidang Uji"}, 201)
	s.newUnit = clitest.ID(u)
	do(t, bkd, "GET", s.url("/api/v1/agencies/%d/units", s.newAgency), nil, 200)
	pos := do(t, bkd, "POST", s.url("/api/v1/agencies/%d/positions", s.newAgency), map[string]any{"name": "Kepala Bidang", "kind": "struktural", "supervisory": true}, 201)
	s.newPosition = clitest.ID(pos)
	do(t, bkd, "POST", s.url("/api/v1/agencies/%d/positions", s.newAgency), map[string]any{"name": "X", "kind": "boss"}, 400)
	do(t, bkd, "GET", s.url("/api/v1/agencies/%d/positions", s.newAgency), nil, 200)
	site := do(t, bkd, "POST", s.url("/api/v1/agencies/%d/sites", s.newAgency), map[string]any{"name": "Kantor Uji", "lat": -5.72, "lon": 105.59, "radius_m": 120,
		"polygon": []map[string]float64{{"lat": -5.719, "lon": 105.589}, {"lat": -5.719, "lon": 105.591}, {"lat": -5.721, "lon": 105.591}}}, 201)
	do(t, bkd, "POST", s.url("/api/v1/agencies/%d/sites", s.newAgency), map[string]any{"name": "Jauh", "lat": 48.8, "lon": 2.3, "radius_m": 120}, 400)
	do(t, bkd, "GET", s.url("/api/v1/sites/%d", clitest.ID(site)), nil, 200)
	do(t, bkd, "PATCH", s.url("/api/v1/sites/%d", clitest.ID(site)), map[string]any{"radius_m": 150, "polygon": nil}, 200)
	do(t, bkd, "PATCH", s.url("/api/v1/sites/%d", clitest.ID(site)), map[string]any{"radius_m": 1}, 400)
	sites := clitest.Items(do(t, s.kominfo, "GET", s.url("/api/v1/agencies/%d/sites", s.kominfoID), nil, 200))
	if len(sites) == 0 {
		t.Fatal("Diskominfo has no site")
	}
	s.site = sites[0]
	do(t, s.emp, "GET", s.url("/api/v1/agencies"), nil, 403)
}

// people: employees, paging, assignments, transfers, roles and the audit
// trail.
func (s *scenario) people() {
	t, bkd := s.t, s.bkd
	page := do(t, bkd, "GET", s.url("/api/v1/employees?limit=2"), nil, 200)
	if page["next"] == nil {
		t.Fatalf("a full page without next: %v", page)
	}
	do(t, bkd, "GET", s.url("/api/v1/employees?after=%v&limit=2&on=%s&q=a&agency_id=%d", page["next"], s.day(0), s.kominfoID), nil, 200)
	do(t, bkd, "GET", s.url("/api/v1/employees?limit=many"), nil, 400)
	do(t, bkd, "GET", s.url("/api/v1/employees?on=tomorrow"), nil, 400)
	do(t, s.boss, "GET", s.url("/api/v1/employees"), nil, 200)
	e := do(t, bkd, "POST", s.url("/api/v1/employees"), map[string]any{"name": "Uji Kontrak", "employee_type": "NON_ASN", "active_from": s.day(-40),
		"agency_id": s.newAgency, "unit_id": s.newUnit, "position_id": s.newPosition}, 201)
	id := clitest.ID(e)
	do(t, bkd, "POST", s.url("/api/v1/employees"), map[string]any{"name": "Uji", "employee_type": "PNS", "active_from": s.day(0), "agency_id": s.newAgency, "nip": "123"}, 400)
	do(t, bkd, "GET", s.url("/api/v1/employees/%d", id), nil, 200)
	do(t, s.kominfo, "GET", s.url("/api/v1/employees/%d", id), nil, 404) // the new agency left Diskominfo (clear_parent): out of scope
	do(t, bkd, "PATCH", s.url("/api/v1/employees/%d", id), map[string]any{"name": "Uji Kontrak Dua"}, 200)
	do(t, bkd, "PATCH", s.url("/api/v1/employees/%d", id), map[string]any{"employee_type": "PNS"}, 400)
	do(t, bkd, "POST", s.url("/api/v1/employees/%d/transfers", id), map[string]any{"agency_id": s.newAgency, "unit_id": s.newUnit, "valid_from": s.day(1), "reason": "rotasi"}, 201)
	do(t, bkd, "POST", s.url("/api/v1/employees/%d/transfers", id), map[string]any{"agency_id": s.newAgency}, 400)
	do(t, bkd, "GET", s.url("/api/v1/employees/%d/assignments", id), nil, 200)
	g := do(t, bkd, "POST", s.url("/api/v1/roles"), map[string]any{"employee_id": id, "role": "agency_admin", "agency_id": s.newAgency}, 201)
	do(t, bkd, "POST", s.url("/api/v1/roles"), map[string]any{"employee_id": id, "role": "agency_admin", "agency_id": s.newAgency}, 409)
	do(t, bkd, "GET", s.url("/api/v1/roles"), nil, 200)
	do(t, bkd, "DELETE", s.url("/api/v1/roles/%d", clitest.ID(g)), nil, 204)
	do(t, bkd, "DELETE", s.url("/api/v1/roles/%d", clitest.ID(g)), nil, 404)
	do(t, s.kominfo, "POST", s.url("/api/v1/roles"), map[string]any{"employee_id": id, "role": "regency_admin"}, 403)
	do(t, bkd, "GET", s.url("/api/v1/audit?entity=agency&entity_id=%d", s.newAgency), nil, 200)
	audit := clitest.Items(do(t, bkd, "GET", s.url("/api/v1/audit"), nil, 200))
	do(t, s.kominfo, "GET", s.url("/api/v1/audit?before=%d", clitest.ID(audit[len(audit)/2])), nil, 200)
	do(t, bkd, "GET", s.url("/api/v1/audit?before=-1"), nil, 400)
	do(t, s.emp, "GET", s.url("/api/v1/audit"), nil, 403)
	s.other = id
}

func weekly() map[string]any {
	return map[string]any{"mon": map[string]string{"start": "07:30", "end": "16:00"}, "fri": map[string]string{"start": "07:30", "end": "16:30"}}
}

// rules: policy, schedule, period and holiday versions, the engine and an
// explicit recalculation.
func (s *scenario) rules() {
	t, bkd := s.t, s.bkd
	pols := clitest.Items(do(t, bkd, "GET", s.url("/api/v1/policies"), nil, 200))
	do(t, s.kominfo, "GET", s.url("/api/v1/policies/%d", clitest.ID(pols[0])), nil, 200)
	p := do(t, s.kominfo, "POST", s.url("/api/v1/policies"), map[string]any{"agency_id": s.kominfoID, "name": "Uji", "valid_from": s.day(30), "policy": pols[0]["policy"]}, 201)
	do(t, s.kominfo, "POST", s.url("/api/v1/policies"), map[string]any{"agency_id": s.kominfoID, "name": "Uji", "valid_from": s.day(31), "policy": map[string]any{"bands": 1}}, 400)
	do(t, s.kominfo, "DELETE", s.url("/api/v1/policies/%d", clitest.ID(p["item"].(map[string]any))), nil, 204)
	do(t, s.kominfo, "DELETE", s.url("/api/v1/policies/%d", clitest.ID(pols[0])), nil, 0)
	do(t, s.emp, "GET", s.url("/api/v1/policies"), nil, 403)
	do(t, bkd, "GET", s.url("/api/v1/schedules"), nil, 200)
	sc := do(t, s.kominfo, "POST", s.url("/api/v1/schedules"), map[string]any{"agency_id": s.kominfoID, "name": "Uji", "valid_from": s.day(30), "weekly": weekly()}, 201)
	do(t, s.kominfo, "POST", s.url("/api/v1/schedules"), map[string]any{"agency_id": s.kominfoID, "name": "Uji", "valid_from": s.day(30), "weekly": map[string]any{"funday": weekly()["mon"]}}, 400)
	do(t, s.kominfo, "DELETE", s.url("/api/v1/schedules/%d", clitest.ID(sc["item"].(map[string]any))), nil, 204)
	do(t, bkd, "GET", s.url("/api/v1/schedule-periods"), nil, 200)
	pe := do(t, s.kominfo, "POST", s.url("/api/v1/schedule-periods"), map[string]any{"agency_id": s.kominfoID, "name": "Uji", "from": s.day(40), "to": s.day(45), "weekly": weekly()}, 201)
	do(t, s.kominfo, "POST", s.url("/api/v1/schedule-periods"), map[string]any{"agency_id": s.kominfoID, "name": "Uji", "from": s.day(45), "to": s.day(40), "weekly": weekly()}, 400)
	do(t, s.kominfo, "DELETE", s.url("/api/v1/schedule-periods/%d", clitest.ID(pe["item"].(map[string]any))), nil, 204)
	do(t, s.emp, "GET", s.url("/api/v1/holidays?year=%d", s.today.Year()), nil, 200)
	do(t, s.emp, "GET", s.url("/api/v1/holidays?year=next"), nil, 400)
	h := do(t, bkd, "POST", s.url("/api/v1/holidays"), map[string]any{"date": s.day(50), "name": "Hari Jadi Kabupaten", "kind": "regional"}, 201)
	do(t, bkd, "POST", s.url("/api/v1/holidays"), map[string]any{"date": s.day(50), "name": "Hari Jadi Kabupaten", "kind": "regional"}, 409)
	do(t, bkd, "DELETE", s.url("/api/v1/holidays/%d", clitest.ID(h["item"].(map[string]any))), nil, 200)
	do(t, bkd, "POST", s.url("/api/v1/holidays/import"), map[string]any{"year": 2026}, 200)
	do(t, bkd, "POST", s.url("/api/v1/holidays/import"), map[string]any{"year": 1999}, 400)
	job := do(t, bkd, "POST", s.url("/api/v1/rules/recalculate"), map[string]any{"agency_id": s.newAgency, "from": s.day(-3)}, 202)
	do(t, bkd, "GET", s.url("/api/v1/rules/recalculations/%v", job["job_id"]), nil, 200)
	do(t, bkd, "GET", s.url("/api/v1/rules/recalculations/%d", 99999999), nil, 404)
	do(t, bkd, "POST", s.url("/api/v1/rules/recalculate"), map[string]any{"from": s.day(5)}, 400)
	do(t, s.emp, "POST", s.url("/api/v1/rules/recalculate"), map[string]any{"from": s.day(-1)}, 403)
}

// attendance: the employee's month and day, the engine input behind a day
// evaluated again, rosters, leave and the agency recap.
func (s *scenario) attendance() {
	t := s.t
	do(t, s.emp, "GET", s.url("/api/v1/me/today?lang=en"), nil, 200)
	do(t, s.bkd, "GET", s.url("/api/v1/me/today"), nil, 200)
	month := do(t, s.emp, "GET", s.url("/api/v1/employees/%d/days?month=%s&lang=en", s.empID, s.lastMonth), nil, 200)
	date := month["days"].([]any)[0].(map[string]any)["date"].(string)
	do(t, s.emp, "GET", s.url("/api/v1/employees/%d/days?month=03-2026", s.empID), nil, 400)
	do(t, s.emp, "GET", s.url("/api/v1/employees/%d/days?month=%s", s.other, s.lastMonth), nil, 404)
	do(t, s.boss, "GET", s.url("/api/v1/employees/%d/days/%s", s.empID, date), nil, 200)
	do(t, s.emp, "GET", s.url("/api/v1/employees/%d/days/%s", s.empID, "2026-02-30"), nil, 400)
	cases := clitest.Items(do(t, s.bkd, "GET", s.url("/api/v1/employees/%d/days/%s/case", s.empID, date), nil, 200))
	do(t, s.emp, "GET", s.url("/api/v1/employees/%d/days/%s/case", s.empID, date), nil, 403)
	do(t, s.bkd, "POST", s.url("/api/v1/rules/evaluate"), cases[0], 200)
	do(t, s.bkd, "POST", s.url("/api/v1/rules/evaluate"), map[string]any{"policy": "none"}, 400)
	do(t, s.kominfo, "POST", s.url("/api/v1/rules/evaluate"), cases[0], 403)
	roster := map[string]any{"entries": []map[string]any{{"date": s.day(20), "start": "19:00", "end": "07:00"}, {"date": s.day(21), "off": true}}}
	do(t, s.boss, "PUT", s.url("/api/v1/employees/%d/roster", s.empID), roster, 204)
	do(t, s.boss, "PUT", s.url("/api/v1/employees/%d/roster", s.empID), map[string]any{"entries": []any{}}, 400)
	do(t, s.boss, "GET", s.url("/api/v1/employees/%d/roster?from=%s&to=%s", s.empID, s.day(19), s.day(22)), nil, 200)
	do(t, s.boss, "GET", s.url("/api/v1/employees/%d/roster?from=%s&to=%s", s.empID, s.day(22), s.day(19)), nil, 400)
	s.leave()
	do(t, s.kominfo, "GET", s.url("/api/v1/agencies/%d/recap?month=%s", s.kominfoID, s.lastMonth), nil, 200)
	do(t, s.bkd, "GET", s.url("/api/v1/agencies/%d/recap?month=%s", s.newAgency, s.lastMonth), nil, 200)
	do(t, s.kominfo, "GET", s.url("/api/v1/agencies/%d/recap?month=%s", s.newAgency, s.lastMonth), nil, 404)
	do(t, s.kominfo, "GET", s.url("/api/v1/agencies/%d/recap", s.kominfoID), nil, 400)
	wl := map[string]any{"kind": "extra_site", "site_id": clitest.ID(s.site), "from": s.day(60), "to": s.day(61), "note": "rapat"}
	do(t, s.kominfo, "POST", s.url("/api/v1/employees/%d/work-locations", s.empID), wl, 201)
	do(t, s.kominfo, "POST", s.url("/api/v1/employees/%d/work-locations", s.empID), map[string]any{"kind": "flexible"}, 400)
	do(t, s.emp, "GET", s.url("/api/v1/employees/%d/work-locations", s.empID), nil, 200)
}

// leave: the employee asks, the supervisor approves one and rejects one,
// the agency admin records one; a decided request cannot be decided again.
func (s *scenario) leave() {
	t := s.t
	ask := func(c *http.Client, offset, want int) map[string]any {
		return do(t, c, "POST", s.url("/api/v1/absences"), map[string]any{"employee_id": s.empID, "from": s.day(offset), "to": s.day(offset), "code": "CT", "note": "keperluan keluarga"}, want)
	}
	a, b := ask(s.emp, 8, 201), ask(s.emp, 9, 201)
	do(t, s.boss, "POST", s.url("/api/v1/absences/%d/approve", clitest.ID(a)), nil, 200)
	do(t, s.boss, "POST", s.url("/api/v1/absences/%d/reject", clitest.ID(b)), nil, 200)
	do(t, s.boss, "POST", s.url("/api/v1/absences/%d/approve", clitest.ID(b)), nil, 409)
	ask(s.kominfo, 12, 201)
	ask(s.kominfo, 12, 409)
	do(t, s.emp, "POST", s.url("/api/v1/absences"), map[string]any{"employee_id": s.empID, "from": s.day(8), "to": s.day(8), "code": "ZZ"}, 400)
	do(t, s.emp, "GET", s.url("/api/v1/employees/%d/absences?from=%s&to=%s", s.empID, s.day(0), s.day(30)), nil, 200)
	do(t, s.emp, "GET", s.url("/api/v1/employees/%d/absences?from=%s", s.empID, s.day(0)), nil, 400)
}
