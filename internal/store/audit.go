package store

import (
	"context"
	"encoding/json"
	"github.com/hadir-id/hadir/internal/page"

	"gorm.io/gorm"

	"github.com/hadir-id/hadir/internal/audit"
)

// record writes one audit row inside tx. detail is marshalled to JSON.
func record(tx *gorm.DB, actor audit.Actor, agencyID *int64, action, entity string, id int64, detail any) error {
	b, err := json.Marshal(detail)
	if err != nil {
		return err
	}
	e := audit.Entry{
		At: tx.NowFunc(), AgencyID: agencyID, Action: action, Entity: entity, EntityID: id, Detail: string(b),
	}
	if actor.UserID != 0 {
		e.ActorUserID = &actor.UserID
	}
	if actor.RegencyID != 0 {
		e.RegencyID = &actor.RegencyID
	}
	return tx.Create(&e).Error
}

// AuditLog lists audit rows, newest first.
func (s *Store) AuditLog(ctx context.Context, f audit.Filter) ([]audit.Entry, error) {
	q := s.read(ctx).Where("regency_id = ?", f.RegencyID)
	if f.AgencyIDs != nil {
		q = q.Where("agency_id IN ?", f.AgencyIDs)
	}
	if f.Entity != "" {
		q = q.Where("entity = ?", f.Entity)
	}
	if f.EntityID != 0 {
		q = q.Where("entity_id = ?", f.EntityID)
	}
	if f.BeforeID > 0 {
		q = q.Where("id < ?", f.BeforeID)
	}
	var out []audit.Entry
	err := q.Order("id DESC").Limit(page.Size(f.Limit)).Find(&out).Error
	return out, translate(err)
}
