package attendance

import (
	"encoding/json"
	"time"
)

// Result is the engine's verdict on a case. json.Marshal of a Result gives
// the spec's result format exactly.
type Result struct {
	Days    []Day   `json:"days"`
	Summary Summary `json:"summary"`
}

// Day is the verdict on one date of the period. The JSON fields follow the
// spec; the fields marked json:"-" are for the server (rendering reasons,
// linking leave records) and never leave the process as JSON.
type Day struct {
	Date        Date
	Scheduled   bool
	IsHoliday   bool
	HolidayName string    // the holiday's name when IsHoliday
	Start       time.Time // shift start, in the case's zone; zero when not scheduled
	End         time.Time // shift end; the next date for an overnight shift
	CheckIn     *time.Time
	CheckOut    *time.Time
	LateMin     int
	EarlyMin    int
	MadeUp      bool
	Codes       []string
	// DeductionPct is the sum of the day's codes' deductions (uncapped; the
	// monthly cap applies only to the summary).
	DeductionPct float64

	// Absence is the entry of Case.Absences covering this scheduled day,
	// or nil. It points into the evaluated case.
	Absence *Absence `json:"-"`
	// RawLateMin is the lateness after minute rounding, before tolerance
	// and make-up; LateExcuse says what, if anything, cancelled it. They
	// let the server explain a forgiven lateness even on a day whose only
	// code is an early-leave one.
	RawLateMin int    `json:"-"`
	LateExcuse Excuse `json:"-"`
	// Reasons explain the codes structurally, one per code, in code order.
	Reasons []Reason `json:"-"`
}

// Excuse is what cancelled a lateness.
type Excuse string

// The excuses.
const (
	ExcuseNone      Excuse = ""
	ExcuseTolerance Excuse = "tolerance" // late <= late_tolerance_min
	ExcuseMakeup    Excuse = "makeup"    // stayed late enough the same day
)

// ReasonKind is the rule that produced a code.
type ReasonKind string

// The reason kinds.
const (
	KindLate       ReasonKind = "late"        // a late band (TL1..)
	KindEarly      ReasonKind = "early"       // an early band (PSW1..)
	KindMissingIn  ReasonKind = "missing_in"  // policy.missing_checkin
	KindMissingOut ReasonKind = "missing_out" // policy.missing_checkout
	KindAbsent     ReasonKind = "absent"      // policy.absent (TK)
	KindAbsence    ReasonKind = "absence"     // an absence code (CT, DL…)
	KindPresent    ReasonKind = "present"     // "H"
)

// PresentCode is the code of a worked day that earned no other code.
const PresentCode = "H"

// Reason explains one code in data, not words: the API renders it, e.g.
// "TL2: checked in 07:41:10, shift starts 07:30, 41 min late, band 31–60
// min, deduction 1%", in Indonesian or English.
type Reason struct {
	Code       string
	Kind       ReasonKind
	At         time.Time // the counted check-in (late, present) or check-out (early); zero otherwise
	ShiftStart time.Time
	ShiftEnd   time.Time
	// Minutes is the late or early minutes the code was given for (after
	// rounding), count_min for the missing kinds; for KindPresent, the late
	// minutes that were excused (see MadeUp and ToleranceMin).
	Minutes int
	Band    *Band // the band holding Minutes (late, early); points into the case's policy
	// DeductionPct is this code's share of the day's deduction.
	DeductionPct float64
	// ToleranceMin is the policy's tolerance for late and present kinds.
	// On a late code it did not apply (tolerance cancels, never subtracts);
	// on a present code with Minutes > 0 and !MadeUp, it cancelled them.
	ToleranceMin int
	MadeUp       bool     // present: the lateness was made up by staying late
	Absence      *Absence // absence kind: the covering entry
}

// Summary totals the period's days (rule 7).
type Summary struct {
	ScheduledDays int            `json:"scheduled_days"`
	PresentDays   int            `json:"present_days"`
	AbsentDays    int            `json:"absent_days"`
	Absences      map[string]int `json:"absences"` // scheduled days per absence code; codes with no day left out
	LateMin       int            `json:"late_min"`
	EarlyMin      int            `json:"early_min"`
	LateDays      int            `json:"late_days"`
	EarlyDays     int            `json:"early_days"`
	// EquivalentAbsentDays adds to AbsentDays one day per minutes_per_day
	// of late+early minutes.
	EquivalentAbsentDays int     `json:"equivalent_absent_days"`
	DeductionPct         float64 `json:"deduction_pct"` // capped at monthly_cap_pct
	// UncappedDeductionPct is the plain sum of the days' deductions.
	UncappedDeductionPct float64 `json:"-"`
}

// dayJSON is the wire form of a Day; pointers give the spec's nulls.
type dayJSON struct {
	Date         string   `json:"date"`
	Scheduled    bool     `json:"scheduled"`
	Holiday      *string  `json:"holiday"`
	Start        *string  `json:"start"`
	End          *string  `json:"end"`
	CheckIn      *string  `json:"check_in"`
	CheckOut     *string  `json:"check_out"`
	LateMin      int      `json:"late_min"`
	EarlyMin     int      `json:"early_min"`
	MadeUp       bool     `json:"made_up"`
	Codes        []string `json:"codes"`
	DeductionPct float64  `json:"deduction_pct"`
}

// MarshalJSON writes the spec's day object: absent values as null, codes as
// [] when empty, instants RFC 3339 with seconds in the zone of the stored
// time (the case's zone for days made by Evaluate).
func (d Day) MarshalJSON() ([]byte, error) {
	w := dayJSON{
		Date:         d.Date.String(),
		Scheduled:    d.Scheduled,
		CheckIn:      instantPtr(d.CheckIn),
		CheckOut:     instantPtr(d.CheckOut),
		LateMin:      d.LateMin,
		EarlyMin:     d.EarlyMin,
		MadeUp:       d.MadeUp,
		Codes:        d.Codes,
		DeductionPct: d.DeductionPct,
	}
	if d.IsHoliday {
		w.Holiday = &d.HolidayName
	}
	if d.Scheduled {
		w.Start, w.End = instantPtr(&d.Start), instantPtr(&d.End)
	}
	if w.Codes == nil {
		w.Codes = []string{}
	}
	return json.Marshal(w)
}

// FormatInstant writes t as RFC 3339 with seconds, and with fractional
// seconds only when t has them, in t's own zone.
func FormatInstant(t time.Time) string { return t.Format(time.RFC3339Nano) }

func instantPtr(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := FormatInstant(*t)
	return &s
}

// MarshalJSON writes the spec's summary object; absences is {} (never
// null) when no absence code has a day.
func (s Summary) MarshalJSON() ([]byte, error) {
	type plain Summary // drops this method, keeps the tags
	if s.Absences == nil {
		s.Absences = map[string]int{}
	}
	return json.Marshal(plain(s))
}
