package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/device"
	"github.com/hadir-id/hadir/internal/rules"
	"github.com/hadir-id/hadir/internal/signals"
)

// hot holds prepared statements for the reads every check-in makes. GORM's
// reflection and statement building cost more than the query itself there;
// admin screens keep using GORM.
type hot struct {
	once  sync.Once
	err   error
	stmts map[string]*sql.Stmt
}

var hotQueries = map[string]string{
	"device":   "SELECT " + deviceColumns + " FROM devices d WHERE d.key_id = ?",
	"eventkey": "SELECT id FROM attendance_events WHERE employee_id = ? AND idempotency_key = ?",
	"recent":   "SELECT id, employee_id, at, type, source, status, lat, lon, accuracy_m FROM attendance_events WHERE employee_id = ? AND at >= ? ORDER BY at DESC LIMIT " + strconv.Itoa(recentLimit),
	"samespot": "SELECT employee_id, at, lat, lon, accuracy_m FROM attendance_events WHERE lat BETWEEN ? AND ? AND lon BETWEEN ? AND ? AND at >= ? AND at <= ? AND employee_id <> ? LIMIT 50",
	"events1":  "SELECT id, employee_id, at, type, source, status FROM attendance_events WHERE employee_id = ? AND at >= ? AND at < ? ORDER BY at",
	"claimants": "SELECT employee_id FROM devices WHERE id = ? UNION ALL SELECT u.employee_id FROM audit_log a JOIN users u ON u.id = a.actor_user_id " +
		"WHERE a.entity = 'device' AND a.entity_id = ? AND a.action = 'device.shared_attempt' AND u.employee_id IS NOT NULL",
	"session": "SELECT s.id, s.user_id, s.created_at, s.expires_at, s.last_seen_at, s.user_agent, s.installed, u.id, u.regency_id, u.employee_id, " +
		"u.name, u.created_at, u.disabled_at, EXISTS (SELECT 1 FROM role_grants g WHERE g.user_id = u.id) " +
		"FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.revoked_at IS NULL AND s.expires_at > ?",
	"employee": "SELECT e.id, e.regency_id, e.nip, e.name, e.employee_type, e.user_handle, e.active_from, e.active_to, e.created_at, e.updated_at, " +
		"a.id, a.agency_id, a.unit_id, a.position_id, a.supervisor_id, a.valid_from, a.valid_to, a.reason, a.created_at, a.created_by, " +
		"EXISTS (SELECT 1 FROM employee_assignments s WHERE s.supervisor_id = e.id AND s.valid_from <= ? AND (s.valid_to IS NULL OR s.valid_to >= ?)), " +
		"EXISTS (SELECT 1 FROM work_locations w WHERE w.employee_id = e.id) " +
		"FROM employees e LEFT JOIN employee_assignments a ON a.id = (SELECT x.id FROM employee_assignments x WHERE x.employee_id = e.id " +
		"AND x.valid_from <= ? AND (x.valid_to IS NULL OR x.valid_to >= ?) ORDER BY x.valid_from DESC LIMIT 1) WHERE e.id = ?",
	"devices": "SELECT " + deviceColumns + ", " +
		"EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = 'device' AND a.entity_id = d.id AND a.action = 'device.shared_attempt') " +
		"FROM devices d WHERE d.employee_id = ? ORDER BY d.id DESC",
	"worklocations": "SELECT id, employee_id, kind, site_id, date_from, date_to, note, created_at, created_by FROM work_locations WHERE employee_id = ? ORDER BY id",
	"passkeys":      "SELECT id, employee_id, credential_id, record, flags, backup_eligible, backup_state, aaguid, transports, sign_count, clone_warning, created_at, last_used_at, revoked_at FROM passkeys WHERE employee_id = ? AND revoked_at IS NULL ORDER BY id",
}

// stmt returns the prepared statement of a hot query.
func (s *Store) stmt(ctx context.Context, name string) (*sql.Stmt, error) {
	s.hot.once.Do(func() {
		s.hot.stmts = map[string]*sql.Stmt{}
		for n, q := range hotQueries {
			if s.dialect == "postgres" {
				q = dollar(q)
			}
			st, err := s.rdbSQL().PrepareContext(context.WithoutCancel(ctx), q)
			if err != nil {
				s.hot.err = err
				return
			}
			s.hot.stmts[n] = st
		}
	})
	return s.hot.stmts[name], s.hot.err
}

