package pwa_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/webauthn"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/device"
)

const chromiumPath = "/usr/bin/chromium"

// needChromium skips without a local Chromium, but fails in CI.
func needChromium(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI needs %s: %v", chromiumPath, err)
		}
		t.Skipf("no %s: browser tests skipped", chromiumPath)
	}
}

// newBrowser starts headless Chromium with a fresh profile.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath), chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("headless", "new"), chromedp.Flag("no-sandbox", true), chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true), chromedp.Flag("no-first-run", true), chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("hide-scrollbars", true), chromedp.Flag("mute-audio", true),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelB := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelB(); cancelA() })
	if err := chromedp.Do(bctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
	return bctx
}

// shots is where screenshots go: $ARTIFACTS_DIR/pwa or a temp dir; never
// the repository.
func shotsDir(t *testing.T) string {
	d := os.Getenv("ARTIFACTS_DIR")
	if d == "" {
		d = os.TempDir()
	}
	d = filepath.Join(d, "hadir-pwa-screens")
	if err := os.MkdirAll(d, 0o755); err != nil {
		t.Fatal(err)
	}
	return d
}

func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	b, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
		return
	}
	p := filepath.Join(shotsDir(t), name+".png")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Error(err)
	}
	t.Logf("screenshot %s", p)
}

