package checkin

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/batch"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/device"
	"github.com/hadir-id/hadir/internal/geo"
	"github.com/hadir-id/hadir/internal/i18n"
	"github.com/hadir-id/hadir/internal/org"
	"github.com/hadir-id/hadir/internal/rules"
	"github.com/hadir-id/hadir/internal/signals"
)

// historyDays is how far back a check-in reads the employee's events: the
// signals compare with the last ones, the day's preview needs three days
// before it (an overnight shift).
const historyDays = 7

// record judges the place and the signals, writes the event through the
// batching writer, and builds the answer. One read of the employee's recent
// events serves both the signals (before the write) and the day's status
// line (after it).
func (s *Service) record(ctx context.Context, emp org.Employee, loc *time.Location, dev device.Device, r Request, v verified,
	receivedAt time.Time, lang string) (Result, error) {
	day := civil.In(receivedAt, loc)
	fence, flexible, err := s.place(ctx, emp, r.Position, day)
	if err != nil {
		return Result{}, err
	}
	recent, err := s.Store.RecentEvents(ctx, emp.ID, day.AddDays(-historyDays).Time(loc))
	if err != nil {
		return Result{}, err
	}
	obs := signals.Observation{EmployeeID: emp.ID, DeviceKeyID: dev.KeyID, At: receivedAt, Lat: r.Position.Lat,
		Lon: r.Position.Lon, AccuracyM: r.Position.AccuracyM, SignCount: v.assertion.ReceivedSignCount,
		StoredSignCount: v.assertion.StoredSignCount}
	if r.Position.Timestamp > 0 {
		obs.PositionAt = time.UnixMilli(r.Position.Timestamp)
	}
	hist, err := s.history(ctx, obs, dev.ID, recent)
	if err != nil {
		return Result{}, err
	}
	sig := signals.Evaluate(obs, hist, s.Policy.Signals)
	ev := s.event(emp, dev, r, v, receivedAt, fence, flexible, sig)
	reasons := s.reviewReasons(ev, dev, fence, flexible, sig, receivedAt, lang)
	if len(reasons) > 0 {
		ev.Status = rules.EventPending
	}
	w, err := s.Writer.Submit(ctx, Write{Event: ev, Challenge: r.Challenge, Passkey: v.assertion.Passkey,
		PasskeyChanged: v.assertion.Changed, Day: day, RegencyID: emp.RegencyID})
	if errors.Is(err, batch.ErrOverloaded) || errors.Is(err, batch.ErrClosed) {
		// Nothing was stored; the app keeps the check-in in its queue and
		// retries with the same idempotency key after Retry-After.
		e := &apperr.Error{Code: apperr.Unavailable, Key: "checkin.busy", Err: err}
		if s.Receipts != nil {
			e.Detail = map[string]string{"receipt": s.Receipts.Issue(emp.ID, r.IdempotencyKey, receivedAt)}
		}
		return Result{}, e
	}
	if err != nil {
		return Result{}, err
	}
	if w.Err != nil {
		return Result{}, w.Err
	}
	res := Result{Event: w.Event, Duplicate: w.Duplicate, Geofence: fence, Signals: sig, Review: reasons}
	if res.Review == nil {
		res.Review = []string{}
	}
	if w.Duplicate {
		s.finish(ctx, emp, loc, dev, &res, lang)
		return res, nil
	}
	res.Status = s.statusLine(ctx, emp, loc, res.Event, append(recent, res.Event), lang)
	if next, err := s.Devices.NextChallenge(v.assertion); err == nil {
		res.Next = &next // else the app fetches one when it next opens
	}
	return res, nil
}

// history is what the signals compare with: the employee's last located
// events (from recent, oldest first), other employees at the same spot,
// and who else claimed this device.
func (s *Service) history(ctx context.Context, o signals.Observation, deviceID int64, recent []rules.Event) (signals.History, error) {
	var h signals.History
	for i := len(recent) - 1; i >= 0 && len(h.RecentAccuracies) < signalHistoryLen; i-- {
		e := recent[i]
		if e.Lat == nil || e.Lon == nil || e.Status == rules.EventRejected {
			continue
		}
		prev := signals.Observation{EmployeeID: e.EmployeeID, At: e.At, Lat: *e.Lat, Lon: *e.Lon}
		if e.AccuracyM != nil {
			prev.AccuracyM = *e.AccuracyM
		}
		if h.Previous == nil {
			h.Previous = &prev
		}
		h.RecentAccuracies = append(h.RecentAccuracies, prev.AccuracyM)
	}
	var err error
	if h.Nearby, err = s.Store.Nearby(ctx, o); err != nil {
		return h, err
	}
	h.DeviceEmployees, err = s.Store.DeviceClaimants(ctx, deviceID)
	return h, err
}

// signalHistoryLen is how many of the employee's last located events the
// signals see.
const signalHistoryLen = 8

