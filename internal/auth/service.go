package auth

import (
	"context"
	"time"

	"github.com/hashicorp/golang-lru/v2/expirable"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/tuning"
)

// Store is the persistence the session service needs.
type Store interface {
	// SessionUser resolves a live session with its user in one read, and
	// says whether the user has any admin grant.
	SessionUser(ctx context.Context, token string) (Session, User, bool, error)
	// TouchSessions slides sessions' expiry and marks those of installed apps.
	TouchSessions(ctx context.Context, ids, installed []int64, ttl time.Duration) error
	CreateSession(ctx context.Context, userID int64, ttl time.Duration, userAgent string) (string, Session, error)
	RevokeSession(ctx context.Context, userID, sessionID int64) error
	Sessions(ctx context.Context, userID int64) ([]Session, error)
	RedeemLoginToken(ctx context.Context, token, purpose string) (LoginToken, error)
	User(ctx context.Context, id int64) (User, error)
	Grants(ctx context.Context, userID int64) ([]Grant, error)
	HasSubordinates(ctx context.Context, employeeID int64, on civil.Date) (bool, error)
	AgencyTree(ctx context.Context, regencyID int64) (map[int64]int64, error)
	RegencyZone(ctx context.Context, regencyID int64) (*time.Location, error)
}

// Service turns session tokens into Principals and manages sign-in.
type Service struct {
	Store Store
	Now   func() time.Time
	// Cache, when set, keeps resolved principals for a short while: at the
	// morning peak every check-in would otherwise resolve its session with
	// five queries. A revoked session or grant takes effect within its TTL.
	Cache *expirable.LRU[string, *Principal]
	// Touches, when set, slides sessions' expiry in the background (see
	// Toucher); without it each touch is written before answering.
	Touches *Toucher
}

// NewPrincipalCache returns the cache the server uses (tuning.SessionCacheSize
// sessions for tuning.SessionTTL).
func NewPrincipalCache() *expirable.LRU[string, *Principal] {
	return expirable.NewLRU[string, *Principal](tuning.SessionCacheSize, nil, tuning.SessionTTL)
}

// Principal resolves a session token into the signed-in principal, sliding
// the session's expiry at most once a minute. installed says whether the
// request came from the installed app (display-mode standalone).
// Errors: unauthorized.
func (s *Service) Principal(ctx context.Context, token string, installed bool) (*Principal, error) {
	if token == "" {
		return nil, apperr.New(apperr.Unauthorized, "auth.signin_required")
	}
	if s.Cache != nil {
		if p, ok := s.Cache.Get(token); ok {
			return p, nil
		}
	}
	sess, u, granted, err := s.Store.SessionUser(ctx, token)
	if err != nil {
		return nil, err
	}
	if s.Now().Sub(sess.LastSeenAt) > SessionTouchEvery || installed != sess.Installed {
		if s.Touches != nil {
			s.Touches.Touch(sess.ID, installed || sess.Installed)
		} else if err := s.Store.TouchSessions(ctx, []int64{sess.ID}, installedIDs(sess.ID, installed || sess.Installed), SessionTTL); err != nil {
			return nil, err
		}
	}
	p, err := s.principalOf(ctx, sess, u, granted)
	if err == nil && s.Cache != nil {
		s.Cache.Add(token, p)
	}
	return p, err
}

func installedIDs(id int64, installed bool) []int64 {
	if installed {
		return []int64{id}
	}
	return nil
}

func (s *Service) principalOf(ctx context.Context, sess Session, u User, granted bool) (*Principal, error) {
	if u.DisabledAt != nil {
		return nil, apperr.New(apperr.Unauthorized, "auth.account_disabled")
	}
	p := &Principal{UserID: u.ID, SessionID: sess.ID, RegencyID: u.RegencyID, EmployeeID: u.EmployeeID, Name: u.Name}
	if err := s.addRoles(ctx, p, granted); err != nil {
		return nil, err
	}
	return p, nil
}

func (s *Service) addRoles(ctx context.Context, p *Principal, granted bool) error {
	if p.EmployeeID != nil {
		p.Roles = append(p.Roles, RoleEmployee)
		loc, err := s.Store.RegencyZone(ctx, p.RegencyID)
		if err != nil {
			return err
		}
		sup, err := s.Store.HasSubordinates(ctx, *p.EmployeeID, civil.In(s.Now(), loc))
		if err != nil {
			return err
		}
		if sup {
			p.Roles = append(p.Roles, RoleSupervisor)
		}
	}
	if !granted { // most users: no grants to read
		return nil
	}
	grants, err := s.Store.Grants(ctx, p.UserID)
	if err != nil {
		return err
	}
	var admin []int64
	for _, g := range grants {
		if !p.Has(g.Role) {
			p.Roles = append(p.Roles, g.Role)
		}
		if g.Role == RoleAgencyAdmin && g.AgencyID != nil {
			admin = append(admin, *g.AgencyID)
		}
	}
	if len(admin) > 0 {
		tree, err := s.Store.AgencyTree(ctx, p.RegencyID)
		if err != nil {
			return err
		}
		p.AdminAgencies = withDescendants(tree, admin)
	}
	return nil
}

// withDescendants expands agency ids with every agency below them.
func withDescendants(tree map[int64]int64, roots []int64) []int64 {
	seen := map[int64]bool{}
	queue := append([]int64(nil), roots...)
	for len(queue) > 0 {
		id := queue[0]
		queue = queue[1:]
		if seen[id] {
			continue
		}
		seen[id] = true
		for child, parent := range tree {
			if parent == id {
				queue = append(queue, child)
			}
		}
	}
	out := make([]int64, 0, len(seen))
	for id := range seen {
		out = append(out, id)
	}
	return out
}

// RedeemSignInLink consumes a one-time sign-in link and starts a session.
// Errors: unauthorized.
func (s *Service) RedeemSignInLink(ctx context.Context, token, userAgent string) (string, error) {
	t, err := s.Store.RedeemLoginToken(ctx, token, PurposeSignIn)
	if err != nil {
		return "", err
	}
	if t.UserID == nil {
		return "", apperr.New(apperr.Unauthorized, "auth.link_invalid")
	}
	sessToken, _, err := s.Store.CreateSession(ctx, *t.UserID, SessionTTL, userAgent)
	return sessToken, err
}

// SignOut revokes the current session.
func (s *Service) SignOut(ctx context.Context, p *Principal) error {
	s.forget(p.SessionID)
	return s.Store.RevokeSession(ctx, p.UserID, p.SessionID)
}

// forget drops a session from this node's cache at once.
func (s *Service) forget(sessionID int64) {
	if s.Cache == nil {
		return
	}
	for _, k := range s.Cache.Keys() {
		if p, ok := s.Cache.Peek(k); ok && p.SessionID == sessionID {
			s.Cache.Remove(k)
		}
	}
}

// Sessions lists the caller's live sessions.
func (s *Service) Sessions(ctx context.Context, p *Principal) ([]Session, error) {
	return s.Store.Sessions(ctx, p.UserID)
}

// Revoke ends one of the caller's sessions (a lost phone). Errors: not_found.
func (s *Service) Revoke(ctx context.Context, p *Principal, sessionID int64) error {
	s.forget(sessionID)
	return s.Store.RevokeSession(ctx, p.UserID, sessionID)
}
