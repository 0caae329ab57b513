package kinerja

import (
	"time"

	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/timesheet"
)

// Settings are a regency's e-kinerja settings (uncertain rules are settings,
// asn-rules.md §5.1).
type Settings struct {
	RegencyID     int64     `json:"-" gorm:"primaryKey;autoIncrement:false"`
	MinutesPerDay int       `json:"minutes_per_day"` // requirement per working day (default 300)
	DailyCap      int       `json:"daily_cap"`       // most minutes one day may log (default 660)
	LateDays      int       `json:"late_days"`       // working days an entry may be late (default 5)
	AbsenceMode   string    `json:"absence_mode"`    // logging on a leave/sick/absent day: refuse, warn or allow
	Period        string    `json:"period"`          // evaluation period: monthly or quarterly
	MaxEvidenceKB int       `json:"max_evidence_kb"` // largest evidence file (default 200; at most 250: the server takes 256 KB per request)
	UpdatedAt     time.Time `json:"updated_at"`
}

// TableName is the settings table.
func (Settings) TableName() string { return "kinerja_settings" }

// Absence modes and evaluation periods.
const (
	AbsenceRefuse = "refuse"
	AbsenceWarn   = "warn"
	AbsenceAllow  = "allow"
	PeriodMonthly = "monthly"
	PeriodQuarter = "quarterly"
)

// DefaultSettings are a regency's settings until BKD changes them.
func DefaultSettings(regencyID int64) Settings {
	return Settings{RegencyID: regencyID, MinutesPerDay: 300, DailyCap: 660, LateDays: 5,
		AbsenceMode: AbsenceWarn, Period: PeriodMonthly, MaxEvidenceKB: 200}
}

// Activity is a catalogue entry (kamus aktivitas): a standard activity with
// its unit and standard minutes per unit. AgencyID nil: the regency's
// catalogue kept by BKD; otherwise an agency's own addition.
type Activity struct {
	ID        int64     `json:"id"`
	RegencyID int64     `json:"-"`
	AgencyID  *int64    `json:"agency_id"`
	Code      string    `json:"code"`
	Name      string    `json:"name"`
	Unit      string    `json:"unit"`
	Minutes   int       `json:"minutes"` // standard minutes per unit
	CreatedAt time.Time `json:"-"`
}

// TableName is the catalogue table.
func (Activity) TableName() string { return "kinerja_activities" }

// SKP states.
const (
	StatusDraft     = "draft"
	StatusSubmitted = "submitted"
	StatusAgreed    = "agreed"
	StatusApproved  = "approved"
	StatusReturned  = "returned"
)

// SKP is an employee's performance plan for a year.
type SKP struct {
	ID         int64      `json:"id"`
	EmployeeID int64      `json:"employee_id"`
	Year       int        `json:"year"`
	Status     string     `json:"status"`
	Comment    string     `json:"comment"`
	DecidedBy  *int64     `json:"decided_by"` // user
	DecidedAt  *time.Time `json:"decided_at"`
	UpdatedAt  time.Time  `json:"updated_at"`
	RHKs       []RHK      `json:"rhks" gorm:"-"`
}

// TableName is the SKP table.
func (SKP) TableName() string { return "kinerja_skps" }

// RHK kinds.
const (
	RHKMain  = "utama"
	RHKExtra = "tambahan"
)

// RHK is one planned result (Rencana Hasil Kerja) of an SKP, optionally
// supporting one of the supervisor's RHK (cascading), with its indicator
// and target.
type RHK struct {
	ID         int64   `json:"id"`
	SKPID      int64   `json:"-" gorm:"column:skp_id"`
	Kind       string  `json:"kind"`
	Text       string  `json:"text"`
	ParentID   *int64  `json:"parent_id"`
	Indicator  string  `json:"indicator"`
	TargetQty  float64 `json:"target_qty"`
	TargetUnit string  `json:"target_unit"`
	Position   int     `json:"-"`
}

