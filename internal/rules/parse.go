package rules

import (
	"encoding/json"
	"strings"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/attendance"
)

// probe wraps a policy or weekly fragment in a minimal case so that the
// engine's own decoder validates it: one validation, one set of messages.
func probe(policy, weekly string) (*attendance.Case, error) {
	if policy == "" {
		policy = neutralPolicy
	}
	if weekly == "" {
		weekly = "{}"
	}
	doc := `{"timezone":"Asia/Jakarta","period":{"from":"2025-01-01","to":"2025-01-01"},"policy":` + policy +
		`,"schedule":{"weekly":` + weekly + `}}`
	return attendance.DecodeCase([]byte(doc))
}

// ParsePolicy decodes and validates a policy body. Errors: invalid, with
// the JSON path of the field (e.g. policy.late_bands[1].from_min).
func ParsePolicy(body string) (attendance.Policy, error) {
	if !json.Valid([]byte(body)) {
		return attendance.Policy{}, apperr.InvalidField("policy", "rules.policy_json")
	}
	c, err := probe(body, "")
	if err != nil {
		return attendance.Policy{}, fieldError(err)
	}
	return c.Policy, nil
}

// ParseWeekly decodes and validates a weekly pattern. Errors: invalid, with
// the JSON path (e.g. weekly.mon.start).
func ParseWeekly(weekly string) (attendance.Weekly, error) {
	if !json.Valid([]byte(weekly)) {
		return attendance.Weekly{}, apperr.InvalidField("weekly", "rules.weekly_json")
	}
	c, err := probe("", weekly)
	if err != nil {
		return attendance.Weekly{}, fieldError(err)
	}
	return c.Schedule.Weekly, nil
}

func fieldError(err error) error {
	fe, ok := attendance.AsFieldError(err)
	if !ok {
		return apperr.New(apperr.Invalid, "rules.case_invalid", "detail", err)
	}
	path := strings.TrimPrefix(fe.Path, "schedule.")
	return apperr.InvalidField(path, "rules.case_invalid", "detail", fe.Msg)
}

// neutralPolicy is only a carrier for validating weekly patterns.
const neutralPolicy = `{"minute_rounding":"floor",
"checkin_window":{"before_start_min":0,"after_start_min":0},
"checkout_window":{"before_end_min":0,"after_end_min":0},
"checkin_pick":"first","checkout_pick":"last","late_tolerance_min":0,
"makeup":{"enabled":false,"max_min":0},
"late_bands":[{"code":"L","from_min":1,"to_min":null,"deduction_pct":0}],
"early_bands":[{"code":"E","from_min":1,"to_min":null,"deduction_pct":0}],
"missing_checkin":{"code":"L","deduction_pct":0,"count_min":0},
"missing_checkout":{"code":"E","deduction_pct":0,"count_min":0},
"absent":{"code":"A","deduction_pct":0},"absence_codes":{},
"minutes_per_day":null,"monthly_cap_pct":100}`

// DefaultPolicy is a regency policy that follows common practice (Perbup
// Kaur 03/2022, SIAP Tuba; see docs/RULES.md): TL/PSW bands 1–30/31–60/
// 61–90/91+ at 0.5/1/1.25/1.5 %, a missing check-in or check-out counts as
// the worst band, TK 3 % a day, capped at 100 % a month, 450 minutes of
// lateness per equivalent absent day. Every number is editable data.
const DefaultPolicy = `{
 "minute_rounding": "floor",
 "checkin_window": {"before_start_min": 120, "after_start_min": 240},
 "checkout_window": {"before_end_min": 240, "after_end_min": 240},
 "checkin_pick": "first", "checkout_pick": "last",
 "late_tolerance_min": 0,
 "makeup": {"enabled": false, "max_min": 30},
 "late_bands": [
  {"code": "TL1", "from_min": 1, "to_min": 30, "deduction_pct": 0.5},
  {"code": "TL2", "from_min": 31, "to_min": 60, "deduction_pct": 1},
  {"code": "TL3", "from_min": 61, "to_min": 90, "deduction_pct": 1.25},
  {"code": "TL4", "from_min": 91, "to_min": null, "deduction_pct": 1.5}],
 "early_bands": [
  {"code": "PSW1", "from_min": 1, "to_min": 30, "deduction_pct": 0.5},
  {"code": "PSW2", "from_min": 31, "to_min": 60, "deduction_pct": 1},
  {"code": "PSW3", "from_min": 61, "to_min": 90, "deduction_pct": 1.25},
  {"code": "PSW4", "from_min": 91, "to_min": null, "deduction_pct": 1.5}],
 "missing_checkin": {"code": "TL4", "deduction_pct": 1.5, "count_min": 0},
 "missing_checkout": {"code": "PSW4", "deduction_pct": 1.5, "count_min": 0},
 "absent": {"code": "TK", "deduction_pct": 3},
 "absence_codes": {"CT": 0, "CB": 0, "CS": 0, "CM": 0, "CAP": 0, "CLTN": 0, "DL": 0, "TB": 0, "I": 0.5},
 "minutes_per_day": 450,
 "monthly_cap_pct": 100
}`

// DefaultWeekly is the Perpres 21/2023 office week: Mon–Thu 07:30–16:00,
// Fri 07:30–16:30 (37.5 h with breaks excluded).
const DefaultWeekly = `{"mon":{"start":"07:30","end":"16:00"},"tue":{"start":"07:30","end":"16:00"},` +
	`"wed":{"start":"07:30","end":"16:00"},"thu":{"start":"07:30","end":"16:00"},"fri":{"start":"07:30","end":"16:30"}}`

// RamadanWeekly is the Ramadan office week: 08:00–15:00, Fri 08:00–15:30.
const RamadanWeekly = `{"mon":{"start":"08:00","end":"15:00"},"tue":{"start":"08:00","end":"15:00"},` +
	`"wed":{"start":"08:00","end":"15:00"},"thu":{"start":"08:00","end":"15:00"},"fri":{"start":"08:00","end":"15:30"}}`
