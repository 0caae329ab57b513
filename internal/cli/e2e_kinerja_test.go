package cli_test

import (
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/hadir-id/hadir/internal/cli/clitest"
	"github.com/hadir-id/hadir/internal/store/storetest"
)

// kin is the e-kinerja workflow's cast on a running demo program.
type kin struct {
	p                *clitest.Program
	emp, sup, admin  *http.Client
	empID, supID     int64
	adminEmp         int64
	today, yesterday string
	year             int
}

func newKin(t *testing.T, dialect string) *kin {
	url := "sqlite:" + filepath.Join(t.TempDir(), "hadir.db")
	if dialect == "postgres" {
		url = storetest.FreshPostgres(t)
	}
	p := clitest.Start(t, url)
	k := &kin{p: p, emp: p.Client(t, p.Links["employee"][0]), sup: p.Client(t, p.Links["supervisor"][0]),
		admin: p.Client(t, p.Links["agency_admin"][0])}
	num := func(m map[string]any, f string) int64 { v, _ := m[f].(float64); return int64(v) }
	k.empID = num(p.GetJSON(t, k.emp, "/api/v1/me", 200), "employee_id")
	k.supID = num(p.GetJSON(t, k.sup, "/api/v1/me", 200), "employee_id")
	k.adminEmp = num(p.GetJSON(t, k.admin, "/api/v1/me", 200), "employee_id")
	zone, _ := time.LoadLocation("Asia/Jakarta")
	now := time.Now().In(zone)
	k.today, k.yesterday, k.year = now.Format("2006-01-02"), now.AddDate(0, 0, -1).Format("2006-01-02"), now.Year()
	return k
}

// errField checks a 400's error body names field.
func errField(t *testing.T, body map[string]any, field string) map[string]any {
	t.Helper()
	e, _ := body["error"].(map[string]any)
	if e == nil || e["field"] != field || e["key"] == nil || e["message"] == "" {
		t.Fatalf("error %v, want field %q with a key and message", body, field)
	}
	return e
}

func rhkIDs(t *testing.T, skp map[string]any) []int64 {
	t.Helper()
	var out []int64
	for _, r := range skp["rhks"].([]any) {
		out = append(out, clitest.ID(r.(map[string]any)))
	}
	return out
}

