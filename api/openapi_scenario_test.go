package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/descope/virtualwebauthn"

	"github.com/hadir-id/hadir/internal/bench/softphone"
	"github.com/hadir-id/hadir/internal/checkin"
	"github.com/hadir-id/hadir/internal/cli/clitest"
	"github.com/hadir-id/hadir/internal/push/pushtest"
)

// scenario walks the API as its users do; the contract's transport
// validates every answer on the way.
type scenario struct {
	t  *testing.T
	p  *clitest.Program
	ct *contract

	anon, bkd, kominfo, boss, emp *http.Client
	empID, kominfoID              int64
	today                         time.Time // in the demo regency's zone (WIB)
	lastMonth                     string
	site                          map[string]any // a Diskominfo office site
	lastPhone                     *http.Client   // the employee's newest session
	newAgency, newUnit            int64          // made by the scenario
	newPosition, other            int64          // other: an employee made by the scenario
	fake                          *pushtest.Service
}

func (s *scenario) url(format string, a ...any) string { return s.p.Base + fmt.Sprintf(format, a...) }

func (s *scenario) day(offset int) string { return s.today.AddDate(0, 0, offset).Format("2006-01-02") }

// signIn redeems a printed one-time link (303 to the app) in a new client.
func (s *scenario) signIn(role string, i int) *http.Client {
	c := s.ct.client()
	res, err := c.Get(s.p.Link(s.p.Links[role][i]))
	if err != nil {
		s.t.Fatal(err)
	}
	res.Body.Close()
	if res.Request.URL.RawQuery != "" {
		s.t.Fatalf("%s sign-in link did not sign in: ended at %s", role, res.Request.URL)
	}
	return c
}

func (s *scenario) run() {
	s.today = time.Now().In(time.FixedZone("WIB", 7*3600))
	s.lastMonth = s.today.AddDate(0, 0, -s.today.Day()).Format("2006-01")
	s.anonymous()
	s.bkd, s.kominfo = s.signIn("regency_admin", 0), s.signIn("agency_admin", 0)
	s.boss, s.emp = s.signIn("supervisor", 0), s.signIn("employee", 0)
	s.empID = int64(do(s.t, s.emp, "GET", s.url("/api/v1/me"), nil, 200)["employee_id"].(float64))
	s.kominfoID = int64(do(s.t, s.kominfo, "GET", s.url("/api/v1/me"), nil, 200)["admin_agencies"].([]any)[0].(float64))
	s.waitForDays()
	s.organisation()
	s.people()
	s.rules()
	s.attendance()
	s.kinerja()
	s.phones()
	s.recovery()
	s.push()
	s.sessions()
}

// anonymous: health, refusals before sign-in, the public ceremonies' errors.
func (s *scenario) anonymous() {
	t, a := s.t, s.ct.client()
	s.anon = a
	do(t, a, "GET", s.url("/healthz"), nil, 200)
	do(t, a, "GET", s.url("/readyz"), nil, 200)
	do(t, a, "GET", s.url("/metrics"), nil, 404) // not without the token
	req, _ := http.NewRequest("GET", s.url("/metrics"), nil)
	req.Header.Set("Authorization", "Bearer "+clitest.MetricsToken)
	res, err := a.Do(req)
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("metrics: %v %v", res, err)
	}
	res.Body.Close()
	do(t, a, "GET", s.url("/api/v1/agencies"), nil, 401)
	do(t, a, "GET", s.url("/api/v1/me"), nil, 401)
	do(t, a, "GET", s.url("/api/v1/auth/link?token=used-or-unknown"), nil, 200) // 303 to /?masuk=gagal, then the app
	do(t, a, "POST", s.url("/api/v1/enrol/options"), map[string]string{"code": "short"}, 400)
	do(t, a, "POST", s.url("/api/v1/enrol/options"), map[string]string{"code": "ABCD-EFGH-JKLM"}, 401)
	do(t, a, "POST", s.url("/api/v1/enrol/options"), map[string]any{"code": 12345678}, 400) // wrong type: field named
	do(t, a, "POST", s.url("/api/v1/enrol"), map[string]any{"code": "ABCD-EFGH-JKLM", "credential": map[string]any{}}, 0)
	do(t, a, "POST", s.url("/api/v1/auth/recovery"), map[string]string{"code": "ABCD-EFGH-JKLM"}, 401)
	do(t, a, "POST", s.url("/api/v1/auth/passkey"), map[string]any{"credential": map[string]any{"id": "x"}}, 0)
	req, _ = http.NewRequest("POST", s.url("/api/v1/auth/passkey/options"), nil)
	req.Header.Set("Origin", "https://evil.example")
	if res, err := a.Do(req); err != nil || res.StatusCode != 403 {
		t.Fatalf("cross-origin POST: %v %v", res, err)
	} else {
		res.Body.Close()
	}
}

