package attendance

import (
	"testing"
	"time"
)

// Reasons carry what the API needs to explain each code in words.
func TestReasons(t *testing.T) {
	c := officeCase(t)
	c.Policy.LateToleranceMin = 5
	c.Policy.Makeup = Makeup{Enabled: true, MaxMin: 30}
	absence("2025-03-07", "2025-03-07", "I")(t, c)
	withEvents(t, c,
		"in 2025-03-03T08:11:10+07:00", "out 2025-03-03T15:00:00+07:00", // TL2 (41 min), PSW2 (60 min)
		"in 2025-03-04T07:34:00+07:00", "out 2025-03-04T15:50:00+07:00", // tolerance, PSW1 10
		"in 2025-03-05T07:50:00+07:00", "out 2025-03-05T16:30:00+07:00", // made up
		"out 2025-03-06T16:00:00+07:00", // missing in
	)
	r := mustEvaluate(t, c)
	day := func(s string) Day { return dayOf(t, r, s) }
	ts := func(s string) time.Time { return mustInstant(t, s) }
	tests := []struct {
		name string
		got  Reason
		want Reason
	}{
		{"late", day("2025-03-03").Reasons[0], Reason{Code: "TL2", Kind: KindLate, At: ts("2025-03-03T08:11:10+07:00"),
			Minutes: 41, Band: &c.Policy.LateBands[1], DeductionPct: 1, ToleranceMin: 5}},
		{"early", day("2025-03-03").Reasons[1], Reason{Code: "PSW2", Kind: KindEarly, At: ts("2025-03-03T15:00:00+07:00"),
			Minutes: 60, Band: &c.Policy.EarlyBands[1], DeductionPct: 1}},
		{"early after tolerated late", day("2025-03-04").Reasons[0], Reason{Code: "PSW1", Kind: KindEarly,
			At: ts("2025-03-04T15:50:00+07:00"), Minutes: 10, Band: &c.Policy.EarlyBands[0], DeductionPct: 0.5}},
		{"made up", day("2025-03-05").Reasons[0], Reason{Code: "H", Kind: KindPresent, At: ts("2025-03-05T07:50:00+07:00"),
			Minutes: 20, ToleranceMin: 5, MadeUp: true}},
		{"missing in", day("2025-03-06").Reasons[0], Reason{Code: "TL4", Kind: KindMissingIn, DeductionPct: 1.5}},
		{"absence", day("2025-03-07").Reasons[0], Reason{Code: "I", Kind: KindAbsence, DeductionPct: 0.5,
			Absence: &c.Absences[0]}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g, w := tc.got, tc.want
			if g.Code != w.Code || g.Kind != w.Kind || !g.At.Equal(w.At) || g.Minutes != w.Minutes ||
				g.Band != w.Band || g.DeductionPct != w.DeductionPct || g.ToleranceMin != w.ToleranceMin ||
				g.MadeUp != w.MadeUp || g.Absence != w.Absence || g.ShiftStart.IsZero() || g.ShiftEnd.IsZero() {
				t.Errorf("got  %+v\nwant %+v", g, w)
			}
		})
	}
	if d := day("2025-03-04"); d.RawLateMin != 4 || d.LateExcuse != ExcuseTolerance || d.LateMin != 0 {
		t.Errorf("tolerated lateness: raw %d excuse %q late %d, want 4 tolerance 0", d.RawLateMin, d.LateExcuse, d.LateMin)
	}
	if d := day("2025-03-05"); d.RawLateMin != 20 || d.LateExcuse != ExcuseMakeup {
		t.Errorf("made-up lateness: raw %d excuse %q, want 20 makeup", d.RawLateMin, d.LateExcuse)
	}
	for _, d := range r.Days {
		if len(d.Reasons) != len(d.Codes) {
			t.Errorf("%s: %d reasons for %d codes", d.Date, len(d.Reasons), len(d.Codes))
		}
	}
}

// The comparison helper itself must notice differences, or the case-file
// test could pass on anything.
func TestSemanticDiff(t *testing.T) {
	base := `{"days":[{"start":"2025-03-03T07:30:00+07:00","deduction_pct":0.5,"codes":["TL1"],"late_min":11}]}`
	tests := []struct {
		got   string
		equal bool
	}{
		{base, true},
		{`{"days":[{"start":"2025-03-03T00:30:00Z","deduction_pct":0.5000001,"codes":["TL1"],"late_min":11}]}`, true},
		{`{"days":[{"start":"2025-03-03T07:30:01+07:00","deduction_pct":0.5,"codes":["TL1"],"late_min":11}]}`, false},
		{`{"days":[{"start":"2025-03-03T07:30:00+07:00","deduction_pct":0.501,"codes":["TL1"],"late_min":11}]}`, false},
		{`{"days":[{"start":"2025-03-03T07:30:00+07:00","deduction_pct":0.5,"codes":["TL2"],"late_min":11}]}`, false},
		{`{"days":[{"start":"2025-03-03T07:30:00+07:00","deduction_pct":0.5,"codes":["TL1"],"late_min":12}]}`, false},
		{`{"days":[{"start":"2025-03-03T07:30:00+07:00","deduction_pct":0.5,"codes":["TL1"]}]}`, false},
		{`{"days":[{"start":null,"deduction_pct":0.5,"codes":["TL1"],"late_min":11}]}`, false},
		{`{"days":[]}`, false},
	}
	for _, tc := range tests {
		diffs := semanticDiff("$", mustUnmarshal(t, []byte(base)), mustUnmarshal(t, []byte(tc.got)))
		if (len(diffs) == 0) != tc.equal {
			t.Errorf("%s: diffs %v, want equal=%v", tc.got, diffs, tc.equal)
		}
	}
}
