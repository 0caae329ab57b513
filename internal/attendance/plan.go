package attendance

import "time"

// edgeDays is how far beyond the period shifts take part in event
// assignment (rule 3), so that an out at 07:00 on the period's first day
// goes to the night shift that started the evening before.
const edgeDays = 3

// dayPlan is one date's schedule and, after assignment, its counted events.
// Plans cover period.from-3 .. period.to+3; only the period's days are
// reported.
type dayPlan struct {
	date      Date
	weekly    *Weekly      // pattern in force (rule 1), nil only transiently
	roster    *RosterEntry // roster entry for the date, if any
	holiday   *Holiday
	absence   *Absence
	scheduled bool
	start     time.Time // shift instants, in the case's zone
	end       time.Time
	in, out   time.Time // counted events (zero unless hasIn/hasOut)
	hasIn     bool
	hasOut    bool
}

// buildPlans resolves rule 1 and rule 2 for every date from period.from-3
// to period.to+3 in O(days + schedule entries), by filling per-day slots
// instead of searching the schedule for every date.
func buildPlans(c *Case) []dayPlan {
	first := c.Period.From.AddDays(-edgeDays)
	base := first.ordinal()
	n := c.Period.To.ordinal() - base + 1 + edgeDays
	plans := make([]dayPlan, n)
	for i := range plans {
		plans[i].date = first.AddDays(i)
		plans[i].weekly = &c.Schedule.Weekly
	}
	// Later periods overwrite earlier ones: the last covering entry wins.
	for i := range c.Schedule.Periods {
		p := &c.Schedule.Periods[i]
		lo, hi := clip(p.From.ordinal()-base, p.To.ordinal()-base, n)
		for k := lo; k <= hi; k++ {
			plans[k].weekly = &p.Weekly
		}
	}
	for i := range c.Schedule.Roster {
		if k := c.Schedule.Roster[i].Date.ordinal() - base; k >= 0 && k < n {
			plans[k].roster = &c.Schedule.Roster[i]
		}
	}
	for i := range c.Holidays {
		if k := c.Holidays[i].Date.ordinal() - base; k >= 0 && k < n {
			plans[k].holiday = &c.Holidays[i]
		}
	}
	for i := range c.Absences {
		a := &c.Absences[i]
		lo, hi := clip(a.From.ordinal()-base, a.To.ordinal()-base, n)
		for k := lo; k <= hi; k++ {
			plans[k].absence = a
		}
	}
	for i := range plans {
		plans[i].resolveShift(c.Location)
	}
	return plans
}

// clip intersects the offsets lo..hi with 0..n-1; an empty result has
// lo > hi.
func clip(lo, hi, n int) (int, int) {
	return max(lo, 0), min(hi, n-1)
}

// resolveShift applies rule 1 (a roster entry decides even on a holiday;
// otherwise the pattern's weekday, unless a holiday) and rule 2 (an
// overnight shift ends on the next date).
func (p *dayPlan) resolveShift(loc *time.Location) {
	var s *Shift
	switch {
	case p.roster != nil:
		if !p.roster.Off {
			s = p.roster.Shift
		}
	case p.holiday == nil:
		s = p.weekly[p.date.Weekday()]
	}
	if s == nil {
		return
	}
	p.scheduled = true
	p.start = p.date.At(s.Start, loc)
	endDate := p.date
	if s.Overnight() {
		endDate = endDate.AddDays(1)
	}
	p.end = endDate.At(s.End, loc)
}
