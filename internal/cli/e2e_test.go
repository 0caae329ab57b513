package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hadir-id/hadir/internal/store/storetest"
)

// program is a running `hadir --demo` started through Run on port 0.
type program struct {
	base  string
	links map[string][]string // role → sign-in links, in printed order
	done  chan int
}

var (
	listenRe = regexp.MustCompile(`listening on http://(\S+)`)
	roleRe   = regexp.MustCompile(`^  (employee|supervisor|agency_admin|regency_admin)\s`)
)

func startProgram(t *testing.T, dbURL string) *program {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	p := &program{links: map[string][]string{}, done: make(chan int, 1)}
	go func() {
		e := Env{Getenv: func(string) string { return "" }, Stdin: strings.NewReader(""), Stdout: pw, Stderr: io.Discard}
		p.done <- Run(ctx, []string{"--demo", "--addr", "127.0.0.1:0", "--database-url", dbURL}, e)
		pw.Close()
	}()
	ready := make(chan string, 1)
	var mu sync.Mutex
	go p.readOutput(pr, ready, &mu)
	select {
	case addr := <-ready:
		p.base = "http://" + addr
	case code := <-p.done:
		t.Fatalf("hadir exited with %d before listening", code)
	case <-time.After(90 * time.Second):
		t.Fatal("hadir did not start listening within 90 s")
	}
	t.Cleanup(func() {
		cancel()
		select {
		case code := <-p.done:
			if code != 0 {
				t.Errorf("graceful shutdown exit status %d", code)
			}
		case <-time.After(30 * time.Second):
			t.Error("hadir did not stop within 30 s of cancellation")
		}
	})
	mu.Lock()
	defer mu.Unlock()
	return p
}

// readOutput collects the sign-in links printed before the listening line.
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

// client signs in through a one-time link and keeps the session cookie.
func (p *program) client(t *testing.T, link string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 20 * time.Second}
	link = regexp.MustCompile(`^http://[^/]+`).ReplaceAllString(link, p.base)
	res, err := c.Get(link)
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

func items(m map[string]any) []map[string]any {
	raw, _ := m["items"].([]any)
	out := make([]map[string]any, len(raw))
	for i, r := range raw {
		out[i], _ = r.(map[string]any)
	}
	return out
}

func id(m map[string]any) int64 { f, _ := m["id"].(float64); return int64(f) }

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
		p := startProgram(t, url)
		if len(p.links["regency_admin"]) != 1 || len(p.links["agency_admin"]) != 2 || len(p.links["employee"]) != 1 {
			t.Fatalf("printed links: %v", p.links)
		}
		anon := &http.Client{Timeout: 10 * time.Second}
		p.getJSON(t, anon, "/readyz", 200)
		p.getJSON(t, anon, "/api/v1/agencies", 401)

		bkd := p.client(t, p.links["regency_admin"][0])
		agencies := items(p.getJSON(t, bkd, "/api/v1/agencies", 200))
		if len(agencies) < 40 {
			t.Fatalf("BKD sees %d agencies", len(agencies))
		}
		disdik := findAgency(t, agencies, "Dinas Pendidikan")
		teacher := items(p.getJSON(t, bkd, fmt.Sprintf("/api/v1/employees?agency_id=%d&limit=1", disdik), 200))[0]

		kominfoAdmin := p.client(t, p.links["agency_admin"][0])
		p.getJSON(t, kominfoAdmin, fmt.Sprintf("/api/v1/employees/%d", id(teacher)), 404)
		p.getJSON(t, kominfoAdmin, fmt.Sprintf("/api/v1/agencies/%d", disdik), 404)
		if got := items(p.getJSON(t, kominfoAdmin, fmt.Sprintf("/api/v1/employees?agency_id=%d", disdik), 200)); len(got) != 0 {
			t.Fatalf("Diskominfo admin lists %d Disdik employees", len(got))
		}

		emp := p.client(t, p.links["employee"][0])
		me := p.getJSON(t, emp, "/api/v1/me", 200)
		empID := int64(me["employee_id"].(float64))
		waitForDays(t, p, emp, empID)
		kominfo := int64(p.getJSON(t, kominfoAdmin, fmt.Sprintf("/api/v1/employees/%d", empID), 200)["assignment"].(map[string]any)["agency_id"].(float64))
		checkInOverHTTP(t, p, kominfoAdmin, empID, kominfo)
	})
}

func findAgency(t *testing.T, agencies []map[string]any, prefix string) int64 {
	t.Helper()
	for _, a := range agencies {
		if strings.HasPrefix(a["name"].(string), prefix) {
			return id(a)
		}
	}
	t.Fatalf("no agency named %s…", prefix)
	return 0
}

// waitForDays polls (never sleeps blindly) until the background worker has
// computed the seeded history of last month.
func waitForDays(t *testing.T, p *program, c *http.Client, empID int64) {
	t.Helper()
	month := time.Now().AddDate(0, 0, -time.Now().Day()).Format("2006-01") // last month
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		v := p.getJSON(t, c, fmt.Sprintf("/api/v1/employees/%d/days?month=%s", empID, month), 200)
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