// waitForDays polls until the background worker has computed the seeded
// history of last month.
func (s *scenario) waitForDays() {
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		v := do(s.t, s.emp, "GET", s.url("/api/v1/employees/%d/days?month=%s", s.empID, s.lastMonth), nil, 200)
		if days, _ := v["days"].([]any); len(days) >= 28 {
			return
		}
		time.Sleep(250 * time.Millisecond)
	}
	s.t.Fatal("the demo history was not computed within 90 s")
}

// phones: enrol with a software authenticator, check in and out, a new phone
// signs in with the synced passkey (pending), its check-in is flagged and
// reviewed, the supervisor approves one new phone and rejects another.
func (s *scenario) phones() {
	t := s.t
	act := do(t, s.kominfo, "POST", s.url("/api/v1/employees/%d/activation-codes", s.empID), nil, 201)
	rp := virtualwebauthn.RelyingParty{ID: "localhost", Origin: s.p.Base, Name: "Hadir"}
	ph, err := softphone.New(rp, virtualwebauthn.AuthenticatorOptions{BackupEligible: true, BackupState: true})
	if err != nil {
		t.Fatal(err)
	}
	app := s.ct.client()
	start := do(t, app, "POST", s.url("/api/v1/enrol/options"), map[string]any{"code": act["code"]}, 200)
	enrol, err := ph.Enrol(act["code"].(string), clitest.JSON(t, start["options"]))
	if err != nil {
		t.Fatal(err)
	}
	do(t, app, "POST", s.url("/api/v1/enrol"), enrol, 201)
	do(t, app, "POST", s.url("/api/v1/enrol"), enrol, 401) // the code is spent
	fix := softphone.Fix{Lat: s.site["lat"].(float64), Lon: s.site["lon"].(float64), AccuracyM: 12}
	for _, typ := range []string{"in", "out"} {
		r := s.checkin(app, ph, typ, fix, 201)
		do(t, app, "POST", s.url("/api/v1/checkins"), r, 201) // a retry: duplicate
	}
	do(t, app, "GET", s.url("/api/v1/checkins/challenge?device_key_id=unknown-key"), nil, 404)
	bad := s.checkin(app, ph, "in", fix, 0)
	bad.Position.Lat += 0.001 // changed after signing
	do(t, app, "POST", s.url("/api/v1/checkins"), bad, 0)
	do(t, app, "GET", s.url("/api/v1/employees/%d/devices", s.empID), nil, 200)
	do(t, s.emp, "GET", s.url("/api/v1/reviews"), nil, 403)          // reviews nobody
	do(t, s.boss, "GET", s.url("/api/v1/reviews"), nil, 200)         // nothing flagged yet: still a list
	do(t, s.boss, "GET", s.url("/api/v1/devices/pending"), nil, 200) // no new phone yet

	pending := s.newPhone(ph)
	far := softphone.Fix{Lat: fix.Lat + 0.05, Lon: fix.Lon, AccuracyM: 12}
	s.checkin(pending.c, pending.ph, "in", far, 201) // pending phone, far away: flagged
	items := clitest.Items(do(t, s.boss, "GET", s.url("/api/v1/reviews"), nil, 200))
	if len(items) == 0 {
		t.Fatal("the flagged check-in is not in the supervisor's queue")
	}
	ev := clitest.ID(items[0])
	do(t, s.boss, "POST", s.url("/api/v1/reviews/%d", ev), map[string]any{"accept": false}, 400) // a reason is required
	do(t, s.boss, "POST", s.url("/api/v1/reviews/%d", ev), map[string]any{"accept": true, "reason": "dinas luar"}, 200)
	do(t, s.boss, "POST", s.url("/api/v1/reviews/%d", ev), map[string]any{"accept": true}, 409)
	do(t, s.boss, "GET", s.url("/api/v1/devices/pending"), nil, 200)
	do(t, s.boss, "POST", s.url("/api/v1/devices/%d/approve", pending.id), nil, 200)
	do(t, s.boss, "POST", s.url("/api/v1/devices/%d/approve", pending.id), nil, 409)
	other := s.newPhone(ph)
	s.lastPhone = other.c
	do(t, s.kominfo, "POST", s.url("/api/v1/devices/%d/reject", other.id), nil, 200)
	do(t, s.emp, "POST", s.url("/api/v1/devices/%d/approve", other.id), nil, 404) // not their own phone
}

type install struct {
	ph *softphone.Phone
	c  *http.Client
	id int64
}

