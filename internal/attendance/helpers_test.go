package attendance

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"testing"
	"time"
)

// mustZone loads an IANA zone or fails the test.
func mustZone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := LoadZone(name)
	if err != nil {
		t.Fatalf("LoadZone(%q): %v", name, err)
	}
	return loc
}

func mustDate(t testing.TB, s string) Date {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func mustInstant(t testing.TB, s string) time.Time {
	t.Helper()
	at, err := ParseInstant(s)
	if err != nil {
		t.Fatal(err)
	}
	return at
}

// clk builds a Clock from "HH:MM" for test tables.
func clk(s string) Clock {
	c, err := ParseClock(s)
	if err != nil {
		panic(err)
	}
	return c
}

func shift(start, end string) *Shift { return &Shift{Start: clk(start), End: clk(end)} }

func intp(n int) *int { return &n }

// standardBands are TL1..TL4 / PSW1..PSW4 of the spec example.
func standardBands(prefix string) []Band {
	return []Band{
		{Code: prefix + "1", FromMin: 1, ToMin: intp(30), DeductionPct: 0.5},
		{Code: prefix + "2", FromMin: 31, ToMin: intp(60), DeductionPct: 1},
		{Code: prefix + "3", FromMin: 61, ToMin: intp(90), DeductionPct: 1.25},
		{Code: prefix + "4", FromMin: 91, DeductionPct: 1.5},
	}
}

func standardPolicy() Policy {
	return Policy{
		MinuteRounding:  RoundFloor,
		CheckinWindow:   CheckinWindow{BeforeStartMin: 120, AfterStartMin: 240},
		CheckoutWindow:  CheckoutWindow{BeforeEndMin: 240, AfterEndMin: 240},
		CheckinPick:     PickFirst,
		CheckoutPick:    PickLast,
		Makeup:          Makeup{MaxMin: 30},
		LateBands:       standardBands("TL"),
		EarlyBands:      standardBands("PSW"),
		MissingCheckin:  MissingRule{Code: "TL4", DeductionPct: 1.5},
		MissingCheckout: MissingRule{Code: "PSW4", DeductionPct: 1.5},
		Absent:          AbsentRule{Code: "TK", DeductionPct: 3},
		AbsenceCodes:    map[string]float64{"CT": 0, "CS": 0, "DL": 0, "I": 0.5},
		MinutesPerDay:   intp(450),
		MonthlyCapPct:   100,
	}
}

// officeCase is a WIB office week, Mon 2025-03-03 .. Sun 2025-03-09,
// Mon–Thu 07:30–16:00 and Fri 07:30–16:30, with no events.
func officeCase(t testing.TB) *Case {
	t.Helper()
	c := &Case{
		TimeZone: "Asia/Jakarta",
		Location: mustZone(t, "Asia/Jakarta"),
		Period:   DateRange{mustDate(t, "2025-03-03"), mustDate(t, "2025-03-09")},
		Policy:   standardPolicy(),
	}
	for _, wd := range []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday} {
		c.Schedule.Weekly[wd] = shift("07:30", "16:00")
	}
	c.Schedule.Weekly[time.Friday] = shift("07:30", "16:30")
	return c
}

// withEvents appends events written as "in 2025-03-03T07:41:10+07:00".
func withEvents(t testing.TB, c *Case, evs ...string) *Case {
	t.Helper()
	for _, s := range evs {
		var typ, at string
		if _, err := fmt.Sscan(s, &typ, &at); err != nil {
			t.Fatalf("bad event %q: %v", s, err)
		}
		c.Events = append(c.Events, Event{At: mustInstant(t, at), Type: EventType(typ)})
	}
	return c
}

// mustEvaluate validates c and evaluates it.
func mustEvaluate(t testing.TB, c *Case) Result {
	t.Helper()
	if err := c.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	return Evaluate(c)
}

// dayOf returns the result day for date s.
func dayOf(t testing.TB, r Result, s string) Day {
	t.Helper()
	for _, d := range r.Days {
		if d.Date.String() == s {
			return d
		}
	}
	t.Fatalf("no day %s in result", s)
	return Day{}
}

func fmtTime(p *time.Time) string {
	if p == nil {
		return "null"
	}
	return p.Format("2006-01-02T15:04:05.999999999Z07:00")
}

