package pwa_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/webauthn"
	"github.com/chromedp/chromedp"
)

// tab is one browser tab of one engine, as the shared flows (flows_test.go)
// drive it. Chromium's passkeys and position come from the DevTools
// protocol (a virtual authenticator, a geolocation override); WebKit's from
// the test-only stand-ins of testdata/standin.js.
type tab interface {
	engine() string
	open(t *testing.T, url string)
	reload(t *testing.T)
	// eval returns the value of a JS expression (a promise is awaited) as
	// a string, "" when it is falsy.
	eval(expr string) (string, error)
	click(sel string) error
	typeIn(sel, text string) error
	png() ([]byte, error)
	position(t *testing.T, lat, lon float64)
	// positionError makes the next positions fail: 1 denied, 2 unavailable.
	positionError(t *testing.T, code int)
	userVerified(t *testing.T, ok bool)
	// syncPasskeysTo copies this tab's passkeys to another tab of the same
	// engine, open at the app, as a synced passkey reaches a new phone.
	syncPasskeysTo(t *testing.T, to tab)
}

// asString wraps an expression so both engines return the same string.
func asString(expr string) string {
	return `(async () => { const v = await (` + expr + `); return v ? String(v) : ""; })()`
}

// ---------- Chromium (chromedp) ----------

type chromeTab struct {
	ctx    context.Context
	origin string
	auth   webauthn.AuthenticatorID
}

// newChromePhone is an iPhone-sized Chromium tab (prepare) with a virtual
// authenticator; the location permission is granted for origin.
func newChromePhone(t *testing.T, origin string) tab {
	needChromium(t)
	ctx, cancel := context.WithTimeout(newBrowser(t), 4*time.Minute)
	t.Cleanup(cancel)
	c := &chromeTab{ctx: ctx, origin: origin, auth: prepare(t, ctx)}
	permission(t, ctx, origin, browser.PermissionSettingGranted)
	return c
}

// newChromeDesktop is a plain desktop Chromium tab that holds back
// Chromium's own beforeinstallprompt (it comes when Chromium decides the
// app is installable, at no fixed time): the tests offer the prompt
// themselves, when they want it, with a synthetic event.
func newChromeDesktop(t *testing.T, origin string) tab {
	needChromium(t)
	ctx, cancel := context.WithTimeout(newBrowser(t), 2*time.Minute)
	t.Cleanup(cancel)
	_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
		Source: `addEventListener("beforeinstallprompt", (e) => { if (e.isTrusted) e.stopImmediatePropagation(); }, true);`})
	must(t, err, "hold back beforeinstallprompt")
	return &chromeTab{ctx: ctx, origin: origin}
}

func (c *chromeTab) engine() string { return "chromium" }

func (c *chromeTab) open(t *testing.T, url string) {
	must(t, chromedp.Do(c.ctx, chromedp.Navigate(url)), "navigate "+url)
}

func (c *chromeTab) reload(t *testing.T) { must(t, chromedp.Do(c.ctx, chromedp.Reload()), "reload") }

func (c *chromeTab) eval(expr string) (string, error) {
	ctx, cancel := context.WithTimeout(c.ctx, 10*time.Second)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[string](asString(expr), chromedp.EvalAwaitPromise))
}

