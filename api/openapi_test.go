package api_test

import (
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
)

// specRoutes reads "METHOD /path" pairs from openapi.yaml (paths at two
// spaces of indent, methods at four).
func specRoutes(t *testing.T) map[string]bool {
	t.Helper()
	b, err := os.ReadFile("openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	pathRe := regexp.MustCompile(`^  (/\S*):\s*$`)
	methodRe := regexp.MustCompile(`^    (get|post|put|patch|delete):`)
	out := map[string]bool{}
	cur := ""
	for _, line := range strings.Split(string(b), "\n") {
		if m := pathRe.FindStringSubmatch(line); m != nil {
			cur = m[1]
		} else if m := methodRe.FindStringSubmatch(line); m != nil && cur != "" {
			out[strings.ToUpper(m[1])+" "+cur] = true
		}
	}
	return out
}

// The spec and the router list the same API routes: no drift either way.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	h := newHarness(t)
	spec := specRoutes(t)
	param := regexp.MustCompile(`:(\w+)`)
	served := map[string]bool{}
	for _, r := range h.h.(*echo.Echo).Routes() {
		if !strings.HasPrefix(r.Path, "/api/") && !strings.HasSuffix(r.Path, "z") && r.Path != "/metrics" {
			continue
		}
		if strings.HasSuffix(r.Path, "/*") || r.Method == echo.RouteNotFound {
			continue
		}
		served[r.Method+" "+param.ReplaceAllString(r.Path, "{$1}")] = true
	}
	if len(served) < 20 || len(spec) < 20 {
		t.Fatalf("found %d served and %d documented routes; the parser is broken", len(served), len(spec))
	}
	var missing, stale []string
	for k := range served {
		if !spec[k] {
			missing = append(missing, k)
		}
	}
	for k := range spec {
		if !served[k] {
			stale = append(stale, k)
		}
	}
	sort.Strings(missing)
	sort.Strings(stale)
	if len(missing)+len(stale) > 0 {
		t.Fatalf("openapi.yaml drift:\n  served but not documented: %v\n  documented but not served: %v", missing, stale)
	}
}
