package store

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/hadir-id/hadir/internal/audit"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/device"
	"github.com/hadir-id/hadir/internal/kinerja"
	"github.com/hadir-id/hadir/internal/push"
	"github.com/hadir-id/hadir/internal/rules"
)

// RegencyIDs lists every regency (the scheduler plans each).
func (s *Store) RegencyIDs(ctx context.Context) ([]int64, error) {
	var ids []int64
	return ids, translate(s.read(ctx).Table("regencies").Order("id").Pluck("id", &ids).Error)
}

// UsersOfEmployees maps employees to their user accounts (those without
// one are absent).
func (s *Store) UsersOfEmployees(ctx context.Context, employeeIDs []int64) (map[int64]int64, error) {
	out := make(map[int64]int64, len(employeeIDs))
	for start := 0; start < len(employeeIDs); start += 5000 {
		var rows []struct{ ID, EmployeeID int64 }
		ids := employeeIDs[start:min(start+5000, len(employeeIDs))]
		err := s.read(ctx).Table("users").Select("id, employee_id").
			Where("employee_id IN ? AND disabled_at IS NULL", ids).Scan(&rows).Error
		if err != nil {
			return nil, translate(err)
		}
		for _, r := range rows {
			out[r.EmployeeID] = r.ID
		}
	}
	return out, nil
}

type agencyLead struct {
	AgencyID       int64 `gorm:"primaryKey;autoIncrement:false"`
	BeforeStartMin int
	UpdatedAt      time.Time
}

func (agencyLead) TableName() string { return "push_agency_settings" }

// AgencyLeads returns the agencies' own reminder leads in minutes.
func (s *Store) AgencyLeads(ctx context.Context, regencyID int64) (map[int64]int, error) {
	var rows []agencyLead
	err := s.read(ctx).Table("push_agency_settings p").Select("p.*").Joins("JOIN agencies a ON a.id = p.agency_id").
		Where("a.regency_id = ?", regencyID).Scan(&rows).Error
	out := make(map[int64]int, len(rows))
	for _, r := range rows {
		out[r.AgencyID] = r.BeforeStartMin
	}
	return out, translate(err)
}

// SetAgencyLead sets an agency's reminder lead (minutes before the
// start), audited. Errors: not_found (not an agency of the actor's regency).
func (s *Store) SetAgencyLead(ctx context.Context, actor audit.Actor, agencyID int64, minutes int) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Table("agencies").Where("id = ? AND regency_id = ?", agencyID, actor.RegencyID).Count(&n).Error; err != nil {
			return err
		}
		if n == 0 {
			return gorm.ErrRecordNotFound
		}
		err := tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "agency_id"}},
			DoUpdates: clause.AssignmentColumns([]string{"before_start_min", "updated_at"})}).
			Create(&agencyLead{AgencyID: agencyID, BeforeStartMin: minutes, UpdatedAt: s.now().UTC()}).Error
		if err != nil {
			return err
		}
		return record(tx, actor, &agencyID, "push.lead", "agency", agencyID, map[string]int{"before_start_min": minutes})
	})
}

// Pauses lists a regency's pauses between two dates.
func (s *Store) Pauses(ctx context.Context, regencyID int64, from, to civil.Date) ([]push.Pause, error) {
	var out []push.Pause
	err := s.read(ctx).Where("regency_id = ? AND date >= ? AND date <= ?", regencyID, from, to).Order("date, id").Find(&out).Error
	return out, translate(err)
}

// AddPause stores a pause, audited.
func (s *Store) AddPause(ctx context.Context, actor audit.Actor, p *push.Pause) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Create(p).Error; err != nil {
			return err
		}
		return record(tx, actor, p.AgencyID, "push.pause", "push_pause", p.ID, p)
	})
}

// DeletePause deletes a regency's pause if check allows it, audited.
// Errors: not_found, or check's.
func (s *Store) DeletePause(ctx context.Context, actor audit.Actor, id int64, check func(push.Pause) error) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		var p push.Pause
		if err := tx.Where("regency_id = ? AND id = ?", actor.RegencyID, id).First(&p).Error; err != nil {
			return err
		}
		if err := check(p); err != nil {
			return err
		}
		if err := tx.Delete(&push.Pause{}, p.ID).Error; err != nil {
			return err
		}
		return record(tx, actor, p.AgencyID, "push.unpause", "push_pause", p.ID, p)
	})
}

// PendingApprovals counts, per direct supervisor (by their assignment on
// on), the check-ins under review and the new devices waiting: one
// grouped query each.
func (s *Store) PendingApprovals(ctx context.Context, regencyID int64, on civil.Date) (map[int64]map[string]int, error) {
	out := map[int64]map[string]int{}
	for kind, q := range map[string]*gorm.DB{
		"reviews": s.read(ctx).Table("attendance_events x").Where("x.status = ?", rules.EventPending),
		"devices": s.read(ctx).Table("devices x").Where("x.status = ?", device.Pending),
		"kinerja": s.read(ctx).Table("kinerja_entries x").Where("x.status = ?", kinerja.StatusSubmitted),
		"leave":   s.read(ctx).Table("absences x").Where("x.status = ?", rules.AbsencePending),
	} {
		var rows []struct {
			SupervisorID int64
			N            int
		}
		err := q.Select("a.supervisor_id, COUNT(*) AS n").Joins("JOIN employees e ON e.id = x.employee_id").
			Joins("JOIN employee_assignments a ON a.employee_id = e.id AND a.valid_from <= ? AND (a.valid_to IS NULL OR a.valid_to >= ?)", on, on).
			Where("e.regency_id = ? AND a.supervisor_id IS NOT NULL", regencyID).Group("a.supervisor_id").Scan(&rows).Error
		if err != nil {
			return nil, translate(err)
		}
		for _, r := range rows {
			if out[r.SupervisorID] == nil {
				out[r.SupervisorID] = map[string]int{}
			}
			out[r.SupervisorID][kind] = r.N
		}
	}
	return out, nil
}

// KinerjaLogged says which of the employees logged e-kinerja on a date, in
// any state (a draft counts: they did log).
func (s *Store) KinerjaLogged(ctx context.Context, employeeIDs []int64, d civil.Date) (map[int64]bool, error) {
	var ids []int64
	err := s.read(ctx).Table("kinerja_entries").Distinct("employee_id").
		Where("date = ? AND employee_id IN ?", d, employeeIDs).Pluck("employee_id", &ids).Error
	out := make(map[int64]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out, translate(err)
}

// Decisions lists a regency's audited decisions on employees' requests
// since a time, with the employee each concerns (a reviewed event's or an
// absence's owner, or the employee the device row names).
func (s *Store) Decisions(ctx context.Context, regencyID int64, since time.Time, actions []string) ([]push.Decision, error) {
	var out []push.Decision
	err := s.read(ctx).Raw(`SELECT l.id, l.at, l.action,
			COALESCE(ev.employee_id, ab.employee_id, CASE WHEN l.entity = 'employee' THEN l.entity_id END) AS employee_id
		FROM audit_log l
		LEFT JOIN attendance_events ev ON l.entity = 'event' AND ev.id = l.entity_id
		LEFT JOIN absences ab ON l.entity = 'absence' AND ab.id = l.entity_id
		WHERE l.regency_id = ? AND l.at >= ? AND l.action IN ?
		ORDER BY l.id`, regencyID, since.UTC(), actions).Scan(&out).Error
	return out, translate(err)
}
