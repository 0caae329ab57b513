package kinerja

import (
	"context"
	"net/url"
	"strings"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/attendance"
	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/org"
)

// DutyCodes are absence codes of days spent working elsewhere (dinas
// luar): logging on them is normal, though they lower the requirement.
var DutyCodes = []string{"DL"}

// EntryInput is a new or changed entry as the employee sends it. Minutes 0
// with an activity: standard minutes × volume.
type EntryInput struct {
	Date        civil.Date `json:"date"`
	RHKID       int64      `json:"rhk_id"`
	ActivityID  *int64     `json:"activity_id"`
	What        string     `json:"what"`
	Volume      float64    `json:"volume"`
	Unit        string     `json:"unit"`
	Minutes     int        `json:"minutes"`
	EvidenceURL string     `json:"evidence_url"`
}

// entryCtx is what checking one entry needs, read once per request.
type entryCtx struct {
	emp   org.Employee
	today civil.Date
	set   Settings
}

func (s *Service) entryContext(ctx context.Context, p *auth.Principal) (entryCtx, error) {
	e, today, err := s.self(ctx, p)
	if err != nil {
		return entryCtx{}, err
	}
	set, err := s.Store.KinerjaSettings(ctx, p.RegencyID)
	return entryCtx{emp: e, today: today, set: set}, err
}

// Log records a draft entry of the caller. Errors: invalid with the field
// named (a future date, past the late-entry window, an RHK not the
// caller's, minutes ≤ 0 or over the daily cap, a leave/sick/absent day
// when the setting refuses, an evidence link that is not http(s)).
func (s *Service) Log(ctx context.Context, p *auth.Principal, in EntryInput) (Entry, error) {
	ec, err := s.entryContext(ctx, p)
	if err != nil {
		return Entry{}, err
	}
	e, err := s.check(ctx, ec, in, 0)
	if err != nil {
		return Entry{}, err
	}
	return e, s.Store.CreateEntry(ctx, actorOf(p), &e)
}

// Update changes a draft or returned entry of the caller (it becomes a
// draft again). Errors: as Log; not_found; conflict (submitted or approved).
func (s *Service) Update(ctx context.Context, p *auth.Principal, id int64, in EntryInput) (Entry, error) {
	ec, err := s.entryContext(ctx, p)
	if err != nil {
		return Entry{}, err
	}
	old, err := s.ownEntry(ctx, ec.emp.ID, id)
	if err != nil {
		return Entry{}, err
	}
	e, err := s.check(ctx, ec, in, id)
	if err != nil {
		return Entry{}, err
	}
	e.ID, e.CreatedAt, e.EvidenceType = old.ID, old.CreatedAt, old.EvidenceType
	return e, s.Store.UpdateEntry(ctx, actorOf(p), &e)
}

// Delete removes a draft or returned entry of the caller.
func (s *Service) Delete(ctx context.Context, p *auth.Principal, id int64) error {
	e, _, err := s.self(ctx, p)
	if err != nil {
		return err
	}
	old, err := s.ownEntry(ctx, e.ID, id)
	if err != nil {
		return err
	}
	return s.Store.DeleteEntry(ctx, actorOf(p), old)
}

func (s *Service) ownEntry(ctx context.Context, empID, id int64) (Entry, error) {
	old, err := s.Store.Entry(ctx, id)
	if err != nil || old.EmployeeID != empID {
		return Entry{}, orNotFound(err, "kinerja.entry_missing")
	}
	if old.Status != StatusDraft && old.Status != StatusReturned {
		return Entry{}, apperr.New(apperr.Conflict, "kinerja.entry_locked", "status", old.Status)
	}
	return old, nil
}

// check validates one entry against the rules and the stored data and
// returns it ready to store as a draft.
func (s *Service) check(ctx context.Context, ec entryCtx, in EntryInput, exceptID int64) (Entry, error) {
	e := Entry{EmployeeID: ec.emp.ID, Date: in.Date, RHKID: in.RHKID, ActivityID: in.ActivityID, What: strings.TrimSpace(in.What),
		Volume: in.Volume, Unit: strings.TrimSpace(in.Unit), Minutes: in.Minutes, EvidenceURL: strings.TrimSpace(in.EvidenceURL), Status: StatusDraft}
	if err := s.checkDate(ctx, ec, in.Date); err != nil {
		return Entry{}, err
	}
	if err := s.checkRHK(ctx, ec.emp.ID, in); err != nil {
		return Entry{}, err
	}
	if in.Volume <= 0 || in.Volume > 1000 {
		return Entry{}, apperr.InvalidField("volume", "kinerja.range", "min", 0.01, "max", 1000)
	}
	if err := s.applyActivity(ctx, ec, &e); err != nil {
		return Entry{}, err
	}
	switch {
	case e.What == "" || len(e.What) > 500:
		return Entry{}, apperr.InvalidField("what", "kinerja.text_length", "min", 1, "max", 500)
	case e.Unit == "" || len(e.Unit) > 40:
		return Entry{}, apperr.InvalidField("unit", "kinerja.text_length", "min", 1, "max", 40)
	case e.Minutes <= 0:
		return Entry{}, apperr.InvalidField("minutes", "kinerja.minutes_positive")
	case e.Minutes > ec.set.DailyCap:
		return Entry{}, apperr.InvalidField("minutes", "kinerja.minutes_over_cap", "max", ec.set.DailyCap)
	case e.EvidenceURL != "" && !webLink(e.EvidenceURL):
		return Entry{}, apperr.InvalidField("evidence_url", "kinerja.evidence_link")
	}
	day, err := s.Store.DayMinutes(ctx, ec.emp.ID, in.Date, exceptID)
	if err != nil {
		return Entry{}, err
	}
	if day+e.Minutes > ec.set.DailyCap {
		return Entry{}, apperr.InvalidField("minutes", "kinerja.day_over_cap", "max", ec.set.DailyCap, "logged", day)
	}
	w, err := s.absenceWarning(ctx, ec, in.Date)
	e.Warning = w
	return e, err
}

