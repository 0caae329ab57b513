package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/checkin"
	"github.com/hadir-id/hadir/internal/rules"
)

// CommitCheckins is the batching writer's commit: one transaction for the
// whole batch and four statements whatever its size — refuse revoked
// devices, insert the events, write back the passkeys, queue the days'
// recomputation (the outbox). Raw SQL: GORM's reflection cost more than the
// statements themselves here.
//
// Single use of a challenge and idempotency are both unique indexes on the
// event row; an item whose insert conflicts is either a retry (its
// idempotency key is stored: the first event is returned) or a replay (the
// challenge was spent by another request: refused alone).
func (s *Store) CommitCheckins(ctx context.Context, items []checkin.Write) ([]checkin.Written, error) {
	out := make([]checkin.Written, len(items))
	first := firstOfChallenge(items, out)
	tx, err := s.SQL().BeginTx(ctx, nil)
	if err != nil {
		return nil, translate(err)
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op
	if err := s.refuseRevoked(ctx, tx, items, first, out); err != nil {
		return nil, translate(err)
	}
	var todo []int
	for i := range items {
		if first[i] == i && out[i].Err == nil {
			todo = append(todo, i)
		}
	}
	if err := s.insertCheckins(ctx, tx, items, todo, out); err != nil {
		return nil, translate(err)
	}
	if err := s.settleConflicts(ctx, items, todo, out); err != nil {
		return nil, translate(err)
	}
	var fresh []int
	for _, i := range todo {
		if out[i].Err == nil && !out[i].Duplicate {
			fresh = append(fresh, i)
		}
	}
	if err := s.touchPasskeys(ctx, tx, items, fresh); err != nil {
		return nil, translate(err)
	}
	if err := s.queueCheckinDays(ctx, tx, items, fresh); err != nil {
		return nil, translate(err)
	}
	if err := tx.Commit(); err != nil {
		return nil, translate(err)
	}
	committed := make([]rules.Event, len(fresh))
	for k, i := range fresh {
		committed[k] = out[i].Event
	}
	s.recent.committed(committed)
	for i, j := range first { // copies of one request in the same batch share its answer
		if j != i && out[i].Err == nil {
			out[i] = checkin.Written{Event: out[j].Event, Duplicate: true, Err: out[j].Err}
		}
	}
	return out, nil
}

// firstOfChallenge maps each item to the first item of the batch on the
// same challenge. A later copy of the same request (employee and
// idempotency key) will share the first's answer; any other request on
// that challenge is a replay and is refused here.
func firstOfChallenge(items []checkin.Write, out []checkin.Written) []int {
	first := make([]int, len(items))
	seen := make(map[string]int, len(items))
	for i := range items {
		j, ok := seen[items[i].Challenge]
		if !ok {
			seen[items[i].Challenge], first[i] = i, i
			continue
		}
		first[i] = j
		a, b := items[j].Event, items[i].Event
		if a.EmployeeID != b.EmployeeID || *a.IdempotencyKey != *b.IdempotencyKey {
			first[i] = i
			out[i].Err = errChallengeUsed
		}
	}
	return first
}

var errChallengeUsed = apperr.New(apperr.Unauthorized, "device.challenge_used")

// refuseRevoked refuses items whose device was revoked meanwhile — maybe on
// another node, whose caches this one cannot see.
func (s *Store) refuseRevoked(ctx context.Context, tx *sql.Tx, items []checkin.Write, first []int, out []checkin.Written) error {
	ids := make([]int64, 0, len(items))
	for i := range items {
		if first[i] == i && items[i].Event.DeviceID != nil {
			ids = append(ids, *items[i].Event.DeviceID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	q, args := "SELECT id FROM devices WHERE status = 'revoked' AND id IN ("+marks(len(ids))+")", int64sAny(ids)
	if s.dialect == "postgres" { // one statement text whatever the batch size
		q, args = "SELECT id FROM devices WHERE status = 'revoked' AND id = ANY($1)", []any{ids}
	}
	rows, err := tx.QueryContext(ctx, s.q(q), args...)
	if err != nil {
		return err
	}
	revoked := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		revoked[id] = true
	}
	if err := rows.Close(); err != nil {
		return err
	}
	for i := range items {
		if d := items[i].Event.DeviceID; d != nil && revoked[*d] && first[i] == i {
			out[i].Err = apperr.New(apperr.Forbidden, "device.revoked")
		}
	}
	return nil
}

// eventColumns are the columns a check-in writes, in eventArgs' order.
const eventColumns = "employee_id, at, type, source, status, created_at, idempotency_key, device_id, passkey_id, lat, lon, " +
	"accuracy_m, position_at, client_time, claimed_at, offline, geofence, site_id, distance_m, signals, review_note, challenge"

func eventArgs(e *rules.Event, challenge *string) []any {
	return []any{e.EmployeeID, e.At.UTC(), e.Type, e.Source, e.Status, e.CreatedAt.UTC(), e.IdempotencyKey, e.DeviceID,
		e.PasskeyID, e.Lat, e.Lon, e.AccuracyM, utcPtr(e.PositionAt), utcPtr(e.ClientTime), utcPtr(e.ClaimedAt), e.Offline,
		e.Geofence, e.SiteID, e.DistanceM, e.Signals, e.ReviewNote, challenge}
}

// insertEvents inserts events in one multi-row statement, skipping the
// ones that conflict with a unique index, and returns the new ids by
// position (0: not inserted). Positions are matched by the returned
// sequence column, since neither database promises RETURNING's order.
func (s *Store) insertEvents(ctx context.Context, tx *sql.Tx, evs []*rules.Event, challenges []*string) ([]int64, error) {
	if s.dialect == "postgres" {
		return s.insertEventsPG(ctx, tx, evs, challenges)
	}
	ids := make([]int64, len(evs))
	const cols = 22
	const perStatement = 1000 // 22,000 parameters: under both databases' limits
	for lo := 0; lo < len(evs); lo += perStatement {
		hi := min(lo+perStatement, len(evs))
		var b strings.Builder
		b.WriteString("INSERT INTO attendance_events (" + eventColumns + ") VALUES ")
		args := make([]any, 0, (hi-lo)*cols)
		row := "(" + marks(cols) + ")"
		for i := lo; i < hi; i++ {
			if i > lo {
				b.WriteByte(',')
			}
			b.WriteString(row)
			args = append(args, eventArgs(evs[i], challenges[i])...)
		}
		b.WriteString(" ON CONFLICT DO NOTHING RETURNING id, employee_id, idempotency_key")
		if err := s.scanInserted(ctx, tx, b.String(), args, evs[lo:hi], ids[lo:hi]); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

// scanInserted matches RETURNING rows to events: by (employee,
// idempotency key) — a unique index — when the event has a key, else in
// the order returned (keyless events never conflict).
func (s *Store) scanInserted(ctx context.Context, tx *sql.Tx, q string, args []any, evs []*rules.Event, ids []int64) error {
	type key struct {
		emp  int64
		idem string
	}
	pos := make(map[key]int, len(evs))
	var keyless []int
	for i, e := range evs {
		if e.IdempotencyKey != nil {
			pos[key{e.EmployeeID, *e.IdempotencyKey}] = i
		} else {
			keyless = append(keyless, i)
		}
	}
	rows, err := tx.QueryContext(ctx, s.q(q), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, emp int64
		var idem sql.NullString
		if err := rows.Scan(&id, &emp, &idem); err != nil {
			return err
		}
		if i, ok := pos[key{emp, idem.String}]; ok && idem.Valid {
			ids[i] = id
		} else if !idem.Valid && len(keyless) > 0 {
			ids[keyless[0]], keyless = id, keyless[1:]
		}
	}
	return rows.Err()
}

// insertCheckins inserts the events of todo; out gets the inserted ones.
func (s *Store) insertCheckins(ctx context.Context, tx *sql.Tx, items []checkin.Write, todo []int, out []checkin.Written) error {
	evs := make([]*rules.Event, len(todo))
	chs := make([]*string, len(todo))
	for k, i := range todo {
		evs[k], chs[k] = &items[i].Event, &items[i].Challenge
	}
	ids, err := s.insertEvents(ctx, tx, evs, chs)
	if err != nil {
		return err
	}
	for k, i := range todo {
		if ids[k] != 0 {
			out[i].Event = items[i].Event
			out[i].Event.ID = ids[k]
		} else {
			out[i].Duplicate = true // settled by settleConflicts
		}
	}
	return nil
}

// settleConflicts answers the items whose insert conflicted: a retry gets
// the event stored under its idempotency key; anything else spent a
// challenge that was already used. Rare (a retry storm, a replay), so it
// reads through the committed state outside the batch's transaction: the
// conflicting row was committed before this batch began.
func (s *Store) settleConflicts(ctx context.Context, items []checkin.Write, todo []int, out []checkin.Written) error {
	for _, i := range todo {
		if !out[i].Duplicate {
			continue
		}
		var prev rules.Event
		err := s.read(ctx).Where("employee_id = ? AND idempotency_key = ?", items[i].Event.EmployeeID, *items[i].Event.IdempotencyKey).
			First(&prev).Error
		switch {
		case err == nil:
			out[i].Event = prev
		case errors.Is(err, gorm.ErrRecordNotFound):
			out[i] = checkin.Written{Err: errChallengeUsed}
		default:
			return err
		}
	}
	return nil
}

// touchPasskeys writes back, in one statement, the passkeys whose counter
// or flags the batch's assertions changed (a device-bound authenticator's
// counter moves at every use; a synced passkey's stays 0). An unchanged
// passkey is not rewritten: the event row already records its use, and
// rewriting it cost a random page write per check-in at the peak.
func (s *Store) touchPasskeys(ctx context.Context, tx *sql.Tx, items []checkin.Write, fresh []int) error {
	latest := make(map[int64]int, len(fresh)) // passkey → its last changing item in the batch
	var changed []int
	for _, i := range fresh {
		if items[i].PasskeyChanged {
			latest[items[i].Passkey.ID] = i
			changed = append(changed, i)
		}
	}
	if len(changed) == 0 {
		return nil
	}
	fresh = changed
	if s.dialect == "postgres" {
		return touchPasskeysPG(ctx, tx, items, fresh, latest)
	}
	var b strings.Builder
	b.WriteString("WITH v(id, sign_count, clone_warning, backup_state, flags, used_at) AS (VALUES ")
	args := make([]any, 0, len(latest)*6)
	n := 0
	for _, i := range fresh {
		p := items[i].Passkey
		if latest[p.ID] != i {
			continue
		}
		if n > 0 {
			b.WriteByte(',')
		}
		n++
		b.WriteString("(CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BOOLEAN), CAST(? AS BOOLEAN), CAST(? AS INTEGER), " +
			s.timestampParam() + ")")
		args = append(args, p.ID, p.SignCount, p.CloneWarning, p.BackupState, p.Flags, items[i].Event.At.UTC())
	}
	b.WriteString(") UPDATE passkeys SET sign_count = v.sign_count, clone_warning = v.clone_warning, backup_state = v.backup_state, " +
		"flags = v.flags, last_used_at = v.used_at FROM v WHERE passkeys.id = v.id")
	_, err := tx.ExecContext(ctx, s.q(b.String()), args...)
	return err
}

// queueCheckinDays queues the recomputation of each event's day and the
// day before (an overnight shift), in one statement: the outbox.
func (s *Store) queueCheckinDays(ctx context.Context, tx *sql.Tx, items []checkin.Write, fresh []int) error {
	if len(fresh) == 0 {
		return nil
	}
	if s.dialect == "postgres" {
		return s.queueCheckinDaysPG(ctx, tx, items, fresh)
	}
	var b strings.Builder
	b.WriteString("INSERT INTO recompute_jobs (regency_id, employee_id, date_from, date_to, reason, created_at) VALUES ")
	args := make([]any, 0, len(fresh)*6)
	now := s.now().UTC()
	for k, i := range fresh {
		if k > 0 {
			b.WriteByte(',')
		}
		b.WriteString("(?, ?, ?, ?, 'checkin', ?)")
		w := items[i]
		args = append(args, w.RegencyID, w.Event.EmployeeID, w.Day.AddDays(-1), w.Day, now)
	}
	_, err := tx.ExecContext(ctx, s.q(b.String()), args...)
	return err
}

// InsertEvents writes plain events in one transaction with the check-in's
// insert: the bare durable write that `hadir bench checkin` measures as
// its floor (no verification, no challenge, no recompute).
func (s *Store) InsertEvents(ctx context.Context, evs []rules.Event) ([]int64, error) {
	tx, err := s.SQL().BeginTx(ctx, nil)
	if err != nil {
		return nil, translate(err)
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op
	ptrs := make([]*rules.Event, len(evs))
	chs := make([]*string, len(evs))
	for i := range evs {
		ptrs[i] = &evs[i]
	}
	ids, err := s.insertEvents(ctx, tx, ptrs, chs)
	if err != nil {
		return nil, translate(err)
	}
	if err := tx.Commit(); err != nil {
		return nil, translate(err)
	}
	for i := range evs {
		evs[i].ID = ids[i]
	}
	s.recent.committed(evs)
	return ids, nil
}

// q adapts a ?-placeholder statement to the dialect.
func (s *Store) q(query string) string {
	if s.dialect == "postgres" {
		return dollar(query)
	}
	return query
}

// timestampParam is a time parameter in a VALUES list: PostgreSQL needs
// its type; SQLite must not get one (CAST to DATETIME is numeric there).
func (s *Store) timestampParam() string {
	if s.dialect == "postgres" {
		return "CAST(? AS TIMESTAMPTZ)"
	}
	return "?"
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}
