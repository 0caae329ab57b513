package push_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/hadir-id/hadir/internal/push"
	"github.com/hadir-id/hadir/internal/push/pushtest"
	"github.com/hadir-id/hadir/internal/store/storetest"
)

// Every branch of the worker against the fake push service: 201 sent with
// the exact notification decrypted; 404 and 410 prune the subscription;
// 413 fails for good; 429 waits its Retry-After; 500 backs off and then
// succeeds.
func TestWorkerBranches(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		st := storetest.Open(t, dialect, nil)
		users := mustUsers(t, st, 6)
		fake := pushtest.New()
		defer fake.Close()
		keys, err := push.GenerateKeys()
		must(t, err)
		clk := newClock(time.Now().UTC().Truncate(time.Second))
		sender := push.NewWebPush(keys, "mailto:bkd@lampungselatankab.go.id", "")
		w := newWorker(st, sender, clk.Now)
		script := map[string][]pushtest.Answer{
			"ok":    nil,
			"gone":  {{Status: 410}},
			"nf":    {{Status: 404}},
			"big":   {{Status: 413}},
			"slow":  {{Status: 429, RetryAfter: "120"}},
			"flaky": {{Status: 500}},
		}
		subs := map[string]push.Subscription{}
		var msgs []push.Message
		i := 0
		for name, answers := range script {
			b, s := mustSubscribe(t, st, fake, users[i])
			i++
			fake.Script(b, answers...)
			subs[name] = s
			msgs = append(msgs, message(t, s.ID, name, clk.Now()))
		}
		n, err := st.EnqueuePushes(ctx, msgs)
		if err != nil || n != len(msgs) {
			t.Fatalf("enqueue %d %v", n, err)
		}
		if n, _ := st.EnqueuePushes(ctx, msgs); n != 0 {
			t.Fatalf("the same reminders queued twice: %d new", n)
		}
		if _, err := w.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		counts, _ := st.PushCounts(ctx)
		want := map[string]int{push.StateSent: 1, push.StatePruned: 2, push.StateFailed: 1, push.StatePending: 2}
		if fmt.Sprint(counts) != fmt.Sprint(want) {
			t.Fatalf("after the first round %v, want %v", counts, want)
		}
		for _, gone := range []string{"gone", "nf"} {
			if left, _ := st.SubscriptionsOf(ctx, []int64{subs[gone].UserID}); len(left) != 0 {
				t.Errorf("%s: subscription not pruned", gone)
			}
		}
		clk.Add(20 * time.Second) // past the 500's first backoff (15 s), not the 429's Retry-After
		must(t, drainAll(ctx, w))
		if got := delivered(t, fake); got["flaky"] != 1 || got["slow"] != 0 {
			t.Fatalf("after 20 s: %v", got)
		}
		clk.Add(2 * time.Minute)
		must(t, drainAll(ctx, w))
		got := delivered(t, fake)
		if got["ok"] != 1 || got["slow"] != 1 || got["flaky"] != 1 || len(got) != 3 {
			t.Fatalf("delivered %v", got)
		}
		checkFirstPush(t, fake, subs["ok"].Endpoint, fake.URL)
		if n, err := st.PurgePushes(ctx, time.Now().Add(-time.Hour)); n != 0 || err != nil {
			t.Fatalf("purged %d rows done within the hour (%v)", n, err)
		}
		if n, err := st.PurgePushes(ctx, time.Now().Add(time.Hour)); n != 6 || err != nil {
			t.Fatalf("purged %d of 6 done rows (%v)", n, err)
		}
	})
}

// checkFirstPush asserts the decrypted JSON and the headers of ok's push.
func checkFirstPush(t *testing.T, fake *pushtest.Service, endpoint, origin string) {
	t.Helper()
	for _, p := range fake.Pushes() {
		if p.Browser != endpoint {
			continue
		}
		want := `{"title":"Pengingat","body":"ok","url":"/#checkin","tag":"in-20261207"}`
		if string(p.Plaintext) != want {
			t.Errorf("plaintext %s, want %s", p.Plaintext, want)
		}
		if p.Urgency != "high" || p.Topic != "in-20261207" || p.TTL < 1700 || p.TTL > 1800 {
			t.Errorf("headers: urgency %q topic %q ttl %d", p.Urgency, p.Topic, p.TTL)
		}
		if p.Subject != "mailto:bkd@lampungselatankab.go.id" || p.Audience != origin || time.Until(p.Expiry) > 24*time.Hour {
			t.Errorf("JWT: sub %q aud %q exp %v", p.Subject, p.Audience, p.Expiry)
		}
		if p.BodyBytes != 512 {
			t.Errorf("body %d bytes, want one 512-byte record", p.BodyBytes)
		}
		return
	}
	t.Fatal("no push to the 201 endpoint")
}

