package checkin

import (
	"time"

	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/device"
	"github.com/hadir-id/hadir/internal/rules"
)

// Write is what the batching writer commits for one check-in, in one
// transaction with the others of its batch: the event, the consumption of
// its challenge, the passkey's write-back and the recompute of its day.
type Write struct {
	Event     rules.Event
	Challenge string         // spent by this write: stored on the event under a unique index
	Passkey   device.Passkey // written back only if PasskeyChanged
	// PasskeyChanged: the assertion moved the passkey's counter or flags.
	// A synced passkey (counter always 0) normally changes nothing, and its
	// row is not rewritten: the event row records which passkey was used.
	PasskeyChanged bool
	Day            civil.Date // the local date of the event, for the recompute job
	RegencyID      int64      // for the recompute job
}

// Written is the writer's answer for one Write.
type Written struct {
	Event     rules.Event
	Duplicate bool  // the idempotency key was seen before: Event is the first one
	Err       error // a refusal of this item alone (challenge used by another request)
}

// Location kinds of work_locations.
const (
	ExtraSite = "extra_site" // may also check in at SiteID
	Flexible  = "flexible"   // flexible-location day: anywhere, recorded, not flagged
)

// WorkLocation widens where an employee may check in.
type WorkLocation struct {
	ID         int64      `json:"id"`
	EmployeeID int64      `json:"employee_id"`
	Kind       string     `json:"kind"`
	SiteID     *int64     `json:"site_id"`
	DateFrom   civil.Date `json:"from"`
	DateTo     civil.Date `json:"to"`
	Note       string     `json:"note"`
	CreatedAt  time.Time  `json:"created_at"`
	CreatedBy  *int64     `json:"created_by"`
}

// TableName is the work locations table.
func (WorkLocation) TableName() string { return "work_locations" }

// Covers reports whether the location applies on d (open ends unbounded).
func (w WorkLocation) Covers(d civil.Date) bool {
	return (w.DateFrom.IsZero() || !d.Before(w.DateFrom)) && (w.DateTo.IsZero() || !d.After(w.DateTo))
}
