package attendance

import (
	"testing"
	"time"
)

// roster adds roster entries "2025-03-03 21:00-07:00" or "2025-03-04 off".
func roster(entries ...string) func(testing.TB, *Case) {
	return func(t testing.TB, c *Case) {
		for _, e := range entries {
			r := RosterEntry{Date: mustDate(t, e[:10])}
			if e[11:] == "off" {
				r.Off = true
			} else {
				r.Shift = shift(e[11:16], e[17:22])
			}
			c.Schedule.Roster = append(c.Schedule.Roster, r)
		}
	}
}

func holiday(date, name string) func(testing.TB, *Case) {
	return func(t testing.TB, c *Case) {
		c.Holidays = append(c.Holidays, Holiday{Date: mustDate(t, date), Name: name})
	}
}

func both(fs ...func(testing.TB, *Case)) func(testing.TB, *Case) {
	return func(t testing.TB, c *Case) {
		for _, f := range fs {
			f(t, c)
		}
	}
}

// Rules 2 and 3 on night shifts: the shift belongs to its start date, and
// neighbouring shifts claim the events nearest to them.
func TestOvernightAndBackToBack(t *testing.T) {
	night := roster("2025-03-03 21:00-07:00")
	nightThenMorning := []string{
		"in 2025-03-03T20:55:00+07:00", "out 2025-03-04T07:00:00+07:00",
		"in 2025-03-04T07:20:00+07:00", "out 2025-03-04T16:00:00+07:00",
	}
	// Two late-evening shifts whose windows overlap: A starts 20:00 on the
	// 3rd (ends 23:00), B starts 00:00 on the 4th (ends 06:00).
	ab := roster("2025-03-03 20:00-23:00", "2025-03-04 00:00-06:00")
	// Two shifts whose out windows overlap: A ends 02:00, B ends 06:00.
	endTie := roster("2025-03-03 18:00-02:00", "2025-03-04 00:00-06:00")
	runDayCases(t, []dayCase{
		{"night shift ends next day", night, nightThenMorning, "2025-03-03",
			dayWant{codes: codes("H"), in: "2025-03-03T20:55:00+07:00", out: "2025-03-04T07:00:00+07:00"}},
		{"morning after night", night, nightThenMorning, "2025-03-04",
			dayWant{codes: codes("H"), in: "2025-03-04T07:20:00+07:00", out: "2025-03-04T16:00:00+07:00"}},
		{"night late and early", night, []string{"in 2025-03-03T21:10:00+07:00", "out 2025-03-04T06:40:00+07:00"},
			"2025-03-03", dayWant{codes: codes("TL1", "PSW1"), late: 10, early: 20}},
		{"in tie goes to earlier shift", ab, []string{"in 2025-03-03T22:00:00+07:00"}, "2025-03-03",
			dayWant{codes: codes("TL4", "PSW4"), late: 120, in: "2025-03-03T22:00:00+07:00"}},
		{"in tie: later shift left without", ab, []string{"in 2025-03-03T22:00:00+07:00"}, "2025-03-04",
			dayWant{codes: codes("TK"), in: "null"}},
		{"in one second nearer later shift", ab, []string{"in 2025-03-03T22:00:01+07:00"}, "2025-03-04",
			dayWant{codes: codes("PSW4"), in: "2025-03-03T22:00:01+07:00"}},
		{"out tie goes to earlier shift", endTie, []string{"out 2025-03-04T04:00:00+07:00"}, "2025-03-03",
			dayWant{codes: codes("TL4"), out: "2025-03-04T04:00:00+07:00"}},
		{"out one second nearer later shift", endTie, []string{"out 2025-03-04T04:00:01+07:00"}, "2025-03-04",
			dayWant{codes: codes("TL4", "PSW4"), early: 119, out: "2025-03-04T04:00:01+07:00"}},
	})
}

