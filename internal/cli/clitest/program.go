// Package clitest runs the whole program (`hadir --demo` through cli.Run)
// inside a test and talks to it over HTTP like a phone or a browser would.
// The end-to-end tests of internal/cli and the PWA browser tests share it.
package clitest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hadir-id/hadir/internal/cli"
)

// Program is a running `hadir --demo`. Base uses localhost, the demo's
// WebAuthn RP ID, so passkeys made against it verify.
type Program struct {
	Base      string
	Links     map[string][]string // role → sign-in links, in printed order
	SetupLink string              // the one-time setup link of an empty install (StartEmpty)

	done   chan int
	cancel context.CancelFunc
	once   sync.Once
}

var (
	listenRe = regexp.MustCompile(`listening on http://(\S+)`)
	roleRe   = regexp.MustCompile(`^  (employee|supervisor|agency_admin|regency_admin)\s`)
	setupRe  = regexp.MustCompile(`^\s+(http://\S+/setup#\S+)$`)
	originRe = regexp.MustCompile(`^http://[^/]+`)
)

// MetricsToken is the --metrics-token the program runs with: /metrics
// answers only requests bearing it.
const MetricsToken = "clitest-metrics-token"

// Start runs the program on a free loopback port over dbURL and stops it
// (and checks the graceful exit) when the test ends.
func Start(t testing.TB, dbURL string) *Program {
	t.Helper()
	return StartAt(t, dbURL, "127.0.0.1:0")
}

// StartAt listens on addr: a restart on the same port and database keeps a
// browser's origin, session and service worker.
func StartAt(t testing.TB, dbURL, addr string) *Program {
	t.Helper()
	return StartArgs(t, dbURL, addr)
}

// StartArgs is StartAt with extra flags (e.g. --push-allow for a local
// push service).
func StartArgs(t testing.TB, dbURL, addr string, extra ...string) *Program {
	t.Helper()
	return start(t, append([]string{"--demo", "--addr", addr, "--database-url", dbURL, "--metrics-token", MetricsToken}, extra...)...)
}

// StartEmpty runs the program without --demo on an empty database: it
// prints the one-time setup link (SetupLink) of a first run.
func StartEmpty(t testing.TB, dbURL string) *Program {
	t.Helper()
	return start(t, "--addr", "127.0.0.1:0", "--database-url", dbURL, "--metrics-token", MetricsToken)
}

func start(t testing.TB, args ...string) *Program {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	p := &Program{Links: map[string][]string{}, done: make(chan int, 1), cancel: cancel}
	go func() {
		e := cli.Env{Getenv: func(string) string { return "" }, Stdin: strings.NewReader(""), Stdout: pw, Stderr: io.Discard}
		p.done <- cli.Run(ctx, args, e)
		pw.Close()
	}()
	ready := make(chan string, 1)
	var mu sync.Mutex
	mu.Lock() // held by readOutput until the links are in
	go p.readOutput(pr, ready, &mu)
	select {
	case addr := <-ready:
		p.Base = "http://" + strings.Replace(addr, "127.0.0.1", "localhost", 1)
	case code := <-p.done:
		cancel()
		t.Fatalf("hadir exited with %d before listening", code)
	case <-time.After(90 * time.Second):
		cancel()
		t.Fatal("hadir did not start listening within 90 s")
	}
	t.Cleanup(func() { p.Stop(t) })
	mu.Lock()
	defer mu.Unlock()
	return p
}

// Stop cancels the program (as SIGTERM does) and waits for a clean exit;
// only the first call does anything.
func (p *Program) Stop(t testing.TB) {
	p.once.Do(func() {
		p.cancel()
		select {
		case code := <-p.done:
			if code != 0 {
				t.Errorf("graceful shutdown exit status %d", code)
			}
		case <-time.After(30 * time.Second):
			t.Error("hadir did not stop within 30 s of cancellation")
		}
	})
}

// readOutput collects the sign-in links printed before the listening line
// and unlocks mu once they are all in.
func (p *Program) readOutput(r io.Reader, ready chan<- string, mu *sync.Mutex) {
	sc := bufio.NewScanner(r)
	role := ""
	locked := true
	for sc.Scan() {
		line := sc.Text()
		if m := roleRe.FindStringSubmatch(line); m != nil {
			role = m[1]
		} else if role != "" && strings.Contains(line, "/api/v1/auth/link?token=") {
			p.Links[role] = append(p.Links[role], strings.TrimSpace(line))
			role = ""
		} else if m := setupRe.FindStringSubmatch(line); m != nil {
			p.SetupLink = m[1]
		}
		if m := listenRe.FindStringSubmatch(line); m != nil && locked {
			mu.Unlock()
			locked = false
			ready <- m[1]
		}
	}
	if locked {
		mu.Unlock()
	}
	_, _ = io.Copy(io.Discard, r) // never block the program's output
}

// Link rewrites a printed sign-in link onto Base.
func (p *Program) Link(l string) string { return originRe.ReplaceAllString(l, p.Base) }

// Client signs in through a one-time link and keeps the session cookie.
func (p *Program) Client(t testing.TB, link string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 20 * time.Second}
	res, err := c.Get(p.Link(link))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.Request.URL.RawQuery != "" {
		t.Fatalf("sign-in link did not sign in: ended at %s", res.Request.URL)
	}
	return c
}

// GetJSON fetches path and fails the test unless the status is want.
func (p *Program) GetJSON(t testing.TB, c *http.Client, path string, want int) map[string]any {
	t.Helper()
	res, err := c.Get(p.Base + path)
	if err != nil {
		t.Fatal(err)
	}
	return decode(t, res, "GET "+path, want)
}

// PostJSON posts body as JSON and fails the test unless the status is want.
func (p *Program) PostJSON(t testing.TB, c *http.Client, path string, body any, want int) map[string]any {
	t.Helper()
	res, err := c.Post(p.Base+path, "application/json", bytes.NewReader(JSON(t, body)))
	if err != nil {
		t.Fatal(err)
	}
	return decode(t, res, "POST "+path, want)
}

func decode(t testing.TB, res *http.Response, what string, want int) map[string]any {
	t.Helper()
	defer res.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(res.Body).Decode(&out)
	if res.StatusCode != want {
		t.Fatalf("%s: %d %v, want %d", what, res.StatusCode, out, want)
	}
	return out
}

// JSON marshals v or fails the test.
func JSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Items is the "items" list of a list answer.
func Items(m map[string]any) []map[string]any {
	raw, _ := m["items"].([]any)
	out := make([]map[string]any, len(raw))
	for i, r := range raw {
		out[i], _ = r.(map[string]any)
	}
	return out
}

// ID is the numeric "id" of an answer.
func ID(m map[string]any) int64 { f, _ := m["id"].(float64); return int64(f) }

// Do sends method path with body as JSON (nil: none) and fails the test
// unless the status is want.
func (p *Program) Do(t testing.TB, c *http.Client, method, path string, body any, want int) map[string]any {
	t.Helper()
	var r io.Reader
	if body != nil {
		r = bytes.NewReader(JSON(t, body))
	}
	req, err := http.NewRequest(method, p.Base+path, r)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return decode(t, res, method+" "+path, want)
}

// GetText fetches path as text and fails the test unless the status is want.
func (p *Program) GetText(t testing.TB, c *http.Client, path string, want int) string {
	t.Helper()
	res, err := c.Get(p.Base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != want {
		t.Fatalf("GET %s: %d %s, want %d", path, res.StatusCode, b, want)
	}
	return string(b)
}
