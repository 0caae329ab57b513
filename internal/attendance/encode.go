package attendance

import (
	"bytes"
	"encoding/json"
)

// EncodeCase writes c in the spec's case format, indented one space, so
// the server can export "the exact input the engine saw" and a test can
// feed it to `hadir evaluate`. DecodeCase(EncodeCase(c)) gives a case equal
// to c when c itself came from DecodeCase; a case built in Go comes back
// with empty slices as nil and event instants in fixed-offset zones.
// Errors come from encoding/json only (a non-finite percentage).
func EncodeCase(c *Case) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", " ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(c.wire()); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// MarshalJSON writes c in the spec's case format; see EncodeCase. It has a
// value receiver so that a Case held by value marshals the same way.
func (c Case) MarshalJSON() ([]byte, error) { return json.Marshal(c.wire()) }

// The wire types fix the member order and spelling of the case format.
type (
	caseWire struct {
		TimeZone string        `json:"timezone"`
		Period   rangeWire     `json:"period"`
		Policy   policyWire    `json:"policy"`
		Schedule scheduleWire  `json:"schedule"`
		Holidays []holidayWire `json:"holidays"`
		Absences []absenceWire `json:"absences"`
		Events   []eventWire   `json:"events"`
	}
	rangeWire struct {
		From Date `json:"from"`
		To   Date `json:"to"`
	}
	policyWire struct {
		MinuteRounding   Rounding           `json:"minute_rounding"`
		CheckinWindow    checkinWire        `json:"checkin_window"`
		CheckoutWindow   checkoutWire       `json:"checkout_window"`
		CheckinPick      Pick               `json:"checkin_pick"`
		CheckoutPick     Pick               `json:"checkout_pick"`
		LateToleranceMin int                `json:"late_tolerance_min"`
		Makeup           makeupWire         `json:"makeup"`
		LateBands        []bandWire         `json:"late_bands"`
		EarlyBands       []bandWire         `json:"early_bands"`
		MissingCheckin   missingWire        `json:"missing_checkin"`
		MissingCheckout  missingWire        `json:"missing_checkout"`
		Absent           absentWire         `json:"absent"`
		AbsenceCodes     map[string]float64 `json:"absence_codes"`
		MinutesPerDay    *int               `json:"minutes_per_day"`
		MonthlyCapPct    float64            `json:"monthly_cap_pct"`
	}
	checkinWire struct {
		BeforeStartMin int `json:"before_start_min"`
		AfterStartMin  int `json:"after_start_min"`
	}
	checkoutWire struct {
		BeforeEndMin int `json:"before_end_min"`
		AfterEndMin  int `json:"after_end_min"`
	}
	makeupWire struct {
		Enabled bool `json:"enabled"`
		MaxMin  int  `json:"max_min"`
	}
	bandWire struct {
		Code         string  `json:"code"`
		FromMin      int     `json:"from_min"`
		ToMin        *int    `json:"to_min"`
		DeductionPct float64 `json:"deduction_pct"`
	}
	missingWire struct {
		Code         string  `json:"code"`
		DeductionPct float64 `json:"deduction_pct"`
		CountMin     int     `json:"count_min"`
	}
	absentWire struct {
		Code         string  `json:"code"`
		DeductionPct float64 `json:"deduction_pct"`
	}
	scheduleWire struct {
		Weekly  weeklyWire   `json:"weekly"`
		Periods []periodWire `json:"periods"`
		Roster  []rosterWire `json:"roster"`
	}
	periodWire struct {
		From   Date       `json:"from"`
		To     Date       `json:"to"`
		Weekly weeklyWire `json:"weekly"`
	}
	shiftWire struct {
		Start Clock `json:"start"`
		End   Clock `json:"end"`
	}
	rosterWire struct {
		Date  Date   `json:"date"`
		Off   bool   `json:"off,omitempty"`
		Start *Clock `json:"start,omitempty"`
		End   *Clock `json:"end,omitempty"`
	}
	holidayWire struct {
		Date Date   `json:"date"`
		Name string `json:"name"`
	}
	absenceWire struct {
		From Date   `json:"from"`
		To   Date   `json:"to"`
		Code string `json:"code"`
	}
	eventWire struct {
		At   string    `json:"at"`
		Type EventType `json:"type"`
	}
)

// weeklyWire writes a weekly pattern Monday first, as people read it,
// rather than in encoding/json's alphabetical map order.
type weeklyWire Weekly

func (w weeklyWire) MarshalJSON() ([]byte, error) {
	buf := []byte{'{'}
	for _, wd := range weekdayOrder {
		if w[wd] == nil {
			continue
		}
		if len(buf) > 1 {
			buf = append(buf, ',')
		}
		s, err := json.Marshal(shiftWire{Start: w[wd].Start, End: w[wd].End})
		if err != nil {
			return nil, err
		}
		buf = append(buf, '"')
		buf = append(buf, weekdayKeys[wd]...)
		buf = append(buf, '"', ':')
		buf = append(buf, s...)
	}
	return append(buf, '}'), nil
}

func (c *Case) wire() caseWire {
	return caseWire{
		TimeZone: c.TimeZone,
		Period:   rangeWire{c.Period.From, c.Period.To},
		Policy:   c.Policy.wire(),
		Schedule: c.Schedule.wire(),
		Holidays: mapSlice(c.Holidays, func(h Holiday) holidayWire { return holidayWire(h) }),
		Absences: mapSlice(c.Absences, func(a Absence) absenceWire { return absenceWire(a) }),
		Events: mapSlice(c.Events, func(e Event) eventWire {
			return eventWire{At: FormatInstant(e.At), Type: e.Type}
		}),
	}
}

func (pol *Policy) wire() policyWire {
	codes := pol.AbsenceCodes
	if codes == nil {
		codes = map[string]float64{}
	}
	band := func(b Band) bandWire { return bandWire(b) }
	return policyWire{
		MinuteRounding:   pol.MinuteRounding,
		CheckinWindow:    checkinWire(pol.CheckinWindow),
		CheckoutWindow:   checkoutWire(pol.CheckoutWindow),
		CheckinPick:      pol.CheckinPick,
		CheckoutPick:     pol.CheckoutPick,
		LateToleranceMin: pol.LateToleranceMin,
		Makeup:           makeupWire(pol.Makeup),
		LateBands:        mapSlice(pol.LateBands, band),
		EarlyBands:       mapSlice(pol.EarlyBands, band),
		MissingCheckin:   missingWire(pol.MissingCheckin),
		MissingCheckout:  missingWire(pol.MissingCheckout),
		Absent:           absentWire(pol.Absent),
		AbsenceCodes:     codes,
		MinutesPerDay:    pol.MinutesPerDay,
		MonthlyCapPct:    pol.MonthlyCapPct,
	}
}

func (s *Schedule) wire() scheduleWire {
	return scheduleWire{
		Weekly: weeklyWire(s.Weekly),
		Periods: mapSlice(s.Periods, func(p SchedulePeriod) periodWire {
			return periodWire{p.From, p.To, weeklyWire(p.Weekly)}
		}),
		Roster: mapSlice(s.Roster, func(r RosterEntry) rosterWire {
			w := rosterWire{Date: r.Date, Off: r.Off}
			if r.Shift != nil {
				w.Start, w.End = &r.Shift.Start, &r.Shift.End
			}
			return w
		}),
	}
}

// mapSlice converts a slice, giving an empty (not nil) one so that every
// array is written as [] rather than null.
func mapSlice[T, W any](in []T, f func(T) W) []W {
	out := make([]W, len(in))
	for i, v := range in {
		out[i] = f(v)
	}
	return out
}
