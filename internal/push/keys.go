// Package push owns Web Push reminders: the VAPID keys, the subscriptions
// of each user's browsers (validated and restricted to known push
// services), the reminder plan computed from each employee's day by the
// rules engine, the durable outbox and the delivery worker that sends it
// through github.com/SherClockHolmes/webpush-go. See docs/PUSH.md.
package push

import (
	"context"
	"encoding/json"
	"fmt"

	webpush "github.com/SherClockHolmes/webpush-go"

	"github.com/hadir-id/hadir/internal/config"
)

// Keys are a VAPID key pair in base64url without padding: the public key
// is what browsers get as applicationServerKey.
type Keys struct {
	Public  string `json:"public"`
	Private string `json:"private"`
}

// GenerateKeys makes a new key pair.
func GenerateKeys() (Keys, error) {
	priv, pub, err := webpush.GenerateVAPIDKeys()
	if err != nil {
		return Keys{}, err
	}
	return Keys{Public: pub, Private: priv}, config.CheckVAPIDKeys(pub, priv)
}

// KeyStore keeps installation-wide settings: the first value stored under
// a name wins and is returned to every later caller (every node).
type KeyStore interface {
	SettingOnce(ctx context.Context, name string, value []byte) ([]byte, error)
}

// settingName is where the zero-config pair lives.
const settingName = "vapid-keys"

// LoadKeys returns the configured pair when override has one, else the
// pair kept in the database, generated and stored on the first start. A
// stored pair is never replaced: a new one would orphan every subscription
// (browsers bind a subscription to the applicationServerKey), so a damaged
// value is an error, not a reason to generate another.
func LoadKeys(ctx context.Context, st KeyStore, override Keys) (Keys, error) {
	if override.Public != "" || override.Private != "" {
		return override, config.CheckVAPIDKeys(override.Public, override.Private)
	}
	fresh, err := GenerateKeys()
	if err != nil {
		return Keys{}, err
	}
	raw, _ := json.Marshal(fresh)
	stored, err := st.SettingOnce(ctx, settingName, raw)
	if err != nil {
		return Keys{}, err
	}
	var k Keys
	if err := json.Unmarshal(stored, &k); err != nil {
		return Keys{}, fmt.Errorf("the stored VAPID keys (setting %q) are unreadable: %v", settingName, err)
	}
	if err := config.CheckVAPIDKeys(k.Public, k.Private); err != nil {
		return Keys{}, fmt.Errorf("the stored VAPID keys (setting %q) are invalid: %v", settingName, err)
	}
	return k, nil
}
