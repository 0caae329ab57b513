// Package setup owns the first run of an empty installation: a one-time link
// printed on the console lets the first BKD administrator create the
// regency and sign in.
package setup

import (
	"context"
	"strings"
	"time"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/audit"
	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/config"
	"github.com/hadir-id/hadir/internal/org"
)

// Store is the persistence setup needs.
type Store interface {
	HasUsers(ctx context.Context) (bool, error)
	Regencies(ctx context.Context) ([]org.Regency, error)
	CreateRegency(ctx context.Context, actor audit.Actor, r *org.Regency) error
	CreateUser(ctx context.Context, actor audit.Actor, u *auth.User) error
	AddGrant(ctx context.Context, actor audit.Actor, g *auth.Grant) error
	CreateLoginToken(ctx context.Context, userID *int64, purpose string, ttl time.Duration) (string, error)
	RedeemLoginToken(ctx context.Context, token, purpose string) (auth.LoginToken, error)
	CreateSession(ctx context.Context, userID int64, ttl time.Duration, userAgent string) (string, auth.Session, error)
}

// Service runs the first-run flow.
type Service struct {
	Store Store
}

// Link returns a fresh one-time setup link when nobody can sign in yet, and
// ok=false when setup is already done.
func (s *Service) Link(ctx context.Context, baseURL string) (link string, ok bool, err error) {
	done, err := s.Store.HasUsers(ctx)
	if err != nil || done {
		return "", false, err
	}
	token, err := s.Store.CreateLoginToken(ctx, nil, auth.PurposeSetup, auth.SetupLinkTTL)
	if err != nil {
		return "", false, err
	}
	return baseURL + "/setup#" + token, true, nil
}

// Request is what the first administrator submits.
type Request struct {
	Token       string `json:"token"`
	RegencyName string `json:"regency_name"`
	Timezone    string `json:"timezone"`
	AdminName   string `json:"admin_name"`
}

// Validate checks the shape of a setup request.
func (r *Request) Validate() error {
	r.RegencyName, r.AdminName = strings.TrimSpace(r.RegencyName), strings.TrimSpace(r.AdminName)
	switch {
	case r.Token == "":
		return apperr.InvalidField("token", "setup.token_missing")
	case r.RegencyName == "":
		return apperr.InvalidField("regency_name", "setup.regency_name_required")
	case r.AdminName == "" || len(r.AdminName) > 200:
		return apperr.InvalidField("admin_name", "setup.admin_name")
	}
	tz, err := config.CanonicalZone(r.Timezone)
	if err != nil {
		return apperr.InvalidField("timezone", "org.timezone")
	}
	r.Timezone = tz
	return nil
}

// Complete consumes the setup token, creates the regency (unless one was
// imported already) and its first BKD administrator, and signs them in.
// Errors: invalid, unauthorized (token used, expired, or setup done).
func (s *Service) Complete(ctx context.Context, req Request, userAgent string) (sessionToken string, err error) {
	if err := req.Validate(); err != nil {
		return "", err
	}
	if _, err := s.Store.RedeemLoginToken(ctx, req.Token, auth.PurposeSetup); err != nil {
		return "", err
	}
	if done, err := s.Store.HasUsers(ctx); err != nil || done {
		return "", firstErr(err, apperr.New(apperr.Unauthorized, "setup.done"))
	}
	regency, err := s.regency(ctx, req)
	if err != nil {
		return "", err
	}
	actor := audit.Actor{RegencyID: regency.ID}
	u := auth.User{RegencyID: regency.ID, Name: req.AdminName}
	if err := s.Store.CreateUser(ctx, actor, &u); err != nil {
		return "", err
	}
	if err := s.Store.AddGrant(ctx, actor, &auth.Grant{UserID: u.ID, Role: auth.RoleRegencyAdmin}); err != nil {
		return "", err
	}
	token, _, err := s.Store.CreateSession(ctx, u.ID, auth.SessionTTL, userAgent)
	return token, err
}

func (s *Service) regency(ctx context.Context, req Request) (org.Regency, error) {
	rs, err := s.Store.Regencies(ctx)
	if err != nil || len(rs) > 0 {
		if len(rs) > 0 {
			return rs[0], nil
		}
		return org.Regency{}, err
	}
	r := org.Regency{Name: req.RegencyName, Timezone: req.Timezone}
	if err := r.Validate(); err != nil {
		return r, err
	}
	return r, s.Store.CreateRegency(ctx, audit.System, &r)
}

func firstErr(err, fallback error) error {
	if err != nil {
		return err
	}
	return fallback
}
