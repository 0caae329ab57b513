package store

import (
	"context"
	"database/sql"

	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/timesheet"
)

// dayColumns are written by ReplaceDays, in this order.
var dayColumns = []string{"employee_id", "date", "agency_id", "policy_id", "scheduled", "holiday", "shift_start",
	"shift_end", "check_in", "check_out", "late_min", "early_min", "made_up", "codes", "deduction_pct", "reasons",
	"provisional", "computed_at"}

func dayValues(d *timesheet.DayRecord) ([]any, error) {
	codes, err := d.Codes.Value()
	if err != nil {
		return nil, err
	}
	reasons, err := d.Reasons.Value()
	if err != nil {
		return nil, err
	}
	return []any{d.EmployeeID, d.Date.String(), d.AgencyID, d.PolicyID, d.Scheduled, d.Holiday, nullTime(d.ShiftStart),
		nullTime(d.ShiftEnd), nullTime(d.CheckIn), nullTime(d.CheckOut), d.LateMin, d.EarlyMin, d.MadeUp, codes,
		d.DeductionPct, reasons, d.Provisional, d.ComputedAt.UTC()}, nil
}

func nullTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC()
}

// ReplaceDays swaps the stored days of the employees in [from, to] for
// days, atomically: readers see the old month or the new one, never half.
// It bypasses GORM: an agency-month is 15,000 rows, written with COPY on
// PostgreSQL and multi-row prepared inserts on SQLite.
func (s *Store) ReplaceDays(ctx context.Context, ids []int64, from, to civil.Date, days []timesheet.DayRecord) error {
	if len(ids) == 0 {
		return nil
	}
	if s.dialect == "postgres" {
		return translate(s.replaceDaysPG(ctx, ids, from, to, days))
	}
	return translate(s.replaceDaysSQLite(ctx, ids, from, to, days))
}

func (s *Store) replaceDaysSQLite(ctx context.Context, ids []int64, from, to civil.Date, days []timesheet.DayRecord) error {
	tx, err := s.SQL().BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	del := "DELETE FROM attendance_days WHERE date >= ? AND date <= ? AND employee_id IN (" + placeholders(len(ids), 1) + ")"
	args := append([]any{from.String(), to.String()}, int64sAny(ids)...)
	if _, err := tx.ExecContext(ctx, del, args...); err != nil {
		return err
	}
	if err := insertDaysSQLite(ctx, tx, days); err != nil {
		return err
	}
	return tx.Commit()
}

// sqliteBatch rows per INSERT keeps parameters under SQLite's limit and the
// statement reusable.
const sqliteBatch = 100

func insertDaysSQLite(ctx context.Context, tx *sql.Tx, days []timesheet.DayRecord) error {
	var full *sql.Stmt
	for start := 0; start < len(days); start += sqliteBatch {
		batch := days[start:min(start+sqliteBatch, len(days))]
		stmt := full
		if len(batch) < sqliteBatch || full == nil {
			var err error
			stmt, err = tx.PrepareContext(ctx, insertDaysSQL(len(batch)))
			if err != nil {
				return err
			}
			if len(batch) == sqliteBatch {
				full = stmt
				defer full.Close()
			} else {
				defer stmt.Close()
			}
		}
		args := make([]any, 0, len(batch)*len(dayColumns))
		for i := range batch {
			v, err := dayValues(&batch[i])
			if err != nil {
				return err
			}
			args = append(args, v...)
		}
		if _, err := stmt.ExecContext(ctx, args...); err != nil {
			return err
		}
	}
	return nil
}

func insertDaysSQL(rows int) string {
	row := "(" + placeholders(len(dayColumns), 1) + ")"
	return "INSERT INTO attendance_days (" + strings.Join(dayColumns, ", ") + ") VALUES " +
		strings.TrimSuffix(strings.Repeat(row+",", rows), ",")
}

// replaceDaysPG deletes and COPYs in one transaction on the pgx connection.
func (s *Store) replaceDaysPG(ctx context.Context, ids []int64, from, to civil.Date, days []timesheet.DayRecord) error {
	conn, err := s.SQL().Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		pc := dc.(*stdlib.Conn).Conn()
		return pgx.BeginFunc(ctx, pc, func(tx pgx.Tx) error {
			_, err := tx.Exec(ctx, "DELETE FROM attendance_days WHERE employee_id = ANY($1) AND date >= $2 AND date <= $3",
				ids, from.String(), to.String())
			if err != nil {
				return err
			}
			_, err = tx.CopyFrom(ctx, pgx.Identifier{"attendance_days"}, dayColumns, &dayRows{days: days})
			return err
		})
	})
}

// dayRows feeds COPY.
type dayRows struct {
	days []timesheet.DayRecord
	i    int
	err  error
	vals []any
}

func (r *dayRows) Next() bool {
	if r.i >= len(r.days) || r.err != nil {
		return false
	}
	r.vals, r.err = dayValues(&r.days[r.i])
	if r.err == nil {
		// COPY's binary format wants a DATE, not text.
		r.vals[1] = r.days[r.i].Date.Time(time.UTC)
	}
	r.i++
	return r.err == nil
}

func (r *dayRows) Values() ([]any, error) { return r.vals, r.err }
func (r *dayRows) Err() error             { return r.err }

func placeholders(n, _ int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

func int64sAny(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}
