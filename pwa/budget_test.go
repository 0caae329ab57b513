package pwa_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// updateBudget makes the browser tests rewrite the tracked BUDGET.md with
// what they measured (docs/PWA.md, "Measured budgets"). Without it the
// figures go only to the test log and to an artifacts file, so that
// `go test ./...` leaves a clean tree.
var updateBudget = flag.Bool("update-budget", false, "rewrite the tracked pwa/BUDGET.md with the figures the browser tests measure")

// budgetFile is where this run's budget record goes: the tracked
// BUDGET.md under -update-budget, else $ARTIFACTS_DIR/hadir-pwa-budget.md
// (the temporary directory when ARTIFACTS_DIR is unset), never the tree.
func budgetFile(t *testing.T) string {
	t.Helper()
	if *updateBudget {
		return "BUDGET.md"
	}
	d := os.Getenv("ARTIFACTS_DIR")
	if d == "" {
		d = os.TempDir()
	}
	if err := os.MkdirAll(d, 0o755); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(d, "hadir-pwa-budget.md")
}

// writeBudget starts the budget record with the cold first load (the
// first figure TestBrowserCheckinFlow measures); later figures append.
func writeBudget(t *testing.T, total, js, icons float64, lines []string) {
	t.Helper()
	body := fmt.Sprintf(`# PWA byte budget (measured)

Measured by TestBrowserCheckinFlow (pwa/browser_test.go): headless Chromium,
cold profile, first load of "/" before the service worker controls the page,
sum of Network.loadingFinished encodedDataLength (headers included, gzip on).
The service worker's own precache fetches are not in the page's events.
Refreshed by hand with the command in docs/PWA.md ("Measured budgets");
plain test runs write these figures to their log and artifacts only.

| | bytes | budget |
|---|---|---|
| First load, all but icons | %.0f | ≤ 51,200 |
| JavaScript within it | %.0f | ≤ 25,600 |
| Icons (fetched for the install check) | %.0f | install only |

Per URL:

| URL | bytes |
|---|---|
%s

Measured %s.
`, total, js, icons, strings.Join(lines, "\n"), time.Now().UTC().Format("2006-01-02 15:04 UTC"))
	recordBudget(t, body, os.O_TRUNC)
}

// appendBudget adds a section to the record begun by writeBudget.
func appendBudget(t *testing.T, text string) {
	t.Helper()
	recordBudget(t, text, os.O_APPEND)
}

func recordBudget(t *testing.T, text string, mode int) {
	t.Helper()
	path := budgetFile(t)
	t.Logf("budget record (%s):\n%s", path, text)
	f, err := os.OpenFile(path, mode|os.O_WRONLY|os.O_CREATE, 0o644)
	if err != nil {
		t.Errorf("budget record: %v", err)
		return
	}
	defer f.Close()
	if _, err := f.WriteString(text); err != nil {
		t.Errorf("budget record: %v", err)
	}
}
