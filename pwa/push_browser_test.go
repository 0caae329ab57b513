package pwa_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/serviceworker"
	"github.com/chromedp/chromedp"

	"github.com/hadir-id/hadir/internal/cli/clitest"
	"github.com/hadir-id/hadir/internal/push/pushtest"
)

// TestBrowserPush: an enrolled iPhone in a Safari-like tab is shown the
// home-screen steps; installed (navigator.standalone) it gets the
// "Nyalakan pengingat" button, whose tap subscribes with the server's key
// (pushManager.subscribe is stubbed: the real one never resolves without
// FCM) and sends the subscription; "Kirim notifikasi uji" reaches the
// local push service, which decrypts the exact notification; a push
// delivered by CDP (ServiceWorker.deliverPushMessage) is shown as a
// notification, and clicking it opens its deep link.
func TestBrowserPush(t *testing.T) {
	needChromium(t)
	fake := pushtest.New()
	defer fake.Close()
	p := clitest.StartArgs(t, "sqlite:"+filepath.Join(t.TempDir(), "hadir.db"), "127.0.0.1:0", "--push-allow", fake.URL+"/")
	who := demoPersona(t, p)
	ctx, cancel := context.WithTimeout(newBrowser(t), 3*time.Minute)
	defer cancel()
	prepare(t, ctx)
	permission(t, ctx, p.Base, browser.PermissionSettingGranted)
	geo(t, ctx, who.lat, who.lon)
	_, err := chromedp.CallBrowser(ctx, browser.SetPermission, browser.SetPermissionParams{
		Permission: &browser.PermissionDescriptor{Name: "notifications"}, Setting: browser.PermissionSettingGranted, Origin: p.Base})
	must(t, err, "notification permission")
	stubSubscribe(t, ctx, fake.NewBrowser())
	regs := make(chan serviceworker.RegistrationID, 4)
	go func() {
		for ev, err := range chromedp.Events(ctx, serviceworker.WorkerRegistrationUpdated) {
			if err != nil {
				return
			}
			for _, r := range ev.Registrations {
				if !r.IsDeleted {
					regs <- r.RegistrationID
				}
			}
		}
	}()
	_, err = chromedp.Call(ctx, serviceworker.Enable, struct{}{})
	must(t, err, "service worker domain")

	must(t, chromedp.Do(ctx, chromedp.Navigate(p.Base+"/")), "navigate")
	click(t, ctx, "#continue")
	waitJS(t, ctx, `!!document.querySelector("#code")`, "enrol screen")
	must(t, chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#code"), who.code)), "type code")
	click(t, ctx, "#enrol")
	waitJS(t, ctx, `document.querySelector("#tap")`, "today screen")
	waitJS(t, ctx, `document.querySelector("#remind ol li") && document.querySelector("#remind-state").textContent.includes("layar utama")`, "iPhone steps in a tab")
	shot(t, ctx, "push-1-iphone-tab")

	// "Installed": iOS says so with navigator.standalone (Chromium cannot
	// emulate display-mode: standalone).
	evalAsync(t, ctx, `Promise.resolve(localStorage.setItem("stub.installed", "1") || "ok")`)
	must(t, chromedp.Do(ctx, chromedp.Reload()), "reload installed")
	waitJS(t, ctx, `navigator.standalone && document.querySelector("#remind-on")`, "the turn-on button in the installed app")
	click(t, ctx, "#remind-on")
	waitJS(t, ctx, `document.querySelector("#remind-test")`, "reminders on")
	key := waitJS(t, ctx, `window.__appKey`, "subscribe called with the server key")
	prefs := evalAsync(t, ctx, `fetch("/api/v1/me/push-preferences").then(r => r.text())`)
	if !strings.Contains(prefs, `"subscriptions":1`) || !strings.Contains(prefs, `"public_key":"`+key+`"`) {
		t.Fatalf("applicationServerKey %s; server: %s", key, prefs)
	}
	shot(t, ctx, "push-2-on")

	click(t, ctx, "#remind-test")
	waitJS(t, ctx, `document.querySelector("#remind-note")`, "test sent note")
	got := waitPushes(t, fake, 1)[0]
	if got.Err != nil || !strings.Contains(string(got.Plaintext), `"title":"Pengingat Hadir menyala"`) || !strings.Contains(string(got.Plaintext), `"url":"/#me"`) {
		t.Fatalf("test push at the push service: %+v %s", got.Err, got.Plaintext)
	}

	var reg serviceworker.RegistrationID
	select {
	case reg = <-regs:
	case <-time.After(30 * time.Second):
		t.Fatal("no service worker registration")
	}
	data, _ := json.Marshal(map[string]string{"title": "Jangan lupa presensi masuk", "body": "Jam kerja Anda mulai pukul 07:30.", "url": "/#checkin", "tag": "in-20261207"})
	_, err = chromedp.Call(ctx, serviceworker.DeliverPushMessage, serviceworker.DeliverPushMessageParams{Origin: p.Base, RegistrationID: reg, Data: string(data)})
	must(t, err, "deliver push")
	shown := pollAsync(t, ctx, `navigator.serviceWorker.ready.then(r => r.getNotifications()).then(ns => ns.map(n => n.title + "|" + n.body + "|" + n.tag + "|" + n.data.url).join(";"))`,
		"Jangan lupa presensi masuk|Jam kerja Anda mulai pukul 07:30.|in-20261207|/#checkin")
	t.Logf("notifications: %s", shown)
	clickNotification(t, ctx)
	waitJS(t, ctx, `location.hash === "#checkin" && document.querySelector("#tap")`, "the deep link opened")
}

// stubSubscribe replaces pushManager.subscribe/getSubscription with a
// subscription of the fake push service's browser, kept in localStorage.
func stubSubscribe(t *testing.T, ctx context.Context, b *pushtest.Browser) {
	t.Helper()
	j, _ := json.Marshal(map[string]any{"endpoint": b.Endpoint, "expirationTime": nil, "keys": map[string]string{"p256dh": b.P256dh, "auth": b.Auth}})
	src := `(() => {
  Object.defineProperty(Navigator.prototype, "standalone", { get: () => localStorage.getItem("stub.installed") === "1" });
  const J = ` + string(j) + `;
  const mk = (j) => ({ endpoint: j.endpoint, toJSON: () => j, unsubscribe: async () => { localStorage.removeItem("stub.sub"); return true; } });
  PushManager.prototype.subscribe = async function (o) {
    const k = new Uint8Array(o.applicationServerKey);
    window.__appKey = btoa(String.fromCharCode(...k)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    localStorage.setItem("stub.sub", JSON.stringify(J));
    return mk(J);
  };
  PushManager.prototype.getSubscription = async function () {
    const j = JSON.parse(localStorage.getItem("stub.sub") || "null");
    return j ? mk(j) : null;
  };
})()`
	_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: src})
	must(t, err, "stub pushManager")
}

