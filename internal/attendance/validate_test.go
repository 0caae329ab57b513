package attendance

import (
	"encoding/json"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// deleteField, as a mutation value, removes the field.
type deleteField struct{}

// baseDoc is the case of 01-office-week.json as generic JSON, plus a
// roster, a holiday and a schedule period, so that every field exists.
func baseDoc(t *testing.T) map[string]any {
	t.Helper()
	data, err := os.ReadFile("testdata/cases/01-office-week.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct{ Case map[string]any }
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	sched := f.Case["schedule"].(map[string]any)
	sched["roster"] = []any{
		map[string]any{"date": "2025-03-08", "start": "08:00", "end": "14:00"},
		map[string]any{"date": "2025-03-04", "off": true},
	}
	sched["periods"] = []any{map[string]any{"from": "2025-03-01", "to": "2025-03-31",
		"weekly": map[string]any{"fri": map[string]any{"start": "08:00", "end": "15:30"}}}}
	f.Case["holidays"] = []any{map[string]any{"date": "2025-03-28", "name": "Nyepi"}}
	f.Case["absences"] = append(f.Case["absences"].([]any),
		map[string]any{"from": "2025-03-05", "to": "2025-03-06", "code": "DL"})
	return f.Case
}

var pathPart = regexp.MustCompile(`[^.\[\]]+|\[\d+\]`)

// mutate sets (or, with deleteField, removes) the value at a JSON path
// such as policy.late_bands[1].from_min.
func mutate(t *testing.T, doc map[string]any, path string, value any) {
	t.Helper()
	parts := pathPart.FindAllString(path, -1)
	var cur any = doc
	for i, p := range parts {
		last := i == len(parts)-1
		if strings.HasPrefix(p, "[") {
			n, _ := strconv.Atoi(p[1 : len(p)-1])
			arr := cur.([]any)
			if last {
				arr[n] = value
				return
			}
			cur = arr[n]
			continue
		}
		obj := cur.(map[string]any)
		if last {
			if _, del := value.(deleteField); del {
				delete(obj, p)
			} else {
				obj[p] = value
			}
			return
		}
		cur = obj[p]
	}
}

// TestBaseDocIsValid makes sure the mutation tests start from a valid case.
func TestBaseDocIsValid(t *testing.T) {
	data, _ := json.Marshal(baseDoc(t))
	if _, err := DecodeCase(data); err != nil {
		t.Fatal(err)
	}
}

// badInput is one "Bad input" row: mutations of baseDoc and the JSON path
// the error must name.
type badInput struct {
	name     string
	muts     []mut
	wantPath string
}

type mut struct {
	path  string
	value any
}

func shiftObj(s, e string) map[string]any { return map[string]any{"start": s, "end": e} }

// bandsDoc builds a band list from (from_min, to_min) pairs.
func bandsDoc(pairs ...[2]any) []any {
	var out []any
	for i, p := range pairs {
		out = append(out, map[string]any{"code": "B" + strconv.Itoa(i), "from_min": p[0], "to_min": p[1], "deduction_pct": 1})
	}
	return out
}

// One row per "Bad input" rule of the spec: the error must name the
// offending field by its JSON path.
func TestDecodeCaseBadInput(t *testing.T) {
	var tests []badInput
	for _, group := range [][]badInput{badShape(), badForm(), badSchedule(), badPolicy()} {
		tests = append(tests, group...)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := baseDoc(t)
			for _, m := range tc.muts {
				mutate(t, doc, m.path, m.value)
			}
			data, err := json.Marshal(doc)
			if err != nil {
				t.Fatal(err)
			}
			wantPathErr(t, data, tc.wantPath)
		})
	}
}

// badShape: unknown or missing fields and wrong JSON types.
func badShape() []badInput {
	return []badInput{
		{"unknown top-level field", []mut{{"extra", 1}}, "extra"},
		{"unknown policy field", []mut{{"policy.grace_min", 5}}, "policy.grace_min"},
		{"unknown band field", []mut{{"policy.late_bands[1].label", "x"}}, "policy.late_bands[1].label"},
		{"unknown event field", []mut{{"events[2].device", "x"}}, "events[2].device"},
		{"missing timezone", []mut{{"timezone", deleteField{}}}, "timezone"},
		{"missing period", []mut{{"period", deleteField{}}}, "period"},
		{"missing period.to", []mut{{"period.to", deleteField{}}}, "period.to"},
		{"missing schedule", []mut{{"schedule", deleteField{}}}, "schedule"},
		{"missing band to_min", []mut{{"policy.late_bands[3].to_min", deleteField{}}}, "policy.late_bands[3].to_min"},
		{"missing makeup.max_min", []mut{{"policy.makeup.max_min", deleteField{}}}, "policy.makeup.max_min"},
		{"missing event type", []mut{{"events[0].type", deleteField{}}}, "events[0].type"},
		{"missing shift end", []mut{{"schedule.weekly.tue", map[string]any{"start": "07:30"}}}, "schedule.weekly.tue.end"},
		{"missing holiday name", []mut{{"holidays[0].name", deleteField{}}}, "holidays[0].name"},
		{"missing absence code", []mut{{"absences[1].code", deleteField{}}}, "absences[1].code"},
		{"missing period weekly", []mut{{"schedule.periods[0].weekly", deleteField{}}}, "schedule.periods[0].weekly"},
		{"string for number", []mut{{"policy.late_tolerance_min", "15"}}, "policy.late_tolerance_min"},
		{"string for bool", []mut{{"policy.makeup.enabled", "yes"}}, "policy.makeup.enabled"},
		{"null for required", []mut{{"policy.absent.code", nil}}, "policy.absent.code"},
		{"object for array", []mut{{"events", map[string]any{}}}, "events"},
	}
}