// The e-kinerja workflow through the real program on both databases: SKP
// (never blocked by the supervisor's; linking; submit; agree), catalogue,
// log → refusals (nothing stored) → submit → return → fix → bulk approval
// (all-or-nothing with the bad ids named) → monthly total, own entry and
// outside-the-chain refusals, a Plh deciding through a delegation, and a
// periodic evaluation with its predikat.
func TestKinerjaWorkflow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dialect string) {
		k := newKin(t, dialect)
		p := k.p
		myRHK, supRHK := k.skp(t)
		// Catalogue: BKD adds, the employee finds it.
		bkd := p.Client(t, p.Links["regency_admin"][0])
		act := p.PostJSON(t, bkd, "/api/v1/kinerja/activities", map[string]any{"code": "T-001", "name": "Memeriksa jaringan", "unit": "lokasi", "minutes": 45}, 201)
		if n := len(clitest.Items(p.GetJSON(t, k.emp, "/api/v1/kinerja/activities?q=jaringan", 200))); n < 1 {
			t.Fatal("catalogue search found nothing")
		}

		// Log: minutes from the catalogue (45 × 2), and one entered.
		e1 := p.PostJSON(t, k.emp, "/api/v1/kinerja/entries", map[string]any{"date": k.yesterday, "rhk_id": myRHK, "activity_id": clitest.ID(act), "volume": 2}, 201)
		if e1["minutes"].(float64) != 90 || e1["status"] != "draft" {
			t.Fatalf("entry %v", e1)
		}
		e2 := p.PostJSON(t, k.emp, "/api/v1/kinerja/entries", map[string]any{"date": k.yesterday, "rhk_id": myRHK, "what": "Rapat koordinasi", "volume": 1, "unit": "kegiatan", "minutes": 120, "evidence_url": "https://drive.example/notulen"}, 201)
		k.refusals(t, myRHK, supRHK)
		k.evidence(t, bkd, clitest.ID(e1))

		// Submit the day; the supervisor returns one, the employee fixes it.
		p.PostJSON(t, k.emp, "/api/v1/kinerja/entries/submit", map[string]any{"from": k.yesterday, "to": k.yesterday}, 200)
		if m := member(p.GetJSON(t, k.sup, "/api/v1/kinerja/approvals?from="+k.yesterday+"&to="+k.today, 200), k.empID); m == nil || len(m["days"].([]any)) != 1 {
			t.Fatalf("pending of the employee: %v", m)
		}
		errField(t, p.PostJSON(t, k.sup, "/api/v1/kinerja/approvals", map[string]any{"ids": []int64{clitest.ID(e2)}, "approve": false}, 400), "comment")
		p.PostJSON(t, k.sup, "/api/v1/kinerja/approvals", map[string]any{"ids": []int64{clitest.ID(e2)}, "approve": false, "comment": "Lampirkan notulen"}, 200)
		p.Do(t, k.emp, "PUT", fmt.Sprintf("/api/v1/kinerja/entries/%d", clitest.ID(e2)), map[string]any{"date": k.yesterday, "rhk_id": myRHK, "what": "Rapat koordinasi", "volume": 1, "unit": "kegiatan", "minutes": 100, "evidence_url": "https://drive.example/notulen-1"}, 200)
		p.PostJSON(t, k.emp, "/api/v1/kinerja/entries/submit", map[string]any{"from": k.yesterday, "to": k.yesterday}, 200)

		// Bulk: a bad id refuses the whole request, naming it; then it passes.
		bad := p.PostJSON(t, k.sup, "/api/v1/kinerja/approvals", map[string]any{"ids": []int64{clitest.ID(e1), 999999, clitest.ID(e2)}, "approve": true}, 400)
		if d := errField(t, bad, "ids")["detail"].(map[string]any)["bad"].([]any); len(d) != 1 || d[0].(map[string]any)["id"].(float64) != 999999 {
			t.Fatalf("bad ids %v", d)
		}
		if got := statuses(t, p, k.emp, k.yesterday); got["submitted"] != 2 || len(got) != 1 {
			t.Fatalf("a refused bulk decided something: %v", got)
		}
		if n := p.PostJSON(t, k.sup, "/api/v1/kinerja/approvals", map[string]any{"ids": []int64{clitest.ID(e1), clitest.ID(e2)}, "approve": true}, 200)["count"]; n.(float64) != 2 {
			t.Fatalf("bulk count %v", n)
		}
		again := p.PostJSON(t, k.sup, "/api/v1/kinerja/approvals", map[string]any{"ids": []int64{clitest.ID(e1)}, "approve": true}, 400)
		if d := errField(t, again, "ids")["detail"].(map[string]any)["bad"].([]any); d[0].(map[string]any)["key"] != "kinerja.already_decided" {
			t.Fatalf("deciding twice: %v", d)
		}
		k.chainRefusals(t, supRHK)
		k.delegation(t, myRHK)
		k.monthTotals(t)
		k.evaluation(t)
		k.adoption(t)
		k.export(t)
	})
}

// refusals: every bad entry is a 400 naming its field, and nothing is stored.
func (k *kin) refusals(t *testing.T, myRHK, supRHK int64) {
	p := k.p
	before := len(clitest.Items(p.GetJSON(t, k.emp, "/api/v1/kinerja/entries?from="+k.yesterday+"&to="+k.today, 200)))
	base := func(edit func(m map[string]any)) map[string]any {
		m := map[string]any{"date": k.today, "rhk_id": myRHK, "what": "Menyusun laporan", "volume": 1, "unit": "dokumen", "minutes": 60}
		edit(m)
		return m
	}
	zone, _ := time.LoadLocation("Asia/Jakarta")
	cases := []struct {
		name, field string
		edit        func(m map[string]any)
	}{
		{"minutes zero", "minutes", func(m map[string]any) { m["minutes"] = 0 }},
		{"minutes negative", "minutes", func(m map[string]any) { m["minutes"] = -5 }},
		{"over the daily cap", "minutes", func(m map[string]any) { m["minutes"] = 661 }},
		{"the day over the cap", "minutes", func(m map[string]any) { m["date"], m["minutes"] = k.yesterday, 600 }},
		{"future date", "date", func(m map[string]any) { m["date"] = time.Now().In(zone).AddDate(0, 0, 2).Format("2006-01-02") }},
		{"past the late window", "date", func(m map[string]any) { m["date"] = time.Now().In(zone).AddDate(0, 0, -20).Format("2006-01-02") }},
		{"someone else's RHK", "rhk_id", func(m map[string]any) { m["rhk_id"] = supRHK }},
		{"evidence not a web link", "evidence_url", func(m map[string]any) { m["evidence_url"] = "javascript:alert(1)" }},
		{"zero volume", "volume", func(m map[string]any) { m["volume"] = 0 }},
	}
	for _, c := range cases {
		errField(t, p.PostJSON(t, k.emp, "/api/v1/kinerja/entries", base(c.edit), 400), c.field)
	}
	if after := len(clitest.Items(p.GetJSON(t, k.emp, "/api/v1/kinerja/entries?from="+k.yesterday+"&to="+k.today, 200))); after != before {
		t.Fatalf("refused entries stored: %d → %d", before, after)
	}
}