// clickNotification dispatches notificationclick in the service worker
// for the notification shown (headless Chromium has no notification UI).
func clickNotification(t *testing.T, ctx context.Context) {
	t.Helper()
	ts, err := chromedp.Targets(ctx)
	must(t, err, "targets")
	for _, ti := range ts {
		if ti.Type != "service_worker" || !strings.HasSuffix(ti.URL, "/sw.js") {
			continue
		}
		sctx, cancel := chromedp.NewContext(ctx, chromedp.WithTargetID(ti.TargetID))
		defer cancel()
		v, err := chromedp.Run(sctx, chromedp.Evaluate[string](`self.registration.getNotifications().then((ns) => {
  self.dispatchEvent(new NotificationEvent("notificationclick", { notification: ns[0] }));
  return String(ns.length);
})`, chromedp.EvalAwaitPromise))
		must(t, err, "notificationclick")
		if v != "1" {
			t.Fatalf("%s notifications in the worker", v)
		}
		return
	}
	t.Fatal("no service worker target")
}

func evalAsync(t *testing.T, ctx context.Context, expr string) string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr, chromedp.EvalAwaitPromise))
	must(t, err, expr)
	return v
}

// pollAsync evaluates a promise expression until its value is want.
func pollAsync(t *testing.T, ctx context.Context, expr, want string) string {
	t.Helper()
	var v string
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if v = evalAsync(t, ctx, expr); v == want {
			return v
		}
	}
	t.Fatalf("%s: %q, want %q", expr, v, want)
	return ""
}

func waitPushes(t *testing.T, fake *pushtest.Service, n int) []pushtest.Push {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if got := fake.Pushes(); len(got) >= n {
			return got
		}
	}
	t.Fatalf("%d pushes at the push service, want %d", len(fake.Pushes()), n)
	return nil
}
