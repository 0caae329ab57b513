package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"
	"time"

	"github.com/descope/virtualwebauthn"

	"github.com/hadir-id/hadir/internal/device/softphone"
)

func (p *program) postJSON(t *testing.T, c *http.Client, path string, body any, want int) map[string]any {
	t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.Post(p.base+path, "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(res.Body).Decode(&out)
	if res.StatusCode != want {
		t.Fatalf("POST %s: %d %v, want %d", path, res.StatusCode, out, want)
	}
	return out
}

func raw(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// checkInOverHTTP enrols the demo employee with a software authenticator
// (synced passkey, like iCloud) and checks in inside the Diskominfo fence
// and out again, over the real HTTP API.
func checkInOverHTTP(t *testing.T, p *program, admin *http.Client, empID, agencyID int64) {
	act := p.postJSON(t, admin, fmt.Sprintf("/api/v1/employees/%d/activation-codes", empID), struct{}{}, 201)
	code := act["code"].(string)
	sites := items(p.getJSON(t, admin, fmt.Sprintf("/api/v1/agencies/%d/sites", agencyID), 200))
	fix := softphone.Fix{Lat: sites[0]["lat"].(float64), Lon: sites[0]["lon"].(float64), AccuracyM: 12}

	rp := virtualwebauthn.RelyingParty{ID: "localhost", Origin: strings.Replace(p.base, "127.0.0.1", "localhost", 1), Name: "Hadir"}
	ph, err := softphone.New(rp, virtualwebauthn.AuthenticatorOptions{BackupEligible: true, BackupState: true})
	if err != nil {
		t.Fatal(err)
	}
	jar, _ := cookiejar.New(nil)
	app := &http.Client{Jar: jar, Timeout: 20 * time.Second}
	start := p.postJSON(t, app, "/api/v1/enrol/options", map[string]string{"code": code}, 200)
	req, err := ph.Enrol(code, raw(t, start["options"]))
	if err != nil {
		t.Fatal(err)
	}
	enrolled := p.postJSON(t, app, "/api/v1/enrol", req, 201)
	if enrolled["device"].(map[string]any)["status"] != "active" || enrolled["synced_passkey"] != true {
		t.Fatalf("enrolment: %v", enrolled)
	}
	p.postJSON(t, app, "/api/v1/enrol/options", map[string]string{"code": code}, 401) // single use
	for _, typ := range []string{"in", "out"} {
		ch := p.getJSON(t, app, "/api/v1/checkins/challenge?device_key_id="+ph.KeyID, 200)
		r, err := ph.Checkin(softphone.CheckinOptions(ch["challenge"].(string), "localhost"), typ, fix, time.Now(), false)
		if err != nil {
			t.Fatal(err)
		}
		res := p.postJSON(t, app, "/api/v1/checkins", r, 201)
		ev := res["event"].(map[string]any)
		if ev["geofence"] != "inside" || ev["status"] != "accepted" || res["status"] == "" || res["next_challenge"] == nil {
			t.Fatalf("check-%s: %v", typ, res)
		}
		again := p.postJSON(t, app, "/api/v1/checkins", r, 201) // a retry: the same event
		if again["event"].(map[string]any)["id"] != ev["id"] || again["duplicate"] != true {
			t.Fatalf("retry of check-%s: %v", typ, again)
		}
	}
}