// chainRefusals: one's own entry and an entry outside one's chain.
func (k *kin) chainRefusals(t *testing.T, supRHK int64) {
	p := k.p
	own := p.PostJSON(t, k.sup, "/api/v1/kinerja/entries", map[string]any{"date": k.today, "rhk_id": supRHK, "what": "Supervisi", "volume": 1, "unit": "kegiatan", "minutes": 60}, 201)
	p.PostJSON(t, k.sup, "/api/v1/kinerja/entries/submit", map[string]any{"from": k.today, "to": k.today}, 200)
	res := p.PostJSON(t, k.sup, "/api/v1/kinerja/approvals", map[string]any{"ids": []int64{clitest.ID(own)}, "approve": true}, 400)
	if d := errField(t, res, "ids")["detail"].(map[string]any)["bad"].([]any); d[0].(map[string]any)["key"] != "kinerja.own_entry" {
		t.Fatalf("own entry: %v", d)
	}
	// The employee is not the supervisor's supervisor.
	res = p.PostJSON(t, k.emp, "/api/v1/kinerja/approvals", map[string]any{"ids": []int64{clitest.ID(own)}, "approve": true}, 400)
	if d := errField(t, res, "ids")["detail"].(map[string]any)["bad"].([]any); d[0].(map[string]any)["key"] != "kinerja.entry_missing" {
		t.Fatalf("outside the chain: %v", d)
	}
}

// delegation: the agency admin names themself Plh of the supervisor and
// decides for them; before that, they could not.
func (k *kin) delegation(t *testing.T, myRHK int64) {
	p := k.p
	e := p.PostJSON(t, k.emp, "/api/v1/kinerja/entries", map[string]any{"date": k.today, "rhk_id": myRHK, "what": "Backup server", "volume": 1, "unit": "kegiatan", "minutes": 30}, 201)
	p.PostJSON(t, k.emp, "/api/v1/kinerja/entries/submit", map[string]any{"from": k.today, "to": k.today}, 200)
	if k.adminEmp == 0 || k.adminEmp == k.supID {
		t.Fatalf("the agency admin persona is no separate employee (%d)", k.adminEmp)
	}
	p.PostJSON(t, k.admin, "/api/v1/kinerja/approvals", map[string]any{"ids": []int64{clitest.ID(e)}, "approve": true}, 400)
	zone, _ := time.LoadLocation("Asia/Jakarta")
	to := time.Now().In(zone).AddDate(0, 0, 3).Format("2006-01-02")
	p.PostJSON(t, k.emp, "/api/v1/delegations", map[string]any{"supervisor_id": k.supID, "acting_id": k.empID, "kind": "plh", "valid_from": k.today, "valid_to": to}, 403)
	p.PostJSON(t, k.admin, "/api/v1/delegations", map[string]any{"supervisor_id": k.supID, "acting_id": k.adminEmp, "kind": "plh", "valid_from": k.today, "valid_to": to}, 201)
	if m := member(p.GetJSON(t, k.admin, "/api/v1/kinerja/approvals?from="+k.today+"&to="+k.today, 200), k.empID); m == nil {
		t.Fatal("the Plh does not see the employee's entry")
	}
	p.PostJSON(t, k.admin, "/api/v1/kinerja/approvals", map[string]any{"ids": []int64{clitest.ID(e)}, "approve": true}, 200)
}