// Rule 1: roster beats holidays and patterns; holidays beat patterns.
func TestScheduledDays(t *testing.T) {
	nyepi := holiday("2025-03-05", "Nyepi")
	runDayCases(t, []dayCase{
		{"roster on a holiday is worked", both(nyepi, roster("2025-03-05 09:00-17:00")),
			[]string{"in 2025-03-05T09:05:00+07:00", "out 2025-03-05T17:00:00+07:00"}, "2025-03-05",
			dayWant{codes: codes("TL1"), late: 5}},
		{"holiday on a weekday is off", nyepi, []string{"in 2025-03-05T07:30:00+07:00"}, "2025-03-05",
			dayWant{codes: codes(), in: "null"}},
		{"roster off on a weekday", roster("2025-03-04 off"),
			[]string{"in 2025-03-04T07:30:00+07:00", "out 2025-03-04T16:00:00+07:00"}, "2025-03-04",
			dayWant{codes: codes(), in: "null", out: "null"}},
		{"roster shift on a Saturday", roster("2025-03-08 08:00-14:00"),
			[]string{"in 2025-03-08T08:00:00+07:00", "out 2025-03-08T14:00:00+07:00"}, "2025-03-08",
			dayWant{codes: codes("H")}},
		{"Saturday without roster", nil, []string{"in 2025-03-08T08:00:00+07:00"}, "2025-03-08",
			dayWant{codes: codes()}},
	})
}

func TestHolidayNameAndSchedule(t *testing.T) {
	c := officeCase(t)
	both(holiday("2025-03-05", "Nyepi"), holiday("2025-03-06", "Cuti bersama"), holiday("2025-03-08", "Sabtu"),
		roster("2025-03-06 21:00-07:00"))(t, c)
	r := mustEvaluate(t, c)
	tests := []struct {
		date      string
		scheduled bool
		holiday   string
	}{
		{"2025-03-04", true, ""},
		{"2025-03-05", false, "Nyepi"},
		{"2025-03-06", true, "Cuti bersama"},
		{"2025-03-08", false, "Sabtu"},
	}
	for _, tc := range tests {
		d := dayOf(t, r, tc.date)
		name := ""
		if d.IsHoliday {
			name = d.HolidayName
		}
		if d.Scheduled != tc.scheduled || name != tc.holiday {
			t.Errorf("%s: scheduled %v holiday %q, want %v %q", tc.date, d.Scheduled, name, tc.scheduled, tc.holiday)
		}
	}
}

func ramadan(periods ...SchedulePeriod) func(testing.TB, *Case) {
	return func(_ testing.TB, c *Case) { c.Schedule.Periods = append(c.Schedule.Periods, periods...) }
}

// Rule 1: the last schedule period covering a date supplies its pattern.
func TestSchedulePeriods(t *testing.T) {
	month := SchedulePeriod{From: Date{2025, 3, 1}, To: Date{2025, 3, 31}}
	for _, wd := range []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday} {
		month.Weekly[wd] = shift("08:00", "15:00")
	}
	override := SchedulePeriod{From: Date{2025, 3, 5}, To: Date{2025, 3, 5}}
	override.Weekly[time.Wednesday] = shift("06:30", "14:00")
	in0800 := []string{"in 2025-03-05T08:00:00+07:00", "out 2025-03-05T15:00:00+07:00"}
	runDayCases(t, []dayCase{
		{"period replaces weekly", ramadan(month), in0800, "2025-03-05", dayWant{codes: codes("H")}},
		{"last period wins", ramadan(month, override), in0800, "2025-03-05",
			dayWant{codes: codes("TL3"), late: 90}},
		{"earlier period loses", ramadan(override, month), in0800, "2025-03-05", dayWant{codes: codes("H")}},
		{"weekday missing from period is off", ramadan(month),
			[]string{"in 2025-03-07T07:30:00+07:00"}, "2025-03-07", dayWant{codes: codes()}},
		{"outside the period weekly applies", ramadan(SchedulePeriod{From: Date{2025, 3, 4}, To: Date{2025, 3, 9}}),
			[]string{"in 2025-03-03T07:30:00+07:00", "out 2025-03-03T16:00:00+07:00"}, "2025-03-03",
			dayWant{codes: codes("H")}},
	})
}

