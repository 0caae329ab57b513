package attendance

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func mustCaseJSON(t *testing.T, file string) []byte {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var cf caseFile
	if err := json.Unmarshal(data, &cf); err != nil {
		t.Fatal(err)
	}
	return cf.Case
}

// Errors that only raw JSON text can show.
func TestDecodeCaseMalformed(t *testing.T) {
	valid := string(mustCaseJSON(t, "testdata/cases/02-band-edges.json"))
	tests := []struct {
		name, text, wantPath string
	}{
		{"empty input", "", "$"},
		{"truncated", valid[:len(valid)/2], "$"},
		{"trailing comma", `{"timezone": "Asia/Jakarta",}`, "$"},
		{"trailing data", valid + ` {}`, "$"},
		{"not an object", `["Asia/Jakarta"]`, "$"},
		{"duplicate key", strings.Replace(valid, `"timezone": "Asia/Jakarta"`,
			`"timezone": "Asia/Jakarta", "timezone": "Asia/Makassar"`, 1), "timezone"},
		{"duplicate weekday", strings.Replace(valid, `"weekly": {`,
			`"weekly": {"mon": {"start": "07:30", "end": "16:00"},`, 1), "schedule.weekly.mon"},
		{"duplicate absence code", strings.Replace(valid, `"CT": 0,`, `"CT": 0, "CT": 1,`, 1),
			"policy.absence_codes.CT"},
		{"huge minutes", strings.Replace(valid, `"count_min": 0`, `"count_min": 1e300`, 1),
			"policy.missing_checkin.count_min"},
		{"huge percent", strings.Replace(valid, `"monthly_cap_pct": 100`, `"monthly_cap_pct": 1e999`, 1),
			"policy.monthly_cap_pct"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { wantPathErr(t, []byte(tc.text), tc.wantPath) })
	}
}

func TestDecodeCaseMalformedNamesOffset(t *testing.T) {
	_, err := DecodeCase([]byte(`{"timezone": x}`))
	if err == nil || !strings.Contains(err.Error(), "offset 14") {
		t.Errorf("error %v, want the offset of the bad byte (14)", err)
	}
}

// What the spec allows to be left out, and forms it allows.
func TestDecodeCaseAccepts(t *testing.T) {
	tests := []struct {
		name  string
		path  string
		value any
	}{
		{"no holidays", "holidays", deleteField{}},
		{"null absences", "absences", nil},
		{"no events", "events", deleteField{}},
		{"no weekly", "schedule.weekly", deleteField{}},
		{"empty schedule", "schedule", map[string]any{}},
		{"null minutes_per_day", "policy.minutes_per_day", nil},
		{"Z instant", "events[0].at", "2025-03-03T00:20:00Z"},
		{"lower-case t and z", "events[0].at", "2025-03-03t00:20:00z"},
		{"fractional seconds", "events[0].at", "2025-03-03T07:20:00.123456789123+07:00"},
		{"weekday given as null", "schedule.weekly.sat", nil},
		{"roster off false with times", "schedule.roster[0].off", false},
		{"zero windows", "policy.checkin_window", map[string]any{"before_start_min": 0, "after_start_min": 720}},
		{"UTC zone", "timezone", "UTC"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := baseDoc(t)
			mutate(t, doc, tc.path, tc.value)
			data, _ := json.Marshal(doc)
			if _, err := DecodeCase(data); err != nil {
				t.Fatalf("DecodeCase: %v", err)
			}
		})
	}
}

// Number and instant forms that only raw text can carry.
func TestDecodeCaseNumberForms(t *testing.T) {
	valid := string(mustCaseJSON(t, "testdata/cases/01-office-week.json"))
	tests := []struct {
		old, new string
		check    func(c *Case) bool
	}{
		{`"minutes_per_day": 450`, `"minutes_per_day": 450.0`, func(c *Case) bool { return *c.Policy.MinutesPerDay == 450 }},
		{`"max_min": 30`, `"max_min": 3e1`, func(c *Case) bool { return c.Policy.Makeup.MaxMin == 30 }},
		{`"2025-03-03T07:20:00+07:00"`, `"2025-03-03T07:20:00.1234567899+07:00"`,
			func(c *Case) bool { return c.Events[0].At.Nanosecond() == 123456789 }},
		{`"2025-03-03T07:20:00+07:00"`, `"2025-03-03T00:20:00-00:00"`,
			func(c *Case) bool { return c.Events[0].At.Location() == time.UTC }},
	}
	for _, tc := range tests {
		t.Run(tc.new, func(t *testing.T) {
			c, err := DecodeCase([]byte(strings.Replace(valid, tc.old, tc.new, 1)))
			if err != nil {
				t.Fatal(err)
			}
			if !tc.check(c) {
				t.Errorf("decoded value wrong")
			}
		})
	}
}

