package store

import (
	"context"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/hadir-id/hadir/internal/audit"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/rules"
)

// CreatePolicy inserts a policy version. Errors: conflict (same scope and date).
func (s *Store) CreatePolicy(ctx context.Context, actor audit.Actor, p *rules.Policy) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		p.CreatedBy = actorID(actor)
		if err := tx.Create(p).Error; err != nil {
			return err
		}
		return record(tx, actor, p.AgencyID, "policy.create", "policy", p.ID, map[string]any{"name": p.Name, "valid_from": p.ValidFrom})
	})
}

// Policies lists a regency's policy versions (all agencies), oldest first.
func (s *Store) Policies(ctx context.Context, regencyID int64) ([]rules.Policy, error) {
	var out []rules.Policy
	return out, translate(s.read(ctx).Where("regency_id = ?", regencyID).Order("valid_from, id").Find(&out).Error)
}

// Policy returns one policy version. Errors: not_found.
func (s *Store) Policy(ctx context.Context, id int64) (rules.Policy, error) {
	var p rules.Policy
	return p, translate(s.read(ctx).First(&p, id).Error)
}

// DeletePolicy removes a policy version that never took effect.
func (s *Store) DeletePolicy(ctx context.Context, actor audit.Actor, p rules.Policy) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := notFoundIfNone(tx.Delete(&rules.Policy{}, p.ID)); err != nil {
			return err
		}
		return record(tx, actor, p.AgencyID, "policy.delete", "policy", p.ID, map[string]any{"valid_from": p.ValidFrom})
	})
}

// CreateSchedule inserts a schedule version.
func (s *Store) CreateSchedule(ctx context.Context, actor audit.Actor, sc *rules.Schedule) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		sc.CreatedBy = actorID(actor)
		if err := tx.Create(sc).Error; err != nil {
			return err
		}
		return record(tx, actor, sc.AgencyID, "schedule.create", "schedule", sc.ID, map[string]any{"name": sc.Name, "valid_from": sc.ValidFrom})
	})
}

// Schedules lists a regency's schedule versions, oldest first.
func (s *Store) Schedules(ctx context.Context, regencyID int64) ([]rules.Schedule, error) {
	var out []rules.Schedule
	return out, translate(s.read(ctx).Where("regency_id = ?", regencyID).Order("valid_from, id").Find(&out).Error)
}

// Schedule returns one schedule version. Errors: not_found.
func (s *Store) Schedule(ctx context.Context, id int64) (rules.Schedule, error) {
	var sc rules.Schedule
	return sc, translate(s.read(ctx).First(&sc, id).Error)
}

// DeleteSchedule removes a schedule version that never took effect.
func (s *Store) DeleteSchedule(ctx context.Context, actor audit.Actor, sc rules.Schedule) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := notFoundIfNone(tx.Delete(&rules.Schedule{}, sc.ID)); err != nil {
			return err
		}
		return record(tx, actor, sc.AgencyID, "schedule.delete", "schedule", sc.ID, map[string]any{"valid_from": sc.ValidFrom})
	})
}

// CreatePeriod inserts a date-ranged pattern.
func (s *Store) CreatePeriod(ctx context.Context, actor audit.Actor, p *rules.Period) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		p.CreatedBy = actorID(actor)
		if err := tx.Create(p).Error; err != nil {
			return err
		}
		return record(tx, actor, p.AgencyID, "period.create", "period", p.ID, map[string]any{"name": p.Name, "from": p.DateFrom, "to": p.DateTo})
	})
}

// Periods lists a regency's periods, by start date.
func (s *Store) Periods(ctx context.Context, regencyID int64) ([]rules.Period, error) {
	var out []rules.Period
	return out, translate(s.read(ctx).Where("regency_id = ?", regencyID).Order("date_from, id").Find(&out).Error)
}

// Period returns one period. Errors: not_found.
func (s *Store) Period(ctx context.Context, id int64) (rules.Period, error) {
	var p rules.Period
	return p, translate(s.read(ctx).First(&p, id).Error)
}

// DeletePeriod removes a period.
func (s *Store) DeletePeriod(ctx context.Context, actor audit.Actor, p rules.Period) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := notFoundIfNone(tx.Delete(&rules.Period{}, p.ID)); err != nil {
			return err
		}
		return record(tx, actor, p.AgencyID, "period.delete", "period", p.ID, map[string]any{"from": p.DateFrom, "to": p.DateTo})
	})
}

