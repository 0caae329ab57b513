package rules

import (
	"context"
	"strconv"
	"time"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/attendance"
	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/civil"
)

// Roster lists an employee's roster between two dates: the employee
// themself, or whoever manages them on every one of those dates.
// Errors: not_found, invalid (a date outside the caller's scope).
func (s *Service) Roster(ctx context.Context, p *auth.Principal, employeeID int64, from, to civil.Date) ([]RosterEntry, error) {
	if _, err := s.reach(ctx, p, employeeID, from, to, readAccess); err != nil {
		return nil, err
	}
	return s.Store.Roster(ctx, []int64{employeeID}, from, to)
}

// PutRoster sets shifts or days off for dates (jadwal dinas). A roster is a
// fact of those dates, not a rule version, so their days are recomputed at
// once, past ones included. Every date must be in the caller's scope, and
// nobody sets their own roster. Errors: invalid (names the entry),
// not_found, forbidden (one's own roster).
func (s *Service) PutRoster(ctx context.Context, p *auth.Principal, employeeID int64, entries []RosterEntry) error {
	if len(entries) == 0 || len(entries) > 400 {
		return apperr.InvalidField("entries", "rules.roster_count")
	}
	first, last, err := checkRoster(entries)
	if err != nil {
		return err
	}
	if p.EmployeeID != nil && *p.EmployeeID == employeeID {
		return apperr.New(apperr.Forbidden, "rules.roster_own")
	}
	as, err := s.reach(ctx, p, employeeID, first, last, manageAccess)
	if err != nil {
		return err
	}
	if err := s.Store.PutRoster(ctx, actorOf(p), as[0].AgencyID, employeeID, entries); err != nil {
		return err
	}
	_, err = s.Recompute.QueueRecompute(ctx, actorOf(p), p.RegencyID, nil, &employeeID, first.AddDays(-1), last, "roster", false)
	return err
}

// checkRoster validates entries with the engine's own rules (a shift or
// off, HH:MM times, end ≠ start, each date once) and returns the date range.
func checkRoster(entries []RosterEntry) (first, last civil.Date, err error) {
	seen := map[civil.Date]bool{}
	for i, en := range entries {
		path := "entries[" + itoa(i) + "]"
		if en.Date.IsZero() || seen[en.Date] {
			return first, last, apperr.InvalidField(path+".date", "rules.roster_date")
		}
		seen[en.Date] = true
		if err := checkShift(path, en); err != nil {
			return first, last, err
		}
		if first.IsZero() || en.Date.Before(first) {
			first = en.Date
		}
		if last.IsZero() || en.Date.After(last) {
			last = en.Date
		}
	}
	if last.Time(time.UTC).Sub(first.Time(time.UTC)) > 400*24*time.Hour {
		return first, last, apperr.InvalidField("entries", "rules.roster_span")
	}
	return first, last, nil
}

func checkShift(path string, en RosterEntry) error {
	if en.Off {
		if en.StartTime != nil || en.EndTime != nil {
			return apperr.InvalidField(path+".off", "rules.roster_off_with_hours")
		}
		return nil
	}
	if en.StartTime == nil || en.EndTime == nil {
		return apperr.InvalidField(path+".start", "rules.roster_hours_required")
	}
	st, err1 := attendance.ParseClock(*en.StartTime)
	end, err2 := attendance.ParseClock(*en.EndTime)
	switch {
	case err1 != nil:
		return apperr.InvalidField(path+".start", "rules.time_format")
	case err2 != nil:
		return apperr.InvalidField(path+".end", "rules.time_format")
	case st == end:
		return apperr.InvalidField(path+".end", "rules.end_equals_start")
	}
	return nil
}

func itoa(i int) string { return strconv.Itoa(i) }