// dollar rewrites ? placeholders as $1, $2 … for PostgreSQL.
func dollar(q string) string {
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString("$" + itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

// nullTimePtr converts a scanned nullable time.
func nullTimePtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	v := t.Time
	return &v
}

func nullInt64Ptr(n sql.NullInt64) *int64 {
	if !n.Valid {
		return nil
	}
	v := n.Int64
	return &v
}

// DeviceByKey returns a device by its key id. Errors: not_found.
func (s *Store) DeviceByKey(ctx context.Context, keyID string) (device.Device, error) {
	st, err := s.stmt(ctx, "device")
	if err != nil {
		return device.Device{}, translate(err)
	}
	d, err := scanDevice(st.QueryRowContext(ctx, keyID))
	return d, rowErr(err)
}

// deviceColumns are the columns scanDevice reads, of devices as d.
const deviceColumns = "d.id, d.employee_id, d.key_id, d.public_key, d.status, d.label, d.passkey_id, d.created_at, d.decided_at, d.decided_by, d.revoked_at"

// scanDevice reads deviceColumns from a row, then into extra.
func scanDevice(row interface{ Scan(...any) error }, extra ...any) (device.Device, error) {
	var d device.Device
	var passkey, decidedBy sql.NullInt64
	var decidedAt, revokedAt sql.NullTime
	err := row.Scan(append([]any{&d.ID, &d.EmployeeID, &d.KeyID, &d.PublicKey, &d.Status, &d.Label, &passkey,
		&d.CreatedAt, &decidedAt, &decidedBy, &revokedAt}, extra...)...)
	d.PasskeyID, d.DecidedBy, d.DecidedAt, d.RevokedAt = nullInt64Ptr(passkey), nullInt64Ptr(decidedBy), nullTimePtr(decidedAt), nullTimePtr(revokedAt)
	return d, err
}

// EventByKey returns an employee's event by idempotency key. Errors: not_found.
func (s *Store) EventByKey(ctx context.Context, employeeID int64, key string) (rules.Event, error) {
	st, err := s.stmt(ctx, "eventkey")
	if err != nil {
		return rules.Event{}, translate(err)
	}
	var id int64
	if err := st.QueryRowContext(ctx, employeeID, key).Scan(&id); err != nil {
		return rules.Event{}, rowErr(err)
	}
	return s.Event(ctx, id) // rare: a retry
}

// Passkeys lists an employee's passkeys that are not revoked.
func (s *Store) Passkeys(ctx context.Context, employeeID int64) ([]device.Passkey, error) {
	return hotRows(ctx, s, "passkeys", func(rows *sql.Rows) (device.Passkey, error) {
		var p device.Passkey
		var used, revoked sql.NullTime
		err := rows.Scan(&p.ID, &p.EmployeeID, &p.CredentialID, &p.Record, &p.Flags, &p.BackupEligible, &p.BackupState,
			&p.AAGUID, &p.Transports, &p.SignCount, &p.CloneWarning, &p.CreatedAt, &used, &revoked)
		p.LastUsedAt, p.RevokedAt = nullTimePtr(used), nullTimePtr(revoked)
		return p, err
	}, employeeID)
}

// hotRows runs a hot query and scans its rows with scan, one value each.
func hotRows[T any](ctx context.Context, s *Store, name string, scan func(*sql.Rows) (T, error), args ...any) ([]T, error) {
	st, err := s.stmt(ctx, name)
	if err != nil {
		return nil, translate(err)
	}
	rows, err := st.QueryContext(ctx, args...)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, translate(err)
		}
		out = append(out, v)
	}
	return out, translate(rows.Err())
}

func rowErr(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return apperr.New(apperr.NotFound, "request.not_found")
	}
	return translate(err)
}

// located reads (employee, at, lat, lon, accuracy) rows of a hot query.
func (s *Store) located(ctx context.Context, name string, args ...any) ([]signals.Observation, error) {
	return hotRows(ctx, s, name, func(rows *sql.Rows) (signals.Observation, error) {
		var o signals.Observation
		var acc sql.NullFloat64
		err := rows.Scan(&o.EmployeeID, &o.At, &o.Lat, &o.Lon, &acc)
		o.AccuracyM = acc.Float64
		return o, err
	}, args...)
}
