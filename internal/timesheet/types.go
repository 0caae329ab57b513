// Package timesheet owns computed attendance: it turns the rules (internal/
// rules) and the events into each employee's daily records with the same
// engine as `hadir evaluate` (internal/attendance), keeps them fresh through
// the recompute outbox, and builds monthly recaps and explanations from the
// stored days.
package timesheet

import (
	"encoding/json"
	"time"

	"github.com/hadir-id/hadir/internal/attendance"
	"github.com/hadir-id/hadir/internal/civil"
)

// DayRecord is one employee's computed day, as stored.
type DayRecord struct {
	EmployeeID   int64      `json:"employee_id" gorm:"primaryKey;autoIncrement:false"`
	Date         civil.Date `json:"date" gorm:"primaryKey"`
	AgencyID     int64      `json:"agency_id"`
	PolicyID     int64      `json:"policy_id"`
	Scheduled    bool       `json:"scheduled"`
	Holiday      *string    `json:"holiday"`
	ShiftStart   *time.Time `json:"start"`
	ShiftEnd     *time.Time `json:"end"`
	CheckIn      *time.Time `json:"check_in"`
	CheckOut     *time.Time `json:"check_out"`
	LateMin      int        `json:"late_min"`
	EarlyMin     int        `json:"early_min"`
	MadeUp       bool       `json:"made_up"`
	Codes        Codes      `json:"codes" gorm:"type:text"`
	DeductionPct float64    `json:"deduction_pct"`
	Reasons      Reasons    `json:"reasons" gorm:"type:text"`
	Provisional  bool       `json:"provisional"` // the day may still change (shift not over, or an event under review)
	Digest       int64      `json:"-"`           // hash of the result: unchanged days are not rewritten
	ComputedAt   time.Time  `json:"computed_at"` // when the result last changed
}

// TableName is the days table.
func (DayRecord) TableName() string { return "attendance_days" }

// Reason is the stored form of one attendance.Reason: data, not words. The
// instants it refers to (counted check-in/out, shift start/end) are the
// day's own columns, so they are not repeated here.
type Reason struct {
	Code         string                `json:"code"`
	Kind         attendance.ReasonKind `json:"kind"`
	Minutes      int                   `json:"minutes"`
	BandFrom     *int                  `json:"band_from,omitempty"`
	BandTo       *int                  `json:"band_to,omitempty"`
	DeductionPct float64               `json:"deduction_pct"`
	ToleranceMin int                   `json:"tolerance_min,omitempty"`
	MadeUp       bool                  `json:"made_up,omitempty"`
	AbsenceCode  string                `json:"absence_code,omitempty"`
}

// Codes is a JSON array of day codes in a text column.
type Codes []string

// Reasons is a JSON array of reasons in a text column.
type Reasons []Reason

func reasonOf(r attendance.Reason) Reason {
	out := Reason{Code: r.Code, Kind: r.Kind, Minutes: r.Minutes, DeductionPct: r.DeductionPct,
		ToleranceMin: r.ToleranceMin, MadeUp: r.MadeUp}
	if r.Band != nil {
		from := r.Band.FromMin
		out.BandFrom, out.BandTo = &from, r.Band.ToMin
	}
	if r.Absence != nil {
		out.AbsenceCode = r.Absence.Code
	}
	return out
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

// engineDay rebuilds what Summarize needs from a stored record.
func (d DayRecord) engineDay() attendance.Day {
	ad := attendance.Day{Scheduled: d.Scheduled, CheckIn: d.CheckIn, CheckOut: d.CheckOut, LateMin: d.LateMin,
		EarlyMin: d.EarlyMin, MadeUp: d.MadeUp, Codes: d.Codes, DeductionPct: d.DeductionPct}
	for _, r := range d.Reasons {
		ad.Reasons = append(ad.Reasons, attendance.Reason{Code: r.Code, Kind: r.Kind, Minutes: r.Minutes, DeductionPct: r.DeductionPct})
		if r.Kind == attendance.KindAbsence {
			ad.Absence = &attendance.Absence{Code: r.AbsenceCode}
		}
	}
	return ad
}

func jsonValue(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

func jsonScan(src any, dst any) error {
	switch v := src.(type) {
	case nil:
		return nil
	case string:
		return json.Unmarshal([]byte(v), dst)
	case []byte:
		return json.Unmarshal(v, dst)
	}
	return nil
}
