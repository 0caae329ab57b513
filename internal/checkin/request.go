// Package checkin owns the one-request check-in: it verifies who (the
// passkey assertion with user verification), on which installed app (the
// device-key signature), where (the server-side geofence) and when (the
// server's receive time), raises suspicious-location signals, and hands the
// event to the batching writer. Doubtful events are stored for review,
// never dropped. docs/CHECKIN.md explains the trust model.
package checkin

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/geo"
)

// Position is the browser's geolocation fix.
type Position struct {
	Lat       float64 `json:"lat"`
	Lon       float64 `json:"lon"`
	AccuracyM float64 `json:"accuracy_m"`
	Timestamp int64   `json:"timestamp"` // position.timestamp, ms since the epoch
}

// Request is one check-in or check-out, sent once after
// navigator.credentials.get() on the prefetched challenge.
type Request struct {
	Type           string          `json:"type"` // in | out
	DeviceKeyID    string          `json:"device_key_id"`
	Challenge      string          `json:"challenge"`
	Assertion      json.RawMessage `json:"assertion"`
	DeviceSig      []byte          `json:"device_sig"` // P1363 (r‖s) over Canonical(), base64 in JSON
	Position       Position        `json:"position"`
	ClientTime     string          `json:"client_time"` // new Date().toISOString() at the tap
	IdempotencyKey string          `json:"idempotency_key"`
	Offline        bool            `json:"offline"`           // made while offline and queued; ClientTime is then the claimed time
	Receipt        string          `json:"receipt,omitempty"` // from an earlier 503 for this request: keeps its first arrival time
}

// Validate checks the shape of a request. Errors: invalid with the field.
func (r *Request) Validate() error {
	if r.Type != "in" && r.Type != "out" {
		return apperr.InvalidField("type", "checkin.type_invalid")
	}
	if r.DeviceKeyID == "" || len(r.DeviceKeyID) > 64 {
		return apperr.InvalidField("device_key_id", "checkin.device_key_required")
	}
	if r.Challenge == "" || len(r.Challenge) > 200 {
		return apperr.InvalidField("challenge", "checkin.challenge_required")
	}
	if len(r.Assertion) == 0 {
		return apperr.InvalidField("assertion", "checkin.assertion_required")
	}
	if len(r.DeviceSig) == 0 || len(r.DeviceSig) > 80 {
		return apperr.InvalidField("device_sig", "checkin.device_sig_required")
	}
	if err := (geo.Fix{Lat: r.Position.Lat, Lon: r.Position.Lon, AccuracyM: r.Position.AccuracyM}).Validate(); err != nil {
		e := apperr.As(err) // the same message, about the field inside position
		return &apperr.Error{Code: e.Code, Field: "position." + e.Field, Key: e.Key, Args: e.Args}
	}
	if _, err := r.claimed(); err != nil {
		return err
	}
	if k, err := uuid.Parse(r.IdempotencyKey); err != nil || k.Version() != 7 {
		return apperr.InvalidField("idempotency_key", "checkin.idempotency_key")
	}
	return nil
}

// claimed parses the client's time.
func (r *Request) claimed() (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, r.ClientTime)
	if err != nil {
		return t, apperr.InvalidField("client_time", "checkin.client_time_format")
	}
	return t, nil
}

// Canonical is the exact message the device key signs. Numbers are written
// the way JavaScript's String() writes them (shortest round trip), and the
// client time verbatim, so both sides build the same bytes.
func (r *Request) Canonical() []byte {
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
	off := "0"
	if r.Offline {
		off = "1"
	}
	return []byte(strings.Join([]string{"hadir-checkin/v1", r.Challenge, r.Type, f(r.Position.Lat), f(r.Position.Lon),
		f(r.Position.AccuracyM), strconv.FormatInt(r.Position.Timestamp, 10), r.ClientTime, r.IdempotencyKey, off}, "\n"))
}
