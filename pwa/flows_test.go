package pwa_test

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hadir-id/hadir/internal/cli/clitest"
)

// A browser engine the shared flows run in: its phone (iPhone user agent,
// a platform passkey, a position), its desktop tab, and its own checks
// between the shared steps.
type engineKit struct {
	name           string
	phone, desktop func(t *testing.T, origin string) tab
	hooks          func() dayHooks
}

func engines() []engineKit {
	return []engineKit{
		{"chromium", newChromePhone, newChromeDesktop, chromiumDay},
		{"webkit", newWebKitPhone, newWebKitDesktop, func() dayHooks { return dayHooks{} }},
	}
}

// dayHooks are an engine's own checks at points of phoneDay; nil ones are
// skipped.
type dayHooks struct {
	before func(t *testing.T, b tab)                     // the phone, before its first page
	opened func(t *testing.T, b tab, p *clitest.Program) // the shell has just opened, cold
	screen func(t *testing.T, b tab, name string)        // "today" or "history" is showing
	wire   func(t *testing.T, cb checkinBytes)           // one check-in's bytes, server-counted
}

// phoneDay is the employee's main day, written once for every engine: the
// shell and its service worker; enrolment; the non-extractable P-256
// device key surviving IndexedDB and a reload; check in and out; what the
// app explains when location or verification fails; a check-in outside
// the fence goes to review; the history; one check-in's bytes; the server
// stops: the shell opens from the service worker with today's shift line,
// a check-in is queued and sent once the server is back; the supervisor's
// inbox; a new phone with the synced passkey waits for the supervisor's
// approval, then works, in English. WebKit's passkey and position are the stand-ins of
// testdata/standin.js; the server verifies the passkey for real.
func phoneDay(t *testing.T, e engineKit) {
	start := time.Now()
	h := e.hooks()
	dbURL := "sqlite:" + filepath.Join(t.TempDir(), "hadir.db")
	p := clitest.Start(t, dbURL)
	who := demoPersona(t, p)
	ph := e.phone(t, p.Base) // skips (or fails in CI) without the engine
	if h.before != nil {
		h.before(t, ph)
	}
	shellAndWorker(t, ph, p, who)
	if h.opened != nil {
		h.opened(t, ph, p)
	}
	enrolFlow(t, ph, who)
	deviceKeySurvives(t, ph)
	checkInAndOut(t, ph)
	h.onScreen(t, ph, "today")
	explainedFailures(t, ph, who)
	outsideFence(t, ph, who)
	historyFlow(t, ph, h)
	cb := checkinWire(t, ph, p)
	if h.wire != nil {
		h.wire(t, cb)
	}
	signIn := p.Link(p.Links["supervisor"][0]) // a restarted demo prints no links
	p = offlineQueue(t, ph, p, dbURL)
	sup := e.phone(t, p.Base)
	supervisorInbox(t, sup, signIn)
	newPhoneApproved(t, e, ph, sup, p, who)
	t.Logf("%s: the day took %v", e.name, time.Since(start).Round(100*time.Millisecond))
}

func (h dayHooks) onScreen(t *testing.T, b tab, name string) {
	if h.screen != nil {
		h.screen(t, b, name)
	}
}

// The install button of the gate exists only to call the browser's install
// prompt: it is hidden until beforeinstallprompt comes (never in Safari,
// where `.btn{display:block}` once overrode `hidden`), shown when it does,
// and hidden again once the prompt is used (a prompt works once).
func TestPWAInstallButton(t *testing.T) {
	state := `(() => { const b = document.querySelector("#install");
		return !b ? "absent" : (b.offsetParent && b.getBoundingClientRect().height > 0 ? "shown" : "hidden"); })()`
	for _, e := range engines() {
		t.Run(e.name, func(t *testing.T) {
			p := clitest.Start(t, "sqlite:"+filepath.Join(t.TempDir(), "hadir.db"))
			d := e.desktop(t, p.Base)
			d.open(t, p.Base+"/")
			waitTab(t, d, `!!document.querySelector("#continue")`, "install gate")
			if s := waitTab(t, d, state, "install button state"); s != "hidden" {
				t.Errorf("without beforeinstallprompt the install button is %s, want hidden", s)
			}
			snap(t, d, "install-gate-desktop")
			_, err := d.eval(`(() => { const e = new Event("beforeinstallprompt", { cancelable: true });
				e.prompt = () => { window.__prompted = (window.__prompted || 0) + 1; return Promise.resolve(); };
				e.userChoice = Promise.resolve({ outcome: "dismissed", platform: "" });
				dispatchEvent(e); return "sent"; })()`)
			must(t, err, "beforeinstallprompt")
			if s := waitTab(t, d, state, "install button state"); s != "shown" {
				t.Fatalf("after beforeinstallprompt the install button is %s, want shown", s)
			}
			clickTab(t, d, "#install")
			waitTab(t, d, `window.__prompted === 1`, "the install prompt called once")
			waitTab(t, d, state+` === "hidden"`, "install button hidden once its prompt is used")
		})
	}
}

