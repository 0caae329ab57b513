package api_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/hadir-id/hadir/internal/cli/clitest"
	"github.com/hadir-id/hadir/internal/store/storetest"
)

// TestHostileBodies sends every operation of openapi.yaml (which
// TestOpenAPIOperationsComplete keeps equal to the router, so a new route
// is covered the day it is added) a set of hostile inputs through the
// program's own wiring, as an employee and as a BKD admin, on both
// databases: each property of the request schema with the wrong type, with
// NUL and with invalid UTF-8, numbers past int64 and float64, deep nesting,
// the wrong top-level value, an empty body, 10 MB. Whatever the answer, it
// is never a 5xx, and it is always the one error shape.
func TestHostileBodies(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the whole program")
	}
	doc := loadSpec(t)
	storetest.Each(t, func(t *testing.T, dialect string) {
		url := "sqlite:" + filepath.Join(t.TempDir(), "hadir.db")
		if dialect == "postgres" {
			url = storetest.FreshPostgres(t)
		}
		p := clitest.Start(t, url)
		callers := map[string]*http.Client{
			"employee": p.Client(t, p.Links["employee"][0]),
			"bkd":      p.Client(t, p.Links["regency_admin"][0]),
		}
		empID := int64(p.GetJSON(t, callers["employee"], "/api/v1/me", 200)["employee_id"].(float64))
		sent := 0
		for _, path := range sortedPaths(doc) {
			item := doc.Paths.Value(path)
			for method, op := range item.Operations() {
				if method == http.MethodGet || method == http.MethodHead || path == "/api/v1/auth/logout" {
					continue // no body to be hostile in; sign-out would end the session
				}
				target := p.Base + fill(path, empID)
				for _, body := range hostile(op) {
					for who, c := range callers {
						if len(body) > 1<<20 && who != "bkd" {
							continue // the 10 MB body once per operation
						}
						sent++
						checkHostile(t, c, method, target, who, body)
					}
				}
			}
		}
		t.Logf("%s: %d hostile requests, none answered 5xx", dialect, sent)
	})
}

// checkHostile sends one body and checks the answer.
func checkHostile(t *testing.T, c *http.Client, method, url, who string, body []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, url, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	res, err := c.Do(req)
	if err != nil {
		if len(body) > 1<<20 { // the server may close before reading 10 MB
			return
		}
		t.Errorf("%s %s as %s: %v", method, url, who, err)
		return
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	switch {
	case res.StatusCode >= 500:
		t.Errorf("%s %s as %s with %.80q: %d %s", method, url, who, body, res.StatusCode, b)
	case res.StatusCode >= 400 && !bytes.HasPrefix(b, []byte(`{"error":{"code":`)):
		t.Errorf("%s %s as %s with %.80q: %d is not the error shape: %.200s", method, url, who, body, res.StatusCode, b)
	}
}

// hostile returns the bodies to send an operation.
func hostile(op *openapi3.Operation) [][]byte {
	out := [][]byte{
		nil, []byte(`null`), []byte(`[]`), []byte(`"x"`), []byte(`{`), []byte(`{"a":1}{"b":2}`),
		[]byte(strings.Repeat("[", 100000)), []byte(`{"x":` + strings.Repeat(`{"x":`, 10000) + `1` + strings.Repeat("}", 10001)),
		[]byte("{\"\xff\xfe\":1}"), bytes.Repeat([]byte(" "), 10<<20),
	}
	for name, prop := range requestProps(op) {
		for _, v := range hostileValues(prop) {
			out = append(out, []byte(fmt.Sprintf(`{%q:%s}`, name, v)))
		}
	}
	return out
}

// hostileValues are wrong or extreme values for a property of a schema.
func hostileValues(s *openapi3.Schema) []string {
	vals := []string{`"a\u0000b"`, "\"\xc3\x28\"", `"` + strings.Repeat("x", 200000) + `"`, `{"nested":[1,2,3]}`, `[[[]]]`, `true`}
	if s != nil && s.Type != nil && (s.Type.Is("integer") || s.Type.Is("number")) {
		vals = append(vals, `9223372036854775808`, `-9223372036854775809`, `1e400`, `-1`, `0`, `1.5`)
	} else {
		vals = append(vals, `12345678901234567890123`, `-1`)
	}
	return vals
}

// requestProps are the top-level properties of an operation's JSON body.
func requestProps(op *openapi3.Operation) map[string]*openapi3.Schema {
	out := map[string]*openapi3.Schema{}
	if op.RequestBody == nil || op.RequestBody.Value == nil {
		return out
	}
	mt := op.RequestBody.Value.Content.Get("application/json")
	if mt == nil || mt.Schema == nil || mt.Schema.Value == nil {
		return out
	}
	for name, ref := range mt.Schema.Value.Properties {
		out[name] = ref.Value
	}
	return out
}

// fill puts real ids into a path: the employee's own id for {id} (so that
// the handler reaches its binder for the routes about oneself), today for
// dates.
func fill(path string, empID int64) string {
	r := strings.NewReplacer("{id}", fmt.Sprint(empID), "{date}", time.Now().Format("2006-01-02"),
		"{endpoint}", "x")
	out := r.Replace(path)
	for strings.Contains(out, "{") { // any other parameter
		i, j := strings.Index(out, "{"), strings.Index(out, "}")
		out = out[:i] + "1" + out[j+1:]
	}
	return out
}

func sortedPaths(doc *openapi3.T) []string {
	paths := doc.Paths.InMatchingOrder()
	sort.Strings(paths)
	return paths
}
