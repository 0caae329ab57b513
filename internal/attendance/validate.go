package attendance

import (
	"fmt"
	"math"
	"sort"
	"strconv"
)

// maxWindowMin bounds the check-in/check-out windows and the tolerance: 12
// hours either side already spans a whole day, and the bound keeps every
// event within reach of at most a few dates.
const maxWindowMin = 720

// Validate checks every "Bad input" rule of the evaluate spec on a case
// built in Go or decoded from JSON, in document order. It returns nil or a
// *FieldError naming the first offending field by its JSON path.
func (c *Case) Validate() error {
	checks := []func() error{
		c.validateZone,
		c.validatePeriod,
		func() error { return validatePolicy(&c.Policy) },
		c.validateSchedule,
		c.validateHolidays,
		c.validateAbsences,
		c.validateEvents,
	}
	for _, check := range checks {
		if err := check(); err != nil {
			return err
		}
	}
	return nil
}

func (c *Case) validateZone() error {
	if c.TimeZone == "" || c.TimeZone == "Local" {
		return fieldErr("timezone", "unknown time zone "+strconv.Quote(c.TimeZone))
	}
	if c.Location == nil {
		return fieldErr("timezone", "zone not loaded (use LoadZone)")
	}
	if c.Location.String() != c.TimeZone {
		return fieldErr("timezone", fmt.Sprintf("location %q does not match zone %q", c.Location, c.TimeZone))
	}
	return nil
}

// MaxPeriodDays bounds a case's period. The spec sets no bound, but the
// evaluate endpoint must not let a 60-byte case ask for 3.6 million days
// (0000-01-01..9999-12-31, about a gigabyte); ten years covers any recap.
const MaxPeriodDays = 3660

func (c *Case) validatePeriod() error {
	if err := checkRange("period", c.Period.From, c.Period.To); err != nil {
		return err
	}
	if n := c.Period.To.ordinal() - c.Period.From.ordinal() + 1; n > MaxPeriodDays {
		return fieldErr("period.to", fmt.Sprintf("the period has %d days; at most %d are evaluated at once", n, MaxPeriodDays))
	}
	return nil
}

// checkRange checks an inclusive date range at path (period, absences[i]).
func checkRange(path string, from, to Date) error {
	if !from.Valid() {
		return fieldErr(join(path, "from"), "not a valid date")
	}
	if !to.Valid() {
		return fieldErr(join(path, "to"), "not a valid date")
	}
	if from.After(to) {
		return fieldErr(join(path, "from"), fmt.Sprintf("%s is after to %s", from, to))
	}
	return nil
}

func validatePolicy(p *Policy) error {
	checks := []error{
		checkRounding("policy.minute_rounding", p.MinuteRounding),
		checkWindow("policy.checkin_window.before_start_min", p.CheckinWindow.BeforeStartMin),
		checkWindow("policy.checkin_window.after_start_min", p.CheckinWindow.AfterStartMin),
		checkWindow("policy.checkout_window.before_end_min", p.CheckoutWindow.BeforeEndMin),
		checkWindow("policy.checkout_window.after_end_min", p.CheckoutWindow.AfterEndMin),
		checkPick("policy.checkin_pick", p.CheckinPick),
		checkPick("policy.checkout_pick", p.CheckoutPick),
		checkWindow("policy.late_tolerance_min", p.LateToleranceMin),
		checkMinutes("policy.makeup.max_min", p.Makeup.MaxMin),
		checkBands("policy.late_bands", p.LateBands),
		checkBands("policy.early_bands", p.EarlyBands),
		checkMissing("policy.missing_checkin", p.MissingCheckin),
		checkMissing("policy.missing_checkout", p.MissingCheckout),
		checkPct("policy.absent.deduction_pct", p.Absent.DeductionPct),
		checkAbsenceCodes(p.AbsenceCodes),
		checkMinutesPerDay(p.MinutesPerDay),
		checkPct("policy.monthly_cap_pct", p.MonthlyCapPct),
	}
	for _, err := range checks {
		if err != nil {
			return err
		}
	}
	return nil
}

func checkRounding(path string, r Rounding) error {
	if r != RoundFloor && r != RoundCeil {
		return fieldErr(path, fmt.Sprintf("unknown rounding %q (want \"floor\" or \"ceil\")", string(r)))
	}
	return nil
}

func checkPick(path string, p Pick) error {
	if p != PickFirst && p != PickLast {
		return fieldErr(path, fmt.Sprintf("unknown pick %q (want \"first\" or \"last\")", string(p)))
	}
	return nil
}

func checkWindow(path string, m int) error {
	if m < 0 || m > maxWindowMin {
		return fieldErr(path, fmt.Sprintf("%d is outside 0..%d minutes", m, maxWindowMin))
	}
	return nil
}

func checkMinutes(path string, m int) error {
	if m < 0 {
		return fieldErr(path, fmt.Sprintf("%d minutes is negative", m))
	}
	return nil
}

func checkPct(path string, v float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return fieldErr(path, "not a finite number")
	}
	if v < 0 {
		return fieldErr(path, fmt.Sprintf("%g%% is negative", v))
	}
	return nil
}

func checkMissing(path string, m MissingRule) error {
	if err := checkPct(join(path, "deduction_pct"), m.DeductionPct); err != nil {
		return err
	}
	return checkMinutes(join(path, "count_min"), m.CountMin)
}

// checkBands enforces that every positive minute has exactly one band:
// the first starts at 1, each next starts right after the previous ends, and
// only the last is open.
func checkBands(path string, bands []Band) error {
	if len(bands) == 0 {
		return fieldErr(path, "at least one band is required, the last open (to_min null)")
	}
	want := 1
	for i, b := range bands {
		p := index(path, i)
		if b.FromMin != want {
			return fieldErr(join(p, "from_min"), fmt.Sprintf(
				"is %d, want %d (bands start at 1 and follow each other without gap or overlap)", b.FromMin, want))
		}
		last := i == len(bands)-1
		switch {
		case b.ToMin == nil && !last:
			return fieldErr(join(p, "to_min"), "only the last band may be open (null)")
		case b.ToMin != nil && last:
			return fieldErr(join(p, "to_min"), "the last band must be open (null)")
		case b.ToMin != nil && *b.ToMin < b.FromMin:
			return fieldErr(join(p, "to_min"), fmt.Sprintf("%d is below from_min %d", *b.ToMin, b.FromMin))
		case b.ToMin != nil && *b.ToMin == math.MaxInt:
			return fieldErr(join(p, "to_min"), "leaves no minute for the next band")
		}
		if err := checkPct(join(p, "deduction_pct"), b.DeductionPct); err != nil {
			return err
		}
		if !last {
			want = *b.ToMin + 1
		}
	}
	return nil
}

func checkAbsenceCodes(codes map[string]float64) error {
	keys := make([]string, 0, len(codes))
	for k := range codes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if err := checkPct(join("policy.absence_codes", k), codes[k]); err != nil {
			return err
		}
	}
	return nil
}

func checkMinutesPerDay(m *int) error {
	if m != nil && *m <= 0 {
		return fieldErr("policy.minutes_per_day", fmt.Sprintf("%d is not positive (use null for no conversion)", *m))
	}
	return nil
}
