package checkin

import (
	"context"
	"strconv"
	"time"

	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/i18n"
	"github.com/hadir-id/hadir/internal/org"
	"github.com/hadir-id/hadir/internal/rules"
)

// statusLine words the day after this event with the rules engine, e.g.
// "Masuk 07:24 — tepat waktu" or "Masuk 07:41 — terlambat 11 menit (TL1)".
// The preview is computed from the employee's events as this check-in saw
// them (evs, which include ev); the stored day follows through the outbox.
func (s *Service) statusLine(ctx context.Context, emp org.Employee, loc *time.Location, ev rules.Event, evs []rules.Event, lang string) string {
	at := ev.At.In(loc).Format("15:04")
	args := map[string]string{"time": at}
	key := "checkin." + ev.Type
	d, ok, err := s.Days.PreviewEvents(ctx, emp.RegencyID, emp.ID, civil.In(ev.At, loc), evs)
	if err != nil || !ok || !d.Scheduled {
		return i18n.T(lang, key+"_no_shift", args)
	}
	for _, r := range d.Reasons {
		args["code"], args["min"] = r.Code, strconv.Itoa(r.Minutes)
		switch {
		case ev.Type == "in" && r.Kind == "late":
			return i18n.T(lang, "checkin.in_late", args)
		case ev.Type == "out" && r.Kind == "early":
			return i18n.T(lang, "checkin.out_early", args)
		}
	}
	return i18n.T(lang, key+"_ok", args)
}
