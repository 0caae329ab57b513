package store

import (
	"context"
	"database/sql"
	"hash/fnv"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/timesheet"
)

// dayColumns are written by ReplaceDays, in this order; digest and
// computed_at last.
var dayColumns = []string{"employee_id", "date", "agency_id", "policy_id", "scheduled", "holiday", "shift_start",
	"shift_end", "check_in", "check_out", "late_min", "early_min", "made_up", "codes", "deduction_pct", "reasons",
	"provisional", "digest", "computed_at"}

// dayValues returns the column values of a day with its digest: a hash of
// every column but digest and computed_at.
func dayValues(d *timesheet.DayRecord) ([]any, error) {
	codes, err := d.Codes.Value()
	if err != nil {
		return nil, err
	}
	reasons, err := d.Reasons.Value()
	if err != nil {
		return nil, err
	}
	v := []any{d.EmployeeID, d.Date.String(), d.AgencyID, d.PolicyID, d.Scheduled, d.Holiday, nullTime(d.ShiftStart),
		nullTime(d.ShiftEnd), nullTime(d.CheckIn), nullTime(d.CheckOut), int64(d.LateMin), int64(d.EarlyMin), d.MadeUp,
		codes, d.DeductionPct, reasons, d.Provisional, int64(0), d.ComputedAt.UTC()}
	d.Digest = digest(v[:len(v)-2])
	v[len(v)-2] = d.Digest
	return v, nil
}

func digest(vals []any) int64 {
	h := fnv.New64a()
	var buf []byte
	for _, v := range vals {
		buf = buf[:0]
		switch x := v.(type) {
		case int64:
			buf = strconv.AppendInt(buf, x, 10)
		case string:
			buf = append(buf, x...)
		case *string:
			if x != nil {
				buf = append(buf, *x...)
			}
		case bool:
			buf = strconv.AppendBool(buf, x)
		case float64:
			buf = strconv.AppendUint(buf, math.Float64bits(x), 16)
		case time.Time:
			buf = strconv.AppendInt(buf, x.UnixNano(), 10)
		}
		buf = append(buf, 0)
		h.Write(buf)
	}
	return int64(h.Sum64())
}

func nullTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC()
}

type dayKey struct {
	emp  int64
	date string
}

// ReplaceDays makes the stored days of the employees in [from, to] equal
// days, atomically: readers see the old result or the new one, never half.
// Only days whose result changed are rewritten (by digest), so recomputing
// an unchanged agency-month writes nothing. It bypasses GORM: COPY on
// PostgreSQL, multi-row prepared inserts on SQLite.
func (s *Store) ReplaceDays(ctx context.Context, ids []int64, from, to civil.Date, days []timesheet.DayRecord) error {
	if len(ids) == 0 {
		return nil
	}
	old, err := s.dayDigests(ctx, ids, from, to)
	if err != nil {
		return translate(err)
	}
	var changed [][]any
	var gone []dayKey
	for i := range days {
		v, err := dayValues(&days[i])
		if err != nil {
			return err
		}
		k := dayKey{days[i].EmployeeID, v[1].(string)}
		if dg, ok := old[k]; ok && dg == days[i].Digest {
			delete(old, k)
			continue
		} else if ok {
			gone = append(gone, k)
			delete(old, k)
		}
		changed = append(changed, v)
	}
	for k := range old {
		gone = append(gone, k)
	}
	if s.dialect == "postgres" {
		return translate(s.writeDaysPG(ctx, gone, changed))
	}
	return translate(s.writeDaysSQLite(ctx, gone, changed))
}

