package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/descope/virtualwebauthn"

	"github.com/hadir-id/hadir/internal/device/softphone"
	"github.com/hadir-id/hadir/internal/org"
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

// A generator that fails is reported with what it said.
func TestGeneratorFailureIsReported(t *testing.T) {
	w, _ := newBenchWatch("", "")
	missing := filepath.Join(t.TempDir(), "phones.jsonl")
	_, err := runGenerator(context.Background(), benchClientOptions{state: missing, baseURL: "http://127.0.0.1:1",
		clients: 1, duration: time.Second, floor: time.Millisecond}, w)
	if err == nil || !strings.Contains(err.Error(), "load generator") || !strings.Contains(err.Error(), "no such file") {
		t.Fatalf("err = %v", err)
	}
}

// Cancelling the bench kills the generator and waits for it: here it is
// stuck opening a FIFO nobody writes.
func TestGeneratorIsKilledOnCancel(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "phones.jsonl")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	w, _ := newBenchWatch("", "")
	start := time.Now()
	_, err := runGenerator(ctx, benchClientOptions{state: fifo, baseURL: "http://127.0.0.1:1",
		clients: 1, duration: time.Second, floor: time.Millisecond}, w)
	if err == nil || !strings.Contains(err.Error(), "interrupted") || time.Since(start) > 10*time.Second {
		t.Fatalf("after %v: %v", time.Since(start), err)
	}
}

// The state file gives back the same phones, in order, and a cut-short
// file is refused.
func TestBenchStateRoundTrip(t *testing.T) {
	site := org.Point{Lat: -5.73, Lon: 105.59}
	var phones []*benchPhone
	for i := range 3 {
		ph, err := softphone.New(virtualwebauthn.RelyingParty{ID: "localhost", Origin: "http://localhost"}, virtualwebauthn.AuthenticatorOptions{})
		if err != nil {
			t.Fatal(err)
		}
		phones = append(phones, &benchPhone{ph: ph, cookie: "s=" + strconv.Itoa(i), options: []byte(`{"challenge":"x"}`), in: i%2 == 0})
	}
	var buf bytes.Buffer
	if err := encodeBenchState(&buf, site, phones); err != nil {
		t.Fatal(err)
	}
	gotSite, got, err := decodeBenchState(bytes.NewReader(buf.Bytes()))
	if err != nil || gotSite != site || len(got) != len(phones) {
		t.Fatalf("%v %v %d", err, gotSite, len(got))
	}
	for i, p := range got {
		if p.ph.KeyID != phones[i].ph.KeyID || p.cookie != phones[i].cookie || p.in != phones[i].in || string(p.options) != string(phones[i].options) {
			t.Fatalf("phone %d: %+v, want %+v", i, p, phones[i])
		}
	}
	lines := bytes.SplitAfter(buf.Bytes(), []byte("\n"))
	if _, _, err := decodeBenchState(bytes.NewReader(bytes.Join(lines[:len(lines)-2], nil))); err == nil {
		t.Fatal("a cut-short state file was accepted")
	}
}