// shellAndWorker opens the app cold: the iPhone install gate, and a
// service worker that takes control.
func shellAndWorker(t *testing.T, b tab, p *clitest.Program, who persona) {
	b.open(t, p.Base+"/")
	b.position(t, who.lat, who.lon)
	waitTab(t, b, `!!document.querySelector("#iossteps") && !!document.querySelector("#continue")`, "install gate with the iPhone steps")
	if v, _ := b.eval(`document.querySelector("#install") ? "there" : ""`); v != "" {
		t.Errorf("an install button on the iPhone gate")
	}
	waitTab(t, b, `navigator.serviceWorker.ready.then(() => "sw")`, "service worker ready")
	snap(t, b, "1-install-gate")
}

func enrolFlow(t *testing.T, b tab, who persona) {
	clickTab(t, b, "#continue")
	waitTab(t, b, `!!document.querySelector("#code")`, "enrol screen")
	must(t, b.typeIn("#code", who.code), "type the code")
	snap(t, b, "2-enrol")
	clickTab(t, b, "#enrol")
	name := waitTab(t, b, `document.querySelector("#tap") && document.querySelector("#name").textContent`, "today screen after enrolment")
	shift := waitTab(t, b, `document.querySelector("#shift") && document.querySelector("#shift").textContent`, "today's shift")
	if !strings.HasPrefix(shift, "Jadwal hari ini") && !strings.HasPrefix(shift, "Hari libur") && shift != "Hari ini bukan hari kerja" {
		t.Errorf("today's shift line = %q", shift)
	}
	if l := waitTab(t, b, `document.querySelector("#tap").textContent`, "button"); l != "Absen Masuk" {
		t.Fatalf("button %q, want Absen Masuk", l)
	}
	t.Logf("enrolled %s (%s)", name, shift)
}

// deviceKeyJS reads the app's device key from IndexedDB, signs with it,
// verifies the signature with the public key stored beside it, and tries
// to export it.
const deviceKeyJS = `(async () => {
	const d = await new Promise((res, rej) => { const r = indexedDB.open("hadir");
		r.onerror = () => rej(r.error);
		r.onsuccess = () => { const g = r.result.transaction("kv").objectStore("kv").get("device");
			g.onsuccess = () => { r.result.close(); res(g.result); }; g.onerror = () => rej(g.error); }; });
	if (!d || !d.priv) return "";
	const k = d.priv, msg = new TextEncoder().encode("hadir-test"), alg = { name: "ECDSA", hash: "SHA-256" };
	let exported = "refused";
	try { await crypto.subtle.exportKey("pkcs8", k); exported = "exported"; } catch (e) {}
	const sig = await crypto.subtle.sign(alg, k, msg);
	const pub = await crypto.subtle.importKey("raw", Uint8Array.from(atob(d.raw), (c) => c.charCodeAt(0)), { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"]);
	return JSON.stringify({ keyId: d.keyId, type: k.type, extractable: k.extractable, curve: k.algorithm.namedCurve,
		usages: k.usages, exported, verifies: await crypto.subtle.verify(alg, pub, sig, msg) });
})()`

type deviceKey struct {
	KeyID, Type, Curve, Exported string
	Extractable, Verifies        bool
	Usages                       []string
}