// monthTotals: the employee's approved minutes of this month equal the
// sum of their approved entries, and the team table agrees.
func (k *kin) monthTotals(t *testing.T) {
	p := k.p
	month := k.today[:7]
	want := 0.0
	for _, e := range clitest.Items(p.GetJSON(t, k.emp, "/api/v1/kinerja/entries?from="+month+"-01&to="+k.today, 200)) {
		if e["status"] == "approved" {
			want += e["minutes"].(float64)
		}
	}
	mine := p.GetJSON(t, k.emp, "/api/v1/kinerja/progress?month="+month, 200)
	if mine["approved_min"].(float64) != want || mine["minutes"].(float64) != mine["required_days"].(float64)*300 || mine["working_days"].(float64) < 15 {
		t.Fatalf("progress %v, want approved %v", mine, want)
	}
	for _, r := range clitest.Items(p.GetJSON(t, k.sup, "/api/v1/kinerja/team/progress?month="+month, 200)) {
		if int64(r["employee_id"].(float64)) == k.empID && r["approved_min"] != mine["approved_min"] {
			t.Fatalf("team row %v, employee %v", r, mine)
		}
	}
	errField(t, p.GetJSON(t, k.emp, "/api/v1/kinerja/progress?month=2026-13", 400), "month")
}

func (k *kin) evaluation(t *testing.T) {
	p := k.p
	vals := map[string]string{}
	for _, v := range strings.Split("berorientasi_pelayanan akuntabel kompeten harmonis loyal adaptif kolaboratif", " ") {
		vals[v] = "di_atas"
	}
	ev := p.PostJSON(t, k.sup, "/api/v1/kinerja/evaluations", map[string]any{"employee_id": k.empID, "year": k.year, "period": 1, "result": "di_atas", "values": vals, "feedback": "Sangat baik"}, 201)
	if ev["predikat"] != "sangat_baik" {
		t.Fatalf("evaluation %v", ev)
	}
	p.PostJSON(t, k.emp, "/api/v1/kinerja/evaluations", map[string]any{"employee_id": k.supID, "year": k.year, "period": 1, "result": "di_atas", "values": vals}, 404)
	delete(vals, "loyal")
	errField(t, p.PostJSON(t, k.sup, "/api/v1/kinerja/evaluations", map[string]any{"employee_id": k.empID, "year": k.year, "period": 1, "result": "di_atas", "values": vals}, 400), "values.loyal")
	team := p.GetJSON(t, k.sup, fmt.Sprintf("/api/v1/kinerja/team/evaluations?year=%d&org_predikat=sangat_kurang", k.year), 200)
	if w := team["warnings"].([]any); len(w) == 0 {
		t.Fatalf("no distribution warning for a Sangat Baik under Sangat Kurang: %v", team)
	}
}

// adoption: the employee first logged and first had an entry approved.
func (k *kin) adoption(t *testing.T) {
	p := k.p
	emp := p.GetJSON(t, k.admin, fmt.Sprintf("/api/v1/employees/%d", k.empID), 200)
	agency := int64(emp["assignment"].(map[string]any)["agency_id"].(float64))
	for _, a := range clitest.Items(p.GetJSON(t, k.admin, fmt.Sprintf("/api/v1/kinerja/adoption?agency_id=%d", agency), 200)) {
		if int64(a["employee_id"].(float64)) == k.empID {
			if a["first_logged"] == nil || a["first_approved"] == nil {
				t.Fatalf("adoption %v", a)
			}
			return
		}
	}
	t.Fatal("the employee is missing from the adoption list")
}

// export: the XLSX and CSV re-read hold the numbers the API answers.
func (k *kin) export(t *testing.T) {
	p := k.p
	q := fmt.Sprintf("employee_id=%d&year=%d&period=%s", k.empID, k.year, strings.TrimLeft(k.today[5:7], "0"))
	rows := clitest.Items(p.GetJSON(t, k.sup, "/api/v1/kinerja/realisation?"+q, 200))
	if len(rows) != 1 || rows[0]["realised_min"].(float64) == 0 || !strings.Contains(rows[0]["text"].(string), "Realisasi") {
		t.Fatalf("realisation %v", rows)
	}
	res, err := k.sup.Get(p.Base + "/api/v1/kinerja/export?format=xlsx&" + q)
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("export: %v %v", res, err)
	}
	defer res.Body.Close()
	f, err := excelize.OpenReader(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	got, err := f.GetRows(f.GetSheetName(0))
	if err != nil || len(got) != 2 {
		t.Fatalf("sheet rows %v %v", got, err)
	}
	col := map[string]int{}
	for i, h := range got[0] {
		col[h] = i
	}
	for key, field := range map[string]string{"Target": "target_qty", "Realisasi": "realised_qty", "Kegiatan": "entries", "Menit": "realised_min"} {
		if want := fmt.Sprint(rows[0][field]); got[1][col[key]] != want {
			t.Errorf("XLSX %s = %q, API %s = %s", key, got[1][col[key]], field, want)
		}
	}
	if got[1][col["RHK"]] != rows[0]["rhk"] || got[1][col["NIP"]] != rows[0]["nip"] {
		t.Errorf("XLSX row %v, API %v", got[1], rows[0])
	}
	csvBody := p.GetText(t, k.sup, "/api/v1/kinerja/export?format=csv&"+q, 200)
	if lines := strings.Count(csvBody, "\n"); lines < 2 || !strings.HasPrefix(csvBody, "NIP,Nama,") {
		t.Errorf("CSV:\n%s", csvBody)
	}
	p.GetJSON(t, k.emp, fmt.Sprintf("/api/v1/kinerja/realisation?employee_id=%d&year=%d&period=1", k.supID, k.year), 404)
}

