package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"gorm.io/gorm"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/audit"
	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/org"
)

// CreateUser inserts a user. Errors: conflict (employee already has one).
func (s *Store) CreateUser(ctx context.Context, actor audit.Actor, u *auth.User) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Create(u).Error; err != nil {
			return err
		}
		return record(tx, actor, nil, "user.create", "user", u.ID, u)
	})
}

// User returns one user. Errors: not_found.
func (s *Store) User(ctx context.Context, id int64) (auth.User, error) {
	var u auth.User
	return u, translate(s.read(ctx).First(&u, id).Error)
}

// UserByEmployee returns the user of an employee. Errors: not_found.
func (s *Store) UserByEmployee(ctx context.Context, employeeID int64) (auth.User, error) {
	var u auth.User
	return u, translate(s.read(ctx).Where("employee_id = ?", employeeID).First(&u).Error)
}

// Grants lists a user's admin grants.
func (s *Store) Grants(ctx context.Context, userID int64) ([]auth.Grant, error) {
	var out []auth.Grant
	return out, translate(s.read(ctx).Where("user_id = ?", userID).Order("id").Find(&out).Error)
}

// GrantsIn lists the grants of a regency, limited to agencies when not nil.
func (s *Store) GrantsIn(ctx context.Context, regencyID int64, agencyIDs []int64) ([]auth.Grant, error) {
	q := s.read(ctx).Table("role_grants g").Select("g.*").Joins("JOIN users u ON u.id = g.user_id").Where("u.regency_id = ?", regencyID)
	if agencyIDs != nil {
		q = q.Where("g.agency_id IN ?", agencyIDs)
	}
	var out []auth.Grant
	return out, translate(q.Order("g.id").Scan(&out).Error)
}

// Grant returns one grant. Errors: not_found.
func (s *Store) Grant(ctx context.Context, id int64) (auth.Grant, error) {
	var g auth.Grant
	return g, translate(s.read(ctx).First(&g, id).Error)
}

// AddGrant inserts a grant. Errors: conflict (already granted).
func (s *Store) AddGrant(ctx context.Context, actor audit.Actor, g *auth.Grant) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		g.CreatedBy = actorID(actor)
		if err := tx.Create(g).Error; err != nil {
			return err
		}
		return record(tx, actor, g.AgencyID, "role.grant", "user", g.UserID, g)
	})
}

// RevokeGrant deletes a grant. Errors: not_found.
func (s *Store) RevokeGrant(ctx context.Context, actor audit.Actor, g auth.Grant) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := notFoundIfNone(tx.Delete(&auth.Grant{}, g.ID)); err != nil {
			return err
		}
		return record(tx, actor, g.AgencyID, "role.revoke", "user", g.UserID, g)
	})
}

// HasSubordinates reports whether the employee is someone's direct
// supervisor on `on`.
func (s *Store) HasSubordinates(ctx context.Context, employeeID int64, on civil.Date) (bool, error) {
	e, err := s.employeeOn(ctx, employeeID, on)
	if apperr.Is(err, apperr.NotFound) {
		return false, nil
	}
	return e.supervises, err
}

// CreateSession starts a session for a user and returns its secret token.
func (s *Store) CreateSession(ctx context.Context, userID int64, ttl time.Duration, userAgent string) (string, auth.Session, error) {
	token, hash := auth.NewToken()
	now := s.now().UTC()
	if len(userAgent) > 300 {
		userAgent = userAgent[:300]
	}
	sess := auth.Session{TokenHash: hash, UserID: userID, CreatedAt: now, ExpiresAt: now.Add(ttl), LastSeenAt: now, UserAgent: userAgent}
	err := s.write(ctx).Create(&sess).Error
	return token, sess, translate(err)
}

// SessionUser resolves a live session, its user, and whether the user has
// an admin grant, in one prepared read: every request of the morning peak
// that misses the principal cache comes here. Errors: unauthorized.
func (s *Store) SessionUser(ctx context.Context, token string) (auth.Session, auth.User, bool, error) {
	var sess auth.Session
	var u auth.User
	var granted bool
	st, err := s.stmt(ctx, "session")
	if err != nil {
		return sess, u, false, translate(err)
	}
	var emp sql.NullInt64
	var disabled sql.NullTime
	err = st.QueryRowContext(ctx, auth.HashToken(token), s.now().UTC()).Scan(&sess.ID, &sess.UserID, &sess.CreatedAt, &sess.ExpiresAt,
		&sess.LastSeenAt, &sess.UserAgent, &sess.Installed, &u.ID, &u.RegencyID, &emp, &u.Name, &u.CreatedAt, &disabled, &granted)
	if errors.Is(err, sql.ErrNoRows) {
		return sess, u, false, apperr.New(apperr.Unauthorized, "auth.session_expired")
	}
	u.EmployeeID, u.DisabledAt = nullInt64Ptr(emp), nullTimePtr(disabled)
	return sess, u, granted, translate(err)
}

