package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/descope/virtualwebauthn"

	"github.com/hadir-id/hadir/internal/bench/softphone"
	"github.com/hadir-id/hadir/internal/cli"
	"github.com/hadir-id/hadir/internal/cli/clitest"
	"github.com/hadir-id/hadir/internal/push"
	"github.com/hadir-id/hadir/internal/push/pushtest"
	"github.com/hadir-id/hadir/internal/store/storetest"
)

// Through `hadir serve` on both databases: an enrolled phone subscribes
// (201, then 200 when the app re-sends it), every bad subscription is a
// 4xx that stores nothing, the test button's notification reaches the
// local push service and decrypts to the exact JSON, and unsubscribing
// works.
func TestPushSubscriptionsEndToEnd(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dialect string) {
		fake := pushtest.New()
		defer fake.Close()
		dbURL := "sqlite:" + filepath.Join(t.TempDir(), "hadir.db")
		if dialect == "postgres" {
			dbURL = storetest.FreshPostgres(t)
		}
		p := clitest.StartArgs(t, dbURL, "127.0.0.1:0", "--push-allow", fake.URL+"/")
		admin := p.Client(t, p.Links["agency_admin"][0])
		emp := p.Client(t, p.Links["employee"][0])
		sup := p.Client(t, p.Links["supervisor"][0])
		mine, empApp := enrolPhone(t, p, admin, employeeID(t, p, emp))
		theirs, _ := enrolPhone(t, p, admin, employeeID(t, p, sup))

		b := fake.NewBrowser()
		good := map[string]any{"endpoint": b.Endpoint, "expirationTime": nil,
			"keys": map[string]string{"p256dh": b.P256dh, "auth": b.Auth}, "device_key_id": mine.KeyID}
		badPushInput(t, p, empApp, good, theirs.KeyID)
		if n := p.GetJSON(t, empApp, "/api/v1/me/push-preferences", 200)["subscriptions"]; n != 0.0 {
			t.Fatalf("bad input stored %v subscriptions", n)
		}
		p.PostJSON(t, empApp, "/api/v1/me/push-subscriptions/test", struct{}{}, 409)
		sub := p.PostJSON(t, empApp, "/api/v1/me/push-subscriptions", good, 201)
		if sub["endpoint"] != b.Endpoint || sub["device_id"] == nil {
			t.Fatalf("subscription %v", sub)
		}
		p.PostJSON(t, empApp, "/api/v1/me/push-subscriptions", good, 200) // the app re-sends it on every open
		prefs := p.GetJSON(t, empApp, "/api/v1/me/push-preferences", 200)
		if prefs["subscriptions"] != 1.0 || len(prefs["public_key"].(string)) != 87 {
			t.Fatalf("preferences %v", prefs)
		}
		if got := p.PostJSON(t, empApp, "/api/v1/me/push-subscriptions/test", struct{}{}, 202); got["queued"] != 1.0 {
			t.Fatalf("test: %v", got)
		}
		got := waitPush(t, fake, 1)[0]
		name := p.GetJSON(t, empApp, "/api/v1/me", 200)["name"].(string)
		want, _ := json.Marshal(push.Notification{Title: "Pengingat Hadir menyala",
			Body: "Halo " + name + ", ini notifikasi uji. Pengingat presensi akan tampil seperti ini.", URL: "/#me", Tag: "test"})
		if got.Err != nil || string(got.Plaintext) != string(want) || got.Urgency != "high" || got.Topic != "test" {
			t.Fatalf("push %+v, want %s", got, want)
		}
		del(t, p, empApp, "/api/v1/me/push-subscriptions?endpoint="+url.QueryEscape(b.Endpoint), 204)
		del(t, p, empApp, "/api/v1/me/push-subscriptions?endpoint="+url.QueryEscape(b.Endpoint), 404)
		bkd := p.Client(t, p.Links["regency_admin"][0])
		checkPlanAPI(t, p, bkd, admin, emp)
		p.Stop(t)
		checkPlanCommand(t, dbURL)
	})
}