func must(t *testing.T, err error, what string) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// waitJS polls a JS expression until it is truthy, and returns its value
// as a string. Errors while the page navigates are retried.
func waitJS(t *testing.T, ctx context.Context, expr, what string) string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	var err error
	for time.Now().Before(deadline) {
		c, cancel := context.WithTimeout(ctx, 5*time.Second)
		var v string
		v, err = chromedp.Run(c, chromedp.Evaluate[string](`(() => { const v = (`+expr+`); return v ? String(v) : ""; })()`))
		cancel()
		if err == nil && v != "" {
			return v
		}
		if ctx.Err() != nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	html, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("app").innerText`))
	t.Fatalf("%s: not true within 30 s (last error %v; expression %s); page shows:\n%s", what, err, expr, html)
	return ""
}

func click(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	var err error
	for range 5 { // the app may re-render between the query and the click
		if err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible)); err == nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("click %s: %v", sel, err)
}

func geo(t *testing.T, ctx context.Context, lat, lon float64) {
	t.Helper()
	acc := 12.0
	_, err := chromedp.Call(ctx, emulation.SetGeolocationOverride, emulation.SetGeolocationOverrideParams{Latitude: &lat, Longitude: &lon, Accuracy: &acc})
	must(t, err, "geolocation override")
}

func permission(t *testing.T, ctx context.Context, origin string, s browser.PermissionSetting) {
	t.Helper()
	_, err := chromedp.CallBrowser(ctx, browser.SetPermission, browser.SetPermissionParams{
		Permission: &browser.PermissionDescriptor{Name: "geolocation"}, Setting: s, Origin: origin})
	must(t, err, "geolocation permission")
}

// byteMeter sums Network.loadingFinished.encodedDataLength per URL.
type byteMeter struct {
	mu    sync.Mutex
	url   map[network.RequestID]string
	bytes map[string]float64
}

func meter(ctx context.Context) *byteMeter {
	m := &byteMeter{url: map[network.RequestID]string{}, bytes: map[string]float64{}}
	sent := chromedp.Events(ctx, network.RequestWillBeSent)
	resp := chromedp.Events(ctx, network.ResponseReceived)
	done := chromedp.Events(ctx, network.LoadingFinished)
	go func() {
		for ev, err := range sent {
			if err != nil {
				return
			}
			m.mu.Lock()
			m.url[ev.RequestID] = ev.Request.URL
			m.mu.Unlock()
		}
	}()
	go func() {
		for ev, err := range resp {
			if err != nil {
				return
			}
			m.mu.Lock()
			m.url[ev.RequestID] = ev.Response.URL
			m.mu.Unlock()
		}
	}()
	go func() {
		for ev, err := range done {
			if err != nil {
				return
			}
			m.mu.Lock()
			u := m.url[ev.RequestID]
			if u == "" {
				u = "?" + string(ev.RequestID)
			}
			m.bytes[u] += ev.EncodedDataLength
			m.mu.Unlock()
		}
	}()
	return m
}

func (m *byteMeter) totals(base string) (total, js, icons float64, lines []string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for u, b := range m.bytes {
		p := strings.TrimPrefix(u, base)
		lines = append(lines, fmt.Sprintf("| `%s` | %.0f |", p, b))
		switch {
		case strings.HasSuffix(p, ".png"):
			icons += b
			continue
		case strings.HasSuffix(p, ".js"):
			js += b
		}
		total += b
	}
	sort.Strings(lines)
	return
}

// The employee's whole day on an iPhone-sized screen (360×780, iPhone UA)
// against the real program: install gate → enrol with an activation code
// (CDP virtual authenticator, synced passkey) → check in and out inside the
// Diskominfo fence → the failures the app must explain (location denied,
// unavailable, user verification failing) → a check-in outside the fence
// goes to review → history → installability → the cold-load byte budget →
// the server stops: the shell still opens from the service worker and a
// check-in is queued.
func TestBrowserCheckinFlow(t *testing.T) {
	needChromium(t)
	dbURL := "sqlite:" + filepath.Join(t.TempDir(), "hadir.db")
	p := startProgram(t, dbURL)
	who := demoPersona(t, p)

	ctx := newBrowser(t)
	ctx, cancel := context.WithTimeout(ctx, 4*time.Minute)
	defer cancel()

	bytes := meter(ctx)
	authID := prepare(t, ctx)
	permission(t, ctx, p.base, browser.PermissionSettingGranted)
	geo(t, ctx, who.lat, who.lon)

	// Cold first load: the install gate with the iPhone steps.
	must(t, chromedp.Do(ctx, chromedp.Navigate(p.base+"/")), "navigate")
	waitJS(t, ctx, `!!document.querySelector("#iossteps") && !!document.querySelector("#continue")`, "install gate with iOS steps")
	_, err := chromedp.Run(ctx, chromedp.Evaluate[string](`navigator.serviceWorker.ready.then(() => "sw")`, chromedp.EvalAwaitPromise))
	must(t, err, "service worker ready")
	time.Sleep(500 * time.Millisecond)
	total, js, icons, lines := bytes.totals(p.base)
	t.Logf("cold first load: %.0f B total (JS %.0f B), icons %.0f B\n%s", total, js, icons, strings.Join(lines, "\n"))
	writeBudget(t, total, js, icons, lines)
	if total > 50*1024 || js > 25*1024 {
		t.Errorf("budget: first load %.0f B (≤ 51200), JS %.0f B (≤ 25600)", total, js)
	}
	shot(t, ctx, "1-install-gate")

	inst, err := chromedp.Call(ctx, page.GetInstallabilityErrors, cdp.Empty{})
	must(t, err, "installability")
	for _, e := range inst.InstallabilityErrors {
		t.Errorf("installability error: %s %v", e.ErrorID, e.ErrorArguments)
	}

	// Enrolment.
	click(t, ctx, "#continue")
	waitJS(t, ctx, `!!document.querySelector("#code")`, "enrol screen")
	shot(t, ctx, "2-enrol")
	must(t, chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#code"), who.code)), "type code")
	click(t, ctx, "#enrol")
	name := waitJS(t, ctx, `document.querySelector("#tap") && document.querySelector("#name").textContent`, "today screen after enrolment")
	if label := waitJS(t, ctx, `document.querySelector("#tap").textContent`, "button"); label != "Absen Masuk" {
		t.Fatalf("button %q, want Absen Masuk", label)
	}
	t.Logf("enrolled %s", name)

	tapAndWait := func(what, class string) string {
		t.Helper()
		_, _ = chromedp.Run(ctx, chromedp.Evaluate[any](`(() => { const r = document.querySelector("#result"); if (r) r.id = "old-result"; })()`))
		click(t, ctx, "#tap")
		return waitJS(t, ctx, `(() => { const r = document.querySelector("#result.`+class+`"); return r && r.innerText; })()`, what)
	}

	// Check in, then out.
	in := tapAndWait("check-in status", "ok")
	if !strings.Contains(in, "Masuk") {
		t.Errorf("check-in status %q", in)
	}
	t.Logf("check-in: %s", in)
	shot(t, ctx, "3-checked-in")
	if label := waitJS(t, ctx, `document.querySelector("#tap").textContent`, "button"); label != "Absen Pulang" {
		t.Fatalf("button after check-in %q, want Absen Pulang", label)
	}
	out := tapAndWait("check-out status", "ok")
	t.Logf("check-out: %s", out)
	if out == in {
		t.Errorf("check-out shows the check-in's status %q", out)
	}
	shot(t, ctx, "4-checked-out")
	checkLayout(t, ctx, "today")

	// Location denied: the iPhone guidance.
	permission(t, ctx, p.base, browser.PermissionSettingDenied)
	if msg := tapAndWait("denied guidance", "err"); !strings.Contains(msg, "Pengaturan") || !strings.Contains(msg, "Layanan Lokasi") {
		t.Errorf("denied guidance %q", msg)
	}
	shot(t, ctx, "5-location-denied")
	permission(t, ctx, p.base, browser.PermissionSettingGranted)

	// Position unavailable (an empty override).
	_, err = chromedp.Call(ctx, emulation.SetGeolocationOverride, emulation.SetGeolocationOverrideParams{})
	must(t, err, "empty override")
	if msg := tapAndWait("unavailable guidance", "err"); !strings.Contains(msg, "Lokasi tidak tersedia") {
		t.Errorf("unavailable guidance %q", msg)
	}
	geo(t, ctx, who.lat, who.lon)

	// User verification fails: explained, nothing stored or queued.
	_, err = chromedp.Call(ctx, webauthn.SetUserVerified, webauthn.SetUserVerifiedParams{AuthenticatorID: authID, IsUserVerified: false})
	must(t, err, "UV off")
	if msg := tapAndWait("UV failure", "err"); !strings.Contains(msg, "Verifikasi") {
		t.Errorf("UV failure message %q", msg)
	} else {
		t.Logf("user verification failing: %s", msg)
	}
	if q := waitJS(t, ctx, `document.querySelector("#queue").textContent`, "queue"); !strings.Contains(q, "sudah terkirim") {
		t.Errorf("queue after UV failure: %q", q)
	}
	if label := waitJS(t, ctx, `document.querySelector("#tap").textContent`, "button"); label != "Absen Masuk" {
		t.Errorf("button after a failed check-in %q, want Absen Masuk", label)
	}
	_, err = chromedp.Call(ctx, webauthn.SetUserVerified, webauthn.SetUserVerifiedParams{AuthenticatorID: authID, IsUserVerified: true})
	must(t, err, "UV on")

	// About 2 km away: stored for review, with the reason shown.
	geo(t, ctx, who.lat+0.018, who.lon)
	msg := tapAndWait("outside review", "warn")
	t.Logf("outside: %s", msg)
	if n := waitJS(t, ctx, `String(document.querySelectorAll("#result p").length)`, "review reasons"); n == "0" {
		t.Errorf("no review reason shown: %q", msg)
	}
	if !strings.Contains(msg, "Di luar") {
		t.Errorf("outside reason does not say outside (luar): %q", msg)
	}
	shot(t, ctx, "6-outside-review")
	geo(t, ctx, who.lat, who.lon)

	// History.
	click(t, ctx, "#nav-history")
	waitJS(t, ctx, `document.querySelectorAll("#cal .day").length > 27 && "cal"`, "history calendar")
	shot(t, ctx, "7-history")
	checkLayout(t, ctx, "history")
	click(t, ctx, "#nav-today")
	waitJS(t, ctx, `!!document.querySelector("#tap")`, "today again")

	// Offline: the server stops; the shell opens from the service worker and
	// a check-in made without a connection is queued.
	waitJS(t, ctx, `navigator.serviceWorker.controller ? "ctl" : ""`, "page controlled by the SW")
	_, _ = chromedp.Run(ctx, chromedp.Evaluate[any](`location.reload()`))
	waitJS(t, ctx, `document.querySelector("#tap") && document.readyState === "complete" && "ok"`, "reloaded")
	time.Sleep(300 * time.Millisecond) // the prefetch of the challenge
	p.stop(t)
	_, _ = chromedp.Run(ctx, chromedp.Evaluate[any](`location.reload()`))
	waitJS(t, ctx, `document.querySelector("#tap") && document.querySelector("#name").textContent`, "shell from the service worker with the server down")
	_, err = chromedp.Call(ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: true, DownloadThroughput: -1, UploadThroughput: -1})
	must(t, err, "offline")
	waitJS(t, ctx, `navigator.onLine ? "" : "off"`, "navigator.onLine false")
	queued := tapAndWait("queued offline", "warn")
	if q := waitJS(t, ctx, `document.querySelector("#queue").textContent`, "queue"); !strings.Contains(q, "1 presensi") {
		t.Errorf("queue after an offline check-in: %q (result %q)", q, queued)
	}
	shot(t, ctx, "8-offline-queued")

	// Restart on the same port and database, back online: the queue
	// flushes by itself (the online event) and the server accepts it.
	port := p.base[strings.LastIndex(p.base, ":")+1:]
	p2 := startProgramAt(t, dbURL, "127.0.0.1:"+port)
	if p2.base != p.base {
		t.Fatalf("restarted at %s, want %s", p2.base, p.base)
	}
	_, err = chromedp.Call(ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: false, DownloadThroughput: -1, UploadThroughput: -1})
	must(t, err, "online")
	waitJS(t, ctx, `document.querySelector("#queue").textContent.includes("sudah terkirim")`, "queue flushed after reconnecting")
	flushed := waitJS(t, ctx, `(() => { const r = document.querySelector("#result.ok, #result.warn"); return r && !r.innerText.includes("Tidak ada koneksi") && r.innerText; })()`, "flushed check-in's status")
	t.Logf("flushed offline check-in: %s", flushed)
	shot(t, ctx, "9-offline-flushed")

	// The direct supervisor reviews the flagged check-ins in their inbox.
	sctx := newBrowser(t)
	sctx, scancel := context.WithTimeout(sctx, 2*time.Minute)
	defer scancel()
	prepare(t, sctx)
	must(t, chromedp.Do(sctx, chromedp.Navigate(p.link(p.links["supervisor"][0]))), "supervisor sign-in")
	click(t, sctx, "#continue")
	click(t, sctx, "#nav-reviews")
	n := waitJS(t, sctx, `document.querySelectorAll(".review").length`, "review inbox items")
	t.Logf("supervisor inbox: %s item(s)", n)
	shot(t, sctx, "10-review-inbox")
	must(t, chromedp.Do(sctx, chromedp.Click(chromedp.CSS(".review button.sec"), chromedp.NodeVisible)), "reject without reason")
	waitJS(t, sctx, `document.querySelector(".review .err").textContent.includes("alasan")`, "reject needs a reason")
	must(t, chromedp.Do(sctx, chromedp.Click(chromedp.CSS(".review button.btn:not(.sec)"), chromedp.NodeVisible)), "accept")
	waitJS(t, sctx, `document.querySelectorAll(".review").length < `+n, "accepted item leaves the inbox")

	// A new phone: the synced passkey, a new device key → pending.
	creds, err := chromedp.Call(ctx, webauthn.GetCredentials, webauthn.GetCredentialsParams{AuthenticatorID: authID})
	must(t, err, "passkeys")
	nctx := newBrowser(t)
	nctx, ncancel := context.WithTimeout(nctx, 2*time.Minute)
	defer ncancel()
	newAuth := prepare(t, nctx)
	for _, c := range creds.Credentials {
		// cdproto always sends generateCmtgKeyOnNextOperation, which this
		// authenticator refuses: send the fields that matter.
		_, err = chromedp.Call(nctx, addCredential, addCredentialParams{AuthenticatorID: newAuth, Credential: syncedPasskey{
			CredentialID: c.CredentialID, IsResidentCredential: c.IsResidentCredential, RpID: c.RpID, PrivateKey: c.PrivateKey,
			UserHandle: c.UserHandle, SignCount: c.SignCount, BackupEligibility: c.BackupEligibility, BackupState: c.BackupState}})
		must(t, err, "sync the passkey")
	}
	must(t, chromedp.Do(nctx, chromedp.Navigate(p.base+"/")), "new phone")
	click(t, nctx, "#continue")
	click(t, nctx, "#login")
	pending := waitJS(t, nctx, `document.querySelector("#pending") && document.querySelector("#pending").textContent`, "new phone waits for approval")
	if !strings.Contains(pending, "menunggu persetujuan atasan") {
		t.Errorf("pending notice %q", pending)
	}
	shot(t, nctx, "11-new-phone-pending")

	// English.
	click(t, nctx, "#lang")
	waitJS(t, nctx, `document.querySelector("#tap") && document.querySelector("#tap").textContent === "Check in"`, "English labels")
	shot(t, nctx, "12-english")
}

// prepare makes the tab an iPhone-sized phone (360×780, iPhone UA, touch)
// with a platform authenticator holding synced passkeys, and returns the
// authenticator's id.
func prepare(t *testing.T, ctx context.Context) webauthn.AuthenticatorID {
	t.Helper()
	_, err := chromedp.Call(ctx, network.Enable, network.EnableParams{})
	must(t, err, "network")
	_, err = chromedp.Call(ctx, page.Enable, page.EnableParams{})
	must(t, err, "page")
	ua := device.IPhone13.Device().UserAgent
	_, err = chromedp.Call(ctx, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{UserAgent: ua})
	must(t, err, "user agent")
	_, err = chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: 360, Height: 780, DeviceScaleFactor: 1, Mobile: true})
	must(t, err, "viewport")
	_, err = chromedp.Call(ctx, emulation.SetTouchEmulationEnabled, emulation.SetTouchEmulationEnabledParams{Enabled: true})
	must(t, err, "touch")
	_, err = chromedp.Call(ctx, webauthn.Enable, webauthn.EnableParams{})
	must(t, err, "webauthn")
	auth, err := chromedp.Call(ctx, webauthn.AddVirtualAuthenticator, webauthn.AddVirtualAuthenticatorParams{
		Options: &webauthn.VirtualAuthenticatorOptions{
			Protocol: webauthn.AuthenticatorProtocolCtap2, Ctap2version: webauthn.Ctap2versionCtap21,
			Transport: webauthn.AuthenticatorTransportInternal, HasResidentKey: true, HasUserVerification: true,
			IsUserVerified: true, AutomaticPresenceSimulation: true, // false hangs every ceremony
			DefaultBackupEligibility: true, DefaultBackupState: true, // like iCloud Keychain
		}})
	must(t, err, "virtual authenticator")
	return auth.AuthenticatorID
}

// checkLayout checks the screen at 320 px: no horizontal scrolling, and
// every visible control at least 44 px high.
func checkLayout(t *testing.T, ctx context.Context, screen string) {
	t.Helper()
	_, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: 320, Height: 640, DeviceScaleFactor: 1, Mobile: true})
	must(t, err, "320 px")
	defer chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: 360, Height: 780, DeviceScaleFactor: 1, Mobile: true})
	time.Sleep(100 * time.Millisecond)
	bad, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
		const out = [];
		if (document.documentElement.scrollWidth > 320) out.push("page is " + document.documentElement.scrollWidth + " px wide");
		for (const e of document.querySelectorAll("button, a, input, select")) {
			const r = e.getBoundingClientRect();
			if (e.offsetParent && r.height < 44) out.push(e.outerHTML.slice(0, 80) + " is " + r.height + " px high");
		}
		return out.join("\n");
	})()`))
	must(t, err, "layout")
	if bad != "" {
		t.Errorf("%s at 320 px:\n%s", screen, bad)
	}
}