// TouchSessions slides the expiry of many sessions at once and marks
// those of installed apps (auth.Toucher's batch).
func (s *Store) TouchSessions(ctx context.Context, ids, installed []int64, ttl time.Duration) error {
	now := s.now().UTC()
	return s.tx(ctx, func(tx *gorm.DB) error {
		for lo := 0; lo < len(ids); lo += 5000 {
			if err := tx.Model(&auth.Session{}).Where("id IN ?", ids[lo:min(lo+5000, len(ids))]).
				Updates(map[string]any{"last_seen_at": now, "expires_at": now.Add(ttl)}).Error; err != nil {
				return err
			}
		}
		for lo := 0; lo < len(installed); lo += 5000 {
			if err := tx.Model(&auth.Session{}).Where("id IN ?", installed[lo:min(lo+5000, len(installed))]).
				Update("installed", true).Error; err != nil {
				return err
			}
		}
		return nil
	})
}

// Sessions lists a user's live sessions, newest first.
func (s *Store) Sessions(ctx context.Context, userID int64) ([]auth.Session, error) {
	var out []auth.Session
	err := s.read(ctx).Where("user_id = ? AND revoked_at IS NULL AND expires_at > ?", userID, s.now().UTC()).Order("id DESC").Find(&out).Error
	return out, translate(err)
}

// RevokeSession ends one of a user's sessions. Errors: not_found.
func (s *Store) RevokeSession(ctx context.Context, userID, sessionID int64) error {
	res := s.write(ctx).Model(&auth.Session{}).Where("id = ? AND user_id = ? AND revoked_at IS NULL", sessionID, userID).
		Update("revoked_at", s.now().UTC())
	return translate(notFoundIfNone(res))
}

// CreateLoginToken issues a one-time link token and returns its secret.
func (s *Store) CreateLoginToken(ctx context.Context, userID *int64, purpose string, ttl time.Duration) (string, error) {
	token, hash := auth.NewToken()
	now := s.now().UTC()
	t := auth.LoginToken{TokenHash: hash, UserID: userID, Purpose: purpose, CreatedAt: now, ExpiresAt: now.Add(ttl)}
	return token, translate(s.write(ctx).Create(&t).Error)
}

// RedeemLoginToken consumes a one-time token atomically: of two concurrent
// redemptions exactly one succeeds. Errors: unauthorized.
func (s *Store) RedeemLoginToken(ctx context.Context, token, purpose string) (auth.LoginToken, error) {
	var t auth.LoginToken
	now := s.now().UTC()
	err := s.tx(ctx, func(tx *gorm.DB) error {
		res := tx.Model(&auth.LoginToken{}).
			Where("token_hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > ?", auth.HashToken(token), purpose, now).
			Update("used_at", now)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return apperr.New(apperr.Unauthorized, "auth.link_used")
		}
		return tx.Where("token_hash = ?", auth.HashToken(token)).First(&t).Error
	})
	return t, err
}

// HasUsers reports whether anyone can sign in yet (setup is done).
func (s *Store) HasUsers(ctx context.Context) (bool, error) {
	var n int64
	err := s.read(ctx).Model(&auth.User{}).Limit(1).Count(&n).Error
	return n > 0, translate(err)
}

// UserForEmployee returns the employee's user, creating it (named after the
// employee) when the employee has none yet. Errors: not_found (no such
// employee in the regency).
func (s *Store) UserForEmployee(ctx context.Context, actor audit.Actor, regencyID, employeeID int64) (auth.User, error) {
	var u auth.User
	err := s.tx(ctx, func(tx *gorm.DB) error {
		err := tx.Where("employee_id = ?", employeeID).First(&u).Error
		if err == nil {
			return nil
		}
		if !errors.Is(err, gorm.ErrRecordNotFound) {
			return err
		}
		var e org.Employee
		if err := tx.Where("id = ? AND regency_id = ?", employeeID, regencyID).First(&e).Error; err != nil {
			return apperr.InvalidField("employee_id", "org.employee_not_found")
		}
		u = auth.User{RegencyID: regencyID, EmployeeID: &e.ID, Name: e.Name}
		if err := tx.Create(&u).Error; err != nil {
			return err
		}
		return record(tx, actor, nil, "user.create", "user", u.ID, u)
	})
	return u, err
}
