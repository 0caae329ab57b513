package api_test

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"strings"

	"github.com/hadir-id/hadir/internal/cli/clitest"
)

// kinerjaCast is what the e-kinerja steps share: the persons' employee ids,
// the RHK they log against and the entries they make.
type kinerjaCast struct {
	year            int
	month           string
	bossEmp, admEmp int64
	myRHK, supRHK   int64
	activity        int64
	e1, e2          int64 // yesterday's entries: from the catalogue, typed in
}

// kinerja walks e-kinerja as its users do: BKD's settings and catalogue,
// the employee's SKP agreed by the supervisor, a day logged with evidence,
// submitted, returned, fixed and approved, "repeat yesterday", a Plh
// deciding through a delegation, an evaluation, and the realisation BKN
// asks for, with the refusals clients meet most.
func (s *scenario) kinerja() {
	k := &kinerjaCast{year: s.today.Year(), month: s.today.Format("2006-01")}
	k.bossEmp = int64(do(s.t, s.boss, "GET", s.url("/api/v1/me"), nil, 200)["employee_id"].(float64))
	k.admEmp = int64(do(s.t, s.kominfo, "GET", s.url("/api/v1/me"), nil, 200)["employee_id"].(float64))
	s.kinerjaSettings(k)
	s.kinerjaSKP(k)
	s.kinerjaLog(k)
	s.kinerjaEvidence(k)
	s.kinerjaApprovals(k)
	s.kinerjaDelegation(k)
	s.kinerjaEvaluation(k)
	s.kinerjaRealisation(k)
}

// kinerjaSettings: everyone reads the settings, BKD changes them; BKD adds
// to the catalogue, the employee searches it.
func (s *scenario) kinerjaSettings(k *kinerjaCast) {
	t := s.t
	do(t, s.emp, "GET", s.url("/api/v1/kinerja/settings"), nil, 200)
	set := do(t, s.bkd, "GET", s.url("/api/v1/kinerja/settings"), nil, 200)
	delete(set, "updated_at")
	do(t, s.bkd, "PUT", s.url("/api/v1/kinerja/settings"), set, 200)
	do(t, s.kominfo, "PUT", s.url("/api/v1/kinerja/settings"), set, 403)
	bad := map[string]any{}
	for f, v := range set {
		bad[f] = v
	}
	bad["daily_cap"] = 10 // under the requirement per day
	do(t, s.bkd, "PUT", s.url("/api/v1/kinerja/settings"), bad, 400)
	do(t, s.bkd, "PUT", s.url("/api/v1/kinerja/settings"), map[string]any{"minutes_per_day": 300}, 400) // PUT replaces all: nothing zeroed

	act := map[string]any{"code": "UJI-01", "name": "Memeriksa kontrak layanan", "unit": "dokumen", "minutes": 45}
	k.activity = clitest.ID(do(t, s.bkd, "POST", s.url("/api/v1/kinerja/activities"), act, 201))
	do(t, s.bkd, "POST", s.url("/api/v1/kinerja/activities"), act, 409)
	do(t, s.bkd, "POST", s.url("/api/v1/kinerja/activities"), map[string]any{"code": "UJI-02", "name": "X", "unit": "dokumen", "minutes": 0}, 400)
	do(t, s.emp, "POST", s.url("/api/v1/kinerja/activities"), map[string]any{"code": "UJI-03", "name": "X", "unit": "dokumen", "minutes": 30}, 403)
	if len(clitest.Items(do(t, s.emp, "GET", s.url("/api/v1/kinerja/activities?q=kontrak&limit=10"), nil, 200))) == 0 {
		t.Fatal("the catalogue search does not find the new activity")
	}
	do(t, s.emp, "GET", s.url("/api/v1/kinerja/activities?limit=many"), nil, 400)
}

