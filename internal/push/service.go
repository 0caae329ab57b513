package push

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/device"
	"github.com/hadir-id/hadir/internal/i18n"
)

// Message is an outbox row to queue.
type Message struct {
	DedupeKey      string
	SubscriptionID int64
	Category       string
	Topic          string
	Urgency        string
	Payload        []byte
	DueAt          time.Time
	ExpiresAt      time.Time
}

// Store is the persistence of subscriptions, preferences and the outbox.
type Store interface {
	Queue
	DeviceByKey(ctx context.Context, keyID string) (device.Device, error)
	// UpsertSubscription saves s by endpoint (a browser re-sends its
	// subscription on every open) and sets its ID; created is false when
	// the endpoint was known.
	UpsertSubscription(ctx context.Context, s *Subscription) (created bool, err error)
	// DeleteSubscription deletes the user's subscription with that endpoint
	// and its pending rows. Errors: not_found.
	DeleteSubscription(ctx context.Context, userID int64, endpoint string) error
	SubscriptionsOf(ctx context.Context, userIDs []int64) ([]Subscription, error)
	// EnqueuePushes inserts the messages, skipping those whose dedupe key
	// is already queued; it returns how many were new.
	EnqueuePushes(ctx context.Context, msgs []Message) (int, error)
	Mutes(ctx context.Context, userIDs []int64) (map[int64][]string, error)
	SetMutes(ctx context.Context, userID int64, categories []string) error
}

// Service is what the API calls: subscriptions, the test notification,
// the employee's preferences.
type Service struct {
	Store   Store
	Allow   AllowList
	Keys    Keys
	Now     func() time.Time
	Metrics *Metrics
	Wake    chan struct{} // the worker's
}

// Subscribe saves the caller's browser subscription, tied to their device
// when the app names it. Errors: invalid (endpoint not on a known push
// service, unknown or revoked device), forbidden (another employee's
// device).
func (s *Service) Subscribe(ctx context.Context, p *auth.Principal, r SubscribeRequest, lang string) (Subscription, bool, error) {
	if !s.Allow.Allows(r.Endpoint) {
		return Subscription{}, false, apperr.InvalidField("endpoint", "push.endpoint_not_allowed")
	}
	now := s.Now().UTC()
	sub := Subscription{UserID: p.UserID, Endpoint: r.Endpoint, P256dh: r.Keys.P256dh, Auth: r.Keys.Auth,
		Lang: i18n.Lang(lang), CreatedAt: now, UpdatedAt: now}
	if r.Lang != "" {
		sub.Lang = i18n.Lang(r.Lang)
	}
	if r.ExpirationTime != nil && *r.ExpirationTime > 0 {
		t := time.UnixMilli(*r.ExpirationTime).UTC()
		sub.ExpiresAt = &t
	}
	if r.DeviceKeyID != "" {
		d, err := s.Store.DeviceByKey(ctx, r.DeviceKeyID)
		if apperr.CodeOf(err) == apperr.NotFound || err == nil && d.Status == device.Revoked {
			return Subscription{}, false, apperr.InvalidField("device_key_id", "push.device_unknown")
		}
		if err != nil {
			return Subscription{}, false, err
		}
		if p.EmployeeID == nil || d.EmployeeID != *p.EmployeeID {
			return Subscription{}, false, &apperr.Error{Code: apperr.Forbidden, Key: "push.device_not_yours", Field: "device_key_id"}
		}
		sub.DeviceID = &d.ID
	}
	created, err := s.Store.UpsertSubscription(ctx, &sub)
	return sub, created, err
}

// Unsubscribe deletes the caller's subscription. Errors: not_found.
func (s *Service) Unsubscribe(ctx context.Context, p *auth.Principal, endpoint string) error {
	if endpoint == "" || len(endpoint) > MaxEndpoint {
		return apperr.InvalidField("endpoint", "push.endpoint_missing")
	}
	return s.Store.DeleteSubscription(ctx, p.UserID, endpoint)
}

// SendTest queues a test notification to each of the caller's
// subscriptions and wakes the worker; it returns how many were queued —
// at most one per subscription every 10 seconds (a held-down button).
// Errors: conflict (no subscription).
func (s *Service) SendTest(ctx context.Context, p *auth.Principal) (int, error) {
	subs, err := s.Store.SubscriptionsOf(ctx, []int64{p.UserID})
	if err != nil {
		return 0, err
	}
	if len(subs) == 0 {
		return 0, apperr.New(apperr.Conflict, "push.no_subscription")
	}
	now := s.Now().UTC()
	msgs := make([]Message, 0, len(subs))
	for _, sub := range subs {
		n := Text{Category: Test, Args: map[string]string{"name": p.Name}, URL: "/#me"}.Render(sub.Lang, civil.Of(now))
		payload, err := n.Encode()
		if err != nil {
			return 0, err
		}
		msgs = append(msgs, Message{DedupeKey: fmt.Sprintf("test:%d:%d", sub.ID, now.Unix()/10), SubscriptionID: sub.ID,
			Category: Test, Topic: topicOf(Test, civil.Of(now)), Urgency: urgencyOf(Test), Payload: payload,
			DueAt: now, ExpiresAt: now.Add(10 * time.Minute)})
	}
	n, err := s.Store.EnqueuePushes(ctx, msgs)
	s.Metrics.Queued(n)
	wake(s.Wake)
	return n, err
}

// Preferences are what the "me" screen shows and changes.
type Preferences struct {
	Muted         []string `json:"muted"`
	Categories    []string `json:"categories"`
	Subscriptions int      `json:"subscriptions"`
	PublicKey     string   `json:"public_key"` // applicationServerKey for pushManager.subscribe
}

// Preferences returns the caller's preferences.
func (s *Service) Preferences(ctx context.Context, p *auth.Principal) (Preferences, error) {
	m, err := s.Store.Mutes(ctx, []int64{p.UserID})
	if err != nil {
		return Preferences{}, err
	}
	subs, err := s.Store.SubscriptionsOf(ctx, []int64{p.UserID})
	out := Preferences{Muted: m[p.UserID], Categories: Mutable, Subscriptions: len(subs), PublicKey: s.Keys.Public}
	if out.Muted == nil {
		out.Muted = []string{}
	}
	return out, err
}

// SetMuted replaces the caller's muted categories. Errors: invalid.
func (s *Service) SetMuted(ctx context.Context, p *auth.Principal, muted []string) (Preferences, error) {
	for i, c := range muted {
		if !slices.Contains(Mutable, c) {
			return Preferences{}, apperr.InvalidField(fmt.Sprintf("muted[%d]", i), "push.category_unknown", "category", c)
		}
	}
	slices.Sort(muted)
	if err := s.Store.SetMutes(ctx, p.UserID, slices.Compact(muted)); err != nil {
		return Preferences{}, err
	}
	return s.Preferences(ctx, p)
}

// wake signals the worker without blocking.
func wake(c chan struct{}) {
	if c == nil {
		return
	}
	select {
	case c <- struct{}{}:
	default:
	}
}
