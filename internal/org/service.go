package org

import (
	"context"
	"slices"
	"time"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/audit"
	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/civil"
)

// Store is the persistence the organisation service needs (internal/store
// implements it). Methods return apperr codes: not_found, conflict, invalid.
type Store interface {
	Regency(ctx context.Context, id int64) (Regency, error)
	UpdateRegency(ctx context.Context, actor audit.Actor, r *Regency) error
	CreateAgency(ctx context.Context, actor audit.Actor, a *Agency) error
	Agency(ctx context.Context, id int64) (Agency, error)
	Agencies(ctx context.Context, regencyID int64, ids []int64) ([]Agency, error)
	UpdateAgency(ctx context.Context, actor audit.Actor, a *Agency) error
	AgencyTree(ctx context.Context, regencyID int64) (map[int64]int64, error)
	CreateUnit(ctx context.Context, actor audit.Actor, u *Unit) error
	Units(ctx context.Context, agencyID int64) ([]Unit, error)
	Unit(ctx context.Context, id int64) (Unit, error)
	CreatePosition(ctx context.Context, actor audit.Actor, p *Position) error
	Positions(ctx context.Context, agencyID int64) ([]Position, error)
	Position(ctx context.Context, id int64) (Position, error)
	CreateSite(ctx context.Context, actor audit.Actor, s *Site) error
	Sites(ctx context.Context, agencyID int64) ([]Site, error)
	Site(ctx context.Context, id int64) (Site, error)
	UpdateSite(ctx context.Context, actor audit.Actor, s *Site) error
	CreateEmployee(ctx context.Context, actor audit.Actor, e *Employee, a *Assignment) error
	Employee(ctx context.Context, id int64, on civil.Date) (Employee, error)
	UpdateEmployee(ctx context.Context, actor audit.Actor, e *Employee, agencyID int64) error
	Transfer(ctx context.Context, actor audit.Actor, a *Assignment) error
	Assignments(ctx context.Context, employeeID int64) ([]Assignment, error)
}

// Service applies the organisation rules and the caller's scope: a BKD
// admin reaches every agency of their regency, an agency admin only their
// own agencies. Anything out of scope is reported as not_found, so an agency
// admin cannot even learn that another agency's employee exists.
type Service struct {
	Store Store
	Now   func() time.Time
	// Lister reads employee lists (the store; its own interface so that
	// read-heavy callers need not carry the whole Store).
	Lister EmployeeLister
}

func actorOf(p *auth.Principal) audit.Actor {
	return audit.Actor{UserID: p.UserID, RegencyID: p.RegencyID}
}

// today is the current date in the regency's zone.
func (s *Service) today(ctx context.Context, p *auth.Principal) civil.Date {
	loc := time.UTC
	if r, err := s.Store.Regency(ctx, p.RegencyID); err == nil {
		if l, err := time.LoadLocation(r.Timezone); err == nil {
			loc = l
		}
	}
	return civil.In(s.Now(), loc)
}

// Today is the current date in the caller's regency.
func (s *Service) Today(ctx context.Context, p *auth.Principal) civil.Date { return s.today(ctx, p) }

// agencyInScope loads an agency and checks perm on it. Errors: not_found
// (missing or out of scope).
func (s *Service) agencyInScope(ctx context.Context, p *auth.Principal, perm auth.Permission, id int64) (Agency, error) {
	a, err := s.Store.Agency(ctx, id)
	if err != nil {
		return a, err
	}
	if a.RegencyID != p.RegencyID || !p.CanAgency(perm, a.ID) {
		return Agency{}, apperr.New(apperr.NotFound, "org.agency_not_found")
	}
	return a, nil
}

// Descendants returns id and every agency below it in tree.
func Descendants(tree map[int64]int64, id int64) []int64 {
	out := []int64{id}
	for i := 0; i < len(out); i++ {
		for child, parent := range tree {
			if parent == out[i] && !slices.Contains(out, child) {
				out = append(out, child)
			}
		}
	}
	slices.Sort(out)
	return out
}
