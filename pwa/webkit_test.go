package pwa_test

import (
	"bufio"
	_ "embed"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hadir-id/hadir/pwa"
)

// WebKit (Safari's engine) through Debian's WebKitGTK: WebKitWebDriver
// drives MiniBrowser on a private Xvfb display, over W3C WebDriver
// (webdriver_test.go). apt-get install webkit2gtk-driver xvfb; .ci/run does.
const (
	webkitDriverPath = "/usr/bin/WebKitWebDriver"
	xvfbPath         = "/usr/bin/Xvfb"
	// iPhoneSafariUA makes the app take its iPhone paths (install steps,
	// the iOS location guidance), as on the phones the product is for.
	iPhoneSafariUA = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)

// standinJS is the TEST-ONLY passkey and position stand-in (testdata/standin.js).
//
//go:embed testdata/standin.js
var standinJS string

// needWebKit skips without WebKitWebDriver and Xvfb, but fails in CI.
func needWebKit(t *testing.T) {
	t.Helper()
	for _, p := range []string{webkitDriverPath, xvfbPath} {
		if _, err := os.Stat(p); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("CI needs %s (apt-get install webkit2gtk-driver xvfb): %v", p, err)
			}
			t.Skipf("no %s: WebKit tests skipped (apt-get install webkit2gtk-driver xvfb)", p)
		}
	}
}

// startXvfb starts a private X server and returns its display (":N"); the
// server picks a free display number itself (-displayfd). It stops with
// the test.
func startXvfb(t *testing.T) string {
	t.Helper()
	r, w, err := os.Pipe()
	must(t, err, "pipe")
	defer r.Close()
	cmd := exec.Command(xvfbPath, "-displayfd", "3", "-screen", "0", "1280x1024x24", "-nolisten", "tcp")
	cmd.ExtraFiles = []*os.File{w}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	must(t, cmd.Start(), "start Xvfb")
	w.Close()
	stopAtEnd(t, cmd, "Xvfb")
	line := make(chan string, 1)
	go func() { s, _ := bufio.NewReader(r).ReadString('\n'); line <- strings.TrimSpace(s) }()
	select {
	case n := <-line:
		if _, err := strconv.Atoi(n); err != nil {
			t.Fatalf("Xvfb did not report a display (%q)", n)
		}
		return ":" + n
	case <-time.After(20 * time.Second):
		t.Fatal("Xvfb did not start within 20 s")
	}
	return ""
}

// stopAtEnd ends a process group this test started (SIGTERM, then SIGKILL
// after 5 s) and reaps it.
func stopAtEnd(t *testing.T, cmd *exec.Cmd, what string) {
	t.Cleanup(func() {
		pgid := cmd.Process.Pid
		_ = syscall.Kill(-pgid, syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			_ = syscall.Kill(-pgid, syscall.SIGKILL)
			<-done
			t.Logf("%s killed after SIGTERM", what)
		}
	})
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err, "free port")
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// newWebKit starts Xvfb, WebKitWebDriver and a MiniBrowser session with a
// fresh profile, a phone-sized window and, unless ua is empty, that user
// agent. Everything stops with the test.
func newWebKit(t *testing.T, ua string) *wdClient {
	t.Helper()
	needWebKit(t)
	display := startXvfb(t)
	port := freePort(t)
	cmd := exec.Command(webkitDriverPath, "--port="+strconv.Itoa(port))
	cmd.Env = append(os.Environ(), "DISPLAY="+display)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	must(t, cmd.Start(), "start WebKitWebDriver")
	stopAtEnd(t, cmd, "WebKitWebDriver")
	c := &wdClient{base: fmt.Sprintf("http://127.0.0.1:%d", port), http: &http.Client{Timeout: 90 * time.Second}}
	must(t, c.waitStatus(20*time.Second), "WebKitWebDriver ready")
	args := []string{"--automation"}
	if ua != "" {
		args = append(args, "--user-agent="+ua)
	}
	must(t, c.newSession(map[string]any{
		"browserName":              "MiniBrowser",
		"webkitgtk:browserOptions": map[string]any{"args": args},
		"timeouts":                 map[string]int{"script": 30000, "pageLoad": 60000},
	}), "WebKit session")
	t.Cleanup(func() {
		if err := c.deleteSession(); err != nil {
			t.Logf("end the WebKit session: %v", err)
		}
	})
	must(t, c.setWindowSize(390, 844), "window size")
	return c
}

// The stand-ins are test data: nothing the binary embeds (and so nothing
// it serves) carries them.
func TestStandinNotShipped(t *testing.T) {
	err := fs.WalkDir(pwa.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(pwa.FS, path)
		if err == nil && (strings.Contains(string(b), "hadir-test-authenticator") || strings.Contains(string(b), "__hadirStandin")) {
			t.Errorf("%s embeds the test-only WebKit stand-in", path)
		}
		return err
	})
	must(t, err, "walk the embedded app")
	if !strings.Contains(standinJS, "__hadirStandin") {
		t.Fatal("the stand-in lost its marker; update this test")
	}
}
