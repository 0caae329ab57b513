package store

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/audit"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/kinerja"
)

// CreateEntry stores a new entry (the daily log is the employee's own
// writing: not audited row by row; decisions are).
func (s *Store) CreateEntry(ctx context.Context, _ audit.Actor, e *kinerja.Entry) error {
	now := s.now().UTC()
	e.CreatedAt, e.UpdatedAt = now, now
	return translate(s.write(ctx).Create(e).Error)
}

// UpdateEntry rewrites a draft or returned entry; conflict when it was
// submitted meanwhile.
func (s *Store) UpdateEntry(ctx context.Context, _ audit.Actor, e *kinerja.Entry) error {
	e.UpdatedAt = s.now().UTC()
	res := s.write(ctx).Model(&kinerja.Entry{}).Where("id = ? AND status IN ?", e.ID, []string{kinerja.StatusDraft, kinerja.StatusReturned}).
		Select("date", "rhk_id", "activity_id", "what", "volume", "unit", "minutes", "evidence_url", "status", "warning", "comment", "updated_at").
		Updates(e)
	if res.Error != nil {
		return translate(res.Error)
	}
	if res.RowsAffected == 0 {
		return apperr.New(apperr.Conflict, "kinerja.entry_locked", "status", kinerja.StatusSubmitted)
	}
	return nil
}

// DeleteEntry deletes a draft or returned entry.
func (s *Store) DeleteEntry(ctx context.Context, _ audit.Actor, e kinerja.Entry) error {
	res := s.write(ctx).Where("id = ? AND status IN ?", e.ID, []string{kinerja.StatusDraft, kinerja.StatusReturned}).Delete(&kinerja.Entry{})
	if res.Error == nil && res.RowsAffected == 0 {
		return apperr.New(apperr.Conflict, "kinerja.entry_locked", "status", kinerja.StatusSubmitted)
	}
	return translate(res.Error)
}

// Entry returns one entry.
func (s *Store) Entry(ctx context.Context, id int64) (kinerja.Entry, error) {
	var e kinerja.Entry
	return e, translate(s.read(ctx).First(&e, id).Error)
}

// Entries lists entries by employee, date and id.
func (s *Store) Entries(ctx context.Context, f kinerja.EntryFilter) ([]kinerja.Entry, error) {
	out := []kinerja.Entry{}
	if len(f.EmployeeIDs) == 0 {
		return out, nil
	}
	q := s.read(ctx).Where("employee_id IN ? AND date >= ? AND date <= ?", f.EmployeeIDs, f.From, f.To)
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	if f.Limit > 0 {
		q = q.Limit(f.Limit)
	}
	return out, translate(q.Order("employee_id, date, id").Find(&out).Error)
}

// EntriesByID returns the entries with these ids (missing ids left out),
// read in chunks so a bulk of thousands stays within the drivers' limits.
func (s *Store) EntriesByID(ctx context.Context, ids []int64) ([]kinerja.Entry, error) {
	out := make([]kinerja.Entry, 0, len(ids))
	for start := 0; start < len(ids); start += 500 {
		var part []kinerja.Entry
		if err := s.read(ctx).Where("id IN ?", ids[start:min(start+500, len(ids))]).Find(&part).Error; err != nil {
			return nil, translate(err)
		}
		out = append(out, part...)
	}
	return out, nil
}

// DayMinutes sums an employee's minutes of a day that still count (not
// returned), leaving out entry exceptID (the one being edited).
func (s *Store) DayMinutes(ctx context.Context, employeeID int64, d civil.Date, exceptID int64) (int, error) {
	var n *int64
	err := s.read(ctx).Model(&kinerja.Entry{}).Where("employee_id = ? AND date = ? AND status <> ? AND id <> ?", employeeID, d, kinerja.StatusReturned, exceptID).
		Select("SUM(minutes)").Scan(&n).Error
	if n == nil {
		return 0, translate(err)
	}
	return int(*n), translate(err)
}

// SubmitEntries sends an employee's drafts of [from, to]; it returns how
// many.
func (s *Store) SubmitEntries(ctx context.Context, actor audit.Actor, employeeID int64, from, to civil.Date, at time.Time) (int, error) {
	var n int64
	err := s.tx(ctx, func(tx *gorm.DB) error {
		res := tx.Model(&kinerja.Entry{}).Where("employee_id = ? AND date >= ? AND date <= ? AND status = ?", employeeID, from, to, kinerja.StatusDraft).
			Updates(map[string]any{"status": kinerja.StatusSubmitted, "submitted_at": at, "updated_at": at})
		if res.Error != nil {
			return res.Error
		}
		n = res.RowsAffected
		return record(tx, actor, nil, "kinerja.submit", "employee", employeeID, map[string]any{"from": from, "to": to, "entries": n})
	})
	return int(n), err
}

