package checkin

import (
	"context"
	"encoding/json"
	"time"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/device"
	"github.com/hadir-id/hadir/internal/geo"
	"github.com/hadir-id/hadir/internal/org"
	"github.com/hadir-id/hadir/internal/rules"
	"github.com/hadir-id/hadir/internal/signals"
	"github.com/hadir-id/hadir/internal/timesheet"
)

// Store is what the check-in path reads.
type Store interface {
	EventByKey(ctx context.Context, employeeID int64, key string) (rules.Event, error)
	Employee(ctx context.Context, id int64, on civil.Date) (org.Employee, error)
	RegencyZone(ctx context.Context, regencyID int64) (*time.Location, error)
	Sites(ctx context.Context, agencyID int64) ([]org.Site, error)
	SitesByID(ctx context.Context, ids []int64) ([]org.Site, error)
	WorkLocations(ctx context.Context, employeeID int64) ([]WorkLocation, error)
	RecentEvents(ctx context.Context, employeeID int64, since time.Time) ([]rules.Event, error)
	Nearby(ctx context.Context, o signals.Observation) ([]signals.Observation, error)
	DeviceClaimants(ctx context.Context, deviceID int64) ([]int64, error)
}

// Writer commits check-ins durably, in batches (internal/batch).
type Writer interface {
	Submit(ctx context.Context, w Write) (Written, error)
}

// Previewer computes an employee's day with the rules engine, unstored,
// from the events given.
type Previewer interface {
	PreviewEvents(ctx context.Context, regencyID, employeeID int64, d civil.Date, evs []rules.Event) (timesheet.DayRecord, bool, error)
}

// Policy tunes the check-in path; every number is configuration.
type Policy struct {
	Geo           geo.Policy
	Signals       signals.Thresholds
	OfflineReview time.Duration // an offline event older than this goes to review
	OfflineMaxAge time.Duration // an offline event older than this is refused
	ClockSkew     time.Duration // how far ahead of the server a claimed time may be
}

// DefaultPolicy: review offline events over 10 minutes, refuse them after
// 3 days, allow 2 minutes of phone clock skew.
func DefaultPolicy() Policy {
	return Policy{Geo: geo.DefaultPolicy(), Signals: signals.DefaultThresholds(),
		OfflineReview: 10 * time.Minute, OfflineMaxAge: 72 * time.Hour, ClockSkew: 2 * time.Minute}
}

// Service runs check-ins.
type Service struct {
	Store    Store
	Devices  *device.Service
	Writer   Writer
	Days     Previewer
	Policy   Policy
	Receipts *Receipts // nil: overload answers carry no receipt
	Now      func() time.Time
}

// Result is the answer to a check-in.
type Result struct {
	Event     rules.Event       `json:"event"`
	Duplicate bool              `json:"duplicate"`
	Status    string            `json:"status"` // the day in one line, e.g. "Masuk 07:24 — tepat waktu"
	Review    []string          `json:"review"` // why the event awaits review and what to do, in the app's language
	Geofence  geo.Result        `json:"geofence"`
	Signals   []signals.Signal  `json:"signals"`
	Next      *device.Challenge `json:"next_challenge"` // prefetched for the next tap
}

