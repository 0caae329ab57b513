package cli_test

import (
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"testing"
	"time"

	"github.com/descope/virtualwebauthn"

	"github.com/hadir-id/hadir/internal/bench/softphone"
	"github.com/hadir-id/hadir/internal/cli/clitest"
)

// checkInOverHTTP enrols the demo employee with a software authenticator
// (synced passkey, like iCloud) and checks in inside the Diskominfo fence
// and out again, over the real HTTP API.
func checkInOverHTTP(t *testing.T, p *clitest.Program, admin *http.Client, empID, agencyID int64) {
	act := p.PostJSON(t, admin, fmt.Sprintf("/api/v1/employees/%d/activation-codes", empID), struct{}{}, 201)
	code := act["code"].(string)
	sites := clitest.Items(p.GetJSON(t, admin, fmt.Sprintf("/api/v1/agencies/%d/sites", agencyID), 200))
	fix := softphone.Fix{Lat: sites[0]["lat"].(float64), Lon: sites[0]["lon"].(float64), AccuracyM: 12}

	rp := virtualwebauthn.RelyingParty{ID: "localhost", Origin: p.Base, Name: "Hadir"}
	ph, err := softphone.New(rp, virtualwebauthn.AuthenticatorOptions{BackupEligible: true, BackupState: true})
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
	enrolled := p.PostJSON(t, app, "/api/v1/enrol", req, 201)
	if enrolled["device"].(map[string]any)["status"] != "active" || enrolled["synced_passkey"] != true {
		t.Fatalf("enrolment: %v", enrolled)
	}
	p.PostJSON(t, app, "/api/v1/enrol/options", map[string]string{"code": code}, 401) // single use
	for _, typ := range []string{"in", "out"} {
		ch := p.GetJSON(t, app, "/api/v1/checkins/challenge?device_key_id="+ph.KeyID, 200)
		r, err := ph.Checkin(softphone.CheckinOptions(ch["challenge"].(string), "localhost"), typ, fix, time.Now(), false)
		if err != nil {
			t.Fatal(err)
		}
		res := p.PostJSON(t, app, "/api/v1/checkins", r, 201)
		ev := res["event"].(map[string]any)
		if ev["geofence"] != "inside" || ev["status"] != "accepted" || res["status"] == "" || res["next_challenge"] == nil {
			t.Fatalf("check-%s: %v", typ, res)
		}
		again := p.PostJSON(t, app, "/api/v1/checkins", r, 201) // a retry: the same event
		if again["event"].(map[string]any)["id"] != ev["id"] || again["duplicate"] != true {
			t.Fatalf("retry of check-%s: %v", typ, again)
		}
	}
}
