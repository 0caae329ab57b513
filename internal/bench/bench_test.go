package bench

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/descope/virtualwebauthn"

	"github.com/hadir-id/hadir/internal/bench/softphone"
	"github.com/hadir-id/hadir/internal/org"
)

// TestMain lets runGenerator re-execute this test binary as its load
// generator, as `hadir bench checkin` re-executes the hadir binary: with
// ChildEnv set, the binary is the generator ("bench checkin-client …"),
// not the tests.
func TestMain(m *testing.M) {
	if os.Getenv(ChildEnv) == "1" && len(os.Args) > 1 && os.Args[1] == "bench" {
		env := Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}
		os.Exit(Command(context.Background(), os.Args[2:], env, nil))
	}
	os.Exit(m.Run())
}

// A generator that fails is reported with what it said.
func TestGeneratorFailureIsReported(t *testing.T) {
	w, _ := newWatch("", "")
	missing := filepath.Join(t.TempDir(), "phones.jsonl")
	_, err := runGenerator(context.Background(), clientOptions{state: missing, baseURL: "http://127.0.0.1:1",
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
	w, _ := newWatch("", "")
	start := time.Now()
	_, err := runGenerator(ctx, clientOptions{state: fifo, baseURL: "http://127.0.0.1:1",
		clients: 1, duration: time.Second, floor: time.Millisecond}, w)
	if err == nil || !strings.Contains(err.Error(), "interrupted") || time.Since(start) > 10*time.Second {
		t.Fatalf("after %v: %v", time.Since(start), err)
	}
}

// The state file gives back the same phones, in order, and a cut-short
// file is refused.
func TestBenchStateRoundTrip(t *testing.T) {
	site := org.Point{Lat: -5.73, Lon: 105.59}
	var phones []*Phone
	for i := range 3 {
		ph, err := softphone.New(virtualwebauthn.RelyingParty{ID: "localhost", Origin: "http://localhost"}, virtualwebauthn.AuthenticatorOptions{})
		if err != nil {
			t.Fatal(err)
		}
		phones = append(phones, &Phone{Soft: ph, Cookie: "s=" + strconv.Itoa(i), Options: []byte(`{"challenge":"x"}`), In: i%2 == 0})
	}
	var buf bytes.Buffer
	if err := encodeState(&buf, site, phones); err != nil {
		t.Fatal(err)
	}
	gotSite, got, err := decodeState(bytes.NewReader(buf.Bytes()))
	if err != nil || gotSite != site || len(got) != len(phones) {
		t.Fatalf("%v %v %d", err, gotSite, len(got))
	}
	for i, p := range got {
		if p.Soft.KeyID != phones[i].Soft.KeyID || p.Cookie != phones[i].Cookie || p.In != phones[i].In || string(p.Options) != string(phones[i].Options) {
			t.Fatalf("phone %d: %+v, want %+v", i, p, phones[i])
		}
	}
	lines := bytes.SplitAfter(buf.Bytes(), []byte("\n"))
	if _, _, err := decodeState(bytes.NewReader(bytes.Join(lines[:len(lines)-2], nil))); err == nil {
		t.Fatal("a cut-short state file was accepted")
	}
}