// Submit verifies and records one check-in; receivedAt is the moment the
// server received the request — the event's time whatever happens next,
// so an overload never turns into lateness. A retry with the same
// idempotency key returns the first event. Errors: invalid, unauthorized,
// forbidden, not_found; nothing is stored on any of them.
func (s *Service) Submit(ctx context.Context, p *auth.Principal, r Request, receivedAt time.Time, lang string) (Result, error) {
	if err := r.Validate(); err != nil {
		return Result{}, err
	}
	if p.EmployeeID == nil {
		return Result{}, apperr.New(apperr.Forbidden, "auth.not_employee")
	}
	emp, loc, err := s.employee(ctx, p, receivedAt)
	if err != nil {
		return Result{}, err
	}
	dev, err := s.Devices.OwnDevice(ctx, emp.ID, r.DeviceKeyID)
	if err != nil {
		return Result{}, err
	}
	if !device.VerifyDeviceSignature(dev.PublicKey, r.Canonical(), r.DeviceSig) {
		return Result{}, apperr.New(apperr.Unauthorized, "device.signature_mismatch")
	}
	if s.Receipts != nil && r.Receipt != "" {
		if first, ok := s.Receipts.Arrival(r.Receipt, emp.ID, r.IdempotencyKey, receivedAt); ok {
			receivedAt = first // turned away before: the first arrival counts
		}
	}
	v, err := s.verify(ctx, emp, dev, r, receivedAt)
	if err != nil {
		// A concurrent copy of this request may have consumed the challenge
		// meanwhile: the device signature covers the idempotency key, so an
		// event stored under it is this request's own.
		if prev, err2 := s.Store.EventByKey(ctx, emp.ID, r.IdempotencyKey); err2 == nil {
			return s.replay(ctx, emp, loc, prev, lang)
		}
		return Result{}, err
	}
	return s.record(ctx, emp, loc, dev, r, v, receivedAt, lang)
}

// employee is the signed-in employee with their assignment on the
// regency's date of at, and the regency's zone.
func (s *Service) employee(ctx context.Context, p *auth.Principal, at time.Time) (org.Employee, *time.Location, error) {
	loc, err := s.Store.RegencyZone(ctx, p.RegencyID)
	if err != nil {
		return org.Employee{}, nil, err
	}
	e, err := s.Store.Employee(ctx, *p.EmployeeID, civil.In(at, loc))
	if err != nil {
		return e, nil, err
	}
	if e.Current == nil {
		return e, nil, apperr.New(apperr.Forbidden, "checkin.not_posted_today")
	}
	return e, loc, nil
}

// verified is what verify learned.
type verified struct {
	assertion device.Assertion
	claimed   time.Time // zero online
}

// verify checks the challenge (and, offline, the claimed time) and the
// passkey assertion. Nothing is read from the database on a warm path:
// the challenge is signed, the passkeys are cached (internal/device).
func (s *Service) verify(ctx context.Context, emp org.Employee, dev device.Device, r Request, receivedAt time.Time) (verified, error) {
	var v verified
	validAt := receivedAt // the challenge must have been valid on arrival (a receipt's first one)
	if r.Offline {
		// The challenge was issued before the tap: open it to bound the
		// claimed time, then check it at that time.
		c, err := s.Devices.OpenChallenge(r.Challenge)
		if err != nil {
			return v, err
		}
		if v.claimed, err = s.offlineTime(r, c, receivedAt); err != nil {
			return verified{}, err
		}
		validAt = v.claimed
	}
	var err error
	v.assertion, err = s.Devices.VerifyCheckin(ctx, r.Challenge, emp.ID, dev.ID, r.Assertion, validAt)
	return v, err
}

// offlineTime bounds the claimed time of an offline check-in: not before
// its challenge was issued, not in the future, not older than the limit.
func (s *Service) offlineTime(r Request, c device.CheckinChallenge, receivedAt time.Time) (time.Time, error) {
	claimed, _ := r.claimed()
	switch {
	case claimed.Before(c.IssuedAt):
		return claimed, apperr.InvalidField("client_time", "checkin.clock_before_challenge")
	case claimed.After(receivedAt.Add(s.Policy.ClockSkew)):
		return claimed, apperr.InvalidField("client_time", "checkin.clock_future")
	case receivedAt.Sub(claimed) > s.Policy.OfflineMaxAge:
		return claimed, apperr.InvalidField("client_time", "checkin.offline_too_old")
	}
	return claimed, nil
}

func marshalSignals(sig []signals.Signal) string {
	if len(sig) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(sig)
	return string(b)
}
