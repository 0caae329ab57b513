package attendance

import (
	"fmt"
	"sort"
	"strconv"
)

func (c *Case) validateSchedule() error {
	s := &c.Schedule
	if err := checkWeekly("schedule.weekly", &s.Weekly); err != nil {
		return err
	}
	for i := range s.Periods {
		p := index("schedule.periods", i)
		if err := checkRange(p, s.Periods[i].From, s.Periods[i].To); err != nil {
			return err
		}
		if err := checkWeekly(join(p, "weekly"), &s.Periods[i].Weekly); err != nil {
			return err
		}
	}
	return checkRoster(s.Roster)
}

func checkWeekly(path string, w *Weekly) error {
	for _, wd := range weekdayOrder {
		if w[wd] == nil {
			continue
		}
		if err := checkShift(join(path, weekdayKeys[wd]), *w[wd]); err != nil {
			return err
		}
	}
	return nil
}

func checkShift(path string, s Shift) error {
	if !s.Start.Valid() {
		return fieldErr(join(path, "start"), "not a time of day 00:00..23:59")
	}
	if !s.End.Valid() {
		return fieldErr(join(path, "end"), "not a time of day 00:00..23:59")
	}
	if s.End == s.Start {
		// Equal times would be either an empty or a 24-hour shift; the
		// spec refuses to guess.
		return fieldErr(join(path, "end"), "equals start "+s.Start.String())
	}
	return nil
}

func checkRoster(roster []RosterEntry) error {
	seen := make(map[Date]int, len(roster))
	for i, r := range roster {
		p := index("schedule.roster", i)
		if !r.Date.Valid() {
			return fieldErr(join(p, "date"), "not a valid date")
		}
		if j, dup := seen[r.Date]; dup {
			return fieldErr(join(p, "date"), fmt.Sprintf("%s is already in schedule.roster[%d]", r.Date, j))
		}
		seen[r.Date] = i
		switch {
		case r.Off && r.Shift != nil:
			return fieldErr(join(p, "off"), "a roster entry is either off or has start and end, not both")
		case !r.Off && r.Shift == nil:
			return fieldErr(join(p, "start"), "required unless off is true")
		case r.Shift != nil:
			if err := checkShift(p, *r.Shift); err != nil {
				return err
			}
		}
	}
	return nil
}

func (c *Case) validateHolidays() error {
	seen := make(map[Date]int, len(c.Holidays))
	for i, h := range c.Holidays {
		p := join(index("holidays", i), "date")
		if !h.Date.Valid() {
			return fieldErr(p, "not a valid date")
		}
		if j, dup := seen[h.Date]; dup {
			return fieldErr(p, fmt.Sprintf("%s is already in holidays[%d]", h.Date, j))
		}
		seen[h.Date] = i
	}
	return nil
}

// validateAbsences also refuses overlaps: a day under two absences would
// have two codes and the spec gives a day one absence code.
func (c *Case) validateAbsences() error {
	for i, a := range c.Absences {
		p := index("absences", i)
		if err := checkRange(p, a.From, a.To); err != nil {
			return err
		}
		if _, ok := c.Policy.AbsenceCodes[a.Code]; !ok {
			return fieldErr(join(p, "code"), fmt.Sprintf("%q is not in policy.absence_codes", a.Code))
		}
	}
	if !anyOverlap(c.Absences) {
		return nil
	}
	// Rare path: find the first absence, in array order, that overlaps an
	// earlier one, so the error names a stable field.
	for i, a := range c.Absences {
		for j, b := range c.Absences[:i] {
			if !a.From.After(b.To) && !b.From.After(a.To) {
				return fieldErr(join(index("absences", i), "from"), fmt.Sprintf(
					"%s..%s overlaps absences[%d] (%s..%s)", a.From, a.To, j, b.From, b.To))
			}
		}
	}
	return nil
}

// anyOverlap reports in O(n log n) whether two ranges share a date.
func anyOverlap(abs []Absence) bool {
	if len(abs) < 2 {
		return false
	}
	sorted := append([]Absence(nil), abs...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].From.Before(sorted[j].From) })
	for i := 1; i < len(sorted); i++ {
		if !sorted[i].From.After(sorted[i-1].To) {
			return true
		}
	}
	return false
}

func (c *Case) validateEvents() error {
	for i, e := range c.Events {
		p := index("events", i)
		if y := e.At.Year(); e.At.IsZero() || y < 0 || y > 9999 {
			return fieldErr(join(p, "at"), "instant is not set or not in years 0000..9999")
		}
		if e.Type != In && e.Type != Out {
			return fieldErr(join(p, "type"), "unknown event type "+strconv.Quote(string(e.Type))+` (want "in" or "out")`)
		}
	}
	return nil
}
