// Package rules owns attendance rules as versioned data: policies (bands,
// windows, tolerance, deductions), weekly schedules at regency, agency, unit
// or employee level, date-ranged periods such as Ramadan hours, rosters for
// shift staff, the regency's holiday calendar, approved absences, and the
// check-in/out events the engine reads. A version takes effect from its
// valid_from and never rewrites the days before it.
package rules

import (
	"time"

	"github.com/hadir-id/hadir/internal/civil"
)

// Policy is one version of an attendance policy for the regency (AgencyID
// nil) or one agency. Body is the engine's policy object (JSON).
type Policy struct {
	ID        int64      `json:"id"`
	RegencyID int64      `json:"regency_id"`
	AgencyID  *int64     `json:"agency_id"`
	Name      string     `json:"name"`
	ValidFrom civil.Date `json:"valid_from"`
	Body      string     `json:"-"`
	CreatedAt time.Time  `json:"created_at"`
	CreatedBy *int64     `json:"created_by"`
}

// TableName is the policies table.
func (Policy) TableName() string { return "attendance_policies" }

// Schedule is one version of a weekly working pattern for the regency, an
// agency, a unit or one employee (the most specific in force wins). Weekly
// is the engine's weekly object, e.g. {"mon":{"start":"07:30","end":"16:00"}}.
type Schedule struct {
	ID         int64      `json:"id"`
	RegencyID  int64      `json:"regency_id"`
	AgencyID   *int64     `json:"agency_id"`
	UnitID     *int64     `json:"unit_id"`
	EmployeeID *int64     `json:"employee_id"`
	Name       string     `json:"name"`
	ValidFrom  civil.Date `json:"valid_from"`
	Weekly     string     `json:"-"`
	CreatedAt  time.Time  `json:"created_at"`
	CreatedBy  *int64     `json:"created_by"`
}

// TableName is the schedules table.
func (Schedule) TableName() string { return "work_schedules" }

// Period replaces the weekly pattern between two dates (Ramadan hours) for
// the regency (AgencyID nil) or one agency; an agency's period wins over
// the regency's.
type Period struct {
	ID        int64      `json:"id"`
	RegencyID int64      `json:"regency_id"`
	AgencyID  *int64     `json:"agency_id"`
	Name      string     `json:"name"`
	DateFrom  civil.Date `json:"from"`
	DateTo    civil.Date `json:"to"`
	Weekly    string     `json:"-"`
	CreatedAt time.Time  `json:"created_at"`
	CreatedBy *int64     `json:"created_by"`
}

// TableName is the periods table.
func (Period) TableName() string { return "schedule_periods" }

// RosterEntry fixes one date of a shift worker: a shift (start/end HH:MM,
// overnight when end < start) or a day off. It wins over patterns and
// holidays.
type RosterEntry struct {
	ID         int64      `json:"id"`
	EmployeeID int64      `json:"employee_id"`
	Date       civil.Date `json:"date"`
	StartTime  *string    `json:"start"`
	EndTime    *string    `json:"end"`
	Off        bool       `json:"off"`
	CreatedAt  time.Time  `json:"created_at"`
	CreatedBy  *int64     `json:"created_by"`
}

// TableName is the roster table.
func (RosterEntry) TableName() string { return "roster_entries" }

// Holiday kinds.
const (
	HolidayNational    = "national"
	HolidayCutiBersama = "cuti_bersama"
	HolidayRegional    = "regional"
)

// Holiday is a day off for the whole regency.
type Holiday struct {
	ID        int64      `json:"id"`
	RegencyID int64      `json:"regency_id"`
	Date      civil.Date `json:"date"`
	Name      string     `json:"name"`
	Kind      string     `json:"kind"`
	CreatedAt time.Time  `json:"created_at"`
	CreatedBy *int64     `json:"created_by"`
}

// TableName is the holidays table.
func (Holiday) TableName() string { return "holidays" }

// Absence statuses.
const (
	AbsencePending  = "pending"
	AbsenceApproved = "approved"
	AbsenceRejected = "rejected"
)

// Absence is leave or duty (cuti, sakit, dinas luar) over a date range;
// only approved ones reach the engine.
type Absence struct {
	ID          int64      `json:"id"`
	EmployeeID  int64      `json:"employee_id"`
	DateFrom    civil.Date `json:"from"`
	DateTo      civil.Date `json:"to"`
	Code        string     `json:"code"`
	Status      string     `json:"status"`
	Note        string     `json:"note"`
	RequestedBy *int64     `json:"requested_by"`
	DecidedBy   *int64     `json:"decided_by"`
	DecidedAt   *time.Time `json:"decided_at"`
	CreatedAt   time.Time  `json:"created_at"`
}

// TableName is the absences table.
func (Absence) TableName() string { return "absences" }

// Event statuses: pending events (flagged for review) count until a
// reviewer rejects them, so a doubtful check-in never silently becomes an
// absence.
const (
	EventAccepted = "accepted"
	EventPending  = "pending"
	EventRejected = "rejected"
)

// Event is one check-in or check-out; At is the server's receive time. The
// evidence fields are set by the device-bound check-in path.
type Event struct {
	ID         int64     `json:"id"`
	EmployeeID int64     `json:"employee_id"`
	At         time.Time `json:"at"`
	Type       string    `json:"type"` // in | out
	Source     string    `json:"source"`
	Status     string    `json:"status"`
	CreatedAt  time.Time `json:"created_at"`

	IdempotencyKey *string    `json:"idempotency_key,omitempty"`
	DeviceID       *int64     `json:"device_id,omitempty"`
	PasskeyID      *int64     `json:"passkey_id,omitempty"`
	Lat            *float64   `json:"lat,omitempty"`
	Lon            *float64   `json:"lon,omitempty"`
	AccuracyM      *float64   `json:"accuracy_m,omitempty"`
	PositionAt     *time.Time `json:"position_at,omitempty"`
	ClientTime     *time.Time `json:"client_time,omitempty"`
	ClaimedAt      *time.Time `json:"claimed_at,omitempty"` // offline: when the employee tapped, by the phone's clock
	Offline        bool       `json:"offline"`
	Geofence       string     `json:"geofence"` // inside | outside | unverifiable | flexible
	SiteID         *int64     `json:"site_id,omitempty"`
	DistanceM      *float64   `json:"distance_m,omitempty"`
	Signals        string     `json:"-"` // JSON array of signals.Signal
	ReviewNote     string     `json:"review_note"`
	ReviewedBy     *int64     `json:"reviewed_by,omitempty"`
	ReviewedAt     *time.Time `json:"reviewed_at,omitempty"`
}

// TableName is the events table.
func (Event) TableName() string { return "attendance_events" }
