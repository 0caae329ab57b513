package attendance

import "time"

// Case is everything the engine needs to evaluate one employee over one
// period: the rules (Policy, Schedule, Holidays) and the facts (Absences,
// Events). Nothing regency-specific is hard-coded in the engine; it all comes
// from here. The server builds a Case from database rows; the CLI and the
// evaluate endpoint build it with DecodeCase. Either way, call Validate
// before Evaluate.
type Case struct {
	// TimeZone is the IANA name of the work unit's zone (Asia/Jakarta,
	// Asia/Makassar, Asia/Jayapura); Location must be that zone, loaded with
	// LoadZone. Shift times are wall-clock times in this zone.
	TimeZone string
	Location *time.Location

	Period   DateRange // the local dates evaluated, both ends included
	Policy   Policy
	Schedule Schedule
	Holidays []Holiday
	Absences []Absence
	Events   []Event
}

// Rounding says how a part minute of lateness or early leave counts.
type Rounding string

// The minute_rounding values.
const (
	RoundFloor Rounding = "floor" // 59 s late is 0 min
	RoundCeil  Rounding = "ceil"  // 1 s late is 1 min
)

// Pick says which of several events of one kind on one shift counts.
type Pick string

// The checkin_pick / checkout_pick values.
const (
	PickFirst Pick = "first" // the earliest instant (ANRI)
	PickLast  Pick = "last"  // the latest instant (Pergub Bali)
)

// Policy holds the regency's attendance rules. Every field is required in
// the JSON form.
type Policy struct {
	MinuteRounding   Rounding
	CheckinWindow    CheckinWindow
	CheckoutWindow   CheckoutWindow
	CheckinPick      Pick
	CheckoutPick     Pick
	LateToleranceMin int // late <= this counts as 0; it does not subtract
	Makeup           Makeup
	LateBands        []Band
	EarlyBands       []Band
	MissingCheckin   MissingRule
	MissingCheckout  MissingRule
	Absent           AbsentRule
	AbsenceCodes     map[string]float64 // leave/duty code -> deduction_pct
	MinutesPerDay    *int               // late+early minutes per equivalent absent day; nil = no conversion
	MonthlyCapPct    float64            // cap of the summed deduction
}

// CheckinWindow bounds, around a shift's start, where an "in" event counts.
type CheckinWindow struct {
	BeforeStartMin int
	AfterStartMin  int
}

// CheckoutWindow bounds, around a shift's end, where an "out" event counts.
type CheckoutWindow struct {
	BeforeEndMin int
	AfterEndMin  int
}

// Makeup is same-day make-up: staying late by at least the late minutes
// cancels a lateness of up to MaxMin minutes.
type Makeup struct {
	Enabled bool
	MaxMin  int
}

// Band maps a range of late (TL) or early (PSW) minutes to a code and a
// deduction. ToMin nil means open-ended; only the last band may be open.
type Band struct {
	Code         string
	FromMin      int
	ToMin        *int
	DeductionPct float64
}

// Holds reports whether minutes m falls in the band.
func (b Band) Holds(m int) bool {
	return m >= b.FromMin && (b.ToMin == nil || m <= *b.ToMin)
}

// MissingRule is the code given when the check-in (or check-out) of a
// worked day is missing; CountMin is reported as the late (early) minutes.
type MissingRule struct {
	Code         string
	DeductionPct float64
	CountMin     int
}

// AbsentRule is the code for a scheduled day with neither check-in nor
// check-out (TK, tanpa keterangan).
type AbsentRule struct {
	Code         string
	DeductionPct float64
}

// Schedule says which days are worked and when. Priority: a Roster entry
// for the date, else the last of Periods covering it, else Weekly.
type Schedule struct {
	Weekly  Weekly
	Periods []SchedulePeriod
	Roster  []RosterEntry
}

// Weekly is a weekly pattern indexed by time.Weekday; a nil entry is a day
// off. Example: Weekly{time.Monday: &Shift{Start: 450, End: 960}}.
type Weekly [7]*Shift

// Shift is a wall-clock shift. End before Start means it ends the next day;
// End equal to Start is invalid.
type Shift struct {
	Start Clock
	End   Clock
}

// Overnight reports whether the shift ends on the day after it starts.
func (s Shift) Overnight() bool { return s.End < s.Start }

// SchedulePeriod replaces Weekly on the dates it covers (Ramadan hours, a
// regional override).
type SchedulePeriod struct {
	From   Date
	To     Date
	Weekly Weekly
}

// RosterEntry fixes one date for roster units (RSUD, Damkar): either a shift
// or Off. It wins over patterns and holidays.
type RosterEntry struct {
	Date  Date
	Off   bool
	Shift *Shift // nil when Off
}

// Holiday is a national holiday or cuti bersama.
type Holiday struct {
	Date Date
	Name string
}

// Absence is approved leave or duty (cuti, sakit, dinas luar) over an
// inclusive date range. Code must be a key of Policy.AbsenceCodes.
type Absence struct {
	From Date
	To   Date
	Code string
}

// EventType is the direction of a presence event.
type EventType string

// The event types.
const (
	In  EventType = "in"
	Out EventType = "out"
)

// Event is one recorded check-in or check-out (server time of receipt).
type Event struct {
	At   time.Time
	Type EventType
}

// weekdayKeys are the JSON keys of a weekly pattern, indexed by time.Weekday.
var weekdayKeys = [7]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// weekdayOrder is the order in which weekly patterns are written and checked.
var weekdayOrder = [7]time.Weekday{
	time.Monday, time.Tuesday, time.Wednesday, time.Thursday,
	time.Friday, time.Saturday, time.Sunday,
}
