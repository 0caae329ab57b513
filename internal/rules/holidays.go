package rules

import (
	"context"
	"fmt"
	"slices"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/calendar"
	"github.com/hadir-id/hadir/internal/civil"
)

// Holidays lists the regency's holidays of a year.
func (s *Service) Holidays(ctx context.Context, p *auth.Principal, year int) ([]Holiday, error) {
	if year < 2000 || year > 2100 {
		return nil, apperr.InvalidField("year", "rules.year_range")
	}
	return s.Store.Holidays(ctx, p.RegencyID, civil.Date{Year: year, Month: 1, Day: 1}, civil.Date{Year: year, Month: 12, Day: 31})
}

// CreateHoliday adds a holiday (BKD). Errors: invalid, forbidden, conflict.
func (s *Service) CreateHoliday(ctx context.Context, p *auth.Principal, h *Holiday) (Change, error) {
	if !p.IsRegencyAdmin() {
		return Change{}, apperr.New(apperr.Forbidden, "rules.holidays_bkd_only")
	}
	var err error
	if h.Name, err = checkName(h.Name); err != nil {
		return Change{}, err
	}
	if h.Date.IsZero() {
		return Change{}, apperr.InvalidField("date", "request.date_required")
	}
	if !slices.Contains([]string{HolidayNational, HolidayCutiBersama, HolidayRegional}, h.Kind) {
		return Change{}, apperr.InvalidField("kind", "rules.holiday_kind")
	}
	h.ID, h.RegencyID = 0, p.RegencyID
	if err := s.Store.CreateHoliday(ctx, actorOf(p), h); err != nil {
		return Change{}, err
	}
	from, err := s.afterChange(ctx, p, nil, h.Date, "holiday")
	return Change{RecalculateFrom: from}, err
}

// DeleteHoliday removes a holiday (BKD), e.g. a cuti bersama revoked by a
// new Keppres. Errors: not_found, forbidden.
func (s *Service) DeleteHoliday(ctx context.Context, p *auth.Principal, id int64) (Change, error) {
	if !p.IsRegencyAdmin() {
		return Change{}, apperr.New(apperr.Forbidden, "rules.holidays_bkd_only")
	}
	h, err := s.Store.Holiday(ctx, id)
	if err != nil || h.RegencyID != p.RegencyID {
		return Change{}, apperr.New(apperr.NotFound, "rules.holiday_not_found")
	}
	if err := s.Store.DeleteHoliday(ctx, actorOf(p), h); err != nil {
		return Change{}, err
	}
	from, err := s.afterChange(ctx, p, nil, h.Date, "holiday")
	return Change{RecalculateFrom: from}, err
}

// ImportHolidays copies the shipped national calendar of a year into the
// regency, skipping dates it already has. Errors: forbidden, invalid.
func (s *Service) ImportHolidays(ctx context.Context, p *auth.Principal, year int) (int, error) {
	if !p.IsRegencyAdmin() {
		return 0, apperr.New(apperr.Forbidden, "rules.holidays_bkd_only")
	}
	hs, err := CalendarHolidays(p.RegencyID, year)
	if err != nil {
		return 0, err
	}
	return s.Store.ImportHolidays(ctx, actorOf(p), hs)
}

// CalendarHolidays converts the shipped calendar of a year into holidays of
// a regency. Errors: invalid (year not shipped).
func CalendarHolidays(regencyID int64, year int) ([]Holiday, error) {
	src, err := calendar.Holidays(year)
	if err != nil {
		return nil, apperr.InvalidField("year", "rules.calendar_unavailable", "year", year, "years", calendar.Years())
	}
	out := make([]Holiday, 0, len(src))
	for _, h := range src {
		d, err := civil.Parse(h.Date)
		if err != nil {
			return nil, fmt.Errorf("calendar %d: %w", year, err)
		}
		out = append(out, Holiday{RegencyID: regencyID, Date: d, Name: h.Name, Kind: h.Kind})
	}
	return out, nil
}
