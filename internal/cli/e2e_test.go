package cli_test

import (
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hadir-id/hadir/internal/cli/clitest"
	"github.com/hadir-id/hadir/internal/store/storetest"
)

// The whole program on port 0 with --demo, on both databases: ready, the
// BKD admin reads every agency, an agency admin cannot see another
// agency's employees, the employee sees their computed month, and SIGTERM
// (context cancellation) shuts down cleanly.
func TestEndToEndDemo(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dialect string) {
		url := "sqlite:" + filepath.Join(t.TempDir(), "hadir.db")
		if dialect == "postgres" {
			url = storetest.FreshPostgres(t)
		}
		p := clitest.Start(t, url)
		if len(p.Links["regency_admin"]) != 1 || len(p.Links["agency_admin"]) != 2 || len(p.Links["employee"]) != 1 {
			t.Fatalf("printed links: %v", p.Links)
		}
		anon := &http.Client{Timeout: 10 * time.Second}
		p.GetJSON(t, anon, "/readyz", 200)
		p.GetJSON(t, anon, "/api/v1/agencies", 401)

		bkd := p.Client(t, p.Links["regency_admin"][0])
		agencies := clitest.Items(p.GetJSON(t, bkd, "/api/v1/agencies", 200))
		if len(agencies) < 40 {
			t.Fatalf("BKD sees %d agencies", len(agencies))
		}
		disdik := findAgency(t, agencies, "Dinas Pendidikan")
		teacher := clitest.Items(p.GetJSON(t, bkd, fmt.Sprintf("/api/v1/employees?agency_id=%d&limit=1", disdik), 200))[0]

		kominfoAdmin := p.Client(t, p.Links["agency_admin"][0])
		p.GetJSON(t, kominfoAdmin, fmt.Sprintf("/api/v1/employees/%d", clitest.ID(teacher)), 404)
		p.GetJSON(t, kominfoAdmin, fmt.Sprintf("/api/v1/agencies/%d", disdik), 404)
		if got := clitest.Items(p.GetJSON(t, kominfoAdmin, fmt.Sprintf("/api/v1/employees?agency_id=%d", disdik), 200)); len(got) != 0 {
			t.Fatalf("Diskominfo admin lists %d Disdik employees", len(got))
		}

		emp := p.Client(t, p.Links["employee"][0])
		me := p.GetJSON(t, emp, "/api/v1/me", 200)
		empID := int64(me["employee_id"].(float64))
		waitForDays(t, p, emp, empID)
		kominfo := int64(p.GetJSON(t, kominfoAdmin, fmt.Sprintf("/api/v1/employees/%d", empID), 200)["assignment"].(map[string]any)["agency_id"].(float64))
		checkInOverHTTP(t, p, kominfoAdmin, empID, kominfo)
	})
}

func findAgency(t *testing.T, agencies []map[string]any, prefix string) int64 {
	t.Helper()
	for _, a := range agencies {
		if strings.HasPrefix(a["name"].(string), prefix) {
			return clitest.ID(a)
		}
	}
	t.Fatalf("no agency named %s…", prefix)
	return 0
}

// waitForDays polls (never sleeps blindly) until the background worker has
// computed the seeded history of last month.
func waitForDays(t *testing.T, p *clitest.Program, c *http.Client, empID int64) {
	t.Helper()
	month := time.Now().AddDate(0, 0, -time.Now().Day()).Format("2006-01") // last month
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		v := p.GetJSON(t, c, fmt.Sprintf("/api/v1/employees/%d/days?month=%s", empID, month), 200)
		days, _ := v["days"].([]any)
		if len(days) >= 28 {
			recap, _ := v["recap"].(map[string]any)
			if recap == nil {
				t.Fatalf("month without recap: %v", v)
			}
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatal("the demo history was not computed within 60 s")
}
