package pwa_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
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

// program is a running `hadir --demo` started through cli.Run on port 0
// (copied from internal/cli/e2e_test.go). base uses localhost: the RP ID.
type program struct {
	base   string
	links  map[string][]string // role → sign-in links, in printed order
	done   chan int
	cancel context.CancelFunc
	once   sync.Once
}

var (
	listenRe = regexp.MustCompile(`listening on http://(\S+)`)
	roleRe   = regexp.MustCompile(`^  (employee|supervisor|agency_admin|regency_admin)\s`)
)

func startProgram(t *testing.T, dbURL string) *program {
	t.Helper()
	return startProgramAt(t, dbURL, "127.0.0.1:0")
}

// startProgramAt listens on addr: a restart on the same port and database
// keeps the browser's origin, session and service worker.
func startProgramAt(t *testing.T, dbURL, addr string) *program {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	p := &program{links: map[string][]string{}, done: make(chan int, 1), cancel: cancel}
	go func() {
		e := cli.Env{Getenv: func(string) string { return "" }, Stdin: strings.NewReader(""), Stdout: pw, Stderr: io.Discard}
		p.done <- cli.Run(ctx, []string{"--demo", "--addr", addr, "--database-url", dbURL}, e)
		pw.Close()
	}()
	ready := make(chan string, 1)
	var mu sync.Mutex
	go p.readOutput(pr, ready, &mu)
	select {
	case addr := <-ready:
		p.base = "http://" + strings.Replace(addr, "127.0.0.1", "localhost", 1)
	case code := <-p.done:
		t.Fatalf("hadir exited with %d before listening", code)
	case <-time.After(90 * time.Second):
		t.Fatal("hadir did not start listening within 90 s")
	}
	t.Cleanup(func() { p.stop(t) })
	mu.Lock()
	defer mu.Unlock()
	return p
}

// stop cancels the program and waits for a clean exit (once).
func (p *program) stop(t *testing.T) {
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

func (p *program) readOutput(r io.Reader, ready chan<- string, mu *sync.Mutex) {
	sc := bufio.NewScanner(r)
	role := ""
	mu.Lock()
	locked := true
	for sc.Scan() {
		line := sc.Text()
		if m := roleRe.FindStringSubmatch(line); m != nil {
			role = m[1]
		} else if role != "" && strings.Contains(line, "/api/v1/auth/link?token=") {
			p.links[role] = append(p.links[role], strings.TrimSpace(line))
			role = ""
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
}

// link rewrites a printed sign-in link onto the program's base URL.
func (p *program) link(l string) string {
	return regexp.MustCompile(`^http://[^/]+`).ReplaceAllString(l, p.base)
}

// client signs in through a one-time link and keeps the session cookie.
func (p *program) client(t *testing.T, link string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 20 * time.Second}
	res, err := c.Get(p.link(link))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.Request.URL.RawQuery != "" {
		t.Fatalf("sign-in link did not sign in: ended at %s", res.Request.URL)
	}
	return c
}

func (p *program) getJSON(t *testing.T, c *http.Client, path string, want int) map[string]any {
	t.Helper()
	res, err := c.Get(p.base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(res.Body).Decode(&out)
	if res.StatusCode != want {
		t.Fatalf("GET %s: %d %v, want %d", path, res.StatusCode, out, want)
	}
	return out
}

func (p *program) postJSON(t *testing.T, c *http.Client, path string, body any, want int) map[string]any {
	t.Helper()
	b, _ := json.Marshal(body)
	res, err := c.Post(p.base+path, "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(res.Body).Decode(&out)
	if res.StatusCode != want {
		t.Fatalf("POST %s: %d %v, want %d", path, res.StatusCode, out, want)
	}
	return out
}

func items(m map[string]any) []map[string]any {
	raw, _ := m["items"].([]any)
	out := make([]map[string]any, len(raw))
	for i, r := range raw {
		out[i], _ = r.(map[string]any)
	}
	return out
}

// persona is the demo employee with a fresh activation code, and the
// Diskominfo site the employee checks in at.
type persona struct {
	empID         int64
	code          string
	lat, lon      float64
	admin, worker *http.Client
}

func demoPersona(t *testing.T, p *program) persona {
	t.Helper()
	admin := p.client(t, p.links["agency_admin"][0])
	emp := p.client(t, p.links["employee"][0])
	me := p.getJSON(t, emp, "/api/v1/me", 200)
	empID := int64(me["employee_id"].(float64))
	agency := int64(p.getJSON(t, admin, fmt.Sprintf("/api/v1/employees/%d", empID), 200)["assignment"].(map[string]any)["agency_id"].(float64))
	sites := items(p.getJSON(t, admin, fmt.Sprintf("/api/v1/agencies/%d/sites", agency), 200))
	if len(sites) == 0 {
		t.Fatal("the demo agency has no site")
	}
	act := p.postJSON(t, admin, fmt.Sprintf("/api/v1/employees/%d/activation-codes", empID), struct{}{}, 201)
	return persona{empID: empID, code: act["code"].(string), lat: sites[0]["lat"].(float64), lon: sites[0]["lon"].(float64), admin: admin, worker: emp}
}
