package pwa_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/hadir-id/hadir/internal/cli/clitest"
)

// persona is the demo employee with a fresh activation code, and the
// Diskominfo site the employee checks in at.
type persona struct {
	empID         int64
	code          string
	lat, lon      float64
	admin, worker *http.Client
}

func demoPersona(t *testing.T, p *clitest.Program) persona {
	t.Helper()
	admin := p.Client(t, p.Links["agency_admin"][0])
	emp := p.Client(t, p.Links["employee"][0])
	me := p.GetJSON(t, emp, "/api/v1/me", 200)
	empID := int64(me["employee_id"].(float64))
	agency := int64(p.GetJSON(t, admin, fmt.Sprintf("/api/v1/employees/%d", empID), 200)["assignment"].(map[string]any)["agency_id"].(float64))
	sites := clitest.Items(p.GetJSON(t, admin, fmt.Sprintf("/api/v1/agencies/%d/sites", agency), 200))
	if len(sites) == 0 {
		t.Fatal("the demo agency has no site")
	}
	act := p.PostJSON(t, admin, fmt.Sprintf("/api/v1/employees/%d/activation-codes", empID), struct{}{}, 201)
	return persona{empID: empID, code: act["code"].(string), lat: sites[0]["lat"].(float64), lon: sites[0]["lon"].(float64), admin: admin, worker: emp}
}