// kinerjaSKP: the employee drafts next year's SKP, plans this year's
// against the supervisor's agreed RHK, submits it; the supervisor returns
// nothing without a comment and agrees; next year starts from this one.
func (s *scenario) kinerjaSKP(k *kinerjaCast) {
	t := s.t
	this, next := s.url("/api/v1/kinerja/skp/%d", k.year), s.url("/api/v1/kinerja/skp/%d", k.year+1)
	rhk := func(text string, parent any) map[string]any {
		return map[string]any{"kind": "utama", "text": text, "indicator": "Jumlah " + text, "target_qty": 12, "target_unit": "dokumen", "parent_id": parent}
	}
	do(t, s.emp, "GET", next, nil, 200)
	do(t, s.emp, "PUT", next, map[string]any{"rhks": []any{rhk("Rencana tahun depan", nil)}}, 200)
	do(t, s.emp, "PUT", next, map[string]any{}, 400)
	if k := do(t, s.emp, "PUT", next, map[string]any{"rhks": []any{}}, 200); len(k["rhks"].([]any)) != 0 {
		t.Fatalf("a draft saved without RHK: %v", k)
	}
	sup := do(t, s.boss, "GET", this, nil, 200)["skp"].(map[string]any)
	k.supRHK = clitest.ID(sup["rhks"].([]any)[0].(map[string]any))
	do(t, s.boss, "PUT", this, map[string]any{"rhks": []any{rhk("x", nil)}}, 409) // agreed: locked
	do(t, s.emp, "GET", this, nil, 200)
	do(t, s.emp, "GET", s.url("/api/v1/kinerja/skp/1999"), nil, 400)
	do(t, s.emp, "PUT", this, map[string]any{"rhks": []any{rhk("x", 999999)}}, 400)
	mine := do(t, s.emp, "PUT", this, map[string]any{"rhks": []any{rhk("Laporan layanan jaringan", k.supRHK)}}, 200)
	k.myRHK = clitest.ID(mine["rhks"].([]any)[0].(map[string]any))
	do(t, s.emp, "POST", this+"/submit", nil, 200)
	do(t, s.emp, "POST", this+"/submit", nil, 409)
	do(t, s.emp, "POST", s.url("/api/v1/kinerja/skp/%d/submit", k.year+2), nil, 404) // none saved
	decide := s.url("/api/v1/kinerja/skps/%d/decision", clitest.ID(mine))
	do(t, s.boss, "POST", decide, map[string]any{"agree": false}, 400)        // a return needs a comment
	do(t, s.boss, "POST", decide, map[string]any{"comment": "Perbaiki"}, 400) // agree or not: say which
	do(t, s.emp, "POST", decide, map[string]any{"agree": true}, 404)          // not their own
	do(t, s.boss, "POST", decide, map[string]any{"agree": true}, 200)
	do(t, s.boss, "POST", decide, map[string]any{"agree": true}, 409)
	do(t, s.emp, "POST", next+"/copy", nil, 200)
	do(t, s.emp, "POST", s.url("/api/v1/kinerja/skp/1999/copy"), nil, 400)
	if len(clitest.Items(do(t, s.boss, "GET", s.url("/api/v1/kinerja/team/skps?year=%d", k.year), nil, 200))) == 0 {
		t.Fatal("the supervisor's team has no SKP")
	}
	do(t, s.boss, "GET", s.url("/api/v1/kinerja/team/skps?year=soon"), nil, 400)
}

