package cli

import (
	"context"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/hadir-id/hadir/internal/store/storetest"
)

// A bounded loopback load through the whole server: 2,000 real check-ins
// (real passkey assertions and device signatures) from 64 clients, zero
// errors, and exactly one stored row per acknowledged check-in — on SQLite
// and PostgreSQL. The load comes from a child process (this test binary,
// re-executed: TestMain). Figures are not asserted here (docs/BENCHMARKS.md).
func TestBoundedLoopbackLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("loopback load skipped in -short mode")
	}
	storetest.Each(t, func(t *testing.T, dialect string) {
		url := "sqlite:" + filepath.Join(t.TempDir(), "bench.db")
		if dialect == "postgres" {
			url = storetest.FreshPostgres(t)
		}
		e, out, errb := env(nil)
		code := Run(context.Background(), []string{"bench", "checkin", "--database-url", url, "--employees", "256",
			"--clients", "64", "--checkins", "2000", "--floor-duration", "300ms"}, e)
		if code != 0 {
			t.Fatalf("bench exit %d: %s", code, errb.String())
		}
		m := regexp.MustCompile(`errors=(\d+)`).FindStringSubmatch(out.String())
		if m == nil {
			t.Fatalf("no result line: %q", out.String())
		}
		if n, _ := strconv.Atoi(m[1]); n != 0 {
			t.Fatalf("%d errors: %s", n, out.String())
		}
		if !regexp.MustCompile(`db=\w+ rss_max_mb=\d+\n$`).MatchString(out.String()) ||
			!regexp.MustCompile(`client_rss_max_mb=[1-9]\d*`).MatchString(errb.String()) {
			t.Fatalf("server and generator RSS not reported:\n%s%s", out.String(), errb.String())
		}
		t.Log(out.String(), errb.String())
	})
}
