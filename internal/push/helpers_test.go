package push_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hadir-id/hadir/internal/config"
	"github.com/hadir-id/hadir/internal/push"
	"github.com/hadir-id/hadir/internal/push/pushtest"
	"github.com/hadir-id/hadir/internal/store"
)

// clock is an injected clock tests move by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }
func newClock(t time.Time) *clock    { return &clock{t: t} }
func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
func mustUsers(t testing.TB, st *store.Store, n int) []int64 {
	t.Helper()
	db := st.SQL()
	now := time.Now().UTC()
	q := func(s string) string { // SQLite takes ?NNN, PostgreSQL $NNN
		if st.Dialect() == "sqlite" {
			return strings.ReplaceAll(s, "$", "?")
		}
		return s
	}
	if _, err := db.Exec(q("INSERT INTO regencies (id, name, timezone, created_at, updated_at) VALUES (1, 'Uji', 'Asia/Jakarta', $1, $1)"), now); err != nil {
		t.Fatal(err)
	}
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = int64(i + 1)
		if _, err := db.Exec(q("INSERT INTO users (id, regency_id, name, created_at) VALUES ($1, 1, $2, $3)"), ids[i], fmt.Sprintf("Pengguna %d", i), now); err != nil {
			t.Fatal(err)
		}
	}
	return ids
}

// mustSubscribe stores a subscription of user on the fake service.
func mustSubscribe(t testing.TB, st *store.Store, fake *pushtest.Service, user int64) (*pushtest.Browser, push.Subscription) {
	t.Helper()
	b := fake.NewBrowser()
	now := time.Now().UTC()
	s := push.Subscription{UserID: user, Endpoint: b.Endpoint, P256dh: b.P256dh, Auth: b.Auth, Lang: "id", CreatedAt: now, UpdatedAt: now}
	if _, err := st.UpsertSubscription(context.Background(), &s); err != nil {
		t.Fatal(err)
	}
	return b, s
}

// message is one queued notification whose body names it.
func message(t testing.TB, sub int64, name string, now time.Time) push.Message {
	n := push.Notification{Title: "Pengingat", Body: name, URL: "/#checkin", Tag: "in-20261207"}
	p, err := n.Encode()
	must(t, err)
	return push.Message{DedupeKey: "t:" + name, SubscriptionID: sub, Category: push.BeforeStart, Topic: "in-20261207",
		Urgency: "high", Payload: p, DueAt: now, ExpiresAt: now.Add(30 * time.Minute)}
}

// delivered counts accepted (201) pushes by notification body.
func delivered(t testing.TB, fake *pushtest.Service) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, p := range fake.Pushes() {
		if p.Err != nil {
			t.Fatalf("invalid push: %v", p.Err)
		}
		if p.Status != 201 {
			continue
		}
		var n push.Notification
		must(t, json.Unmarshal(p.Plaintext, &n))
		out[n.Body]++
	}
	return out
}

func newWorker(st push.Queue, sender push.Sender, now func() time.Time) *push.Worker {
	return &push.Worker{Queue: st, Sender: sender, Now: now, Metrics: push.NewMetrics(nil), Pool: 8, PerService: 4, Batch: 50}
}

func openStore(t testing.TB, db config.Database) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), db, store.Options{})
	must(t, err)
	t.Cleanup(func() { st.Close() })
	_, err = st.Migrate(context.Background())
	must(t, err)
	return st
}
