package push_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/hadir-id/hadir/internal/push"
	"github.com/hadir-id/hadir/internal/push/pushtest"
)

// W3: webpush-go appends padding into the message slice it is given.
// Twenty goroutines send one Delivery (one shared payload with spare
// capacity) at once; under -race a missing copy is a reported race, and
// every push must decrypt to the original message.
func TestSendSharedPayloadConcurrently(t *testing.T) {
	fake := pushtest.New()
	defer fake.Close()
	keys, _ := push.GenerateKeys()
	sender := push.NewWebPush(keys, "ops@bkd.go.id", "")
	b := fake.NewBrowser()
	payload := make([]byte, 0, 4096)
	payload = append(payload, `{"title":"Uji","body":"bersama","url":"/","tag":"test"}`...)
	d := push.Delivery{ID: 1, Endpoint: b.Endpoint, P256dh: b.P256dh, Auth: b.Auth, Topic: "test", Urgency: "high", Payload: payload}
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			res, err := sender.Send(context.Background(), d, time.Minute)
			if err != nil || res.Status != 201 {
				t.Errorf("send: %v %d", err, res.Status)
			}
		})
	}
	wg.Wait()
	for _, p := range fake.Pushes() {
		if p.Err != nil || string(p.Plaintext) != string(payload) {
			t.Fatalf("push %q err %v", p.Plaintext, p.Err)
		}
	}
	if len(fake.Pushes()) != 20 {
		t.Fatalf("%d pushes", len(fake.Pushes()))
	}
}

// A bad subject (a doubled mailto:, W2) is what the fake refuses, as Apple
// does: the fake is not a rubber stamp.
func TestFakeRefusesDoubledMailto(t *testing.T) {
	fake := pushtest.New()
	defer fake.Close()
	keys, _ := push.GenerateKeys()
	b := fake.NewBrowser()
	s := &push.WebPush{Keys: keys, Subject: "mailto:ops@bkd.go.id", Client: push.NewWebPush(keys, "x@y.z", "").Client}
	res, err := s.Send(context.Background(), push.Delivery{Endpoint: b.Endpoint, P256dh: b.P256dh, Auth: b.Auth, Payload: []byte("{}")}, time.Minute)
	if err != nil || res.Status != 400 {
		t.Fatalf("status %d %v, want 400 from the fake", res.Status, err)
	}
}