// kinerjaLog: yesterday logged (from the catalogue, typed in), a refused
// entry, one changed, one deleted; the day is submitted and locked.
func (s *scenario) kinerjaLog(k *kinerjaCast) {
	t, y := s.t, s.day(-1)
	entry := func(what string, minutes int) map[string]any {
		return map[string]any{"date": y, "rhk_id": k.myRHK, "what": what, "volume": 1, "unit": "kegiatan", "minutes": minutes, "evidence_url": "https://drive.example/notulen"}
	}
	e1 := do(t, s.emp, "POST", s.url("/api/v1/kinerja/entries"), map[string]any{"date": y, "rhk_id": k.myRHK, "activity_id": k.activity, "volume": 2}, 201)
	k.e1 = clitest.ID(e1)
	k.e2 = clitest.ID(do(t, s.emp, "POST", s.url("/api/v1/kinerja/entries"), entry("Rapat koordinasi", 120), 201))
	do(t, s.emp, "POST", s.url("/api/v1/kinerja/entries"), entry("Rapat koordinasi", 0), 400)
	do(t, s.emp, "POST", s.url("/api/v1/kinerja/entries"), map[string]any{"date": y, "rhk_id": k.supRHK, "what": "X", "volume": 1, "unit": "kegiatan", "minutes": 30}, 400)
	do(t, s.emp, "PUT", s.url("/api/v1/kinerja/entries/%d", k.e2), entry("Rapat koordinasi", 100), 200)
	do(t, s.emp, "PUT", s.url("/api/v1/kinerja/entries/%d", 999999), entry("X", 30), 404)
	do(t, s.emp, "PUT", s.url("/api/v1/kinerja/entries/%d", k.e2), entry("X", 0), 400)
	gone := do(t, s.emp, "POST", s.url("/api/v1/kinerja/entries"), entry("Salah catat", 15), 201)
	do(t, s.emp, "DELETE", s.url("/api/v1/kinerja/entries/%d", clitest.ID(gone)), nil, 204)
	do(t, s.emp, "DELETE", s.url("/api/v1/kinerja/entries/%d", clitest.ID(gone)), nil, 404)
	if n := len(clitest.Items(do(t, s.emp, "GET", s.url("/api/v1/kinerja/entries?from=%s&to=%s", y, s.day(0)), nil, 200))); n != 2 {
		t.Fatalf("the employee has %d entries, want 2", n)
	}
	do(t, s.emp, "GET", s.url("/api/v1/kinerja/entries?from=%s", y), nil, 400)
	freq := clitest.Items(do(t, s.emp, "GET", s.url("/api/v1/kinerja/frequent"), nil, 200))
	for _, f := range freq {
		if f["uses"].(float64) != 1 || f["last_used"] != y || f["what"] == "Salah catat" {
			t.Fatalf("a frequent activity %v: want each of yesterday's two, used once", f)
		}
	}
	if len(freq) != 2 {
		t.Fatalf("%d frequent activities, want yesterday's 2", len(freq))
	}
	do(t, s.emp, "GET", s.url("/api/v1/kinerja/progress?month=%s", k.month), nil, 200)
	do(t, s.emp, "GET", s.url("/api/v1/kinerja/progress?month=2026-13"), nil, 400)
}

// kinerjaEvidence: a photo attached to a draft, a file of another type
// refused; the supervisor reads the photo.
func (s *scenario) kinerjaEvidence(k *kinerjaCast) {
	t := s.t
	img := image.NewRGBA(image.Rect(0, 0, 8, 6))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 7)
	}
	img.Set(0, 0, color.White)
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	url := s.url("/api/v1/kinerja/entries/%d/evidence", k.e1)
	s.raw(s.emp, "PUT", url, "image/png", b.Bytes(), 200)
	s.raw(s.emp, "PUT", url, "image/gif", []byte("GIF89a"), 400)
	s.raw(s.emp, "PUT", s.url("/api/v1/kinerja/entries/%d/evidence", 999999), "image/png", b.Bytes(), 404)
	if got := s.raw(s.boss, "GET", url, "", nil, 200); !bytes.Equal(got, b.Bytes()) {
		t.Fatalf("the evidence read back differs: %d B, sent %d B", len(got), b.Len())
	}
	do(t, s.boss, "GET", s.url("/api/v1/kinerja/entries/%d/evidence", k.e2), nil, 404) // none attached
}

