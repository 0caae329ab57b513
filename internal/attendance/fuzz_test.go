package attendance

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// maxFuzzDays keeps a fuzzed period (say, year 2025 mutated to 9025) from
// turning one iteration into millions of days; long periods are not where
// the bugs are.
const maxFuzzDays = 800

func FuzzDecodeCase(f *testing.F) {
	for _, dir := range []string{"testdata/cases", sharedCases} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			var cf caseFile
			if err := jsonUnmarshal(data, &cf); err != nil {
				f.Fatal(err)
			}
			f.Add([]byte(cf.Case))
		}
	}
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"timezone": "Asia/Jayapura", "period": {"from": "2025-03-01", "to": "2025-03-01"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := DecodeCase(data)
		if err != nil {
			if _, ok := AsFieldError(err); !ok {
				t.Fatalf("error %T is not a *FieldError: %v", err, err)
			}
			return
		}
		if c.Period.To.ordinal()-c.Period.From.ordinal() > maxFuzzDays {
			return
		}
		checkInvariants(t, c, Evaluate(c))
		checkReferenceAssignment(t, c)
		enc, err := EncodeCase(c)
		if err != nil {
			t.Fatalf("EncodeCase: %v", err)
		}
		back, err := DecodeCase(enc)
		if err != nil {
			t.Fatalf("exported case does not decode: %v\n%s", err, enc)
		}
		if a, b := mustJSON(t, Evaluate(c)), mustJSON(t, Evaluate(back)); a != b {
			t.Fatalf("exported case evaluates differently")
		}
	})
}

// fuzzZones are the three Indonesian zones and one with daylight saving.
var fuzzZones = []string{"Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura", "Europe/Berlin"}

// FuzzEvaluate builds valid cases from fuzzed numbers, so that every
// iteration reaches Evaluate.
func FuzzEvaluate(f *testing.F) {
	f.Add(uint8(0), uint16(450), uint16(960), uint64(0x00f000f000780078), uint16(15), uint8(0), uint16(1000), []byte{
		0, 0x01, 0xc2, 10, 1, 0x03, 0xc0, 0, 2, 0x01, 0xd0, 0, 3, 0x03, 0x90, 59})
	f.Add(uint8(1), uint16(1260), uint16(420), uint64(0x02d002d002d002d0), uint16(0), uint8(0xff), uint16(50), []byte{
		0, 0x04, 0xec, 0x80, 3, 0x01, 0xa4, 0x40, 4, 0x05, 0x00, 0xc0})
	f.Fuzz(func(t *testing.T, zone uint8, start, end uint16, windows uint64, tol uint16, flags uint8, capTenths uint16, evs []byte) {
		c := fuzzCase(t, zone, start, end, windows, tol, flags, capTenths, evs)
		if err := c.Validate(); err != nil {
			t.Fatalf("generator built an invalid case: %v", err)
		}
		checkInvariants(t, c, Evaluate(c))
		checkReferenceAssignment(t, c)
	})
}

func fuzzCase(t *testing.T, zone uint8, start, end uint16, windows uint64, tol uint16, flags uint8, capTenths uint16, evs []byte) *Case {
	name := fuzzZones[int(zone)%len(fuzzZones)]
	c := &Case{TimeZone: name, Location: mustZone(t, name), Policy: standardPolicy()}
	c.Period = DateRange{Date{2025, 3, 1}, Date{2025, 3, 1}.AddDays(int(flags>>5) * 4)}
	s := Shift{Start: Clock(start % 1440), End: Clock(end % 1440)}
	if s.End == s.Start {
		s.End = (s.End + 1) % 1440
	}
	for wd := time.Monday; wd <= time.Friday; wd++ {
		c.Schedule.Weekly[wd] = &s
	}
	p := &c.Policy
	p.CheckinWindow = CheckinWindow{int(windows & 0xffff % 721), int(windows >> 16 & 0xffff % 721)}
	p.CheckoutWindow = CheckoutWindow{int(windows >> 32 & 0xffff % 721), int(windows >> 48 % 721)}
	p.LateToleranceMin = int(tol % 721)
	p.Makeup = Makeup{Enabled: flags&1 != 0, MaxMin: int(tol % 97)}
	p.MonthlyCapPct = float64(capTenths) / 10
	p.MissingCheckin.CountMin, p.MissingCheckout.CountMin = int(tol%50), int(tol%70)
	if flags&2 != 0 {
		p.MinuteRounding, p.CheckinPick = RoundCeil, PickLast
	}
	if flags&4 != 0 {
		p.CheckoutPick, p.MinutesPerDay = PickFirst, nil
	}
	if flags&8 != 0 {
		// Overnight roster every third day, off the day after.
		for d := -3; d < 40; d += 3 {
			night := Shift{Start: s.End, End: s.Start}
			c.Schedule.Roster = append(c.Schedule.Roster,
				RosterEntry{Date: c.Period.From.AddDays(d), Shift: &night},
				RosterEntry{Date: c.Period.From.AddDays(d + 1), Off: true})
		}
	}
	if flags&16 != 0 {
		c.Holidays = []Holiday{{Date{2025, 3, 4}, "Libur"}}
		c.Absences = []Absence{{Date{2025, 3, 5}, Date{2025, 3, 6}, "I"}, {Date{2025, 2, 27}, Date{2025, 2, 28}, "CT"}}
	}
	c.Events = fuzzEvents(c.Period.From, evs)
	return c
}