// badForm: dates, times of day, instants and weekdays not in their forms.
func badForm() []badInput {
	return []badInput{
		{"unknown weekday", []mut{{"schedule.weekly.monday", shiftObj("07:30", "16:00")}}, "schedule.weekly.monday"},
		{"unknown weekday in period", []mut{{"schedule.periods[0].weekly.Fri", shiftObj("07:30", "16:00")}},
			"schedule.periods[0].weekly.Fri"},
		{"date not zero-padded", []mut{{"period.from", "2025-3-03"}}, "period.from"},
		{"impossible date", []mut{{"holidays[0].date", "2025-02-29"}}, "holidays[0].date"},
		{"date with time", []mut{{"absences[0].to", "2025-03-07T00:00:00Z"}}, "absences[0].to"},
		{"time without zero", []mut{{"schedule.weekly.mon.start", "7:30"}}, "schedule.weekly.mon.start"},
		{"time 24:00", []mut{{"schedule.weekly.mon.end", "24:00"}}, "schedule.weekly.mon.end"},
		{"time with seconds", []mut{{"schedule.roster[0].start", "08:00:00"}}, "schedule.roster[0].start"},
		{"minute 60", []mut{{"schedule.periods[0].weekly.fri.start", "07:60"}}, "schedule.periods[0].weekly.fri.start"},
		{"instant without seconds", []mut{{"events[3].at", "2025-03-04T16:00+07:00"}}, "events[3].at"},
		{"instant without offset", []mut{{"events[0].at", "2025-03-03T07:20:00"}}, "events[0].at"},
		{"instant with space", []mut{{"events[1].at", "2025-03-03 16:05:00+07:00"}}, "events[1].at"},
		{"instant offset without colon", []mut{{"events[1].at", "2025-03-03T16:05:00+0700"}}, "events[1].at"},
		{"instant as number", []mut{{"events[1].at", 1741000000}}, "events[1].at"},
	}
}

// badSchedule: shifts, roster, period, zone, events, absences and holidays.
func badSchedule() []badInput {
	return []badInput{
		{"shift end equals start", []mut{{"schedule.weekly.wed", shiftObj("07:30", "07:30")}}, "schedule.weekly.wed.end"},
		{"roster end equals start", []mut{{"schedule.roster[0].end", "08:00"}}, "schedule.roster[0].end"},
		{"roster off with times", []mut{{"schedule.roster[1].start", "08:00"}}, "schedule.roster[1].off"},
		{"roster off with times (end only)", []mut{{"schedule.roster[1].end", "08:00"}}, "schedule.roster[1].off"},
		{"roster neither off nor times", []mut{{"schedule.roster[1].off", false}}, "schedule.roster[1].start"},
		{"period from after to", []mut{{"period.from", "2025-03-10"}}, "period.from"},
		{"period over ten years", []mut{{"period.to", "2045-03-09"}}, "period.to"},
		{"unknown zone", []mut{{"timezone", "Asia/Atlantis"}}, "timezone"},
		{"Local is not a zone", []mut{{"timezone", "Local"}}, "timezone"},
		{"empty zone", []mut{{"timezone", ""}}, "timezone"},
		{"unknown event type", []mut{{"events[4].type", "break"}}, "events[4].type"},
		{"absence code not in policy", []mut{{"absences[1].code", "XX"}}, "absences[1].code"},
		{"roster date twice", []mut{{"schedule.roster[1].date", "2025-03-08"}}, "schedule.roster[1].date"},
		{"holiday date twice", []mut{{"holidays", []any{
			map[string]any{"date": "2025-03-28", "name": "a"}, map[string]any{"date": "2025-03-28", "name": "b"}}}},
			"holidays[1].date"},
		{"overlapping absences", []mut{{"absences[1].to", "2025-03-07"}}, "absences[1].from"},
		{"absence from after to", []mut{{"absences[1].from", "2025-03-07"}}, "absences[1].from"},
	}
}