// checkPlanCommand runs `hadir push plan` on the program's database.
func checkPlanCommand(t *testing.T, dbURL string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := cli.Env{Getenv: func(string) string { return "" }, Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb}
	day := nextWeekday(time.Now())
	if code := cli.Run(context.Background(), []string{"push", "plan", "--date", day, "--database-url", dbURL}, e); code != 0 {
		t.Fatalf("hadir push plan: exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "before_start") || !strings.Contains(out.String(), "total before_start") {
		t.Fatalf("hadir push plan printed:\n%s", out.String())
	}
	errb.Reset()
	if code := cli.Run(context.Background(), []string{"push", "plan", "--date", "tomorrow", "--database-url", dbURL}, e); code != 2 || !strings.Contains(errb.String(), "--date") {
		t.Fatalf("bad --date: exit %d %q", code, errb.String())
	}
}

// checkPlanAPI: the plan is scoped (BKD sees the regency, an agency admin
// their agency, an employee nothing); an agency admin pauses their agency
// for a date and its reminders vanish from that date's plan, but may not
// pause the whole regency.
func checkPlanAPI(t *testing.T, p *clitest.Program, bkd, admin, emp *http.Client) {
	t.Helper()
	day := nextWeekday(time.Now())
	path := "/api/v1/push/plan?date=" + day
	total := func(c map[string]any) int {
		n := 0
		for _, v := range c["totals"].(map[string]any) {
			n += int(v.(float64))
		}
		return n
	}
	all, mine := total(p.GetJSON(t, bkd, path, 200)), total(p.GetJSON(t, admin, path, 200))
	if mine == 0 || mine >= all {
		t.Fatalf("plan totals: BKD %d, agency admin %d", all, mine)
	}
	p.GetJSON(t, emp, path, 403)
	p.GetJSON(t, bkd, "/api/v1/push/plan?date=07-12-2026", 400)
	me := p.GetJSON(t, admin, "/api/v1/me", 200)
	agency := int64(me["admin_agencies"].([]any)[0].(float64))
	p.PostJSON(t, admin, "/api/v1/push/pauses", map[string]any{"date": day, "reason": "banjir"}, 403)
	pause := p.PostJSON(t, admin, "/api/v1/push/pauses", map[string]any{"date": day, "agency_id": agency, "reason": "banjir"}, 201)
	if got := total(p.GetJSON(t, admin, path, 200)); got != 0 {
		t.Fatalf("paused agency still has %d reminders", got)
	}
	if got := total(p.GetJSON(t, bkd, path, 200)); got != all-mine {
		t.Fatalf("BKD after the agency's pause: %d, want %d", got, all-mine)
	}
	if n := len(clitest.Items(p.GetJSON(t, admin, "/api/v1/push/pauses?from="+day+"&to="+day, 200))); n != 1 {
		t.Fatalf("%d pauses listed", n)
	}
	del(t, p, admin, fmt.Sprintf("/api/v1/push/pauses/%d", clitest.ID(pause)), 204)
	body := map[string]int{"before_start_min": 30}
	putJSON(t, p, admin, fmt.Sprintf("/api/v1/agencies/%d/push-settings", agency), body, 200)
	putJSON(t, p, admin, fmt.Sprintf("/api/v1/agencies/%d/push-settings", agency), map[string]int{"before_start_min": 500}, 400)
	putJSON(t, p, emp, fmt.Sprintf("/api/v1/agencies/%d/push-settings", agency), body, 403)
}

func nextWeekday(t time.Time) string {
	for t = t.AddDate(0, 0, 1); t.Weekday() == time.Saturday || t.Weekday() == time.Sunday; t = t.AddDate(0, 0, 1) {
	}
	return t.Format("2006-01-02")
}

func putJSON(t *testing.T, p *clitest.Program, c *http.Client, path string, body any, want int) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPut, p.Base+path, bytes.NewReader(clitest.JSON(t, body)))
	req.Header.Set("Content-Type", "application/json")
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != want {
		t.Fatalf("PUT %s: %d, want %d", path, res.StatusCode, want)
	}
}