// member is one employee's group in a pending-approvals answer.
func member(v map[string]any, id int64) map[string]any {
	for _, m := range clitest.Items(v) {
		if int64(m["employee_id"].(float64)) == id {
			return m
		}
	}
	return nil
}

// statuses counts the caller's entries of a day by status.
func statuses(t *testing.T, p *clitest.Program, c *http.Client, day string) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, e := range clitest.Items(p.GetJSON(t, c, "/api/v1/kinerja/entries?from="+day+"&to="+day, 200)) {
		out[e["status"].(string)]++
	}
	return out
}

// skp: next year's SKP is drafted though the supervisor has none; this
// year's links to the demo supervisor's agreed RHK, is submitted and
// agreed. It returns the employee's and the supervisor's first RHK.
func (k *kin) skp(t *testing.T) (myRHK, supRHK int64) {
	p, y := k.p, fmt.Sprintf("/api/v1/kinerja/skp/%d", k.year)
	rhk := func(text string, parent any) map[string]any {
		return map[string]any{"kind": "utama", "text": text, "indicator": "Jumlah " + text, "target_qty": 12, "target_unit": "dokumen", "parent_id": parent}
	}
	// Next year the supervisor has no SKP yet: the employee can still
	// draft theirs (the national app blocks here).
	next := fmt.Sprintf("/api/v1/kinerja/skp/%d", k.year+1)
	v := p.GetJSON(t, k.emp, next, 200)
	if len(v["supervisor_rhks"].([]any)) != 0 || v["skp"].(map[string]any)["status"] != "draft" {
		t.Fatalf("next year's SKP view %v", v)
	}
	p.Do(t, k.emp, "PUT", next, map[string]any{"rhks": []any{rhk("Rencana tahun depan", nil)}}, 200)
	// This year the demo supervisor has an agreed SKP to link to.
	supSKP := p.GetJSON(t, k.sup, y, 200)["skp"].(map[string]any)
	if supSKP["status"] != "agreed" {
		t.Fatalf("the demo supervisor's SKP %v", supSKP)
	}
	supRHK = rhkIDs(t, supSKP)[0]
	p.Do(t, k.sup, "PUT", y, map[string]any{"rhks": []any{rhk("x", nil)}}, 409)
	if got := p.GetJSON(t, k.emp, y, 200)["supervisor_rhks"].([]any); len(got) != len(supSKP["rhks"].([]any)) {
		t.Fatalf("supervisor RHK offered %v", got)
	}
	errField(t, p.Do(t, k.emp, "PUT", y, map[string]any{"rhks": []any{rhk("x", 999999)}}, 400), "rhks[0].parent_id")
	mine := p.Do(t, k.emp, "PUT", y, map[string]any{"rhks": []any{rhk("Laporan jaringan", supRHK)}}, 200)
	myRHK = rhkIDs(t, mine)[0]
	p.PostJSON(t, k.emp, y+"/submit", nil, 200)
	p.PostJSON(t, k.sup, fmt.Sprintf("/api/v1/kinerja/skps/%d/decision", clitest.ID(mine)), map[string]any{"agree": true}, 200)
	if s := p.GetJSON(t, k.emp, y, 200)["skp"].(map[string]any)["status"]; s != "agreed" {
		t.Fatalf("SKP status %v", s)
	}
	return myRHK, supRHK
}