// kinerjaApprovals: the day is submitted; the supervisor returns one, the
// employee fixes it, the supervisor approves both; deciding again and
// changing a decided entry are refused. "Repeat yesterday" fills today.
func (s *scenario) kinerjaApprovals(k *kinerjaCast) {
	t, y, today := s.t, s.day(-1), s.day(0)
	day := map[string]any{"from": y, "to": y}
	do(t, s.emp, "POST", s.url("/api/v1/kinerja/entries/submit"), day, 200)
	do(t, s.emp, "POST", s.url("/api/v1/kinerja/entries/submit"), map[string]any{"from": today, "to": y}, 400)
	do(t, s.emp, "PUT", s.url("/api/v1/kinerja/entries/%d", k.e1), map[string]any{"date": y, "rhk_id": k.myRHK, "activity_id": k.activity, "volume": 3}, 409)
	do(t, s.emp, "DELETE", s.url("/api/v1/kinerja/entries/%d", k.e1), nil, 409)
	s.raw(s.emp, "PUT", s.url("/api/v1/kinerja/entries/%d/evidence", k.e1), "image/png", []byte("\x89PNG"), 409)
	do(t, s.boss, "GET", s.url("/api/v1/kinerja/approvals?from=%s&to=%s", y, today), nil, 200)
	do(t, s.boss, "GET", s.url("/api/v1/kinerja/approvals?from=yesterday&to=%s", today), nil, 400)
	do(t, s.boss, "POST", s.url("/api/v1/kinerja/approvals"), map[string]any{"ids": []int64{k.e2}, "approve": false}, 400)
	do(t, s.boss, "POST", s.url("/api/v1/kinerja/approvals"), map[string]any{"ids": []int64{k.e2}, "comment": "Lampirkan notulen"}, 400)
	do(t, s.boss, "POST", s.url("/api/v1/kinerja/approvals"), map[string]any{"ids": []int64{k.e2}, "approve": false, "comment": "Lampirkan notulen"}, 200)
	fixed := map[string]any{"date": y, "rhk_id": k.myRHK, "what": "Rapat koordinasi", "volume": 1, "unit": "kegiatan", "minutes": 100, "evidence_url": "https://drive.example/notulen-1"}
	do(t, s.emp, "PUT", s.url("/api/v1/kinerja/entries/%d", k.e2), fixed, 200)
	do(t, s.emp, "POST", s.url("/api/v1/kinerja/entries/submit"), day, 200)
	do(t, s.boss, "POST", s.url("/api/v1/kinerja/approvals"), map[string]any{"ids": []int64{k.e1, 999999, k.e2}, "approve": true}, 400)
	do(t, s.boss, "POST", s.url("/api/v1/kinerja/approvals"), map[string]any{"ids": []int64{k.e1, k.e2}, "approve": true}, 200)
	do(t, s.boss, "POST", s.url("/api/v1/kinerja/approvals"), map[string]any{"ids": []int64{k.e1}, "approve": true}, 400)
	do(t, s.boss, "GET", s.url("/api/v1/kinerja/team/progress?month=%s", k.month), nil, 200)
	do(t, s.boss, "GET", s.url("/api/v1/kinerja/team/progress?month=%s", "12-2026"), nil, 400)

	if n := len(clitest.Items(do(t, s.emp, "POST", s.url("/api/v1/kinerja/entries/repeat"), map[string]any{"date": today}, 201))); n != 2 {
		t.Fatalf("repeat yesterday made %d drafts, want 2", n)
	}
	do(t, s.emp, "POST", s.url("/api/v1/kinerja/entries/repeat"), map[string]any{}, 400)
	do(t, s.emp, "POST", s.url("/api/v1/kinerja/entries/repeat"), map[string]any{"date": y}, 404) // nothing logged before it
	do(t, s.emp, "POST", s.url("/api/v1/kinerja/entries/submit"), map[string]any{"from": today, "to": today}, 200)
}

// kinerjaDelegation: the agency admin cannot decide for the supervisor
// until they name themself Plh for today; the employee may not.
func (s *scenario) kinerjaDelegation(k *kinerjaCast) {
	t, today := s.t, s.day(0)
	var ids []int64
	for _, e := range clitest.Items(do(t, s.emp, "GET", s.url("/api/v1/kinerja/entries?from=%s&to=%s", today, today), nil, 200)) {
		ids = append(ids, clitest.ID(e))
	}
	decide := map[string]any{"ids": ids, "approve": true}
	do(t, s.kominfo, "POST", s.url("/api/v1/kinerja/approvals"), decide, 400)
	plh := map[string]any{"supervisor_id": k.bossEmp, "acting_id": k.admEmp, "kind": "plh", "valid_from": today, "valid_to": today}
	do(t, s.emp, "POST", s.url("/api/v1/delegations"), plh, 403)
	do(t, s.kominfo, "POST", s.url("/api/v1/delegations"), map[string]any{"supervisor_id": k.bossEmp, "acting_id": k.admEmp, "kind": "plh", "valid_from": today, "valid_to": s.day(-1)}, 400)
	do(t, s.kominfo, "POST", s.url("/api/v1/delegations"), plh, 201)
	if len(clitest.Items(do(t, s.kominfo, "GET", s.url("/api/v1/delegations"), nil, 200))) == 0 {
		t.Fatal("the Plh does not see their delegation")
	}
	do(t, s.boss, "GET", s.url("/api/v1/delegations"), nil, 200)
	do(t, s.kominfo, "GET", s.url("/api/v1/kinerja/approvals?from=%s&to=%s", today, today), nil, 200)
	do(t, s.kominfo, "POST", s.url("/api/v1/kinerja/approvals"), decide, 200)
}

