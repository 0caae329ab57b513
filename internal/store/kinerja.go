package store

import (
	"context"
	"github.com/hadir-id/hadir/internal/page"
	"slices"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/audit"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/kinerja"
)

// KinerjaSettings returns the regency's e-kinerja settings, the defaults
// when none are stored.
func (s *Store) KinerjaSettings(ctx context.Context, regencyID int64) (kinerja.Settings, error) {
	var out []kinerja.Settings
	if err := s.read(ctx).Where("regency_id = ?", regencyID).Limit(1).Find(&out).Error; err != nil {
		return kinerja.Settings{}, translate(err)
	}
	if len(out) == 0 {
		return kinerja.DefaultSettings(regencyID), nil
	}
	return out[0], nil
}

// SaveKinerjaSettings writes the settings, audited.
func (s *Store) SaveKinerjaSettings(ctx context.Context, actor audit.Actor, st *kinerja.Settings) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Clauses(clause.OnConflict{UpdateAll: true}).Create(st).Error; err != nil {
			return err
		}
		return record(tx, actor, nil, "kinerja.settings", "regency", st.RegencyID, st)
	})
}

// Activities searches the catalogue: the regency's entries and those of
// f.AgencyID, by code.
func (s *Store) Activities(ctx context.Context, f kinerja.ActivityFilter) ([]kinerja.Activity, error) {
	q := s.read(ctx).Where("regency_id = ?", f.RegencyID)
	if f.AgencyID != 0 {
		q = q.Where("agency_id IS NULL OR agency_id = ?", f.AgencyID)
	} else {
		q = q.Where("agency_id IS NULL")
	}
	if f.Query != "" {
		like := "%" + strings.ToLower(f.Query) + "%"
		q = q.Where("LOWER(code) LIKE ? OR LOWER(name) LIKE ?", like, like)
	}
	out := []kinerja.Activity{}
	return out, translate(q.Order("code").Limit(page.Size(f.Limit)).Find(&out).Error)
}

// Activity returns one catalogue entry.
func (s *Store) Activity(ctx context.Context, id int64) (kinerja.Activity, error) {
	var a kinerja.Activity
	return a, translate(s.read(ctx).First(&a, id).Error)
}

// CreateActivity adds a catalogue entry, audited. Errors: conflict (code).
func (s *Store) CreateActivity(ctx context.Context, actor audit.Actor, a *kinerja.Activity) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Create(a).Error; err != nil {
			return err
		}
		return record(tx, actor, a.AgencyID, "kinerja.activity.create", "kinerja_activity", a.ID, a)
	})
}

// SKP returns an employee's SKP of a year with its RHK in order.
func (s *Store) SKP(ctx context.Context, employeeID int64, year int) (kinerja.SKP, error) {
	var k kinerja.SKP
	if err := s.read(ctx).Where("employee_id = ? AND year = ?", employeeID, year).First(&k).Error; err != nil {
		return k, translate(err)
	}
	return k, s.loadRHKs(ctx, &k)
}

// SKPByID returns an SKP with its RHK.
func (s *Store) SKPByID(ctx context.Context, id int64) (kinerja.SKP, error) {
	var k kinerja.SKP
	if err := s.read(ctx).First(&k, id).Error; err != nil {
		return k, translate(err)
	}
	return k, s.loadRHKs(ctx, &k)
}

func (s *Store) loadRHKs(ctx context.Context, k *kinerja.SKP) error {
	k.RHKs = []kinerja.RHK{}
	return translate(s.read(ctx).Where("skp_id = ?", k.ID).Order("position, id").Find(&k.RHKs).Error)
}

