package store

import (
	"context"

	"gorm.io/gorm"

	"github.com/hadir-id/hadir/internal/audit"
)

// Bulk inserts many rows inside one transaction (seeding, imports). Insert
// fills the ids of the rows it writes, so later rows can refer to them.
type Bulk struct {
	tx *gorm.DB
}

// Insert writes a slice of rows (e.g. []*org.Employee) in batches of 500.
func (b *Bulk) Insert(rows any) error {
	return b.tx.CreateInBatches(rows, 500).Error
}

// Audit records one audit row in the bulk transaction.
func (b *Bulk) Audit(actor audit.Actor, agencyID *int64, action, entity string, id int64, detail any) error {
	return record(b.tx, actor, agencyID, action, entity, id, detail)
}

// InBulk runs fn in one write transaction: everything or nothing.
func (s *Store) InBulk(ctx context.Context, fn func(b *Bulk) error) error {
	return s.tx(ctx, func(tx *gorm.DB) error { return fn(&Bulk{tx: tx}) })
}
