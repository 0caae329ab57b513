package rules

import (
	"context"
	"strconv"
	"time"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/attendance"
	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/org"
)

// employeeInScope loads an employee as of date and checks that the caller
// manages them: an admin of their agency, or their direct supervisor.
// Errors: not_found.
func (s *Service) employeeInScope(ctx context.Context, p *auth.Principal, id int64, on civil.Date) (org.Employee, error) {
	e, err := s.Store.Employee(ctx, id, on)
	if err != nil || e.RegencyID != p.RegencyID || e.Current == nil {
		return org.Employee{}, apperr.E(apperr.NotFound, "pegawai tidak ditemukan")
	}
	if p.CanAgency(auth.PermRulesWrite, e.Current.AgencyID) {
		return e, nil
	}
	sup := e.Current.SupervisorID
	if p.EmployeeID != nil && sup != nil && *sup == *p.EmployeeID {
		return e, nil
	}
	return org.Employee{}, apperr.E(apperr.NotFound, "pegawai tidak ditemukan")
}

// Roster lists an employee's roster between two dates.
func (s *Service) Roster(ctx context.Context, p *auth.Principal, employeeID int64, from, to civil.Date) ([]RosterEntry, error) {
	if _, err := s.employeeInScope(ctx, p, employeeID, from); err != nil {
		if _, err2 := s.employeeInScope(ctx, p, employeeID, to); err2 != nil {
			return nil, err
		}
	}
	return s.Store.Roster(ctx, []int64{employeeID}, from, to)
}

// PutRoster sets shifts or days off for dates (jadwal dinas). A roster is a
// fact of those dates, not a rule version, so their days are recomputed at
// once, past ones included. Errors: invalid (names the entry), not_found.
func (s *Service) PutRoster(ctx context.Context, p *auth.Principal, employeeID int64, entries []RosterEntry) error {
	if len(entries) == 0 || len(entries) > 400 {
		return apperr.Field("entries", "isi 1–400 tanggal")
	}
	first, last, err := checkRoster(entries)
	if err != nil {
		return err
	}
	e, err := s.employeeInScope(ctx, p, employeeID, first)
	if err != nil {
		return err
	}
	if err := s.Store.PutRoster(ctx, actorOf(p), e.Current.AgencyID, employeeID, entries); err != nil {
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
			return first, last, apperr.Field(path+".date", "tanggal wajib diisi dan tidak boleh berulang")
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
		return first, last, apperr.Field("entries", "rentang jadwal paling panjang 400 hari")
	}
	return first, last, nil
}

func checkShift(path string, en RosterEntry) error {
	if en.Off {
		if en.StartTime != nil || en.EndTime != nil {
			return apperr.Field(path+".off", "hari libur jadwal tidak boleh berisi jam")
		}
		return nil
	}
	if en.StartTime == nil || en.EndTime == nil {
		return apperr.Field(path+".start", "isi jam mulai dan selesai, atau tandai libur (off)")
	}
	st, err1 := attendance.ParseClock(*en.StartTime)
	end, err2 := attendance.ParseClock(*en.EndTime)
	switch {
	case err1 != nil:
		return apperr.Field(path+".start", "jam harus HH:MM (00:00–23:59)")
	case err2 != nil:
		return apperr.Field(path+".end", "jam harus HH:MM (00:00–23:59)")
	case st == end:
		return apperr.Field(path+".end", "jam selesai tidak boleh sama dengan jam mulai")
	}
	return nil
}

func itoa(i int) string { return strconv.Itoa(i) }
