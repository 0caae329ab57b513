package api_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/hadir-id/hadir/api"
	"github.com/hadir-id/hadir/internal/audit"
	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/org"
	"github.com/hadir-id/hadir/internal/rules"
	"github.com/hadir-id/hadir/internal/setup"
	"github.com/hadir-id/hadir/internal/store"
	"github.com/hadir-id/hadir/internal/store/storetest"
	"github.com/hadir-id/hadir/internal/timesheet"
	"github.com/hadir-id/hadir/pwa"
)

const base = "http://localhost:8080"

type harness struct {
	t       *testing.T
	st      *store.Store
	h       http.Handler
	regency org.Regency
	bkd     org.Agency
	cookie  string // a BKD admin's session
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	ctx := context.Background()
	st := storetest.Open(t, "sqlite", nil)
	now := time.Now
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	orgs := &org.Service{Store: st, Lister: st, Now: now}
	recomputer := &timesheet.Recomputer{Store: st, Now: now, Log: log}
	worker := &timesheet.Worker{Recomputer: recomputer, Queue: st, Log: log}
	srv := &api.Server{Log: log, BaseURL: base, Now: now,
		Org: orgs, Auth: &auth.Service{Store: st, Now: now},
		Grants: &auth.GrantService{Store: st}, Setup: &setup.Service{Store: st}, Audit: &audit.Trail{Store: st}, Ready: st,
		Rules:     &rules.Service{Store: st, Recompute: worker, Now: now},
		Timesheet: &timesheet.Reader{Store: st, Policies: st, Employees: orgs, Recomputer: recomputer},
		Registry:  prometheus.NewRegistry(), Shell: pwa.FS, MetricsToken: testMetricsToken}
	h := &harness{t: t, st: st, h: srv.Handler()}
	h.regency = org.Regency{Name: "Kabupaten Uji", Timezone: "Asia/Jakarta"}
	must(t, st.CreateRegency(ctx, audit.System, &h.regency))
	h.bkd = org.Agency{RegencyID: h.regency.ID, Code: "BKD", Name: "BKD", Kind: org.KindBadan, Active: true}
	must(t, st.CreateAgency(ctx, audit.System, &h.bkd))
	u := auth.User{RegencyID: h.regency.ID, Name: "Admin BKD"}
	must(t, st.CreateUser(ctx, audit.System, &u))
	must(t, st.AddGrant(ctx, audit.System, &auth.Grant{UserID: u.ID, Role: auth.RoleRegencyAdmin}))
	token, _, err := st.CreateSession(ctx, u.ID, time.Hour, "test")
	must(t, err)
	h.cookie = token
	return h
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// do sends a request; body "" sends none. It returns status and decoded JSON.
func (h *harness) do(method, path, body string, hdr ...string) (int, map[string]any, http.Header) {
	h.t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, path, r)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if h.cookie != "" {
		req.AddCookie(&http.Cookie{Name: auth.SessionCookie, Value: h.cookie})
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	h.h.ServeHTTP(rec, req)
	var out map[string]any
	if strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
		_ = json.Unmarshal(rec.Body.Bytes(), &out)
	}
	return rec.Code, out, rec.Header()
}

func errOf(m map[string]any) (code, field string) {
	e, _ := m["error"].(map[string]any)
	code, _ = e["code"].(string)
	field, _ = e["field"].(string)
	return code, field
}

func TestErrorsAreStructured(t *testing.T) {
	h := newHarness(t)
	for _, tc := range []struct {
		name, method, path, body string
		hdr                      []string
		status                   int
		code, field              string
	}{
		{"unknown route", "GET", "/api/v1/nope", "", nil, 404, "not_found", ""},
		{"malformed JSON", "POST", "/api/v1/agencies", `{"code":`, nil, 400, "invalid", ""},
		{"unknown field", "POST", "/api/v1/agencies", `{"code":"A","name":"A","kind":"dinas","colour":1}`, nil, 400, "invalid", "colour"},
		{"wrong type", "POST", "/api/v1/agencies", `{"code":1}`, nil, 400, "invalid", "code"},
		{"bad kind", "POST", "/api/v1/agencies", `{"code":"A","name":"A","kind":"warung"}`, nil, 400, "invalid", "kind"},
		{"duplicate code", "POST", "/api/v1/agencies", `{"code":"BKD","name":"Lagi","kind":"badan"}`, nil, 409, "conflict", "code"},
		{"bad id", "GET", "/api/v1/agencies/abc", "", nil, 404, "not_found", ""},
		{"missing agency", "GET", "/api/v1/agencies/99999", "", nil, 404, "not_found", ""},
		{"bad NIP", "POST", "/api/v1/employees", `{"nip":"123","name":"X","employee_type":"PNS","active_from":"2020-01-01","agency_id":1}`, nil, 400, "invalid", "nip"},
		{"bad date", "POST", "/api/v1/employees", `{"nip":"198503302010011002","name":"X","employee_type":"PNS","active_from":"2020-02-30","agency_id":1}`, nil, 400, "invalid", ""},
		{"other site's form", "POST", "/api/v1/agencies", `{"code":"Z","name":"Z","kind":"dinas"}`, []string{"Origin", "https://evil.example"}, 403, "forbidden", ""},
		{"bad query", "GET", "/api/v1/employees?limit=-3", "", nil, 400, "invalid", "limit"},
		{"bad timezone", "PATCH", "/api/v1/regency", `{"timezone":"Europe/Paris"}`, nil, 400, "invalid", "timezone"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body, _ := h.do(tc.method, tc.path, tc.body, tc.hdr...)
			code, field := errOf(body)
			if status != tc.status || code != tc.code || (tc.field != "" && field != tc.field) {
				t.Errorf("%s %s → %d %q field %q; want %d %q field %q (body %v)", tc.method, tc.path, status, code, field, tc.status, tc.code, tc.field, body)
			}
		})
	}
}

