package cli_test

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx", to count rows beside the running program
	_ "modernc.org/sqlite"             // database/sql driver "sqlite"

	"github.com/hadir-id/hadir/internal/cli/clitest"
	"github.com/hadir-id/hadir/internal/store/storetest"
)

// The outside probe's findings 4–9 (issue 10), through the program's own
// wiring on both databases; findings 1–3 and 10 are in
// internal/rules/scope_test.go. Each case failed before its fix.
func TestHardeningFindings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dialect string) {
		url, rows := "sqlite:"+filepath.Join(t.TempDir(), "hadir.db"), "sqlite"
		if dialect == "postgres" {
			url, rows = storetest.FreshPostgres(t), "pgx"
		}
		p := clitest.Start(t, url)
		bkd := p.Client(t, p.Links["regency_admin"][0])
		adminA := p.Client(t, p.Links["agency_admin"][0])
		adminB := p.Client(t, p.Links["agency_admin"][1])
		emp := p.Client(t, p.Links["employee"][0])
		sup := p.Client(t, p.Links["supervisor"][0])
		agencyA := int64(p.GetJSON(t, adminA, "/api/v1/me", 200)["admin_agencies"].([]any)[0].(float64))
		empID := int64(p.GetJSON(t, emp, "/api/v1/me", 200)["employee_id"].(float64))

		t.Run("4 recalculation jobs are scoped", func(t *testing.T) {
			from := time.Now().AddDate(0, 0, -3).Format("2006-01-02")
			job := p.PostJSON(t, adminA, "/api/v1/rules/recalculate", map[string]any{"agency_id": agencyA, "from": from}, 202)
			path := fmt.Sprintf("/api/v1/rules/recalculations/%d", int64(job["job_id"].(float64)))
			p.GetJSON(t, adminA, path, 200)
			p.GetJSON(t, bkd, path, 200)
			p.GetJSON(t, adminB, path, 404)
			whole := p.PostJSON(t, bkd, "/api/v1/rules/recalculate", map[string]any{"from": from}, 202)
			p.GetJSON(t, adminA, fmt.Sprintf("/api/v1/rules/recalculations/%d", int64(whole["job_id"].(float64))), 404)
		})
		t.Run("5 work locations are wired", func(t *testing.T) {
			day := time.Now().AddDate(0, 0, 7).Format("2006-01-02")
			p.PostJSON(t, adminA, fmt.Sprintf("/api/v1/employees/%d/work-locations", empID),
				map[string]any{"kind": "flexible", "from": day, "to": day, "note": "rapat di Kalianda"}, 201)
			if got := clitest.Items(p.GetJSON(t, adminA, fmt.Sprintf("/api/v1/employees/%d/work-locations", empID), 200)); len(got) != 1 {
				t.Errorf("work locations: %v", got)
			}
			p.GetJSON(t, adminB, fmt.Sprintf("/api/v1/employees/%d/work-locations", empID), 404)
		})
		t.Run("privacy: own data and the retention setting", func(t *testing.T) {
			res, err := emp.Get(p.Base + "/api/v1/me/data")
			if err != nil {
				t.Fatal(err)
			}
			var d struct {
				Employee struct{ ID int64 } `json:"employee"`
				Checkins []any              `json:"checkins"`
			}
			_ = json.NewDecoder(res.Body).Decode(&d)
			res.Body.Close()
			if res.StatusCode != 200 || d.Employee.ID != empID || !strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment") {
				t.Errorf("own data: %d %+v %q", res.StatusCode, d, res.Header.Get("Content-Disposition"))
			}
			p.Do(t, bkd, "PATCH", "/api/v1/regency", map[string]int{"coordinate_retention_months": 0}, 400)
			p.Do(t, bkd, "PATCH", "/api/v1/regency", map[string]int{"coordinate_retention_months": 6}, 200)
			if got := p.GetJSON(t, emp, "/api/v1/regency", 200)["coordinate_retention_months"]; got != 6.0 {
				t.Errorf("retention after the change: %v", got)
			}
		})
		t.Run("7 control characters are refused with the field named", func(t *testing.T) {
			day := time.Now().AddDate(0, 0, 14).Format("2006-01-02")
			body := fmt.Sprintf(`{"employee_id":%d,"from":%q,"to":%q,"code":"CT","note":"cuti\u0000tahunan"}`, empID, day, day)
			wantError(t, p, emp, "POST", "/api/v1/absences", "application/json", body, 400, "note", "request.control_char")
			wantError(t, p, sup, "GET", "/api/v1/employees?q=%00", "", "", 400, "q", "request.control_char")
			wantError(t, p, emp, "POST", "/api/v1/absences", "application/json", "{\"note\":\"\xff\xfe\"}", 400, "", "request.bad_utf8")
		})
		t.Run("8 headers, CSRF and metrics", func(t *testing.T) {
			res, err := http.Get(p.Base + "/")
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			for _, h := range []string{"Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy"} {
				if res.Header.Get(h) == "" {
					t.Errorf("the app's page has no %s", h)
				}
			}
			if !strings.Contains(res.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
				t.Errorf("CSP %q lets the app be framed", res.Header.Get("Content-Security-Policy"))
			}
			res, _ = emp.Get(p.Base + "/api/v1/me")
			res.Body.Close()
			if res.Header.Get("X-Content-Type-Options") != "nosniff" {
				t.Error("API answers lack X-Content-Type-Options")
			}
			req, _ := http.NewRequest("POST", p.Base+"/api/v1/me/recovery-codes", strings.NewReader("x"))
			req.Header.Set("Content-Type", "text/plain")
			req.Header.Set("Sec-Fetch-Site", "cross-site")
			res, err = bkd.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != http.StatusForbidden {
				t.Errorf("cross-site text/plain POST without Origin: %d, want 403", res.StatusCode)
			}
			res, _ = http.Get(p.Base + "/metrics")
			res.Body.Close()
			if res.StatusCode != http.StatusNotFound {
				t.Errorf("/metrics without the token: %d, want 404", res.StatusCode)
			}
		})
		t.Run("9 errors never show Go types or decoder text", func(t *testing.T) {
			wantError(t, p, emp, "POST", "/api/v1/enrol", "application/json", `[1]`, 400, "", "request.not_object")
			wantError(t, p, emp, "POST", "/api/v1/auth/passkey", "application/json", `{"device_key":"!!!"}`, 400, "", "request.bad_base64")
			wantError(t, p, emp, "POST", "/api/v1/absences", "application/json", `{"employee_id":"x"}`, 400, "employee_id", "request.want_integer")
			req, _ := http.NewRequest("POST", p.Base+"/api/v1/absences", io.MultiReader(strings.NewReader(`{"note":"`), bytes.NewReader(bytes.Repeat([]byte("a"), 300<<10)), strings.NewReader(`"}`)))
			req.Header.Set("Content-Type", "application/json")
			req.ContentLength = -1 // chunked
			res, err := emp.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != 400 || !strings.Contains(string(b), `"request.too_large"`) {
				t.Errorf("chunked oversized body: %d %s", res.StatusCode, b)
			}
			req, _ = http.NewRequest("POST", p.Base+"/api/v1/rules/evaluate", strings.NewReader(`{"schedule":{}}`))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Accept-Language", "en")
			res, err = bkd.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ = io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != 400 || !strings.Contains(string(b), `"message":"invalid case:`) {
				t.Errorf("evaluate in English: %d %s", res.StatusCode, b)
			}
		})
		t.Run("8 /metrics without --metrics-token is not there", func(t *testing.T) {
			q := clitest.StartArgs(t, "sqlite:"+filepath.Join(t.TempDir(), "plain.db"), "127.0.0.1:0", "--metrics-token=")
			res, err := http.Get(q.Base + "/metrics")
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusNotFound || strings.Contains(string(b), "hadir_") {
				t.Errorf("/metrics without a token configured: %d %.100s", res.StatusCode, b)
			}
		})
		t.Run("6 (last: it spends the limiter) options store nothing and X-Forwarded-For is not believed", func(t *testing.T) {
			before := countRows(t, rows, url, "ceremonies")
			limited := 0
			for i := range 40 {
				req, _ := http.NewRequest("POST", p.Base+"/api/v1/auth/passkey/options", strings.NewReader("{}"))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.9.%d.%d", i/250, i%250+1))
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				res.Body.Close()
				if res.StatusCode == http.StatusTooManyRequests {
					limited++
				}
			}
			if limited == 0 {
				t.Error("40 options calls rotating X-Forwarded-For were never rate limited")
			}
			if after := countRows(t, rows, url, "ceremonies"); after != before {
				t.Errorf("unauthenticated options stored %d ceremony rows", after-before)
			}
		})
	})
}

// wantError sends a request and checks the status, the field and the
// message key of the error, and that the message names no Go type or
// decoder internals.
func wantError(t *testing.T, p *clitest.Program, c *http.Client, method, path, ctype, body string, status int, field, key string) {
	t.Helper()
	req, _ := http.NewRequest(method, p.Base+path, strings.NewReader(body))
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	s := string(raw)
	if res.StatusCode != status || (field != "" && !strings.Contains(s, `"field":"`+field+`"`)) || (key != "" && !strings.Contains(s, `"key":"`+key+`"`)) {
		t.Errorf("%s %s: %d %s, want %d field %q key %q", method, path, res.StatusCode, s, status, field, key)
	}
	for _, leak := range []string{"device.", "illegal base64", "json:", "code=", "Go value", "struct"} {
		if strings.Contains(s, leak) && !strings.Contains(s, `"key":"device.`) {
			t.Errorf("%s %s leaks %q: %s", method, path, leak, s)
		}
	}
}

// countRows counts a table's rows through a second connection beside the
// running program.
func countRows(t *testing.T, driver, url, table string) int {
	t.Helper()
	dsn := strings.TrimPrefix(url, "sqlite:")
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