// semanticDiff compares two result documents the way the spec says results
// are compared: instants as instants, deduction_pct within 1e-6, the rest
// exactly. It returns the differences found.
func semanticDiff(path string, want, got any) []string {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s: want object, got %v", path, got)}
		}
		return objectDiff(path, w, g)
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return []string{fmt.Sprintf("%s: want %d elements, got %v", path, len(w), got)}
		}
		var diffs []string
		for i := range w {
			diffs = append(diffs, semanticDiff(fmt.Sprintf("%s[%d]", path, i), w[i], g[i])...)
		}
		return diffs
	}
	return leafDiff(path, want, got)
}

func objectDiff(path string, w, g map[string]any) []string {
	var diffs []string
	keys := make([]string, 0, len(w))
	for k := range w {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		gv, ok := g[k]
		if !ok {
			diffs = append(diffs, path+"."+k+": missing")
			continue
		}
		diffs = append(diffs, semanticDiff(path+"."+k, w[k], gv)...)
	}
	for k := range g {
		if _, ok := w[k]; !ok {
			diffs = append(diffs, path+"."+k+": unexpected")
		}
	}
	return diffs
}

func leafDiff(path string, want, got any) []string {
	bad := []string{fmt.Sprintf("%s: want %v, got %v", path, want, got)}
	switch w := want.(type) {
	case string:
		g, ok := got.(string)
		if !ok {
			return bad
		}
		wt, err1 := time.Parse(time.RFC3339Nano, w)
		gt, err2 := time.Parse(time.RFC3339Nano, g)
		if err1 == nil && err2 == nil && len(w) > 10 {
			if !wt.Equal(gt) {
				return bad
			}
			return nil
		}
		if w != g {
			return bad
		}
	case float64:
		g, ok := got.(float64)
		tol := 0.0
		if len(path) >= 13 && path[len(path)-13:] == "deduction_pct" {
			tol = 1e-6
		}
		if !ok || math.Abs(w-g) > tol {
			return bad
		}
	default:
		if want != got {
			return bad
		}
	}
	return nil
}

func mustUnmarshal(t testing.TB, data []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("unmarshal: %v\n%s", err, data)
	}
	return v
}

// dayCase is one row of a rule table: a case (officeCase, changed by
// setup), its events, and what one date of the result must show.
type dayCase struct {
	name   string
	setup  func(t testing.TB, c *Case)
	events []string
	date   string
	want   dayWant
}

// dayWant is the expected verdict on a day. In and Out are RFC 3339
// instants, "null" for none, or "" to skip the check.
type dayWant struct {
	codes  []string
	late   int
	early  int
	madeUp bool
	in     string
	out    string
}

func runDayCases(t *testing.T, rows []dayCase) {
	t.Helper()
	for _, tc := range rows {
		t.Run(tc.name, func(t *testing.T) {
			c := officeCase(t)
			if tc.setup != nil {
				tc.setup(t, c)
			}
			withEvents(t, c, tc.events...)
			checkDay(t, dayOf(t, mustEvaluate(t, c), tc.date), tc.want)
		})
	}
}

func checkDay(t *testing.T, d Day, w dayWant) {
	t.Helper()
	codes := fmt.Sprint(d.Codes)
	if codes != fmt.Sprint(w.codes) || d.LateMin != w.late || d.EarlyMin != w.early || d.MadeUp != w.madeUp {
		t.Errorf("%s: got codes %s late %d early %d made_up %v; want %v late %d early %d made_up %v",
			d.Date, codes, d.LateMin, d.EarlyMin, d.MadeUp, w.codes, w.late, w.early, w.madeUp)
	}
	checkInstant(t, "check_in", d.CheckIn, w.in)
	checkInstant(t, "check_out", d.CheckOut, w.out)
}

func checkInstant(t *testing.T, name string, got *time.Time, want string) {
	t.Helper()
	switch {
	case want == "":
	case want == "null":
		if got != nil {
			t.Errorf("%s = %s, want null", name, fmtTime(got))
		}
	case got == nil:
		t.Errorf("%s = null, want %s", name, want)
	case !got.Equal(mustInstant(t, want)):
		t.Errorf("%s = %s, want %s", name, fmtTime(got), want)
	}
}

// codes is a short way to write an expected code list.
func codes(cs ...string) []string { return cs }

func jsonUnmarshal(data []byte, v any) error { return json.Unmarshal(data, v) }

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }
