package store

import (
	"context"
	"encoding/json"

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

// AuditFilter selects audit rows.
type AuditFilter struct {
	RegencyID int64
	AgencyIDs []int64 // nil: all agencies of the regency
	Entity    string
	EntityID  int64
	BeforeID  int64 // paging: rows with a smaller id
	Limit     int
}

// AuditLog lists audit rows, newest first.
func (s *Store) AuditLog(ctx context.Context, f AuditFilter) ([]audit.Entry, error) {
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
	err := q.Order("id DESC").Limit(limit(f.Limit)).Find(&out).Error
	return out, translate(err)
}

// limit bounds a page size to 1..500, 100 by default.
func limit(n int) int {
	switch {
	case n <= 0:
		return 100
	case n > 500:
		return 500
	}
	return n
}