type syncedPasskey struct {
	CredentialID         []byte  `json:"credentialId"`
	IsResidentCredential bool    `json:"isResidentCredential"`
	RpID                 string  `json:"rpId"`
	PrivateKey           []byte  `json:"privateKey"`
	UserHandle           []byte  `json:"userHandle"`
	SignCount            float64 `json:"signCount"`
	BackupEligibility    bool    `json:"backupEligibility"`
	BackupState          bool    `json:"backupState"`
}

type addCredentialParams struct {
	AuthenticatorID webauthn.AuthenticatorID `json:"authenticatorId"`
	Credential      syncedPasskey            `json:"credential"`
}

var addCredential = cdp.Command[addCredentialParams, cdp.Empty]{Method: "WebAuthn.addCredential"}

func writeBudget(t *testing.T, total, js, icons float64, lines []string) {
	body := fmt.Sprintf(`# PWA byte budget (measured)

Measured by TestBrowserCheckinFlow (pwa/browser_test.go): headless Chromium,
cold profile, first load of "/" before the service worker controls the page,
sum of Network.loadingFinished encodedDataLength (headers included, gzip on).
The service worker's own precache fetches are not in the page's events.

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
	if err := os.WriteFile("BUDGET.md", []byte(body), 0o644); err != nil {
		t.Log(err)
	}
}