// fuzzEvents reads 4 bytes per event: type and day (b0), minute of the day
// (b1, b2) and second plus the offset it is written in (b3).
func fuzzEvents(from Date, b []byte) []Event {
	offsets := []*time.Location{time.UTC, time.FixedZone("", 7*3600), time.FixedZone("", 8*3600), time.FixedZone("", 9*3600)}
	var evs []Event
	for ; len(b) >= 4; b = b[4:] {
		typ := In
		if b[0]&1 != 0 {
			typ = Out
		}
		d := from.AddDays(int(b[0]>>1)%40 - 5)
		min := int(binary.BigEndian.Uint16(b[1:3])) % 1440
		loc := offsets[b[3]>>6]
		at := time.Date(d.Year, d.Month, d.Day, min/60, min%60, int(b[3]&63)%60, int(b[0])*1e6, loc)
		evs = append(evs, Event{At: at, Type: typ})
	}
	return evs
}

// checkInvariants asserts what must hold for every valid case.
func checkInvariants(t *testing.T, c *Case, r Result) {
	t.Helper()
	n := c.Period.To.ordinal() - c.Period.From.ordinal() + 1
	if len(r.Days) != n {
		t.Fatalf("%d days for a period of %d", len(r.Days), n)
	}
	s := r.Summary
	late, early := 0, 0
	for i, d := range r.Days {
		if want := c.Period.From.AddDays(i); d.Date != want {
			t.Fatalf("day %d is %s, want %s", i, d.Date, want)
		}
		if d.LateMin < 0 || d.EarlyMin < 0 || d.DeductionPct < 0 {
			t.Fatalf("%s: negative late %d / early %d / deduction %g", d.Date, d.LateMin, d.EarlyMin, d.DeductionPct)
		}
		if (len(d.Codes) == 0) == d.Scheduled || len(d.Reasons) != len(d.Codes) {
			t.Fatalf("%s: scheduled %v with codes %v and %d reasons", d.Date, d.Scheduled, d.Codes, len(d.Reasons))
		}
		if d.MadeUp && d.LateMin != 0 {
			t.Fatalf("%s: made up but %d min late", d.Date, d.LateMin)
		}
		checkCounted(t, c, d)
		late, early = addMin(late, d.LateMin), addMin(early, d.EarlyMin)
	}
	if s.DeductionPct < 0 || s.DeductionPct > c.Policy.MonthlyCapPct {
		t.Fatalf("summary deduction %g outside [0, %g]", s.DeductionPct, c.Policy.MonthlyCapPct)
	}
	if s.LateMin != late || s.EarlyMin != early || s.LateMin < 0 || s.EarlyMin < 0 {
		t.Fatalf("summary minutes %d/%d, days add up to %d/%d", s.LateMin, s.EarlyMin, late, early)
	}
	if s.PresentDays+s.AbsentDays > s.ScheduledDays || s.EquivalentAbsentDays < s.AbsentDays {
		t.Fatalf("summary counts inconsistent: %+v", s)
	}
	if _, err := jsonMarshal(r); err != nil {
		t.Fatalf("result does not marshal: %v", err)
	}
}

// checkCounted asserts that a counted event lies in its shift's window.
func checkCounted(t *testing.T, c *Case, d Day) {
	t.Helper()
	if d.Absence != nil && (d.CheckIn != nil || d.CheckOut != nil) {
		t.Fatalf("%s: on absence but has counted events", d.Date)
	}
	w := c.Policy
	if in := d.CheckIn; in != nil && (in.Before(d.Start.Add(-minutes(w.CheckinWindow.BeforeStartMin))) ||
		in.After(d.Start.Add(minutes(w.CheckinWindow.AfterStartMin)))) {
		t.Fatalf("%s: check-in %s outside the window of %s", d.Date, in, d.Start)
	}
	if out := d.CheckOut; out != nil && (out.Before(d.End.Add(-minutes(w.CheckoutWindow.BeforeEndMin))) ||
		out.After(d.End.Add(minutes(w.CheckoutWindow.AfterEndMin)))) {
		t.Fatalf("%s: check-out %s outside the window of %s", d.Date, out, d.End)
	}
}

// checkReferenceAssignment re-does rule 3 the slow, obvious way — every
// event against every shift — and compares the counted events.
func checkReferenceAssignment(t *testing.T, c *Case) {
	t.Helper()
	fast := buildPlans(c)
	assignEvents(c, fast)
	slow := buildPlans(c)
	for i := range c.Events {
		e := &c.Events[i]
		best := -1
		var bestDist time.Duration
		for j := range slow {
			if dist, ok := slow[j].fits(e, &c.Policy); ok && (best < 0 || dist < bestDist) {
				best, bestDist = j, dist
			}
		}
		if best >= 0 {
			slow[best].count(e, &c.Policy, c.Location)
		}
	}
	for i := range fast {
		f, s := fast[i], slow[i]
		if f.hasIn != s.hasIn || f.hasOut != s.hasOut || !f.in.Equal(s.in) || !f.out.Equal(s.out) {
			t.Fatalf("%s: assignment in %v/%s out %v/%s, reference in %v/%s out %v/%s", f.date,
				f.hasIn, f.in, f.hasOut, f.out, s.hasIn, s.in, s.hasOut, s.out)
		}
	}
}
