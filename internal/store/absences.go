package store

import (
	"context"
	"database/sql"
	"time"

	"gorm.io/gorm"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/audit"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/rules"
)

// CreateAbsence records an absence (pending, or approved at once when an
// admin enters it). An approved one must not overlap another approved one
// and queues the recomputation of its days in the same transaction.
// Errors: conflict (overlap).
func (s *Store) CreateAbsence(ctx context.Context, actor audit.Actor, agencyID int64, a *rules.Absence) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		if a.Status == rules.AbsenceApproved {
			if err := noOverlap(tx, a); err != nil {
				return err
			}
		}
		a.RequestedBy = actorID(actor)
		if err := tx.Create(a).Error; err != nil {
			return err
		}
		if a.Status == rules.AbsenceApproved {
			if err := enqueueEmployee(tx, actor, a.EmployeeID, a.DateFrom, a.DateTo, "absence.approved"); err != nil {
				return err
			}
		}
		return record(tx, actor, &agencyID, "absence.create", "absence", a.ID, a)
	})
}

// DecideAbsence approves or rejects a pending absence; approval queues the
// recomputation of its days. Errors: not_found, conflict (not pending, or
// overlapping an approved one).
func (s *Store) DecideAbsence(ctx context.Context, actor audit.Actor, agencyID, id int64, status string) (rules.Absence, error) {
	var a rules.Absence
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.First(&a, id).Error; err != nil {
			return err
		}
		if a.Status != rules.AbsencePending {
			return apperr.New(apperr.Conflict, "rules.absence_decided", "status", a.Status)
		}
		if status == rules.AbsenceApproved {
			if err := noOverlap(tx, &a); err != nil {
				return err
			}
		}
		now := tx.NowFunc()
		a.Status, a.DecidedBy, a.DecidedAt = status, actorID(actor), &now
		if err := tx.Model(&a).Select("status", "decided_by", "decided_at").Updates(&a).Error; err != nil {
			return err
		}
		if status == rules.AbsenceApproved {
			if err := enqueueEmployee(tx, actor, a.EmployeeID, a.DateFrom, a.DateTo, "absence.approved"); err != nil {
				return err
			}
		}
		return record(tx, actor, &agencyID, "absence."+status, "absence", a.ID, a)
	})
	return a, err
}

func noOverlap(tx *gorm.DB, a *rules.Absence) error {
	var n int64
	err := tx.Model(&rules.Absence{}).Where("employee_id = ? AND status = ? AND date_from <= ? AND date_to >= ? AND id <> ?",
		a.EmployeeID, rules.AbsenceApproved, a.DateTo, a.DateFrom, a.ID).Count(&n).Error
	if err != nil {
		return err
	}
	if n > 0 {
		return apperr.New(apperr.Conflict, "rules.absence_overlap")
	}
	return nil
}

// Absence returns one absence. Errors: not_found.
func (s *Store) Absence(ctx context.Context, id int64) (rules.Absence, error) {
	var a rules.Absence
	return a, translate(s.read(ctx).First(&a, id).Error)
}

// Absences lists the absences of employees overlapping [from, to]; status
// "" means any.
func (s *Store) Absences(ctx context.Context, employeeIDs []int64, from, to civil.Date, status string) ([]rules.Absence, error) {
	q := s.read(ctx).Where("employee_id IN ? AND date_from <= ? AND date_to >= ?", employeeIDs, to, from)
	if status != "" {
		q = q.Where("status = ?", status)
	}
	var out []rules.Absence
	return out, translate(q.Order("employee_id, date_from").Find(&out).Error)
}

// AddEvents stores events and queues the recomputation of their days (the
// batching check-in writer uses its own path; this one serves corrections,
// imports and tests).
func (s *Store) AddEvents(ctx context.Context, actor audit.Actor, loc *time.Location, events []rules.Event) error {
	ids := make([]int64, len(events))
	for i, e := range events {
		ids[i] = e.EmployeeID
	}
	defer s.recent.forget(ids...)
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.CreateInBatches(events, 500).Error; err != nil {
			return err
		}
		for _, e := range events {
			d := civil.In(e.At, loc)
			if err := enqueueEmployee(tx, actor, e.EmployeeID, d.AddDays(-1), d, "event"); err != nil {
				return err
			}
		}
		return nil
	})
}

// Events lists the events of employees in [from, to) (instants), by
// employee and time. Raw SQL: an agency-month is tens of thousands of rows.
func (s *Store) Events(ctx context.Context, employeeIDs []int64, from, to time.Time) ([]rules.Event, error) {
	if len(employeeIDs) == 0 {
		return nil, nil
	}
	q := "SELECT id, employee_id, at, type, source, status FROM attendance_events WHERE at >= ? AND at < ? AND employee_id IN (" +
		marks(len(employeeIDs)) + ") ORDER BY employee_id, at"
	args := append([]any{from.UTC(), to.UTC()}, int64sAny(employeeIDs)...)
	if s.dialect == "postgres" {
		q = "SELECT id, employee_id, at, type, source, status FROM attendance_events WHERE at >= $1 AND at < $2 AND employee_id = ANY($3) ORDER BY employee_id, at"
		args = []any{from.UTC(), to.UTC(), employeeIDs}
	}
	var rows *sql.Rows
	var err error
	if len(employeeIDs) == 1 { // the check-in's preview: a prepared statement
		st, perr := s.stmt(ctx, "events1")
		if perr != nil {
			return nil, translate(perr)
		}
		rows, err = st.QueryContext(ctx, employeeIDs[0], from.UTC(), to.UTC())
	} else {
		rows, err = s.rdbSQL().QueryContext(ctx, q, args...)
	}
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var out []rules.Event
	for rows.Next() {
		var e rules.Event
		if err := rows.Scan(&e.ID, &e.EmployeeID, &e.At, &e.Type, &e.Source, &e.Status); err != nil {
			return nil, translate(err)
		}
		out = append(out, e)
	}
	return out, translate(rows.Err())
}