// SaveSKP creates or updates an SKP and its RHK: RHK sent with an id that
// exists keep it (entries point at them), the others are added, and those
// left out are deleted unless an entry uses them (they then stay, and the
// error is conflict).
func (s *Store) SaveSKP(ctx context.Context, actor audit.Actor, k *kinerja.SKP) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Omit("RHKs").Save(k).Error; err != nil {
			return err
		}
		var old []int64
		if err := tx.Model(&kinerja.RHK{}).Where("skp_id = ?", k.ID).Pluck("id", &old).Error; err != nil {
			return err
		}
		kept := map[int64]bool{}
		for i := range k.RHKs {
			r := &k.RHKs[i]
			r.SKPID = k.ID
			if r.ID != 0 {
				kept[r.ID] = true
				if err := tx.Save(r).Error; err != nil {
					return err
				}
			} else if err := tx.Create(r).Error; err != nil {
				return err
			}
		}
		old = slices.DeleteFunc(old, func(id int64) bool { return kept[id] })
		if len(old) > 0 {
			var used int64
			if err := tx.Model(&kinerja.Entry{}).Where("rhk_id IN ?", old).Count(&used).Error; err != nil {
				return err
			}
			if used > 0 {
				return apperr.New(apperr.Conflict, "kinerja.rhk_in_use")
			}
			if err := tx.Model(&kinerja.RHK{}).Where("parent_id IN ?", old).Update("parent_id", nil).Error; err != nil {
				return err
			}
			if err := tx.Where("id IN ?", old).Delete(&kinerja.RHK{}).Error; err != nil {
				return err
			}
		}
		return record(tx, actor, nil, "kinerja.skp.save", "kinerja_skp", k.ID, map[string]any{"year": k.Year, "rhks": len(k.RHKs)})
	})
}

// DecideSKP writes an SKP's status, comment and decision, audited.
func (s *Store) DecideSKP(ctx context.Context, actor audit.Actor, k *kinerja.SKP) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		err := tx.Model(&kinerja.SKP{}).Where("id = ?", k.ID).Updates(map[string]any{"status": k.Status, "comment": k.Comment,
			"decided_by": k.DecidedBy, "decided_at": k.DecidedAt, "updated_at": tx.NowFunc()}).Error
		if err != nil {
			return err
		}
		return record(tx, actor, nil, "kinerja.skp."+k.Status, "kinerja_skp", k.ID, map[string]any{"comment": k.Comment})
	})
}

// RHK returns an RHK and its SKP (without RHK).
func (s *Store) RHK(ctx context.Context, id int64) (kinerja.RHK, kinerja.SKP, error) {
	var r kinerja.RHK
	var k kinerja.SKP
	if err := s.read(ctx).First(&r, id).Error; err != nil {
		return r, k, translate(err)
	}
	return r, k, translate(s.read(ctx).First(&k, r.SKPID).Error)
}

// CreateDelegation stores a Plt/Plh delegation, audited.
func (s *Store) CreateDelegation(ctx context.Context, actor audit.Actor, d *kinerja.Delegation) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Create(d).Error; err != nil {
			return err
		}
		return record(tx, actor, nil, "delegation.create", "delegation", d.ID, d)
	})
}

// Delegations lists the delegations in force on a day from or to the employee.
func (s *Store) Delegations(ctx context.Context, employeeID int64, on civil.Date) ([]kinerja.Delegation, error) {
	out := []kinerja.Delegation{}
	err := s.read(ctx).Where("(acting_id = ? OR supervisor_id = ?) AND valid_from <= ? AND valid_to >= ?", employeeID, employeeID, on, on).
		Order("id").Find(&out).Error
	return out, translate(err)
}

// SaveEvaluation stores a periodic evaluation, replacing the period's
// earlier one, audited.
func (s *Store) SaveEvaluation(ctx context.Context, actor audit.Actor, e *kinerja.Evaluation) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		err := tx.Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "employee_id"}, {Name: "year"}, {Name: "period_kind"}, {Name: "period"}},
			DoUpdates: clause.AssignmentColumns([]string{"result", "behaviour", "berakhlak", "feedback", "predikat", "evaluator_id", "updated_at"}),
		}).Create(e).Error
		if err != nil {
			return err
		}
		return record(tx, actor, nil, "kinerja.evaluate", "employee", e.EmployeeID, map[string]any{"year": e.Year, "period": e.Period, "predikat": e.Predikat})
	})
}

// Evaluations lists the employees' evaluations of a year by period.
func (s *Store) Evaluations(ctx context.Context, employeeIDs []int64, year int) ([]kinerja.Evaluation, error) {
	out := []kinerja.Evaluation{}
	err := s.read(ctx).Where("employee_id IN ? AND year = ?", employeeIDs, year).Order("employee_id, period").Find(&out).Error
	return out, translate(err)
}

var _ kinerja.Store = (*Store)(nil)
