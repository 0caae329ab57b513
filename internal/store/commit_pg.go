package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/hadir-id/hadir/internal/checkin"
	"github.com/hadir-id/hadir/internal/rules"
)

// PostgreSQL takes a batch as arrays, one per column, through unnest: the
// statement text is the same whatever the batch size, so it is parsed and
// planned once per connection. (A VALUES list of n rows is a new statement
// for every n, and parsing one with thousands of parameters cost more than
// running it.)

const pgInsertEvents = "INSERT INTO attendance_events (" + eventColumns + ") SELECT * FROM unnest(" +
	"$1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::text[], $8::bigint[], " +
	"$9::bigint[], $10::float8[], $11::float8[], $12::float8[], $13::timestamptz[], $14::timestamptz[], $15::timestamptz[], " +
	"$16::bool[], $17::text[], $18::bigint[], $19::float8[], $20::text[], $21::text[], $22::text[]) " +
	"ON CONFLICT DO NOTHING RETURNING id, employee_id, idempotency_key"

// pgEventColumns holds a batch of events column by column.
type pgEventColumns struct {
	emp                                    []int64
	at, created                            []time.Time
	typ, source, status, geofence, signals []string
	note                                   []string
	key, challenge                         []*string
	device, passkey, site                  []*int64
	lat, lon, acc, dist                    []*float64
	positionAt, clientTime, claimedAt      []*time.Time
	offline                                []bool
}

func (c *pgEventColumns) add(e *rules.Event, challenge *string) {
	c.emp = append(c.emp, e.EmployeeID)
	c.at, c.created = append(c.at, e.At.UTC()), append(c.created, e.CreatedAt.UTC())
	c.typ, c.source, c.status = append(c.typ, e.Type), append(c.source, e.Source), append(c.status, e.Status)
	c.key, c.device, c.passkey = append(c.key, e.IdempotencyKey), append(c.device, e.DeviceID), append(c.passkey, e.PasskeyID)
	c.lat, c.lon, c.acc = append(c.lat, e.Lat), append(c.lon, e.Lon), append(c.acc, e.AccuracyM)
	c.positionAt = append(c.positionAt, utcPtr(e.PositionAt))
	c.clientTime, c.claimedAt = append(c.clientTime, utcPtr(e.ClientTime)), append(c.claimedAt, utcPtr(e.ClaimedAt))
	c.offline, c.geofence = append(c.offline, e.Offline), append(c.geofence, e.Geofence)
	c.site, c.dist = append(c.site, e.SiteID), append(c.dist, e.DistanceM)
	c.signals, c.note, c.challenge = append(c.signals, e.Signals), append(c.note, e.ReviewNote), append(c.challenge, challenge)
}

func (c *pgEventColumns) args() []any {
	return []any{c.emp, c.at, c.typ, c.source, c.status, c.created, c.key, c.device, c.passkey, c.lat, c.lon, c.acc,
		c.positionAt, c.clientTime, c.claimedAt, c.offline, c.geofence, c.site, c.dist, c.signals, c.note, c.challenge}
}

// insertEventsPG is insertEvents for PostgreSQL.
func (s *Store) insertEventsPG(ctx context.Context, tx *sql.Tx, evs []*rules.Event, challenges []*string) ([]int64, error) {
	var c pgEventColumns
	for i, e := range evs {
		c.add(e, challenges[i])
	}
	ids := make([]int64, len(evs))
	return ids, s.scanInserted(ctx, tx, pgInsertEvents, c.args(), evs, ids)
}

// touchPasskeysPG is touchPasskeys for PostgreSQL.
func touchPasskeysPG(ctx context.Context, tx *sql.Tx, items []checkin.Write, fresh []int, latest map[int64]int) error {
	var ids, counts []int64
	var clone, backup []bool
	var flags []int32
	var used []time.Time
	for _, i := range fresh {
		p := items[i].Passkey
		if latest[p.ID] != i {
			continue
		}
		ids, counts, flags = append(ids, p.ID), append(counts, p.SignCount), append(flags, int32(p.Flags))
		clone, backup, used = append(clone, p.CloneWarning), append(backup, p.BackupState), append(used, items[i].Event.At.UTC())
	}
	_, err := tx.ExecContext(ctx, "UPDATE passkeys p SET sign_count = v.sc, clone_warning = v.cw, backup_state = v.bs, flags = v.fl, "+
		"last_used_at = v.used FROM unnest($1::bigint[], $2::bigint[], $3::bool[], $4::bool[], $5::int[], $6::timestamptz[]) "+
		"AS v(id, sc, cw, bs, fl, used) WHERE p.id = v.id", ids, counts, clone, backup, flags, used)
	return err
}

// queueCheckinDaysPG is queueCheckinDays for PostgreSQL.
func (s *Store) queueCheckinDaysPG(ctx context.Context, tx *sql.Tx, items []checkin.Write, fresh []int) error {
	var regs, emps []int64
	var from, to []string
	for _, i := range fresh {
		w := items[i]
		regs, emps = append(regs, w.RegencyID), append(emps, w.Event.EmployeeID)
		from, to = append(from, w.Day.AddDays(-1).String()), append(to, w.Day.String())
	}
	_, err := tx.ExecContext(ctx, "INSERT INTO recompute_jobs (regency_id, employee_id, date_from, date_to, reason, created_at) "+
		"SELECT r, e, f::date, t::date, 'checkin', $5 FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS v(r, e, f, t)",
		regs, emps, from, to, s.now().UTC())
	return err
}