func (s *Store) dayDigests(ctx context.Context, ids []int64, from, to civil.Date) (map[dayKey]int64, error) {
	q := "SELECT employee_id, date, digest FROM attendance_days WHERE date >= ? AND date <= ? AND employee_id IN (" + marks(len(ids)) + ")"
	if s.dialect == "postgres" {
		q = "SELECT employee_id, to_char(date, 'YYYY-MM-DD'), digest FROM attendance_days WHERE date >= $1 AND date <= $2 AND employee_id = ANY($3)"
	}
	args := []any{from.String(), to.String()}
	if s.dialect == "postgres" {
		args = append(args, ids)
	} else {
		args = append(args, int64sAny(ids)...)
	}
	rows, err := s.SQL().QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[dayKey]int64{}
	for rows.Next() {
		var k dayKey
		var d int64
		if err := rows.Scan(&k.emp, &k.date, &d); err != nil {
			return nil, err
		}
		out[k] = d
	}
	return out, rows.Err()
}

func (s *Store) writeDaysSQLite(ctx context.Context, gone []dayKey, changed [][]any) error {
	if len(gone) == 0 && len(changed) == 0 {
		return nil
	}
	tx, err := s.SQL().BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if len(gone) > 0 {
		del, err := tx.PrepareContext(ctx, "DELETE FROM attendance_days WHERE employee_id = ? AND date = ?")
		if err != nil {
			return err
		}
		defer del.Close()
		for _, k := range gone {
			if _, err := del.ExecContext(ctx, k.emp, k.date); err != nil {
				return err
			}
		}
	}
	if err := insertDaysSQLite(ctx, tx, changed); err != nil {
		return err
	}
	return tx.Commit()
}

// sqliteBatch rows per INSERT keeps parameters under SQLite's limit and the
// statement reusable.
const sqliteBatch = 100

func insertDaysSQLite(ctx context.Context, tx *sql.Tx, rows [][]any) error {
	stmts := map[int]*sql.Stmt{}
	defer func() {
		for _, st := range stmts {
			st.Close()
		}
	}()
	for start := 0; start < len(rows); start += sqliteBatch {
		batch := rows[start:min(start+sqliteBatch, len(rows))]
		st, ok := stmts[len(batch)]
		if !ok {
			var err error
			if st, err = tx.PrepareContext(ctx, insertDaysSQL(len(batch))); err != nil {
				return err
			}
			stmts[len(batch)] = st
		}
		args := make([]any, 0, len(batch)*len(dayColumns))
		for _, v := range batch {
			args = append(args, v...)
		}
		if _, err := st.ExecContext(ctx, args...); err != nil {
			return err
		}
	}
	return nil
}

func insertDaysSQL(rows int) string {
	row := "(" + marks(len(dayColumns)) + ")"
	return "INSERT INTO attendance_days (" + strings.Join(dayColumns, ", ") + ") VALUES " +
		strings.TrimSuffix(strings.Repeat(row+",", rows), ",")
}

// writeDaysPG deletes the changed and vanished days and COPYs the changed
// ones, in one transaction on the pgx connection.
func (s *Store) writeDaysPG(ctx context.Context, gone []dayKey, changed [][]any) error {
	if len(gone) == 0 && len(changed) == 0 {
		return nil
	}
	conn, err := s.SQL().Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	emps, dates := make([]int64, len(gone)), make([]string, len(gone))
	for i, k := range gone {
		emps[i], dates[i] = k.emp, k.date
	}
	for _, v := range changed {
		d, _ := time.Parse("2006-01-02", v[1].(string))
		v[1] = d // COPY's binary format wants a date, not text
	}
	return conn.Raw(func(dc any) error {
		return pgx.BeginFunc(ctx, dc.(*stdlib.Conn).Conn(), func(tx pgx.Tx) error {
			if len(gone) > 0 {
				_, err := tx.Exec(ctx, `DELETE FROM attendance_days d USING unnest($1::bigint[], $2::date[]) AS k(e, dt)
					WHERE d.employee_id = k.e AND d.date = k.dt`, emps, dates)
				if err != nil {
					return err
				}
			}
			_, err := tx.CopyFrom(ctx, pgx.Identifier{"attendance_days"}, dayColumns, pgx.CopyFromRows(changed))
			return err
		})
	})
}

func marks(n int) string { return strings.TrimSuffix(strings.Repeat("?,", n), ",") }

func int64sAny(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}