// place runs the geofence over the agency's sites and the employee's extra
// sites of the day; a flexible-location day is recorded, not judged.
func (s *Service) place(ctx context.Context, emp org.Employee, pos Position, day civil.Date) (geo.Result, bool, error) {
	sites, err := s.Store.Sites(ctx, emp.Current.AgencyID)
	if err != nil {
		return geo.Result{}, false, err
	}
	locs, err := s.Store.WorkLocations(ctx, emp.ID)
	if err != nil {
		return geo.Result{}, false, err
	}
	flexible := false
	var extra []int64
	for _, l := range locs {
		if !l.Covers(day) {
			continue
		}
		if l.Kind == Flexible {
			flexible = true
		} else if l.SiteID != nil {
			extra = append(extra, *l.SiteID)
		}
	}
	if len(extra) > 0 {
		more, err := s.Store.SitesByID(ctx, extra)
		if err != nil {
			return geo.Result{}, false, err
		}
		sites = append(sites, more...)
	}
	res, err := geo.Check(geo.Fix{Lat: pos.Lat, Lon: pos.Lon, AccuracyM: pos.AccuracyM}, sites, s.Policy.Geo)
	return res, flexible, err
}

func (s *Service) event(emp org.Employee, dev device.Device, r Request, v verified, at time.Time, fence geo.Result,
	flexible bool, sig []signals.Signal) rules.Event {
	key, lat, lon, acc := r.IdempotencyKey, r.Position.Lat, r.Position.Lon, r.Position.AccuracyM
	ev := rules.Event{EmployeeID: emp.ID, At: at.UTC(), Type: r.Type, Source: "checkin", Status: rules.EventAccepted,
		CreatedAt: at.UTC(), IdempotencyKey: &key, DeviceID: &dev.ID, PasskeyID: &v.assertion.Passkey.ID,
		Lat: &lat, Lon: &lon, AccuracyM: &acc, Offline: r.Offline, Geofence: string(fence.Verdict), Signals: marshalSignals(sig)}
	if flexible {
		ev.Geofence = "flexible"
	}
	if fence.SiteID != 0 {
		ev.SiteID, ev.DistanceM = &fence.SiteID, &fence.DistanceM
	}
	if ct, err := r.claimed(); err == nil {
		ev.ClientTime = &ct
	}
	if r.Position.Timestamp > 0 {
		pa := time.UnixMilli(r.Position.Timestamp).UTC()
		ev.PositionAt = &pa
	}
	if !v.claimed.IsZero() {
		c := v.claimed.UTC()
		ev.ClaimedAt = &c
	}
	return ev
}

// reviewReasons lists, in the app's language, why the event goes to the
// supervisor's queue; none means accepted.
func (s *Service) reviewReasons(ev rules.Event, dev device.Device, fence geo.Result, flexible bool, sig []signals.Signal,
	at time.Time, lang string) []string {
	var out []string
	if !flexible {
		switch fence.Verdict {
		case geo.Outside:
			out = append(out, i18n.T(lang, "checkin.review_outside", map[string]string{
				"distance": strconv.Itoa(int(fence.DistanceM)), "site": fence.SiteName}))
		case geo.Unverifiable:
			out = append(out, i18n.T(lang, "checkin.review_unverifiable", map[string]string{
				"accuracy": strconv.Itoa(int(fence.AccuracyM)), "limit": strconv.Itoa(int(fence.AccuracyLimitM))}))
		}
	}
	if ev.ClaimedAt != nil && at.Sub(*ev.ClaimedAt) > s.Policy.OfflineReview {
		out = append(out, i18n.T(lang, "checkin.review_offline", map[string]string{
			"claimed": ev.ClaimedAt.In(at.Location()).Format("15:04")}))
	}
	if dev.Status == device.Pending {
		out = append(out, i18n.T(lang, "checkin.review_device_pending", nil))
	}
	for _, sg := range sig {
		out = append(out, i18n.T(lang, "signal."+string(sg.Code), nil))
	}
	return out
}

// replay answers a retry with the first event.
func (s *Service) replay(ctx context.Context, emp org.Employee, loc *time.Location, ev rules.Event, lang string) (Result, error) {
	res := Result{Event: ev, Duplicate: true, Review: []string{}}
	s.finish(ctx, emp, loc, device.Device{}, &res, lang)
	return res, nil
}

// finish adds the day's status line and the next challenge; neither may
// fail a check-in that is already stored.
func (s *Service) finish(ctx context.Context, emp org.Employee, loc *time.Location, dev device.Device, res *Result, lang string) {
	day := civil.In(res.Event.At, loc)
	if evs, err := s.Store.RecentEvents(ctx, emp.ID, day.AddDays(-historyDays).Time(loc)); err == nil {
		res.Status = s.statusLine(ctx, emp, loc, res.Event, evs, lang)
	} else {
		res.Status = s.statusLine(ctx, emp, loc, res.Event, nil, lang)
	}
	if dev.ID != 0 {
		if next, err := s.Devices.CheckinChallenge(ctx, emp.ID, dev.KeyID); err == nil {
			res.Next = &next
		}
	}
}
