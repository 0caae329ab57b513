package attendance

import (
	"encoding/json"
	"math"
	"time"
)

// Evaluate applies rules 1–7 of the evaluate spec to a case that passed
// Validate (the result for an invalid case is unspecified). It is pure: no
// clock, no I/O; the same case always gives the same result.
//
// Cost is O(days + events + schedule entries) with a fixed handful of
// allocations, so an agency-month of 500 employees takes milliseconds.
func Evaluate(c *Case) Result {
	plans := buildPlans(c)
	assignEvents(c, plans)
	period := plans[edgeDays : len(plans)-edgeDays]
	b := newDayBuilder(&c.Policy, len(period))
	days := make([]Day, len(period))
	for i := range period {
		days[i] = b.day(&period[i])
	}
	return Result{Days: days, Summary: summarize(&c.Policy, days)}
}

// EvaluateJSON is the single code path behind `hadir evaluate` and
// POST /api/v1/rules/evaluate: DecodeCase, Evaluate, and the result as
// indented JSON ending in a newline. Errors are *FieldError.
func EvaluateJSON(data []byte) ([]byte, error) {
	c, err := DecodeCase(data)
	if err != nil {
		return nil, err
	}
	out, err := json.MarshalIndent(Evaluate(c), "", " ")
	if err != nil {
		// Unreachable: every number is finite (sums saturate).
		return nil, fieldErr("$", "cannot write result: "+err.Error())
	}
	return append(out, '\n'), nil
}

// dayBuilder turns plans into Days. Codes, reasons and check-in/out times
// of all days share three backing arrays (a day has at most two codes), so
// a month costs a few allocations instead of a few per day.
type dayBuilder struct {
	pol     *Policy
	codes   []string
	reasons []Reason
	times   []time.Time
}

func newDayBuilder(pol *Policy, n int) *dayBuilder {
	return &dayBuilder{
		pol:     pol,
		codes:   make([]string, 0, 2*n),
		reasons: make([]Reason, 0, 2*n),
		times:   make([]time.Time, 0, 2*n),
	}
}

func (b *dayBuilder) day(p *dayPlan) Day {
	d := Day{Date: p.date}
	if p.holiday != nil {
		d.IsHoliday, d.HolidayName = true, p.holiday.Name
	}
	c0, r0 := len(b.codes), len(b.reasons)
	if p.scheduled {
		d.Scheduled, d.Start, d.End = true, p.start, p.end
		b.judge(&d, p)
	}
	c1, r1 := len(b.codes), len(b.reasons)
	d.Codes = b.codes[c0:c1:c1]
	d.Reasons = b.reasons[r0:r1:r1]
	for _, r := range d.Reasons {
		d.DeductionPct = addPct(d.DeductionPct, r.DeductionPct)
	}
	return d
}

// judge gives a scheduled day its codes (rule 6) and minutes (rules 4–5).
func (b *dayBuilder) judge(d *Day, p *dayPlan) {
	base := Reason{ShiftStart: p.start, ShiftEnd: p.end}
	switch {
	case p.absence != nil:
		// Approved leave or duty: the day's events were claimed by its
		// shift (rule 3) and are ignored, not handed to a neighbour.
		d.Absence = p.absence
		r := base
		r.Code, r.Kind, r.Absence = p.absence.Code, KindAbsence, p.absence
		r.DeductionPct = b.pol.AbsenceCodes[p.absence.Code]
		b.add(r)
		return
	case !p.hasIn && !p.hasOut:
		r := base
		r.Code, r.Kind, r.DeductionPct = b.pol.Absent.Code, KindAbsent, b.pol.Absent.DeductionPct
		b.add(r)
		return
	}
	if p.hasIn {
		d.CheckIn = b.keep(p.in)
	}
	if p.hasOut {
		d.CheckOut = b.keep(p.out)
	}
	n := len(b.codes)
	b.late(d, p, base)
	b.early(d, p, base)
	if len(b.codes) == n {
		b.present(d, p, base)
	}
}

