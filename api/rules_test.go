package api_test

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/hadir-id/hadir/internal/audit"
	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/rules"
)

func TestEvaluateEndpoint(t *testing.T) {
	h := newHarness(t)
	doc, err := os.ReadFile("../internal/attendance/testdata/cases/02-band-edges.json")
	must(t, err)
	var wrapped struct {
		Case     json.RawMessage `json:"case"`
		Expected json.RawMessage `json:"expected"`
	}
	must(t, json.Unmarshal(doc, &wrapped))
	status, body, _ := h.do("POST", "/api/v1/rules/evaluate", string(wrapped.Case))
	summary, _ := body["summary"].(map[string]any)
	if status != 200 || summary["late_min"] != float64(152) {
		t.Fatalf("evaluate: %d %v", status, body)
	}
	bad := strings.Replace(string(wrapped.Case), `"07:30"`, `"7.30"`, 1)
	status, body, _ = h.do("POST", "/api/v1/rules/evaluate", bad)
	if code, field := errOf(body); status != 400 || code != "invalid" || field != "schedule.weekly.mon.start" {
		t.Fatalf("bad case: %d %v", status, body)
	}
}

func TestPolicyValidationAndScope(t *testing.T) {
	h := newHarness(t)
	badBands := strings.Replace(rules.DefaultPolicy, `"from_min": 31`, `"from_min": 32`, 1)
	status, body, _ := h.do("POST", "/api/v1/policies", `{"name":"X","valid_from":"2025-01-01","policy":`+badBands+`}`)
	if code, field := errOf(body); status != 400 || code != "invalid" || field != "policy.late_bands[1].from_min" {
		t.Fatalf("gap in bands: %d %v", status, body)
	}
	status, body, _ = h.do("POST", "/api/v1/policies", `{"name":"Perbup","valid_from":"2025-01-01","policy":`+rules.DefaultPolicy+`}`)
	if status != 201 || body["recalculate_from"] != "2025-01-01" {
		t.Fatalf("create: %d %v", status, body)
	}
	// An agency admin may not change the regency's policy.
	ctx := context.Background()
	u := auth.User{RegencyID: h.regency.ID, Name: "Admin OPD"}
	must(t, h.st.CreateUser(ctx, audit.System, &u))
	must(t, h.st.AddGrant(ctx, audit.System, &auth.Grant{UserID: u.ID, Role: auth.RoleAgencyAdmin, AgencyID: &h.bkd.ID}))
	token, _, err := h.st.CreateSession(ctx, u.ID, time.Hour, "test")
	must(t, err)
	h.cookie = token
	status, body, _ = h.do("POST", "/api/v1/policies", `{"name":"Lain","valid_from":"2030-01-01","policy":`+rules.DefaultPolicy+`}`)
	if code, _ := errOf(body); status != 403 || code != "forbidden" {
		t.Fatalf("agency admin writes regency policy: %d %v", status, body)
	}
	status, body, _ = h.do("POST", "/api/v1/policies", `{"agency_id":`+itoa(h.bkd.ID)+`,"name":"Khusus BKD","valid_from":"2030-01-01","policy":`+rules.DefaultPolicy+`}`)
	if status != 201 {
		t.Fatalf("agency admin writes own agency policy: %d %v", status, body)
	}
	status, body, _ = h.do("POST", "/api/v1/rules/evaluate", `{}`)
	if status != 403 {
		t.Fatalf("agency admin evaluate: %d %v", status, body)
	}
}

func TestRecalculateIsAudited(t *testing.T) {
	h := newHarness(t)
	status, body, _ := h.do("POST", "/api/v1/rules/recalculate", `{"agency_id":`+itoa(h.bkd.ID)+`,"from":"`+time.Now().AddDate(0, 0, -30).Format("2006-01-02")+`"}`)
	if status != 202 {
		t.Fatalf("recalculate: %d %v", status, body)
	}
	status, page, _ := h.do("GET", "/api/v1/audit?entity=recompute_job", "")
	items, _ := page["items"].([]any)
	if status != 200 || len(items) != 1 {
		t.Fatalf("audit of recalculation: %d %v", status, page)
	}
	status, body, _ = h.do("POST", "/api/v1/rules/recalculate", `{"from":"2020-01-01"}`)
	if code, field := errOf(body); status != 400 || field != "from" || code != "invalid" {
		t.Fatalf("too long a range: %d %v", status, body)
	}
}