// PutRoster replaces an employee's roster entries on the given dates.
func (s *Store) PutRoster(ctx context.Context, actor audit.Actor, agencyID, employeeID int64, entries []rules.RosterEntry) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		for i := range entries {
			entries[i].EmployeeID, entries[i].ID, entries[i].CreatedBy = employeeID, 0, actorID(actor)
			entries[i].CreatedAt = tx.NowFunc()
		}
		if len(entries) > 0 {
			err := tx.Clauses(clause.OnConflict{
				Columns:   []clause.Column{{Name: "employee_id"}, {Name: "date"}},
				DoUpdates: clause.AssignmentColumns([]string{"start_time", "end_time", "off", "created_at", "created_by"}),
			}).CreateInBatches(entries, 500).Error
			if err != nil {
				return err
			}
		}
		return record(tx, actor, &agencyID, "roster.put", "employee", employeeID, map[string]any{"entries": len(entries)})
	})
}

// DeleteRoster removes an employee's roster entries between two dates.
func (s *Store) DeleteRoster(ctx context.Context, actor audit.Actor, agencyID, employeeID int64, from, to civil.Date) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Where("employee_id = ? AND date >= ? AND date <= ?", employeeID, from, to).Delete(&rules.RosterEntry{}).Error; err != nil {
			return err
		}
		return record(tx, actor, &agencyID, "roster.delete", "employee", employeeID, map[string]any{"from": from, "to": to})
	})
}

// Roster lists roster entries of employees between two dates.
func (s *Store) Roster(ctx context.Context, employeeIDs []int64, from, to civil.Date) ([]rules.RosterEntry, error) {
	var out []rules.RosterEntry
	err := s.read(ctx).Where("employee_id IN ? AND date >= ? AND date <= ?", employeeIDs, from, to).Order("employee_id, date").Find(&out).Error
	return out, translate(err)
}

// EmployeesWithDayFacts lists the employees of a regency with a roster
// entry or an approved absence between from and to (the check-in preview
// reads those facts only for them).
func (s *Store) EmployeesWithDayFacts(ctx context.Context, regencyID int64, from, to civil.Date) ([]int64, error) {
	var ids []int64
	err := s.read(ctx).Raw("SELECT r.employee_id FROM roster_entries r JOIN employees e ON e.id = r.employee_id "+
		"WHERE e.regency_id = ? AND r.date >= ? AND r.date <= ? "+
		"UNION SELECT a.employee_id FROM absences a JOIN employees e ON e.id = a.employee_id "+
		"WHERE e.regency_id = ? AND a.status = ? AND a.date_from <= ? AND a.date_to >= ?",
		regencyID, from, to, regencyID, rules.AbsenceApproved, to, from).Scan(&ids).Error
	return ids, translate(err)
}

// CreateHoliday inserts a holiday. Errors: conflict (date taken).
func (s *Store) CreateHoliday(ctx context.Context, actor audit.Actor, h *rules.Holiday) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		h.CreatedBy = actorID(actor)
		if err := tx.Create(h).Error; err != nil {
			return err
		}
		return record(tx, actor, nil, "holiday.create", "holiday", h.ID, h)
	})
}

// ImportHolidays inserts holidays, skipping dates the regency already has.
func (s *Store) ImportHolidays(ctx context.Context, actor audit.Actor, hs []rules.Holiday) (int, error) {
	var n int64
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if len(hs) == 0 {
			return nil
		}
		res := tx.Clauses(clause.OnConflict{DoNothing: true}).CreateInBatches(hs, 200)
		if res.Error != nil {
			return res.Error
		}
		n = res.RowsAffected
		return record(tx, actor, nil, "holiday.import", "regency", hs[0].RegencyID, map[string]any{"inserted": n})
	})
	return int(n), err
}

// Holidays lists a regency's holidays between two dates.
func (s *Store) Holidays(ctx context.Context, regencyID int64, from, to civil.Date) ([]rules.Holiday, error) {
	var out []rules.Holiday
	err := s.read(ctx).Where("regency_id = ? AND date >= ? AND date <= ?", regencyID, from, to).Order("date").Find(&out).Error
	return out, translate(err)
}

// Holiday returns one holiday. Errors: not_found.
func (s *Store) Holiday(ctx context.Context, id int64) (rules.Holiday, error) {
	var h rules.Holiday
	return h, translate(s.read(ctx).First(&h, id).Error)
}

// DeleteHoliday removes a holiday.
func (s *Store) DeleteHoliday(ctx context.Context, actor audit.Actor, h rules.Holiday) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := notFoundIfNone(tx.Delete(&rules.Holiday{}, h.ID)); err != nil {
			return err
		}
		return record(tx, actor, nil, "holiday.delete", "holiday", h.ID, h)
	})
}