// kinerjaEvaluation: the supervisor rates a period; the employee cannot
// rate their supervisor; a missing value is named.
func (s *scenario) kinerjaEvaluation(k *kinerjaCast) {
	t := s.t
	vals := map[string]string{}
	for _, v := range strings.Fields("berorientasi_pelayanan akuntabel kompeten harmonis loyal adaptif kolaboratif") {
		vals[v] = "di_atas"
	}
	ev := map[string]any{"employee_id": s.empID, "year": k.year, "period": 1, "result": "di_atas", "values": vals, "feedback": "Sangat baik"}
	do(t, s.boss, "POST", s.url("/api/v1/kinerja/evaluations"), ev, 201)
	do(t, s.emp, "POST", s.url("/api/v1/kinerja/evaluations"), map[string]any{"employee_id": k.bossEmp, "year": k.year, "period": 1, "result": "sesuai", "values": vals}, 404)
	delete(vals, "loyal")
	do(t, s.boss, "POST", s.url("/api/v1/kinerja/evaluations"), ev, 400)
	do(t, s.boss, "GET", s.url("/api/v1/kinerja/team/evaluations?year=%d&org_predikat=sangat_kurang", k.year), nil, 200)
	do(t, s.boss, "GET", s.url("/api/v1/kinerja/team/evaluations?year=%d", k.year), nil, 200)
	do(t, s.boss, "GET", s.url("/api/v1/kinerja/team/evaluations?year=1999"), nil, 400)
}

// kinerjaRealisation: adoption for the agency admin, the realisation of
// one employee and of an agency, and its export.
func (s *scenario) kinerjaRealisation(k *kinerjaCast) {
	t := s.t
	do(t, s.kominfo, "GET", s.url("/api/v1/kinerja/adoption?agency_id=%d", s.kominfoID), nil, 200)
	do(t, s.kominfo, "GET", s.url("/api/v1/kinerja/adoption?agency_id=many"), nil, 400)
	do(t, s.emp, "GET", s.url("/api/v1/kinerja/adoption?agency_id=%d", s.kominfoID), nil, 403)
	q := fmt.Sprintf("employee_id=%d&year=%d&period=%d", s.empID, k.year, s.today.Month())
	if len(clitest.Items(do(t, s.boss, "GET", s.url("/api/v1/kinerja/realisation?%s", q), nil, 200))) == 0 {
		t.Fatal("the employee's realisation has no row")
	}
	do(t, s.kominfo, "GET", s.url("/api/v1/kinerja/realisation?agency_id=%d&year=%d&period=%d", s.kominfoID, k.year, s.today.Month()), nil, 200)
	do(t, s.emp, "GET", s.url("/api/v1/kinerja/realisation?employee_id=%d&year=%d&period=1", k.bossEmp, k.year), nil, 404)
	do(t, s.boss, "GET", s.url("/api/v1/kinerja/realisation?year=%d&period=1", k.year), nil, 400)
	if b := s.raw(s.boss, "GET", s.url("/api/v1/kinerja/export?%s", q), "", nil, 200); !bytes.HasPrefix(b, []byte("PK")) {
		t.Fatalf("the XLSX export is no zip: %.20q", b)
	}
	if b := s.raw(s.boss, "GET", s.url("/api/v1/kinerja/export?format=csv&%s", q), "", nil, 200); bytes.Count(b, []byte("\n")) < 2 {
		t.Fatalf("the CSV export has no row:\n%s", b)
	}
	do(t, s.boss, "GET", s.url("/api/v1/kinerja/export?format=pdf&%s", q), nil, 400)
}

// raw sends body as is (a file upload, or nothing) and fails unless the
// status is want; it returns the answer's bytes.
func (s *scenario) raw(c *http.Client, method, url, ctype string, body []byte, want int) []byte {
	s.t.Helper()
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		s.t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	res, err := c.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	if res.StatusCode != want {
		s.t.Fatalf("%s %s: %d %s, want %d", method, url, res.StatusCode, out, want)
	}
	return out
}