// badPushInput posts each bad subscription: a 4xx with the field named.
func badPushInput(t *testing.T, p *clitest.Program, c *http.Client, good map[string]any, othersKey string) {
	t.Helper()
	with := func(k string, v any) map[string]any {
		m := map[string]any{}
		for kk, vv := range good {
			m[kk] = vv
		}
		keys := map[string]string{"p256dh": good["keys"].(map[string]string)["p256dh"], "auth": good["keys"].(map[string]string)["auth"]}
		m["keys"] = keys
		switch k {
		case "p256dh", "auth":
			keys[k] = v.(string)
		default:
			m[k] = v
		}
		return m
	}
	p256 := good["keys"].(map[string]string)["p256dh"]
	for _, tc := range []struct {
		name  string
		body  any
		code  int
		field string
	}{
		{"http endpoint", with("endpoint", "http://fcm.googleapis.com/fcm/send/x"), 400, "endpoint"},
		{"unknown host", with("endpoint", "https://evil.example.com/push/1"), 400, "endpoint"},
		{"look-alike host", with("endpoint", "https://fcm.googleapis.com.evil.example/x"), 400, "endpoint"},
		{"ftp", with("endpoint", "ftp://fcm.googleapis.com/x"), 400, "endpoint"},
		{"no endpoint", with("endpoint", ""), 400, "endpoint"},
		{"p256dh compressed", with("p256dh", "A"+p256[1:44]), 400, "keys.p256dh"},
		{"p256dh not on curve", with("p256dh", "BAAA"+p256[4:]), 400, "keys.p256dh"},
		{"p256dh standard base64", with("p256dh", strings.ReplaceAll(strings.ReplaceAll(p256, "-", "+"), "_", "/")+"+/"), 400, "keys.p256dh"},
		{"auth 15 bytes", with("auth", "AAAAAAAAAAAAAAAAAAAA"), 400, "keys.auth"},
		{"auth missing", with("auth", ""), 400, "keys.auth"},
		{"another employee's device", with("device_key_id", othersKey), 403, "device_key_id"},
		{"unknown device", with("device_key_id", "nope"), 400, "device_key_id"},
		{"unknown field", with("extra", 1), 400, "extra"},
		{"oversized", with("device_key_id", strings.Repeat("x", 8000)), 400, ""},
	} {
		res, err := c.Post(p.Base+"/api/v1/me/push-subscriptions", "application/json", bytes.NewReader(clitest.JSON(t, tc.body)))
		if err != nil {
			t.Fatal(err)
		}
		var e struct {
			Error struct{ Code, Field, Message string }
		}
		_ = json.NewDecoder(res.Body).Decode(&e)
		res.Body.Close()
		if res.StatusCode != tc.code || e.Error.Field != tc.field || e.Error.Message == "" {
			t.Errorf("%s: %d %+v, want %d on %q", tc.name, res.StatusCode, e.Error, tc.code, tc.field)
		}
	}
}

// enrolPhone enrols a software phone for the employee and returns it with
// the app's signed-in client.
func enrolPhone(t *testing.T, p *clitest.Program, admin *http.Client, empID int64) (*softphone.Phone, *http.Client) {
	t.Helper()
	code := p.PostJSON(t, admin, fmt.Sprintf("/api/v1/employees/%d/activation-codes", empID), struct{}{}, 201)["code"].(string)
	ph, err := softphone.New(virtualwebauthn.RelyingParty{ID: "localhost", Origin: p.Base, Name: "Hadir"},
		virtualwebauthn.AuthenticatorOptions{BackupEligible: true, BackupState: true})
	if err != nil {
		t.Fatal(err)
	}
	jar, _ := cookiejar.New(nil)
	app := &http.Client{Jar: jar, Timeout: 20 * time.Second}
	start := p.PostJSON(t, app, "/api/v1/enrol/options", map[string]string{"code": code}, 200)
	req, err := ph.Enrol(code, clitest.JSON(t, start["options"]))
	if err != nil {
		t.Fatal(err)
	}
	p.PostJSON(t, app, "/api/v1/enrol", req, 201)
	return ph, app
}

func employeeID(t *testing.T, p *clitest.Program, c *http.Client) int64 {
	t.Helper()
	return int64(p.GetJSON(t, c, "/api/v1/me", 200)["employee_id"].(float64))
}

func del(t *testing.T, p *clitest.Program, c *http.Client, path string, want int) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodDelete, p.Base+path, nil)
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != want {
		t.Fatalf("DELETE %s: %d, want %d", path, res.StatusCode, want)
	}
}

// waitPush polls the fake push service until n pushes arrived.
func waitPush(t *testing.T, fake *pushtest.Service, n int) []pushtest.Push {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if got := fake.Pushes(); len(got) >= n {
			return got
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%d pushes after 20 s, want %d", len(fake.Pushes()), n)
	return nil
}