// checkDate refuses a future date and one past the late-entry window
// (working days after the date, from the stored attendance days; weekdays
// where no day is stored yet).
func (s *Service) checkDate(ctx context.Context, ec entryCtx, d civil.Date) error {
	if d.IsZero() {
		return apperr.InvalidField("date", "kinerja.required")
	}
	if d.After(ec.today) {
		return apperr.InvalidField("date", "kinerja.future_date")
	}
	if d.Before(ec.today.AddDays(-62)) {
		return apperr.InvalidField("date", "kinerja.too_late", "days", ec.set.LateDays)
	}
	days, err := s.Store.Days(ctx, []int64{ec.emp.ID}, d.AddDays(1), ec.today)
	if err != nil {
		return err
	}
	working := map[civil.Date]bool{}
	for x := d.AddDays(1); !x.After(ec.today); x = x.AddDays(1) {
		working[x] = x.Weekday() != 0 && x.Weekday() != 6
	}
	for _, r := range days {
		working[r.Date] = r.Scheduled && r.Holiday == nil
	}
	if WorkingDaysBetween(working, d, ec.today) > ec.set.LateDays {
		return apperr.InvalidField("date", "kinerja.too_late", "days", ec.set.LateDays)
	}
	return nil
}

func (s *Service) checkRHK(ctx context.Context, empID int64, in EntryInput) error {
	if in.RHKID == 0 {
		return apperr.InvalidField("rhk_id", "kinerja.required")
	}
	_, k, err := s.Store.RHK(ctx, in.RHKID)
	if apperr.CodeOf(err) == apperr.NotFound || err == nil && (k.EmployeeID != empID || k.Year != in.Date.Year) {
		return apperr.InvalidField("rhk_id", "kinerja.rhk_not_yours")
	}
	return err
}

// applyActivity fills unit, text and minutes from the catalogue entry.
func (s *Service) applyActivity(ctx context.Context, ec entryCtx, e *Entry) error {
	if e.ActivityID == nil {
		return nil
	}
	a, err := s.Store.Activity(ctx, *e.ActivityID)
	if apperr.CodeOf(err) == apperr.NotFound || err == nil && (a.RegencyID != ec.emp.RegencyID || a.AgencyID != nil && *a.AgencyID != ec.emp.Current.AgencyID) {
		return apperr.InvalidField("activity_id", "kinerja.activity_unknown")
	} else if err != nil {
		return err
	}
	if e.What == "" {
		e.What = a.Name
	}
	e.Unit = a.Unit
	if e.Minutes == 0 {
		e.Minutes = int(float64(a.Minutes)*e.Volume + 0.5)
	}
	return nil
}

// absenceWarning applies the setting for a day the engine says was leave,
// sick or absent: refused, or stored with a warning the supervisor sees.
func (s *Service) absenceWarning(ctx context.Context, ec entryCtx, d civil.Date) (string, error) {
	if ec.set.AbsenceMode == AbsenceAllow {
		return "", nil
	}
	days, err := s.Store.Days(ctx, []int64{ec.emp.ID}, d, d)
	if err != nil || len(days) == 0 {
		return "", err
	}
	if !awayDay(days[0].Reasons) {
		return "", nil
	}
	if ec.set.AbsenceMode == AbsenceRefuse {
		return "", apperr.InvalidField("date", "kinerja.absence_day")
	}
	return "absence", nil
}

func awayDay(rs []timesheetReason) bool {
	for _, r := range rs {
		if r.Kind == attendance.KindAbsent || r.Kind == attendance.KindAbsence && !isDuty(r.AbsenceCode) {
			return true
		}
	}
	return false
}

func isDuty(code string) bool {
	for _, c := range DutyCodes {
		if c == code {
			return true
		}
	}
	return false
}

func webLink(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && len(s) <= 500
}