func readDeviceKey(t *testing.T, b tab, when string) deviceKey {
	t.Helper()
	var k deviceKey
	must(t, json.Unmarshal([]byte(waitTab(t, b, deviceKeyJS, "device key "+when)), &k), "device key JSON")
	if k.Type != "private" || k.Extractable || k.Curve != "P-256" || k.Exported != "refused" || !k.Verifies || k.KeyID == "" {
		t.Errorf("device key %s: %+v; want a private, non-extractable P-256 key that signs and refuses export", when, k)
	}
	return k
}

// deviceKeySurvives: the key is in IndexedDB, still the same and still
// signing after a reload, and the app opens enrolled.
func deviceKeySurvives(t *testing.T, b tab) {
	before := readDeviceKey(t, b, "after enrolment")
	b.reload(t)
	waitTab(t, b, `document.querySelector("#tap") && document.querySelector("#name").textContent`, "enrolled after a reload")
	if after := readDeviceKey(t, b, "after a reload"); after.KeyID != before.KeyID {
		t.Errorf("device key changed over a reload: %s → %s", before.KeyID, after.KeyID)
	}
	waitTab(t, b, `navigator.serviceWorker.controller ? "controlled" : ""`, "the page controlled by the service worker")
}

// tapResult taps the button and returns the new result of the given class.
func tapResult(t *testing.T, b tab, what, class string) string {
	t.Helper()
	_, _ = b.eval(`(() => { const r = document.querySelector("#result"); if (r) r.id = "old-result"; return "ok"; })()`)
	clickTab(t, b, "#tap")
	return waitTab(t, b, `(() => { const r = document.querySelector("#result.`+class+`"); return r && r.innerText; })()`, what)
}

func checkInAndOut(t *testing.T, b tab) {
	in := tapResult(t, b, "check-in status", "ok")
	if !strings.Contains(in, "Masuk") {
		t.Errorf("check-in status %q", in)
	}
	snap(t, b, "3-checked-in")
	if l := waitTab(t, b, `document.querySelector("#tap").textContent`, "button"); l != "Absen Pulang" {
		t.Fatalf("button after check-in %q, want Absen Pulang", l)
	}
	if out := tapResult(t, b, "check-out status", "ok"); out == in {
		t.Errorf("check-out shows the check-in's status %q", out)
	}
	snap(t, b, "4-checked-out")
}

// explainedFailures: location denied (the iPhone guidance), unavailable,
// and a passkey without user verification (refused by the server, nothing
// queued).
func explainedFailures(t *testing.T, b tab, who persona) {
	b.positionError(t, 1)
	if msg := tapResult(t, b, "denied guidance", "err"); !strings.Contains(msg, "Pengaturan") || !strings.Contains(msg, "Layanan Lokasi") {
		t.Errorf("denied guidance %q", msg)
	}
	snap(t, b, "5-location-denied")
	b.position(t, who.lat, who.lon)
	b.positionError(t, 2)
	if msg := tapResult(t, b, "unavailable guidance", "err"); !strings.Contains(msg, "Lokasi tidak tersedia") {
		t.Errorf("unavailable guidance %q", msg)
	}
	b.position(t, who.lat, who.lon)
	b.userVerified(t, false)
	if msg := tapResult(t, b, "UV failure", "err"); !strings.Contains(msg, "Verifikasi identitas gagal") { // the app's guidance, chosen by the error key
		t.Errorf("user verification failing: %q", msg)
	}
	if q := waitTab(t, b, `document.querySelector("#queue").textContent`, "queue"); !strings.Contains(q, "sudah terkirim") {
		t.Errorf("queue after a UV failure: %q", q)
	}
	if l := waitTab(t, b, `document.querySelector("#tap").textContent`, "button"); l != "Absen Masuk" {
		t.Errorf("button after a failed check-in %q, want Absen Masuk", l)
	}
	b.userVerified(t, true)
}

// outsideFence: about 2 km away, the check-in is stored for review and
// the reason is shown.
func outsideFence(t *testing.T, b tab, who persona) {
	b.position(t, who.lat+0.018, who.lon)
	msg := tapResult(t, b, "outside review", "warn")
	if !strings.Contains(msg, "Di luar") {
		t.Errorf("outside: the reason does not say outside (luar): %q", msg)
	}
	snap(t, b, "6-outside-review")
	b.position(t, who.lat, who.lon)
}

