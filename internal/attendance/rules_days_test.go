package attendance

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

func absence(from, to, code string) func(testing.TB, *Case) {
	return func(t testing.TB, c *Case) {
		c.Absences = append(c.Absences, Absence{From: mustDate(t, from), To: mustDate(t, to), Code: code})
	}
}

func countMin(in, out int) func(testing.TB, *Case) {
	return func(_ testing.TB, c *Case) {
		c.Policy.MissingCheckin.CountMin = in
		c.Policy.MissingCheckout.CountMin = out
	}
}

// Rule 6: missing check-in/out, absent, and approved absences.
func TestDayCodes(t *testing.T) {
	in, out := "in 2025-03-04T07:30:00+07:00", "out 2025-03-04T16:00:00+07:00"
	runDayCases(t, []dayCase{
		{"no events is absent", nil, nil, "2025-03-04", dayWant{codes: codes("TK")}},
		{"no out", nil, []string{in}, "2025-03-04", dayWant{codes: codes("PSW4"), out: "null"}},
		{"no in", nil, []string{out}, "2025-03-04", dayWant{codes: codes("TL4"), in: "null"}},
		{"no in, early out: late code first", nil, []string{"out 2025-03-04T15:00:00+07:00"}, "2025-03-04",
			dayWant{codes: codes("TL4", "PSW2"), early: 60}},
		{"late in, no out", nil, []string{"in 2025-03-04T08:01:00+07:00"}, "2025-03-04",
			dayWant{codes: codes("TL2", "PSW4"), late: 31}},
		{"count_min reported as is", countMin(30, 450), []string{out}, "2025-03-04",
			dayWant{codes: codes("TL4"), late: 30}},
		{"count_min ignores tolerance", both(countMin(30, 0), tolerance(60, RoundFloor)), []string{out}, "2025-03-04",
			dayWant{codes: codes("TL4"), late: 30}},
		{"missing out count_min as early", countMin(0, 450), []string{in}, "2025-03-04",
			dayWant{codes: codes("PSW4"), early: 450}},
		{"absent ignores count_min", countMin(30, 450), nil, "2025-03-04", dayWant{codes: codes("TK")}},
		{"leave wins over events", absence("2025-03-04", "2025-03-04", "CT"), []string{in, out}, "2025-03-04",
			dayWant{codes: codes("CT"), in: "null", out: "null"}},
		{"leave on a day off gives no code", absence("2025-03-08", "2025-03-08", "CT"), nil, "2025-03-08",
			dayWant{codes: codes()}},
		{"leave on a holiday gives no code", both(absence("2025-03-05", "2025-03-05", "CT"),
			holiday("2025-03-05", "Nyepi")), nil, "2025-03-05", dayWant{codes: codes()}},
	})
}

// Rule 3: a shift on leave claims the events nearest it, which are then
// ignored rather than handed to the next shift.
func TestAbsenceClaimsEvents(t *testing.T) {
	setup := both(roster("2025-03-03 21:00-07:00", "2025-03-04 00:30-08:30"),
		absence("2025-03-03", "2025-03-03", "DL"))
	runDayCases(t, []dayCase{
		{"claimed by the shift on leave", setup,
			[]string{"in 2025-03-03T22:40:00+07:00", "out 2025-03-04T08:30:00+07:00"}, "2025-03-04",
			dayWant{codes: codes("TL4"), in: "null"}},
		{"nearer the worked shift", setup,
			[]string{"in 2025-03-03T22:50:00+07:00", "out 2025-03-04T08:30:00+07:00"}, "2025-03-04",
			dayWant{codes: codes("H"), in: "2025-03-03T22:50:00+07:00"}},
	})
}

func TestDayDeduction(t *testing.T) {
	c := officeCase(t)
	absence("2025-03-06", "2025-03-07", "I")(t, c)
	withEvents(t, c, "in 2025-03-03T08:01:00+07:00", "out 2025-03-03T14:59:00+07:00")
	r := mustEvaluate(t, c)
	tests := map[string]float64{"2025-03-03": 1 + 1.25, "2025-03-04": 3, "2025-03-06": 0.5, "2025-03-08": 0}
	for date, want := range tests {
		if got := dayOf(t, r, date).DeductionPct; got != want {
			t.Errorf("%s deduction %g, want %g", date, got, want)
		}
	}
}

