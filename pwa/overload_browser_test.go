package pwa_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/chromedp"

	"github.com/hadir-id/hadir/internal/cli/clitest"
)

// overloadBody is the real server's answer to a check-in its writer had to
// turn away (api/errors.go, internal/checkin/record.go), with a receipt.
const overloadBody = `{"error":{"code":"unavailable","message":"server sedang sibuk; presensi Anda disimpan di ponsel dan dikirim ulang otomatis","detail":{"receipt":"test-receipt"}}}`

// A check-in the server turns away with 503 and Retry-After: 2 (answered
// by the browser's Fetch domain in the server's place) is queued on the
// phone, and the app resends it by itself, not before the Retry-After: the
// same signed request with the receipt of the 503. The real server stores
// it once and the screen ends in the check-in's status, the queue empty.
func TestBrowserCheckinOverloadRetry(t *testing.T) {
	p, who, ctx := enrolledPhone(t)
	before := eventCount(t, p, who)

	posts := interceptCheckins(t, ctx, p.Base)
	// The jitter at its low end: a retry that ignored Retry-After would
	// come 1 s after the 503, one that honours it 3 s after.
	_, err := chromedp.Run(ctx, chromedp.Evaluate[any](`Math.random = () => 0`))
	must(t, err, "pin the jitter")

	click(t, ctx, "#tap")
	first := posts.wait(t, 1)
	saved := waitJS(t, ctx, `(() => { const r = document.querySelector("#result.warn"); return r && r.innerText; })()`, "queued message")
	if want := catalogue(t)["queue.saved"]; saved != want {
		t.Errorf("after the 503 the app shows %q, want %q", saved, want)
	}
	if q := waitJS(t, ctx, `document.querySelector("#queue").textContent`, "queue line"); !strings.Contains(q, "1 presensi") {
		t.Errorf("queue line after the 503: %q", q)
	}
	queued := idbQueue(t, ctx)
	if len(queued) != 1 || queued[0].Key != first.body.Key || queued[0].Receipt != "test-receipt" {
		t.Errorf("IndexedDB queue after the 503: %+v, want the request %s with the receipt", queued, first.body.Key)
	}
	shot(t, ctx, "14-overload-queued")

	// No user action: the retry comes by itself (held until now, so the
	// queued state above could be read; then it goes to the real server).
	second := posts.wait(t, 2)
	posts.release()
	if gap := second.at.Sub(first.at); gap < 2*time.Second {
		t.Errorf("the retry came %v after the 503, before its Retry-After of 2 s", gap)
	} else {
		t.Logf("retry %v after the 503", gap)
	}
	a, b := first.body, second.body
	if b.Key != a.Key || b.Challenge != a.Challenge || b.DeviceSig != a.DeviceSig || b.Key == "" || b.DeviceSig == "" {
		t.Errorf("the retry is not the same signed request:\nfirst  %+v\nsecond %+v", a, b)
	}
	if a.Receipt != "" || b.Receipt != "test-receipt" {
		t.Errorf("receipts: first %q, retry %q; want none, then test-receipt", a.Receipt, b.Receipt)
	}

	status := waitJS(t, ctx, `(() => { const r = document.querySelector("#result.ok"); return r && r.innerText; })()`, "check-in status after the retry")
	if !strings.Contains(status, "Masuk") {
		t.Errorf("status after the retry %q", status)
	}
	waitJS(t, ctx, `document.querySelector("#queue").textContent.includes("sudah terkirim")`, "queue empty after the retry")
	if q := idbQueue(t, ctx); len(q) != 0 {
		t.Errorf("IndexedDB queue after the retry: %+v", q)
	}
	shot(t, ctx, "15-overload-retried")
	if after := eventCount(t, p, who); after-before != 1 {
		t.Errorf("the server stored %d events for the check-in (%d before, %d after), want 1", after-before, before, after)
	}
	if n := posts.count(); n != 2 {
		t.Errorf("%d check-in POSTs, want 2 (the 503 and the retry)", n)
	}
}

// checkinBody is what the test compares between a POST and its retry.
type checkinBody struct {
	Key       string `json:"idempotency_key"`
	Challenge string `json:"challenge"`
	DeviceSig string `json:"device_sig"`
	Receipt   string `json:"receipt"`
}

type checkinPost struct {
	at   time.Time // the first: when its 503 was delivered; later ones: when paused
	body checkinBody
}

// checkinPosts records the check-in POSTs the browser paused.
type checkinPosts struct {
	mu      sync.Mutex
	got     []checkinPost
	hold    chan struct{} // closed by release: later POSTs go on to the server
	release func()
}

