package timesheet

import (
	"strconv"
	"time"

	"github.com/hadir-id/hadir/internal/attendance"
	"github.com/hadir-id/hadir/internal/i18n"
)

// Explain words a stored day, one line per code, in lang (id or en), with
// times in loc. Example: "TL2: masuk 07:41:10, jam kerja mulai 07:30,
// terlambat 41 menit, rentang TL2 31–60 menit, potongan 1%".
func Explain(d DayRecord, loc *time.Location, lang string) []string {
	var out []string
	if d.Holiday != nil {
		out = append(out, i18n.T(lang, "day.holiday", map[string]string{"name": *d.Holiday}))
	}
	if !d.Scheduled {
		return append(out, i18n.T(lang, "day.not_scheduled", nil))
	}
	for _, r := range d.Reasons {
		out = append(out, explainReason(d, r, loc, lang))
	}
	if d.Provisional {
		out = append(out, i18n.T(lang, "day.provisional", nil))
	}
	return out
}

func explainReason(d DayRecord, r Reason, loc *time.Location, lang string) string {
	at := d.CheckIn // late and present codes speak of the check-in
	if r.Kind == attendance.KindEarly {
		at = d.CheckOut
	}
	args := map[string]string{
		"code": r.Code, "min": strconv.Itoa(r.Minutes), "pct": i18n.Number(lang, r.DeductionPct),
		"at": clock(at, loc, "15:04:05"), "start": clock(d.ShiftStart, loc, "15:04"),
		"end": clock(d.ShiftEnd, loc, "15:04"), "tol": strconv.Itoa(r.ToleranceMin), "band": band(r, lang),
	}
	key := "reason." + string(r.Kind)
	if r.Kind == attendance.KindPresent && r.Minutes > 0 {
		key = "reason.present_tolerance"
		if r.MadeUp {
			key = "reason.present_madeup"
		}
	}
	return i18n.T(lang, key, args)
}

func band(r Reason, lang string) string {
	if r.BandFrom == nil {
		return ""
	}
	args := map[string]string{"from": strconv.Itoa(*r.BandFrom)}
	if r.BandTo == nil {
		return i18n.T(lang, "band.open", args)
	}
	args["to"] = strconv.Itoa(*r.BandTo)
	return i18n.T(lang, "band.closed", args)
}

func clock(t *time.Time, loc *time.Location, layout string) string {
	if t == nil {
		return "–"
	}
	return t.In(loc).Format(layout)
}
