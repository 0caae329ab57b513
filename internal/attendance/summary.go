package attendance

// summarize applies rule 7 over the period's days, however many months
// the period spans.
func summarize(pol *Policy, days []Day) Summary {
	s := Summary{Absences: map[string]int{}}
	for i := range days {
		d := &days[i]
		if !d.Scheduled {
			continue
		}
		s.ScheduledDays++
		if d.Absence != nil {
			s.Absences[d.Absence.Code]++
		} else if d.CheckIn != nil || d.CheckOut != nil {
			s.PresentDays++
		}
		s.count(d)
		s.LateMin = addMin(s.LateMin, d.LateMin)
		s.EarlyMin = addMin(s.EarlyMin, d.EarlyMin)
		s.UncappedDeductionPct = addPct(s.UncappedDeductionPct, d.DeductionPct)
	}
	s.EquivalentAbsentDays = s.AbsentDays
	if pol.MinutesPerDay != nil && *pol.MinutesPerDay > 0 {
		// Perban BKN: late and early minutes add up over the period and
		// every minutes_per_day of them (7.5 h) weigh as one absent day.
		s.EquivalentAbsentDays = addMin(s.AbsentDays, addMin(s.LateMin, s.EarlyMin)/(*pol.MinutesPerDay))
	}
	s.DeductionPct = min(pol.MonthlyCapPct, s.UncappedDeductionPct)
	return s
}

// count tallies a day's codes by the rule that gave them rather than by
// their text, since a regency may reuse a code (missing_checkin is usually
// TL4, the last late band, too).
func (s *Summary) count(d *Day) {
	for _, r := range d.Reasons {
		switch r.Kind {
		case KindAbsent:
			s.AbsentDays++
		case KindLate, KindMissingIn:
			s.LateDays++
		case KindEarly, KindMissingOut:
			s.EarlyDays++
		}
	}
}

// Summarize totals days under pol by rule 7. The server builds monthly
// recaps from stored days with it, so that a recap and `hadir evaluate`
// agree by construction.
func Summarize(pol *Policy, days []Day) Summary { return summarize(pol, days) }