// badPolicy: bands, minutes, percentages and enumerations.
func badPolicy() []badInput {
	return []badInput{
		{"bands unordered", []mut{{"policy.late_bands", bandsDoc([2]any{31, 60}, [2]any{1, 30}, [2]any{61, nil})}},
			"policy.late_bands[0].from_min"},
		{"bands overlap", []mut{{"policy.late_bands[1].from_min", 30}}, "policy.late_bands[1].from_min"},
		{"bands leave a gap", []mut{{"policy.early_bands[2].from_min", 62}}, "policy.early_bands[2].from_min"},
		{"first band not from 1", []mut{{"policy.late_bands[0].from_min", 0}}, "policy.late_bands[0].from_min"},
		{"bands do not end open", []mut{{"policy.early_bands[3].to_min", 120}}, "policy.early_bands[3].to_min"},
		{"open band not last", []mut{{"policy.late_bands[1].to_min", nil}}, "policy.late_bands[1].to_min"},
		{"band to below from", []mut{{"policy.late_bands", bandsDoc([2]any{1, 0}, [2]any{1, nil})}},
			"policy.late_bands[0].to_min"},
		{"no bands", []mut{{"policy.early_bands", []any{}}}, "policy.early_bands"},
		{"negative max_min", []mut{{"policy.makeup.max_min", -1}}, "policy.makeup.max_min"},
		{"negative count_min", []mut{{"policy.missing_checkout.count_min", -5}}, "policy.missing_checkout.count_min"},
		{"negative window", []mut{{"policy.checkin_window.before_start_min", -1}}, "policy.checkin_window.before_start_min"},
		{"window over 720", []mut{{"policy.checkout_window.after_end_min", 721}}, "policy.checkout_window.after_end_min"},
		{"tolerance over 720", []mut{{"policy.late_tolerance_min", 721}}, "policy.late_tolerance_min"},
		{"negative tolerance", []mut{{"policy.late_tolerance_min", -1}}, "policy.late_tolerance_min"},
		{"fractional minutes", []mut{{"policy.checkin_window.after_start_min", 30.5}}, "policy.checkin_window.after_start_min"},
		{"negative band pct", []mut{{"policy.late_bands[2].deduction_pct", -0.5}}, "policy.late_bands[2].deduction_pct"},
		{"negative absent pct", []mut{{"policy.absent.deduction_pct", -3}}, "policy.absent.deduction_pct"},
		{"negative missing pct", []mut{{"policy.missing_checkin.deduction_pct", -1}}, "policy.missing_checkin.deduction_pct"},
		{"negative absence code pct", []mut{{"policy.absence_codes.CS", -1}}, "policy.absence_codes.CS"},
		{"negative cap", []mut{{"policy.monthly_cap_pct", -1}}, "policy.monthly_cap_pct"},
		{"minutes_per_day zero", []mut{{"policy.minutes_per_day", 0}}, "policy.minutes_per_day"},
		{"minutes_per_day negative", []mut{{"policy.minutes_per_day", -450}}, "policy.minutes_per_day"},
		{"unknown rounding", []mut{{"policy.minute_rounding", "round"}}, "policy.minute_rounding"},
		{"unknown checkin pick", []mut{{"policy.checkin_pick", "middle"}}, "policy.checkin_pick"},
		{"unknown checkout pick", []mut{{"policy.checkout_pick", "Last"}}, "policy.checkout_pick"},
	}
}

// Every policy field is required.
func TestDecodeCaseEveryPolicyFieldRequired(t *testing.T) {
	for key := range baseDoc(t)["policy"].(map[string]any) {
		t.Run(key, func(t *testing.T) {
			doc := baseDoc(t)
			delete(doc["policy"].(map[string]any), key)
			data, _ := json.Marshal(doc)
			wantPathErr(t, data, "policy."+key)
		})
	}
}

func wantPathErr(t *testing.T, data []byte, wantPath string) {
	t.Helper()
	c, err := DecodeCase(data)
	if err == nil {
		t.Fatalf("DecodeCase accepted the case (%+v), want an error at %s", c.Period, wantPath)
	}
	fe, ok := AsFieldError(err)
	if !ok {
		t.Fatalf("error %T %v is not a *FieldError", err, err)
	}
	if fe.Path != wantPath {
		t.Errorf("error at %q (%v), want %q", fe.Path, err, wantPath)
	}
	if !strings.HasPrefix(err.Error(), wantPath+": ") || strings.Contains(err.Error(), "\n") {
		t.Errorf("Error() = %q, want one line starting %q", err.Error(), wantPath+": ")
	}
	if _, err := EvaluateJSON(data); err == nil || err.Error() != fe.Error() {
		t.Errorf("EvaluateJSON error %v, want %v", err, fe)
	}
}

// Paths stay one line whatever the keys hold.
func TestPathQuoting(t *testing.T) {
	tests := []struct {
		path     string
		value    any
		wantPath string
	}{
		{"a\nb", 1, `["a\nb"]`},
		{"policy.absence_codes", map[string]any{"C T": -1.0}, `policy.absence_codes["C T"]`},
		{"schedule.weekly", map[string]any{"mon.start": "x"}, `schedule.weekly["mon.start"]`},
	}
	for _, tc := range tests {
		doc := baseDoc(t)
		mutate(t, doc, tc.path, tc.value)
		data, _ := json.Marshal(doc)
		wantPathErr(t, data, tc.wantPath)
	}
}
