package push

import (
	"crypto/ecdh"
	"encoding/base64"
	"strings"
	"time"

	"github.com/hadir-id/hadir/internal/apperr"
)

// Categories of notifications; an employee may mute any but Test.
const (
	BeforeStart     = "before_start"     // the shift starts soon, not checked in yet
	MissedCheckIn   = "missed_checkin"   // the shift started, still no check-in
	MissingCheckOut = "missing_checkout" // the shift ended, no check-out
	Approvals       = "approvals"        // supervisor: the day's pending approvals, one digest
	Decided         = "decision"         // a decision on the employee's own request (device, reviewed check-in, leave)
	KinerjaLog      = "kinerja_log"      // evening: a working day with no e-kinerja entry yet
	Test            = "test"             // the "send a test notification" button
)

// Mutable are the categories an employee can mute, in display order.
var Mutable = []string{BeforeStart, MissedCheckIn, MissingCheckOut, KinerjaLog, Approvals, Decided}

// Subscription is one browser's push subscription, owned by a user and,
// for a phone that checks in, tied to its device.
type Subscription struct {
	ID        int64      `json:"id"`
	UserID    int64      `json:"-"`
	DeviceID  *int64     `json:"device_id"`
	Endpoint  string     `json:"endpoint"`
	P256dh    string     `json:"-"`
	Auth      string     `json:"-"`
	Lang      string     `json:"lang"`
	ExpiresAt *time.Time `json:"expires_at"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
}

// TableName is the subscriptions table.
func (Subscription) TableName() string { return "push_subscriptions" }

// SubscriptionKeys are PushSubscription.toJSON().keys.
type SubscriptionKeys struct {
	P256dh string `json:"p256dh"`
	Auth   string `json:"auth"`
}

// SubscribeRequest is the browser's PushSubscription.toJSON() as it is,
// plus the app's device key and language.
type SubscribeRequest struct {
	Endpoint       string           `json:"endpoint"`
	ExpirationTime *int64           `json:"expirationTime"` // ms since the epoch, usually null
	Keys           SubscriptionKeys `json:"keys"`
	DeviceKeyID    string           `json:"device_key_id"`
	Lang           string           `json:"lang"`
}

// expirationField is the Push API's own camelCase name for the field
// (PushSubscription.toJSON()), unlike our snake_case paths.
const expirationField = "expirationTime"

// MaxEndpoint bounds an endpoint URL (real ones are 150–600 characters).
const MaxEndpoint = 1024

// Validate checks the shape: an endpoint URL, a p256dh that is an
// uncompressed P-256 point (65 bytes) and a 16-byte auth secret, both
// base64url as browsers send them. Which hosts are allowed is the
// service's business.
func (r *SubscribeRequest) Validate() error {
	if r.Endpoint == "" {
		return apperr.InvalidField("endpoint", "push.endpoint_missing")
	}
	if len(r.Endpoint) > MaxEndpoint {
		return apperr.InvalidField("endpoint", "push.endpoint_too_long", "max", MaxEndpoint)
	}
	if !strings.HasPrefix(r.Endpoint, "https://") && !strings.HasPrefix(r.Endpoint, "http://") {
		return apperr.InvalidField("endpoint", "push.endpoint_not_https")
	}
	p, err := b64url(r.Keys.P256dh)
	if err != nil || len(p) != 65 || p[0] != 4 {
		return apperr.InvalidField("keys.p256dh", "push.p256dh_invalid")
	}
	if _, err := ecdh.P256().NewPublicKey(p); err != nil {
		return apperr.InvalidField("keys.p256dh", "push.p256dh_invalid")
	}
	if a, err := b64url(r.Keys.Auth); err != nil || len(a) != 16 {
		return apperr.InvalidField("keys.auth", "push.auth_invalid")
	}
	if r.ExpirationTime != nil && *r.ExpirationTime < 0 {
		return apperr.InvalidField(expirationField, "push.expiration_invalid")
	}
	if len(r.DeviceKeyID) > 64 {
		return apperr.InvalidField("device_key_id", "push.device_unknown")
	}
	return nil
}

// b64url decodes base64url with or without padding (browsers send none).
func b64url(s string) ([]byte, error) {
	return base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
}

// Delivery is a claimed outbox row with what sending it needs.
type Delivery struct {
	ID             int64
	SubscriptionID int64
	Endpoint       string
	P256dh         string
	Auth           string
	Category       string
	Topic          string
	Urgency        string
	Payload        []byte
	ExpiresAt      time.Time
	Attempts       int // including this one
}

// Outcome states of a delivery.
const (
	StatePending = "pending" // queued, or waiting for a retry
	StateSent    = "sent"    // the push service accepted it (201)
	StateFailed  = "failed"  // refused for good (413, 400, 403 …) or out of attempts
	StatePruned  = "pruned"  // the subscription is gone (404/410): deleted
	StateExpired = "expired" // its useful window passed before it could be sent
)

// Outcome is what happened to one claimed delivery.
type Outcome struct {
	ID             int64
	SubscriptionID int64
	State          string
	RetryAt        time.Time // State pending: when to try again
	HTTPStatus     int
	Error          string
}