func TestAuthRequired(t *testing.T) {
	h := newHarness(t)
	h.cookie = ""
	status, body, _ := h.do("GET", "/api/v1/agencies", "")
	if code, _ := errOf(body); status != 401 || code != "unauthorized" {
		t.Fatalf("no session: %d %v", status, body)
	}
	h.cookie = "forged"
	if status, _, _ := h.do("GET", "/api/v1/me", ""); status != 401 {
		t.Fatalf("forged session: %d", status)
	}
}

func TestCreateAndListEmployees(t *testing.T) {
	h := newHarness(t)
	body := `{"nip":"198503302010011002","name":"Siti Rahma","employee_type":"PNS","active_from":"2010-01-01","agency_id":` +
		itoa(h.bkd.ID) + `}`
	status, created, _ := h.do("POST", "/api/v1/employees", body)
	if status != 201 || created["name"] != "Siti Rahma" {
		t.Fatalf("create: %d %v", status, created)
	}
	status, page, _ := h.do("GET", "/api/v1/employees?q=siti", "")
	items, _ := page["items"].([]any)
	if status != 200 || len(items) != 1 {
		t.Fatalf("list: %d %v", status, page)
	}
	status, page, _ = h.do("GET", "/api/v1/audit?entity=employee", "")
	if items, _ = page["items"].([]any); status != 200 || len(items) != 1 {
		t.Fatalf("audit: %d %v", status, page)
	}
}

func TestOpsEndpoints(t *testing.T) {
	h := newHarness(t)
	h.cookie = ""
	if status, _, _ := h.do("GET", "/healthz", ""); status != 200 {
		t.Errorf("healthz %d", status)
	}
	if status, _, _ := h.do("GET", "/readyz", ""); status != 200 {
		t.Errorf("readyz %d", status)
	}
	h.do("GET", "/api/v1/agencies", "")
	req := httptest.NewRequest("GET", "/metrics", nil)
	rec := httptest.NewRecorder()
	h.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusNotFound {
		t.Errorf("/metrics without the token: %d, want 404", rec.Code)
	}
	req.Header.Set("Authorization", "Bearer "+testMetricsToken)
	rec = httptest.NewRecorder()
	h.h.ServeHTTP(rec, req)
	if !strings.Contains(rec.Body.String(), `hadir_http_requests_total{method="GET",route="/api/v1/agencies",status="401"} 1`) {
		t.Errorf("metrics lack the request counter:\n%.2000s", rec.Body.String())
	}
}

const testMetricsToken = "metrics-token-for-tests"

func TestShellCaching(t *testing.T) {
	h := newHarness(t)
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	rec := httptest.NewRecorder()
	h.h.ServeHTTP(rec, req)
	etag := rec.Header().Get("ETag")
	if rec.Code != 200 || etag == "" || rec.Header().Get("Cache-Control") != "no-cache" || rec.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("index: %d headers %v", rec.Code, rec.Header())
	}
	req = httptest.NewRequest("GET", "/setup", nil)
	req.Header.Set("If-None-Match", etag)
	rec = httptest.NewRecorder()
	h.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusNotModified {
		t.Fatalf("revalidation: %d, want 304", rec.Code)
	}
	req = httptest.NewRequest("GET", "/nope.js", nil)
	rec = httptest.NewRecorder()
	h.h.ServeHTTP(rec, req)
	if rec.Code != 404 {
		t.Fatalf("missing asset: %d", rec.Code)
	}
}

func itoa(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}