// Rule 7 over a whole week, including the cap and the minute conversion.
func TestSummary(t *testing.T) {
	week := []string{
		"in 2025-03-03T08:01:00+07:00", "out 2025-03-03T15:00:00+07:00", // TL2 31, PSW2 60
		"out 2025-03-04T16:00:00+07:00", // TL4 missing (count_min)
		"in 2025-03-05T07:00:00+07:00",  // PSW4 missing
	} // 03-06 TK, 03-07 CT
	tests := []struct {
		name  string
		setup func(testing.TB, *Case)
		want  Summary
	}{
		{"450 conversion", nil, Summary{ScheduledDays: 5, PresentDays: 3, AbsentDays: 1,
			Absences: map[string]int{"CT": 1}, LateMin: 31 + 300, EarlyMin: 60 + 120, LateDays: 2, EarlyDays: 2,
			EquivalentAbsentDays: 2, DeductionPct: 1 + 1 + 1.5 + 1.5 + 3}},
		{"no conversion when null", func(_ testing.TB, c *Case) { c.Policy.MinutesPerDay = nil },
			Summary{ScheduledDays: 5, PresentDays: 3, AbsentDays: 1, Absences: map[string]int{"CT": 1},
				LateMin: 331, EarlyMin: 180, LateDays: 2, EarlyDays: 2, EquivalentAbsentDays: 1, DeductionPct: 8}},
		{"one minute short of a day", func(_ testing.TB, c *Case) { c.Policy.MinutesPerDay = intp(512) },
			Summary{ScheduledDays: 5, PresentDays: 3, AbsentDays: 1, Absences: map[string]int{"CT": 1},
				LateMin: 331, EarlyMin: 180, LateDays: 2, EarlyDays: 2, EquivalentAbsentDays: 1, DeductionPct: 8}},
		{"exactly a day", func(_ testing.TB, c *Case) { c.Policy.MinutesPerDay = intp(511) },
			Summary{ScheduledDays: 5, PresentDays: 3, AbsentDays: 1, Absences: map[string]int{"CT": 1},
				LateMin: 331, EarlyMin: 180, LateDays: 2, EarlyDays: 2, EquivalentAbsentDays: 2, DeductionPct: 8}},
		{"monthly cap", func(_ testing.TB, c *Case) { c.Policy.MonthlyCapPct = 5 },
			Summary{ScheduledDays: 5, PresentDays: 3, AbsentDays: 1, Absences: map[string]int{"CT": 1},
				LateMin: 331, EarlyMin: 180, LateDays: 2, EarlyDays: 2, EquivalentAbsentDays: 2, DeductionPct: 5}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := officeCase(t)
			both(countMin(300, 120), absence("2025-03-07", "2025-03-09", "CT"))(t, c)
			if tc.setup != nil {
				tc.setup(t, c)
			}
			got := mustEvaluate(t, withEvents(t, c, week...)).Summary
			got.UncappedDeductionPct = 0
			if a, b := mustJSON(t, got), mustJSON(t, tc.want); a != b {
				t.Errorf("summary\n got %s\nwant %s", a, b)
			}
		})
	}
}

func TestSummaryUncappedAndEmptyAbsences(t *testing.T) {
	c := officeCase(t)
	c.Policy.MonthlyCapPct = 0
	r := mustEvaluate(t, c)
	if r.Summary.DeductionPct != 0 || r.Summary.UncappedDeductionPct != 15 {
		t.Errorf("deduction %g uncapped %g, want 0 and 15", r.Summary.DeductionPct, r.Summary.UncappedDeductionPct)
	}
	if s := mustJSON(t, r.Summary); !strings.Contains(s, `"absences":{}`) {
		t.Errorf("absences must be {} when empty: %s", s)
	}
}

// The result's JSON form: nulls, [] codes, instants in the case's zone
// with seconds, fractional seconds kept.
func TestDayJSON(t *testing.T) {
	c := officeCase(t)
	holiday("2025-03-05", "Nyepi")(t, c)
	withEvents(t, c, "in 2025-03-03T00:41:10.25Z")
	r := mustEvaluate(t, c)
	tests := map[string]string{
		"2025-03-03": `{"date":"2025-03-03","scheduled":true,"holiday":null,"start":"2025-03-03T07:30:00+07:00",` +
			`"end":"2025-03-03T16:00:00+07:00","check_in":"2025-03-03T07:41:10.25+07:00","check_out":null,` +
			`"late_min":11,"early_min":0,"made_up":false,"codes":["TL1","PSW4"],"deduction_pct":2}`,
		"2025-03-05": `{"date":"2025-03-05","scheduled":false,"holiday":"Nyepi","start":null,"end":null,` +
			`"check_in":null,"check_out":null,"late_min":0,"early_min":0,"made_up":false,"codes":[],"deduction_pct":0}`,
	}
	for date, want := range tests {
		if got := mustJSON(t, dayOf(t, r, date)); got != want {
			t.Errorf("%s\n got %s\nwant %s", date, got, want)
		}
	}
}

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Absurd but valid numbers must not overflow into negative minutes or an
// infinite deduction that JSON cannot carry.
func TestExtremeValuesSaturate(t *testing.T) {
	c := officeCase(t)
	c.Policy.MissingCheckin = MissingRule{Code: "TL4", DeductionPct: 1e308, CountMin: math.MaxInt / 2}
	c.Policy.MonthlyCapPct = math.MaxFloat64
	withEvents(t, c, "out 2025-03-03T16:00:00+07:00", "out 2025-03-04T16:00:00+07:00", "out 2025-03-05T16:00:00+07:00")
	r := mustEvaluate(t, c)
	s := r.Summary
	if s.LateMin != math.MaxInt || s.DeductionPct != math.MaxFloat64 || s.EquivalentAbsentDays < 0 {
		t.Errorf("summary did not saturate: %+v", s)
	}
	if _, err := json.Marshal(r); err != nil {
		t.Errorf("marshal: %v", err)
	}
}