// Validate on cases built in Go, which DecodeCase cannot produce.
func TestValidateGoBuilt(t *testing.T) {
	tests := []struct {
		name     string
		change   func(c *Case)
		wantPath string
	}{
		{"no location", func(c *Case) { c.Location = nil }, "timezone"},
		{"location of another zone", func(c *Case) { c.Location = time.UTC }, "timezone"},
		{"impossible date", func(c *Case) { c.Period.From = Date{2025, 2, 30} }, "period.from"},
		{"clock past midnight", func(c *Case) { c.Schedule.Weekly[time.Monday].Start = 1440 }, "schedule.weekly.mon.start"},
		{"negative clock", func(c *Case) { c.Schedule.Weekly[time.Friday].End = -1 }, "schedule.weekly.fri.end"},
		{"roster off and shift", func(c *Case) {
			c.Schedule.Roster = []RosterEntry{{Date: Date{2025, 3, 4}, Off: true, Shift: shift("07:00", "08:00")}}
		}, "schedule.roster[0].off"},
		{"roster neither", func(c *Case) {
			c.Schedule.Roster = []RosterEntry{{Date: Date{2025, 3, 4}}}
		}, "schedule.roster[0].start"},
		{"NaN percent", func(c *Case) { c.Policy.MonthlyCapPct = math.NaN() }, "policy.monthly_cap_pct"},
		{"infinite percent", func(c *Case) { c.Policy.AbsenceCodes["CT"] = math.Inf(1) }, "policy.absence_codes.CT"},
		{"unset event instant", func(c *Case) { c.Events = []Event{{Type: In}} }, "events[0].at"},
		{"empty event type", func(c *Case) {
			c.Events = []Event{{At: time.Date(2025, 3, 3, 7, 0, 0, 0, time.UTC)}}
		}, "events[0].type"},
		{"period range reversed", func(c *Case) {
			c.Schedule.Periods = []SchedulePeriod{{From: Date{2025, 3, 5}, To: Date{2025, 3, 4}}}
		}, "schedule.periods[0].from"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := officeCase(t)
			tc.change(c)
			err := c.Validate()
			fe, ok := AsFieldError(err)
			if !ok || fe.Path != tc.wantPath {
				t.Errorf("Validate() = %v, want an error at %s", err, tc.wantPath)
			}
		})
	}
	if err := officeCase(t).Validate(); err != nil {
		t.Errorf("officeCase is invalid: %v", err)
	}
}

// EncodeCase writes what DecodeCase reads back unchanged.
func TestEncodeCaseRoundTrip(t *testing.T) {
	files, _ := filepath.Glob("testdata/cases/*.json")
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			c1, err := DecodeCase(mustCaseJSON(t, f))
			if err != nil {
				t.Fatal(err)
			}
			enc, err := EncodeCase(c1)
			if err != nil {
				t.Fatal(err)
			}
			c2, err := DecodeCase(enc)
			if err != nil {
				t.Fatalf("DecodeCase(EncodeCase(c)): %v\n%s", err, enc)
			}
			if !reflect.DeepEqual(c1, c2) {
				t.Errorf("round trip changed the case:\n%s", enc)
			}
			byPtr, _ := json.Marshal(c2)
			byVal, _ := json.Marshal(*c2)
			if !bytes.Equal(compact(t, enc), byPtr) || !bytes.Equal(byPtr, byVal) {
				t.Errorf("MarshalJSON and EncodeCase differ")
			}
		})
	}
}

func TestEncodeCaseGoBuilt(t *testing.T) {
	c := withEvents(t, officeCase(t), "in 2025-03-03T07:41:10.5+07:00", "out 2025-03-03T09:00:00Z")
	roster("2025-03-04 off", "2025-03-05 21:00-07:00")(t, c)
	enc, err := EncodeCase(c)
	if err != nil {
		t.Fatal(err)
	}
	back, err := DecodeCase(enc)
	if err != nil {
		t.Fatalf("%v\n%s", err, enc)
	}
	a, b := mustEvaluate(t, c), Evaluate(back)
	if mustJSON(t, a) != mustJSON(t, b) {
		t.Errorf("evaluating the exported case differs")
	}
	for _, want := range []string{`"weekly": {`, `"mon": {`, `"at": "2025-03-03T07:41:10.5+07:00"`, `"off": true`} {
		if !strings.Contains(string(enc), want) {
			t.Errorf("export lacks %s:\n%s", want, enc)
		}
	}
}

func compact(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := json.Compact(&buf, b); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestPeriodLimit(t *testing.T) {
	c := officeCase(t)
	c.Period.To = c.Period.From.AddDays(MaxPeriodDays - 1)
	if err := c.Validate(); err != nil {
		t.Fatalf("a period of MaxPeriodDays: %v", err)
	}
	if n := len(Evaluate(c).Days); n != MaxPeriodDays {
		t.Errorf("%d days, want %d", n, MaxPeriodDays)
	}
	c.Period.To = c.Period.To.AddDays(1)
	if fe, ok := AsFieldError(c.Validate()); !ok || fe.Path != "period.to" {
		t.Errorf("a period of MaxPeriodDays+1: %v, want an error at period.to", fe)
	}
}