func historyFlow(t *testing.T, b tab, h dayHooks) {
	clickTab(t, b, "#nav-history")
	waitTab(t, b, `document.querySelectorAll("#cal .day").length > 27 && "cal"`, "history calendar")
	snap(t, b, "7-history")
	h.onScreen(t, b, "history")
	clickTab(t, b, "#nav-today")
	waitTab(t, b, `!!document.querySelector("#tap")`, "today again")
}

// challengeKeptJS is the prefetched check-in challenge the app keeps in
// IndexedDB for an offline tap.
const challengeKeptJS = `new Promise((res) => { const r = indexedDB.open("hadir");
	r.onerror = () => res("");
	r.onsuccess = () => { const g = r.result.transaction("kv").objectStore("kv").get("ch");
		g.onsuccess = () => { r.result.close(); res(g.result && g.result.challenge); }; g.onerror = () => res(""); }; })`

// offlineQueue stops the server: the shell opens from the service worker
// with the last known name and today's shift line, a check-in is queued on
// the phone; the server restarts on the same port and database and the
// queue is sent. It returns the restarted program.
func offlineQueue(t *testing.T, b tab, p *clitest.Program, dbURL string) *clitest.Program {
	online := waitTab(t, b, `document.querySelector("#shift").textContent`, "today's shift online")
	b.reload(t)
	waitTab(t, b, `document.querySelector("#tap") && document.readyState === "complete"`, "reloaded")
	waitTab(t, b, challengeKeptJS, "a prefetched challenge kept for offline")
	p.Stop(t)
	b.reload(t)
	waitTab(t, b, `document.querySelector("#tap") && document.querySelector("#name").textContent`, "the shell from the service worker with the server down")
	// The line comes from IndexedDB once the fetch has failed: wait for it
	// (a first poll may come before), then compare.
	if off := waitTab(t, b, `document.querySelector("#shift").textContent`, "today's shift offline"); off != online {
		t.Errorf("offline, today's shift line is %q, want %q as online", off, online)
	}
	queued := tapResult(t, b, "queued offline", "warn")
	if q := waitTab(t, b, `document.querySelector("#queue").textContent`, "queue"); !strings.Contains(q, "1 presensi") {
		t.Errorf("queue after an offline check-in: %q (result %q)", q, queued)
	}
	snap(t, b, "8-offline-queued")

	port := p.Base[strings.LastIndex(p.Base, ":")+1:]
	p2 := clitest.StartAt(t, dbURL, "127.0.0.1:"+port)
	if p2.Base != p.Base {
		t.Fatalf("restarted at %s, want %s", p2.Base, p.Base)
	}
	// The app retries by itself (backoff from 1 s); the button sends now.
	_ = b.click("#flush")
	waitTab(t, b, `document.querySelector("#queue").textContent.includes("sudah terkirim")`, "queue sent after the server is back")
	flushed := waitTab(t, b, `(() => { const r = document.querySelector("#result.ok, #result.warn"); return r && !r.innerText.includes("Tidak ada koneksi") && r.innerText; })()`, "the sent check-in's status")
	t.Logf("offline check-in sent: %s", flushed)
	snap(t, b, "9-offline-sent")
	return p2
}

// supervisorInbox: the direct supervisor signs in with their link and
// decides the flagged check-ins: a rejection needs a reason, an accepted
// item leaves the inbox.
func supervisorInbox(t *testing.T, b tab, signIn string) {
	b.open(t, signIn)
	clickTab(t, b, "#continue")
	clickTab(t, b, "#nav-reviews")
	n := waitTab(t, b, `document.querySelectorAll(".review").length`, "review inbox items")
	t.Logf("supervisor inbox: %s item(s)", n)
	snap(t, b, "10-review-inbox")
	clickTab(t, b, ".review button.sec")
	waitTab(t, b, `document.querySelector(".review .err").textContent.includes("alasan")`, "a rejection needs a reason")
	clickTab(t, b, ".review button.btn:not(.sec)")
	waitTab(t, b, `document.querySelectorAll(".review").length < `+n, "the accepted item leaves the inbox")
}