// newPhone signs in on another install of the same synced passkey: the new
// device key registers, pending approval.
func (s *scenario) newPhone(old *softphone.Phone) install {
	ph, err := old.NewInstall()
	if err != nil {
		s.t.Fatal(err)
	}
	c := s.ct.client()
	opts := do(s.t, c, "POST", s.url("/api/v1/auth/passkey/options"), nil, 200)
	login, err := ph.Login(clitest.JSON(s.t, opts["options"]))
	if err != nil {
		s.t.Fatal(err)
	}
	in := do(s.t, c, "POST", s.url("/api/v1/auth/passkey"), login, 200)
	dev, _ := in["device"].(map[string]any)
	if dev == nil || dev["status"] != "pending" {
		s.t.Fatalf("a new phone's sign-in: %v", in)
	}
	return install{ph: ph, c: c, id: clitest.ID(dev)}
}

// checkin prefetches a challenge and, when want is not 0, submits the
// signed check-in; it returns the request.
func (s *scenario) checkin(c *http.Client, ph *softphone.Phone, typ string, fix softphone.Fix, want int) checkin.Request {
	ch := do(s.t, c, "GET", s.url("/api/v1/checkins/challenge?device_key_id=%s", ph.KeyID), nil, 200)
	r, err := ph.Checkin(softphone.CheckinOptions(ch["challenge"].(string), "localhost"), typ, fix, time.Now(), false)
	if err != nil {
		s.t.Fatal(err)
	}
	if want != 0 {
		do(s.t, c, "POST", s.url("/api/v1/checkins?lang=en"), r, want)
	}
	return r
}

// firstRun: an empty install's setup link makes the regency and its first
// BKD administrator, who has no employee record (no day today).
func (s *scenario) firstRun(p *clitest.Program) {
	t, c := s.t, s.ct.client()
	_, token, ok := strings.Cut(p.SetupLink, "#")
	if !ok {
		t.Fatalf("the empty install printed no setup link: %q", p.SetupLink)
	}
	req := map[string]string{"token": token, "regency_name": "Pemerintah Kabupaten Uji", "timezone": "WITA", "admin_name": "Admin BKD"}
	do(t, c, "POST", p.Base+"/api/v1/setup", map[string]string{"token": "", "regency_name": "X", "timezone": "WIB", "admin_name": "Y"}, 400)
	do(t, c, "POST", p.Base+"/api/v1/setup", map[string]string{"token": "not-a-setup-token", "regency_name": "X", "timezone": "WIB", "admin_name": "Y"}, 401)
	do(t, c, "POST", p.Base+"/api/v1/setup", req, 201)
	do(t, s.ct.client(), "POST", p.Base+"/api/v1/setup", req, 401) // used
	if me := do(t, c, "GET", p.Base+"/api/v1/me", nil, 200); me["employee_id"] != nil {
		t.Fatalf("the first administrator: %v", me)
	}
	do(t, c, "GET", p.Base+"/api/v1/me/today", nil, 200)
	do(t, c, "GET", p.Base+"/api/v1/regency", nil, 200)
}

// recovery: BKD issues recovery codes; one signs in once.
func (s *scenario) recovery() {
	codes := do(s.t, s.bkd, "POST", s.url("/api/v1/me/recovery-codes"), nil, 201)["codes"].([]any)
	c := s.ct.client()
	do(s.t, c, "POST", s.url("/api/v1/auth/recovery"), map[string]any{"code": codes[0]}, 204)
	do(s.t, c, "GET", s.url("/api/v1/regency"), nil, 200)
	do(s.t, s.anon, "POST", s.url("/api/v1/auth/recovery"), map[string]any{"code": codes[0]}, 401)
	do(s.t, s.emp, "POST", s.url("/api/v1/me/recovery-codes"), nil, 403)
}

// sessions: list, revoke the newest (a lost phone), sign out; each
// session then ends.
func (s *scenario) sessions() {
	if d := do(s.t, s.emp, "GET", s.url("/api/v1/me/data"), nil, 200); d["employee"] == nil {
		s.t.Errorf("my data without the employee: %v", d)
	}
	items := clitest.Items(do(s.t, s.emp, "GET", s.url("/api/v1/me/sessions"), nil, 200))
	if len(items) < 2 {
		s.t.Fatalf("the employee has %d sessions", len(items))
	}
	var newest int64
	for _, it := range items {
		newest = max(newest, clitest.ID(it))
	}
	do(s.t, s.emp, "DELETE", s.url("/api/v1/me/sessions/%d", newest), nil, 204)
	do(s.t, s.lastPhone, "GET", s.url("/api/v1/me"), nil, 401)
	do(s.t, s.emp, "DELETE", s.url("/api/v1/me/sessions/%d", 999999), nil, 404)
	do(s.t, s.emp, "POST", s.url("/api/v1/auth/logout"), nil, 204)
	do(s.t, s.emp, "GET", s.url("/api/v1/me"), nil, 401)
}