func drainAll(ctx context.Context, w *push.Worker) error {
	_, err := drainCount(ctx, w)
	return err
}

func drainCount(ctx context.Context, w *push.Worker) (int, error) {
	total := 0
	for {
		n, err := w.Drain(ctx)
		total += n
		if err != nil || n == 0 {
			return total, err
		}
	}
}

// Cancelling the worker mid-batch, then starting it again, delivers each
// notification exactly once: sends in flight finish and are recorded,
// rows not started are released.
func TestWorkerCancelMidBatchExactlyOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		st := storetest.Open(t, dialect, nil)
		users := mustUsers(t, st, 1)
		fake := pushtest.New()
		defer fake.Close()
		fake.Delay(5 * time.Millisecond)
		keys, _ := push.GenerateKeys()
		sender := push.NewWebPush(keys, "", "https://hadir.example.go.id")
		_, sub := mustSubscribe(t, st, fake, users[0])
		now := time.Now()
		var msgs []push.Message
		for i := range 120 {
			msgs = append(msgs, message(t, sub.ID, fmt.Sprintf("m%03d", i), now))
		}
		_, err := st.EnqueuePushes(ctx, msgs)
		must(t, err)
		wctx, cancel := context.WithCancel(ctx)
		w := newWorker(st, sender, time.Now)
		w.Batch = 120
		done := make(chan struct{})
		go func() { w.Run(wctx); close(done) }()
		deadline := time.Now().Add(20 * time.Second)
		for len(fake.Pushes()) < 20 && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond)
		}
		cancel()
		<-done
		first := len(fake.Pushes())
		if first >= 120 {
			t.Fatalf("the worker finished before it was cancelled (%d pushes): nothing tested", first)
		}
		must(t, drainAll(ctx, newWorker(st, sender, time.Now)))
		got := delivered(t, fake)
		for _, m := range msgs {
			var n push.Notification
			must(t, json.Unmarshal(m.Payload, &n))
			if got[n.Body] != 1 {
				t.Fatalf("%s delivered %d times (cancelled after %d)", n.Body, got[n.Body], first)
			}
		}
		if c, _ := st.PushCounts(ctx); c[push.StateSent] != 120 {
			t.Fatalf("outbox %v", c)
		}
	})
}

// Two workers on two connections pools (two nodes) drain one outbox
// together: every notification is sent once.
func TestTwoWorkersNeverDoubleSend(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		db := storetest.Database(t, dialect)
		a := openStore(t, db)
		b := openStore(t, db)
		users := mustUsers(t, a, 1)
		fake := pushtest.New()
		defer fake.Close()
		fake.Delay(time.Millisecond)
		keys, _ := push.GenerateKeys()
		sender := push.NewWebPush(keys, "", "https://hadir.example.go.id")
		var msgs []push.Message
		for range 4 {
			_, sub := mustSubscribe(t, a, fake, users[0])
			for i := range 100 {
				msgs = append(msgs, message(t, sub.ID, fmt.Sprintf("s%d-m%03d", sub.ID, i), time.Now()))
			}
		}
		_, err := a.EnqueuePushes(ctx, msgs)
		must(t, err)
		type result struct {
			n   int
			err error
		}
		res := make(chan result, 2)
		for _, st := range []push.Queue{a, b} {
			w := newWorker(st, sender, time.Now)
			w.Batch = 25
			go func() { n, err := drainCount(ctx, w); res <- result{n, err} }()
		}
		r1, r2 := <-res, <-res
		must(t, r1.err)
		must(t, r2.err)
		if r1.n == 0 || r2.n == 0 {
			t.Fatalf("one worker did everything (%d and %d): the test shows nothing", r1.n, r2.n)
		}
		got := delivered(t, fake)
		if len(got) != len(msgs) {
			t.Fatalf("%d distinct delivered, want %d", len(got), len(msgs))
		}
		for body, n := range got {
			if n != 1 {
				t.Fatalf("%s sent %d times", body, n)
			}
		}
	})
}