func (c *chromeTab) click(sel string) error {
	ctx, cancel := context.WithTimeout(c.ctx, 5*time.Second)
	defer cancel()
	return chromedp.Do(ctx, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

func (c *chromeTab) typeIn(sel, text string) error {
	return chromedp.Do(c.ctx, chromedp.SendKeys(chromedp.CSS(sel), text))
}

func (c *chromeTab) png() ([]byte, error) { return chromedp.Run(c.ctx, chromedp.CaptureScreenshot()) }

func (c *chromeTab) position(t *testing.T, lat, lon float64) {
	permission(t, c.ctx, c.origin, browser.PermissionSettingGranted)
	geo(t, c.ctx, lat, lon)
}

func (c *chromeTab) positionError(t *testing.T, code int) {
	if code == 1 {
		permission(t, c.ctx, c.origin, browser.PermissionSettingDenied)
		return
	}
	_, err := chromedp.Call(c.ctx, emulation.SetGeolocationOverride, emulation.SetGeolocationOverrideParams{})
	must(t, err, "empty geolocation override")
}

func (c *chromeTab) userVerified(t *testing.T, ok bool) {
	_, err := chromedp.Call(c.ctx, webauthn.SetUserVerified, webauthn.SetUserVerifiedParams{AuthenticatorID: c.auth, IsUserVerified: ok})
	must(t, err, "user verification")
}

func (c *chromeTab) syncPasskeysTo(t *testing.T, to tab) {
	creds, err := chromedp.Call(c.ctx, webauthn.GetCredentials, webauthn.GetCredentialsParams{AuthenticatorID: c.auth})
	must(t, err, "passkeys")
	dst := to.(*chromeTab)
	for _, k := range creds.Credentials {
		// cdproto always sends generateCmtgKeyOnNextOperation, which this
		// authenticator refuses: send the fields that matter.
		_, err = chromedp.Call(dst.ctx, addCredential, addCredentialParams{AuthenticatorID: dst.auth, Credential: syncedPasskey{
			CredentialID: k.CredentialID, IsResidentCredential: k.IsResidentCredential, RpID: k.RpID, PrivateKey: k.PrivateKey,
			UserHandle: k.UserHandle, SignCount: k.SignCount, BackupEligibility: k.BackupEligibility, BackupState: k.BackupState}})
		must(t, err, "sync the passkey")
	}
}

// ---------- WebKit (WebKitGTK over W3C WebDriver) ----------

type webkitTab struct{ wd *wdClient }

// newWebKitPhone is MiniBrowser with iPhone Safari's user agent.
func newWebKitPhone(t *testing.T, _ string) tab { return &webkitTab{wd: newWebKit(t, iPhoneSafariUA)} }

// newWebKitDesktop is MiniBrowser with its own (desktop Safari-like) agent.
func newWebKitDesktop(t *testing.T, _ string) tab { return &webkitTab{wd: newWebKit(t, "")} }

func (w *webkitTab) engine() string { return "webkit" }

// open loads url, then injects the stand-ins (the app reaches for
// navigator.credentials and navigator.geolocation only on a tap).
func (w *webkitTab) open(t *testing.T, url string) {
	must(t, w.wd.navigate(url), "navigate "+url)
	w.inject(t)
}

func (w *webkitTab) reload(t *testing.T) {
	must(t, w.wd.refresh(), "reload")
	w.inject(t)
}

func (w *webkitTab) inject(t *testing.T) {
	t.Helper()
	must(t, w.wd.execute(standinJS+"\nreturn true;", nil), "inject the test stand-ins")
}

func (w *webkitTab) eval(expr string) (string, error) {
	var v string
	err := w.wd.execute("return "+asString(expr)+";", &v)
	return v, err
}

func (w *webkitTab) click(sel string) error        { return w.wd.click(sel) }
func (w *webkitTab) typeIn(sel, text string) error { return w.wd.sendKeys(sel, text) }

// png waits two frames first: WebKit's snapshot can predate the last paint.
func (w *webkitTab) png() ([]byte, error) {
	err := w.wd.executeAsync(`const done = arguments[arguments.length - 1];
		requestAnimationFrame(() => requestAnimationFrame(() => done(true)));`, nil)
	if err != nil {
		return nil, err
	}
	return w.wd.screenshot()
}

func (w *webkitTab) setItem(t *testing.T, k, v string) {
	t.Helper()
	must(t, w.wd.execute(`localStorage.setItem(arguments[0], arguments[1]); return true;`, nil, k, v), "set "+k)
}

func (w *webkitTab) position(t *testing.T, lat, lon float64) {
	b, _ := json.Marshal(map[string]float64{"lat": lat, "lon": lon, "accuracy": 12})
	w.setItem(t, "hadir-test.position", string(b))
}

func (w *webkitTab) positionError(t *testing.T, code int) {
	w.setItem(t, "hadir-test.position", `{"error":`+string(rune('0'+code))+`}`)
}

func (w *webkitTab) userVerified(t *testing.T, ok bool) {
	v := "1"
	if !ok {
		v = "0"
	}
	w.setItem(t, "hadir-test.uv", v)
}

func (w *webkitTab) syncPasskeysTo(t *testing.T, to tab) {
	var all, done string
	must(t, w.wd.execute(`return window.__hadirStandin.exportAll();`, &all), "export the passkeys")
	must(t, to.(*webkitTab).wd.execute(`return window.__hadirStandin.importAll(arguments[0]);`, &done, all), "import the passkeys")
}

// ---------- helpers over a tab ----------

// waitTab polls a JS expression until it is truthy and returns its value.
func waitTab(t *testing.T, b tab, expr, what string) string {
	t.Helper()
	var err error
	for end := time.Now().Add(30 * time.Second); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		var v string
		if v, err = b.eval(expr); err == nil && v != "" {
			return v
		}
	}
	page, _ := b.eval(`document.getElementById("app") && document.getElementById("app").innerText`)
	t.Fatalf("%s (%s): not true within 30 s (last error %v; expression %s); page shows:\n%s", what, b.engine(), err, expr, page)
	return ""
}

// clickTab clicks, retrying while the app re-renders.
func clickTab(t *testing.T, b tab, sel string) {
	t.Helper()
	var err error
	for range 20 {
		if err = b.click(sel); err == nil {
			return
		}
		time.Sleep(150 * time.Millisecond)
	}
	t.Fatalf("click %s (%s): %v", sel, b.engine(), err)
}

// snap saves a screenshot as <engine>-<name>.png under shotsDir.
func snap(t *testing.T, b tab, name string) {
	t.Helper()
	png, err := b.png()
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
		return
	}
	p := filepath.Join(shotsDir(t), b.engine()+"-"+name+".png")
	if err := os.WriteFile(p, png, 0o644); err != nil {
		t.Error(err)
	}
	t.Logf("screenshot %s", p)
}