// TableName is the RHK table.
func (RHK) TableName() string { return "kinerja_rhks" }

// Entry is one logged activity of a day.
type Entry struct {
	ID           int64      `json:"id"`
	EmployeeID   int64      `json:"employee_id"`
	Date         civil.Date `json:"date"`
	RHKID        int64      `json:"rhk_id" gorm:"column:rhk_id"`
	ActivityID   *int64     `json:"activity_id,omitempty"`
	What         string     `json:"what"`
	Volume       float64    `json:"volume"`
	Unit         string     `json:"unit"`
	Minutes      int        `json:"minutes"`
	EvidenceURL  string     `json:"evidence_url,omitempty"`
	EvidenceType string     `json:"evidence_file,omitempty"` // content type of the attached file, "" when none
	Status       string     `json:"status"`
	Warning      string     `json:"warning,omitempty"` // absence: logged on a leave/sick/absent day
	Comment      string     `json:"comment,omitempty"` // the supervisor's, on return or approval
	SubmittedAt  *time.Time `json:"-"`
	DecidedBy    *int64     `json:"-"` // user
	DecidedAt    *time.Time `json:"-"`
	CreatedAt    time.Time  `json:"-"`
	UpdatedAt    time.Time  `json:"-"`
}

// TableName is the entries table.
func (Entry) TableName() string { return "kinerja_entries" }

// Template is an activity the employee logs often (the same RHK, activity,
// text, volume and unit): what a one-tap entry repeats. Minutes are the
// most it took; Uses and LastUsed rank it.
type Template struct {
	RHKID      int64      `json:"rhk_id" gorm:"column:rhk_id"`
	ActivityID *int64     `json:"activity_id,omitempty"`
	What       string     `json:"what"`
	Volume     float64    `json:"volume"`
	Unit       string     `json:"unit"`
	Minutes    int        `json:"minutes"`
	Uses       int        `json:"uses"`
	LastUsed   civil.Date `json:"last_used"`
}

// Delegation makes an employee acting supervisor (Plt or Plh) for another
// from ValidFrom to ValidTo inclusive: they decide what waits on the
// supervisor. One model for every kind of approval (e-kinerja now, leave
// requests later).
type Delegation struct {
	ID           int64      `json:"id"`
	RegencyID    int64      `json:"-"`
	SupervisorID int64      `json:"supervisor_id"`
	ActingID     int64      `json:"acting_id"`
	Kind         string     `json:"kind"` // plt or plh
	ValidFrom    civil.Date `json:"valid_from"`
	ValidTo      civil.Date `json:"valid_to"`
	CreatedBy    int64      `json:"-"`
	CreatedAt    time.Time  `json:"created_at"`
}

// TableName is the delegations table (shared by every approval).
func (Delegation) TableName() string { return "delegations" }

// Covers reports whether the delegation is in force on d.
func (d Delegation) Covers(on civil.Date) bool {
	return !on.Before(d.ValidFrom) && !on.After(d.ValidTo)
}

// Evaluation is a supervisor's periodic (or annual, Period 0) evaluation.
type Evaluation struct {
	ID          int64     `json:"id"`
	EmployeeID  int64     `json:"employee_id"`
	Year        int       `json:"year"`
	PeriodKind  string    `json:"period_kind"` // monthly, quarterly or annual
	Period      int       `json:"period"`      // month 1–12, quarter 1–4, 0 for annual
	Result      Rating    `json:"result"`
	Behaviour   Rating    `json:"behaviour"`
	Values      RatingMap `json:"values" gorm:"column:berakhlak;type:text"` // the seven BerAKHLAK values
	Feedback    string    `json:"feedback"`
	Predikat    Predikat  `json:"predikat"`
	EvaluatorID int64     `json:"evaluator_id"` // user
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"-"`
}

// TableName is the evaluations table.
func (Evaluation) TableName() string { return "kinerja_evaluations" }

// timesheetReason is a stored day's reason (its kind and absence code).
type timesheetReason = timesheet.Reason