// DecideEntries sets the status of submitted entries all-or-nothing: when
// any of them is no longer submitted (decided meanwhile), nothing changes
// and the error is conflict. One audit row for the whole decision.
func (s *Store) DecideEntries(ctx context.Context, actor audit.Actor, ids []int64, status, comment string, at time.Time) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		var n int64
		for start := 0; start < len(ids); start += 500 {
			part := ids[start:min(start+500, len(ids))]
			res := tx.Model(&kinerja.Entry{}).Where("id IN ? AND status = ?", part, kinerja.StatusSubmitted).
				Updates(map[string]any{"status": status, "comment": comment, "decided_by": actor.UserID, "decided_at": at, "updated_at": at})
			if res.Error != nil {
				return res.Error
			}
			n += res.RowsAffected
		}
		if n != int64(len(ids)) {
			return apperr.New(apperr.Conflict, "kinerja.some_decided")
		}
		return record(tx, actor, nil, "kinerja."+status, "kinerja_entry", ids[0], map[string]any{"ids": len(ids), "comment": comment})
	})
}

// Frequent lists an employee's most logged activities since a day: one
// entry per (RHK, activity, text, volume), most used first.
func (s *Store) Frequent(ctx context.Context, employeeID int64, since civil.Date, n int) ([]kinerja.Template, error) {
	out := []kinerja.Template{}
	err := s.read(ctx).Model(&kinerja.Entry{}).
		Select("rhk_id, activity_id, what, volume, unit, MAX(minutes) AS minutes, COUNT(*) AS uses, MAX(date) AS last_used").
		Where("employee_id = ? AND date >= ?", employeeID, since).
		Group("rhk_id, activity_id, what, volume, unit").Order("uses DESC, last_used DESC, what").Limit(n).Scan(&out).Error
	return out, translate(err)
}

// Adoption lists when each employee first logged and first had an entry
// approved (employees who never logged are left out). SQLite returns an
// aggregate of a DATETIME column as text, so the times are parsed here.
func (s *Store) Adoption(ctx context.Context, employeeIDs []int64) ([]kinerja.Adoption, error) {
	rows, err := s.read(ctx).Model(&kinerja.Entry{}).
		Select("employee_id, MIN(created_at), MIN(CASE WHEN status = ? THEN decided_at END)", kinerja.StatusApproved).
		Where("employee_id IN ?", employeeIDs).Group("employee_id").Order("employee_id").Rows()
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	out := []kinerja.Adoption{}
	for rows.Next() {
		var a kinerja.Adoption
		var logged, approved any
		if err := rows.Scan(&a.EmployeeID, &logged, &approved); err != nil {
			return nil, translate(err)
		}
		a.FirstLogged, a.FirstApproved = aggregateTime(logged), aggregateTime(approved)
		out = append(out, a)
	}
	return out, translate(rows.Err())
}

// aggregateTime reads a MIN/MAX of a time column: a time.Time
// (PostgreSQL) or its text (SQLite); nil when NULL or unreadable.
func aggregateTime(v any) *time.Time {
	switch x := v.(type) {
	case time.Time:
		return &x
	case []byte:
		return aggregateTime(string(x))
	case string:
		for _, layout := range []string{"2006-01-02 15:04:05.999999999-07:00", time.RFC3339Nano, "2006-01-02 15:04:05.999999999", "2006-01-02 15:04:05"} {
			if t, err := time.Parse(layout, x); err == nil {
				return &t
			}
		}
	}
	return nil
}

type evidence struct {
	EntryID     int64 `gorm:"primaryKey;autoIncrement:false"`
	ContentType string
	Data        []byte
	CreatedAt   time.Time
}

func (evidence) TableName() string { return "kinerja_evidence" }

// SaveEvidence stores (or replaces) an entry's evidence file and marks the
// entry, in one transaction; conflict when the entry was submitted meanwhile.
func (s *Store) SaveEvidence(ctx context.Context, _ audit.Actor, entryID int64, contentType string, data []byte) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		res := tx.Model(&kinerja.Entry{}).Where("id = ? AND status IN ?", entryID, []string{kinerja.StatusDraft, kinerja.StatusReturned}).
			Updates(map[string]any{"evidence_type": contentType, "updated_at": tx.NowFunc()})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return apperr.New(apperr.Conflict, "kinerja.entry_locked", "status", kinerja.StatusSubmitted)
		}
		return tx.Clauses(clause.OnConflict{UpdateAll: true}).Create(&evidence{EntryID: entryID, ContentType: contentType, Data: data, CreatedAt: tx.NowFunc()}).Error
	})
}

// Evidence returns an entry's evidence file.
func (s *Store) Evidence(ctx context.Context, entryID int64) (string, []byte, error) {
	var e evidence
	err := s.read(ctx).Where("entry_id = ?", entryID).First(&e).Error
	return e.ContentType, e.Data, translate(err)
}