// late applies rule 4 (rounding, tolerance), rule 5 (make-up) and the late
// half of rule 6.
func (b *dayBuilder) late(d *Day, p *dayPlan, base Reason) {
	pol := b.pol
	if !p.hasIn {
		d.LateMin = pol.MissingCheckin.CountMin
		b.addMissing(base, KindMissingIn, pol.MissingCheckin)
		return
	}
	raw := roundMinutes(p.in.Sub(p.start), pol.MinuteRounding)
	late := raw
	d.RawLateMin = raw
	if late <= pol.LateToleranceMin {
		late = 0 // tolerance cancels a small lateness; it never subtracts
		if raw > 0 {
			d.LateExcuse = ExcuseTolerance
		}
	}
	if late > 0 && pol.Makeup.Enabled && late <= pol.Makeup.MaxMin &&
		p.hasOut && !p.out.Before(p.end.Add(minutes(late))) {
		late, d.MadeUp, d.LateExcuse = 0, true, ExcuseMakeup
	}
	d.LateMin = late
	if band := findBand(pol.LateBands, late); band != nil {
		r := base
		r.Code, r.Kind, r.At, r.Minutes = band.Code, KindLate, p.in, late
		r.Band, r.DeductionPct, r.ToleranceMin = band, band.DeductionPct, pol.LateToleranceMin
		b.add(r)
	}
}

// early applies rule 4 and the early half of rule 6; early leave has no
// tolerance and no make-up.
func (b *dayBuilder) early(d *Day, p *dayPlan, base Reason) {
	if !p.hasOut {
		d.EarlyMin = b.pol.MissingCheckout.CountMin
		b.addMissing(base, KindMissingOut, b.pol.MissingCheckout)
		return
	}
	early := roundMinutes(p.end.Sub(p.out), b.pol.MinuteRounding)
	d.EarlyMin = early
	if band := findBand(b.pol.EarlyBands, early); band != nil {
		r := base
		r.Code, r.Kind, r.At, r.Minutes = band.Code, KindEarly, p.out, early
		r.Band, r.DeductionPct = band, band.DeductionPct
		b.add(r)
	}
}

func (b *dayBuilder) present(d *Day, p *dayPlan, base Reason) {
	r := base
	r.Code, r.Kind, r.At = PresentCode, KindPresent, p.in
	r.ToleranceMin, r.MadeUp = b.pol.LateToleranceMin, d.MadeUp
	if d.LateExcuse != ExcuseNone {
		r.Minutes = d.RawLateMin
	}
	b.add(r)
}

func (b *dayBuilder) addMissing(base Reason, kind ReasonKind, m MissingRule) {
	r := base
	r.Code, r.Kind, r.Minutes, r.DeductionPct = m.Code, kind, m.CountMin, m.DeductionPct
	b.add(r)
}

func (b *dayBuilder) add(r Reason) {
	b.codes = append(b.codes, r.Code)
	b.reasons = append(b.reasons, r)
}

func (b *dayBuilder) keep(t time.Time) *time.Time {
	b.times = append(b.times, t)
	return &b.times[len(b.times)-1]
}

// roundMinutes converts a positive difference to whole minutes (rule 4);
// sub-second parts count too, so ceil makes 0.5 s late 1 minute.
func roundMinutes(d time.Duration, r Rounding) int {
	if d <= 0 {
		return 0
	}
	if r == RoundCeil {
		return int((d + time.Minute - 1) / time.Minute)
	}
	return int(d / time.Minute)
}

// findBand returns the band holding m minutes, or nil when m is 0.
func findBand(bands []Band, m int) *Band {
	if m <= 0 {
		return nil
	}
	for i := range bands {
		if bands[i].Holds(m) {
			return &bands[i]
		}
	}
	return nil
}

// addPct adds deductions, saturating instead of reaching +Inf, which JSON
// cannot carry. Only absurd inputs (1e308%) get there.
func addPct(a, b float64) float64 {
	if s := a + b; !math.IsInf(s, 0) {
		return s
	}
	return math.MaxFloat64
}

// addMin adds minute counts, saturating instead of overflowing (count_min
// has no upper bound in the spec).
func addMin(a, b int) int {
	if s := a + b; s >= a {
		return s
	}
	return math.MaxInt
}