// Rule 2: shifts are wall-clock times in the work unit's zone, whatever
// offset the events were sent with.
func TestZones(t *testing.T) {
	tests := []struct {
		zone, start string
		events      []string
		want        dayWant
	}{
		{"Asia/Makassar", "2025-03-03T07:30:00+08:00",
			[]string{"in 2025-03-02T23:41:10Z", "out 2025-03-03T15:00:00+07:00"},
			dayWant{codes: codes("TL1"), late: 11, in: "2025-03-03T07:41:10+08:00"}},
		{"Asia/Jayapura", "2025-03-03T07:30:00+09:00",
			[]string{"in 2025-03-03T05:31:00+07:00", "out 2025-03-03T07:00:00Z"},
			dayWant{codes: codes("TL1"), late: 1}},
		{"Asia/Jakarta", "2025-03-03T07:30:00+07:00",
			[]string{"in 2025-03-03T09:31:00+09:00", "out 2025-03-03T17:00:00+08:00"},
			dayWant{codes: codes("TL1"), late: 1}},
	}
	for _, tc := range tests {
		t.Run(tc.zone, func(t *testing.T) {
			c := officeCase(t)
			c.TimeZone, c.Location = tc.zone, mustZone(t, tc.zone)
			withEvents(t, c, tc.events...)
			d := dayOf(t, mustEvaluate(t, c), "2025-03-03")
			if got := FormatInstant(d.Start); got != tc.start {
				t.Errorf("start = %s, want %s (in the case's zone)", got, tc.start)
			}
			if d.CheckIn != nil && d.CheckIn.Location() != c.Location {
				t.Errorf("check_in in %v, want the case's zone", d.CheckIn.Location())
			}
			checkDay(t, d, tc.want)
		})
	}
}

// Rule 3: windows are inclusive at both ends; outside them events are
// ignored.
func TestWindows(t *testing.T) {
	out := "out 2025-03-03T16:00:00+07:00"
	in := "in 2025-03-03T07:30:00+07:00"
	runDayCases(t, []dayCase{
		{"in one second before window", nil, []string{"in 2025-03-03T05:29:59+07:00", out}, "2025-03-03",
			dayWant{codes: codes("TL4"), in: "null"}},
		{"in at window start", nil, []string{"in 2025-03-03T05:30:00+07:00", out}, "2025-03-03",
			dayWant{codes: codes("H")}},
		{"in at window end", nil, []string{"in 2025-03-03T11:30:00+07:00", out}, "2025-03-03",
			dayWant{codes: codes("TL4"), late: 240}},
		{"in one second after window", nil, []string{"in 2025-03-03T11:30:01+07:00", out}, "2025-03-03",
			dayWant{codes: codes("TL4"), in: "null"}},
		{"out one second before window", nil, []string{in, "out 2025-03-03T11:59:59+07:00"}, "2025-03-03",
			dayWant{codes: codes("PSW4"), out: "null"}},
		{"out at window start", nil, []string{in, "out 2025-03-03T12:00:00+07:00"}, "2025-03-03",
			dayWant{codes: codes("PSW4"), early: 240}},
		{"out at window end", nil, []string{in, "out 2025-03-03T20:00:00+07:00"}, "2025-03-03",
			dayWant{codes: codes("H")}},
		{"out one second after window", nil, []string{in, "out 2025-03-03T20:00:01+07:00"}, "2025-03-03",
			dayWant{codes: codes("PSW4"), out: "null"}},
		{"zero-width windows", func(_ testing.TB, c *Case) {
			c.Policy.CheckinWindow = CheckinWindow{}
			c.Policy.CheckoutWindow = CheckoutWindow{}
		}, []string{"in 2025-03-03T07:30:01+07:00", "in 2025-03-03T07:30:00+07:00", out}, "2025-03-03",
			dayWant{codes: codes("H"), in: "2025-03-03T07:30:00+07:00"}},
	})
}

// Rule 3: shifts from three days before to three days after the period take
// part, so an event at the edge goes to the shift it belongs to.
func TestPeriodEdges(t *testing.T) {
	edge := both(roster("2025-03-02 21:00-07:00", "2025-03-03 07:00-15:00",
		"2025-03-09 21:00-07:00"))
	runDayCases(t, []dayCase{
		{"out tie with the night before the period", edge,
			[]string{"in 2025-03-03T07:00:00+07:00", "out 2025-03-03T11:00:00+07:00"}, "2025-03-03",
			dayWant{codes: codes("PSW4"), out: "null"}},
		{"out just nearer the period's shift", edge,
			[]string{"in 2025-03-03T07:00:00+07:00", "out 2025-03-03T11:00:01+07:00"}, "2025-03-03",
			dayWant{codes: codes("PSW4"), early: 239, out: "2025-03-03T11:00:01+07:00"}},
		{"out after the period's last day", edge,
			[]string{"in 2025-03-09T21:00:00+07:00", "out 2025-03-10T07:00:00+07:00"}, "2025-03-09",
			dayWant{codes: codes("H"), out: "2025-03-10T07:00:00+07:00"}},
		{"events of the day before are not counted", edge,
			[]string{"in 2025-03-02T21:00:00+07:00", "out 2025-03-03T07:00:00+07:00"}, "2025-03-03",
			dayWant{codes: codes("TK"), in: "null", out: "null"}},
	})
}