// interceptCheckins pauses every POST /api/v1/checkins of the tab: the
// first is answered 503 with Retry-After: 2 and a receipt, later ones go
// on to the server once release is called. Other requests go on at once.
func interceptCheckins(t *testing.T, ctx context.Context, base string) *checkinPosts {
	t.Helper()
	cp := &checkinPosts{hold: make(chan struct{})}
	var once sync.Once
	cp.release = func() { once.Do(func() { close(cp.hold) }) }
	paused := chromedp.Events(ctx, fetch.RequestPaused)
	go func() {
		for ev, err := range paused {
			if err != nil {
				return
			}
			go cp.handle(ctx, base, ev)
		}
	}()
	_, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*/api/v1/checkins*"}}})
	must(t, err, "Fetch.enable")
	return cp
}

func (cp *checkinPosts) handle(ctx context.Context, base string, ev fetch.EventRequestPaused) {
	if ev.Request.Method != "POST" || ev.Request.URL != base+"/api/v1/checkins" {
		_, _ = chromedp.Call(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
		return
	}
	var raw []byte
	for _, e := range ev.Request.PostDataEntries {
		raw = append(raw, e.Bytes...)
	}
	var body checkinBody
	_ = json.Unmarshal(raw, &body) // an unreadable body fails the comparisons
	cp.mu.Lock()
	n := len(cp.got)
	cp.got = append(cp.got, checkinPost{body: body})
	cp.mu.Unlock()
	if n > 0 {
		cp.arrived(n)
		select {
		case <-cp.hold:
		case <-ctx.Done():
			return
		}
		_, _ = chromedp.Call(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
		return
	}
	_, err := chromedp.Call(ctx, fetch.FulfillRequest, fetch.FulfillRequestParams{RequestID: ev.RequestID, ResponseCode: 503,
		ResponseHeaders: []*fetch.HeaderEntry{{Name: "Retry-After", Value: "2"}, {Name: "Content-Type", Value: "application/json"}},
		Body:            []byte(overloadBody)})
	if err == nil {
		cp.arrived(0) // after the browser took the answer: the app's wait starts no earlier
	}
}

func (cp *checkinPosts) arrived(i int) {
	cp.mu.Lock()
	cp.got[i].at = time.Now()
	cp.mu.Unlock()
}

// wait returns the nth check-in POST (from 1) once the first has been
// answered, or a later one paused.
func (cp *checkinPosts) wait(t *testing.T, n int) checkinPost {
	t.Helper()
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		cp.mu.Lock()
		if len(cp.got) >= n && !cp.got[n-1].at.IsZero() {
			p := cp.got[n-1]
			cp.mu.Unlock()
			return p
		}
		cp.mu.Unlock()
	}
	t.Fatalf("check-in POST %d did not come within 60 s (%d came)", n, cp.count())
	return checkinPost{}
}

func (cp *checkinPosts) count() int {
	cp.mu.Lock()
	defer cp.mu.Unlock()
	return len(cp.got)
}

// queuedCheckin is one request in the app's IndexedDB queue.
type queuedCheckin struct {
	Key     string `json:"idempotency_key"`
	Receipt string `json:"receipt"`
}

func idbQueue(t *testing.T, ctx context.Context) []queuedCheckin {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`new Promise((res, rej) => {
		const o = indexedDB.open("hadir");
		o.onerror = () => rej(o.error);
		o.onsuccess = () => { const g = o.result.transaction("q").objectStore("q").getAll(); g.onsuccess = () => res(JSON.stringify(g.result)); g.onerror = () => rej(g.error); };
	})`, chromedp.EvalAwaitPromise))
	must(t, err, "read the IndexedDB queue")
	var q []queuedCheckin
	must(t, json.Unmarshal([]byte(s), &q), "decode the IndexedDB queue")
	return q
}

// eventCount counts the employee's stored events (not rejected) around
// today, from the engine input an admin can download (days/{date}/case:
// the events of the date's window of several days).
func eventCount(t *testing.T, p *clitest.Program, who persona) int {
	t.Helper()
	path := fmt.Sprintf("/api/v1/employees/%d/days/%s/case", who.empID, time.Now().UTC().Format("2006-01-02"))
	cases := clitest.Items(p.GetJSON(t, who.admin, path, 200))
	if len(cases) == 0 {
		t.Fatalf("GET %s: no case for today", path)
	}
	n := 0
	for _, c := range cases {
		evs, _ := c["events"].([]any)
		n += len(evs)
	}
	return n
}

// catalogue is the Indonesian message catalogue.
func catalogue(t *testing.T) map[string]string {
	t.Helper()
	b, err := os.ReadFile("i18n/id.json")
	must(t, err, "read i18n/id.json")
	var m map[string]string
	must(t, json.Unmarshal(b, &m), "decode i18n/id.json")
	return m
}