// checkinWire is the data cost of one check-in on a repeat visit (the
// service worker controls the page), counted by the server (internal/wirebytes):
// the challenge prefetched on opening and used for the tap, plus the POST,
// both directions.
func checkinWire(t *testing.T, b tab, p *clitest.Program) checkinBytes {
	waitTab(t, b, `navigator.serviceWorker.controller ? "ctl" : ""`, "page controlled by the SW")
	before := wireBytes(t, p)
	b.reload(t)
	waitTab(t, b, `document.querySelector("#tap") && document.readyState === "complete" && "ok"`, "reloaded for the byte count")
	for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		if wireBytes(t, p)[challengeOut] > before[challengeOut] {
			break // the prefetch the tap will use has arrived
		}
	}
	counted := tapResult(t, b, "counted check-in", "ok, #result.warn") // flagged after the 2 km check-in: impossible travel
	after := wireBytes(t, p)
	cb := checkinBytes{
		ChallengeIn: after[challengeIn] - before[challengeIn], ChallengeOut: after[challengeOut] - before[challengeOut],
		PostIn: after[postIn] - before[postIn], PostOut: after[postOut] - before[postOut]}
	t.Logf("%s, one check-in (%q): challenge GET %.0f B up, %.0f B down; POST %.0f B up, %.0f B down; total %.0f B",
		b.engine(), counted, cb.ChallengeIn, cb.ChallengeOut, cb.PostIn, cb.PostOut, cb.total())
	if cb.PostIn == 0 || cb.PostOut == 0 {
		t.Errorf("the server counted no check-in bytes: %+v", cb)
	} else if cb.total() > 3072 {
		t.Errorf("%s: one check-in costs %.0f B on the wire, budget 3,072 B (docs/PWA.md)", b.engine(), cb.total())
	}
	return cb
}

// newPhoneApproved: a new phone with the synced passkey signs in; its new
// device key waits for approval; the supervisor approves it in the inbox;
// the new phone then works, in English.
func newPhoneApproved(t *testing.T, e engineKit, phone, sup tab, p *clitest.Program, who persona) {
	np := e.phone(t, p.Base)
	np.open(t, p.Base+"/")
	phone.syncPasskeysTo(t, np)
	clickTab(t, np, "#continue")
	clickTab(t, np, "#login")
	pending := waitTab(t, np, `document.querySelector("#pending") && document.querySelector("#pending").textContent`, "new phone waits for approval")
	if !strings.Contains(pending, "menunggu persetujuan atasan") {
		t.Errorf("pending notice %q", pending)
	}
	snap(t, np, "11-new-phone-pending")

	clickTab(t, sup, "#nav-today")
	clickTab(t, sup, "#nav-reviews")
	card := waitTab(t, sup, `(() => { const c = document.querySelector(".phone"); return c && c.innerText; })()`, "pending phone in the supervisor inbox")
	if !strings.Contains(card, "Ponsel baru") || !strings.Contains(card, "Setujui") || !strings.Contains(card, "Tolak") {
		t.Errorf("pending phone card %q", card)
	}
	snap(t, sup, "11b-inbox-new-phone")
	phones := waitTab(t, sup, `String(document.querySelectorAll(".phone").length)`, "phones")
	clickTab(t, sup, ".phone button.btn:not(.sec)")
	waitTab(t, sup, `document.querySelectorAll(".phone").length < `+phones, "approved phone leaves the inbox")
	active := 0
	devs := clitest.Items(p.GetJSON(t, who.admin, fmt.Sprintf("/api/v1/employees/%d/devices", who.empID), 200))
	for _, d := range devs {
		if d["status"] == "active" {
			active++
		}
	}
	if active < 1 {
		t.Errorf("no active device after approval: %v", devs)
	}
	clickTab(t, np, "#lang")
	waitTab(t, np, `document.querySelector("#tap") && document.querySelector("#tap").textContent === "Check in"`, "English labels")
	shift := waitTab(t, np, `(() => { const s = document.querySelector("#shift").textContent;
		return /^(Today's shift |Holiday: |Today is not a working day$)/.test(s) && s; })()`, "today's shift line in English")
	t.Logf("in English: %s", shift)
	snap(t, np, "12-english")
}
