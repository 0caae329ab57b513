package org

import (
	"context"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/auth"
)

// Regency returns the caller's regency.
func (s *Service) Regency(ctx context.Context, p *auth.Principal) (Regency, error) {
	return s.Store.Regency(ctx, p.RegencyID)
}

// UpdateRegency changes the regency's name or zone (BKD only).
func (s *Service) UpdateRegency(ctx context.Context, p *auth.Principal, r *Regency) error {
	if !p.Can(auth.PermAgencyAdmin) {
		return apperr.New(apperr.Forbidden, "org.regency_bkd_only")
	}
	r.ID = p.RegencyID
	if err := r.Validate(); err != nil {
		return err
	}
	return s.Store.UpdateRegency(ctx, actorOf(p), r)
}

// Agencies lists the agencies the caller may read.
func (s *Service) Agencies(ctx context.Context, p *auth.Principal) ([]Agency, error) {
	ids, all := p.AgencyScope()
	if !all && len(ids) == 0 {
		return []Agency{}, nil
	}
	if all {
		ids = nil
	}
	return s.Store.Agencies(ctx, p.RegencyID, ids)
}

// Agency returns one agency in scope. Errors: not_found.
func (s *Service) Agency(ctx context.Context, p *auth.Principal, id int64) (Agency, error) {
	return s.agencyInScope(ctx, p, auth.PermOrgRead, id)
}

// CreateAgency adds an agency (BKD only). Errors: invalid, conflict.
func (s *Service) CreateAgency(ctx context.Context, p *auth.Principal, a *Agency) error {
	if !p.Can(auth.PermAgencyAdmin) {
		return apperr.New(apperr.Forbidden, "org.agency_add_bkd_only")
	}
	a.ID, a.RegencyID, a.Active = 0, p.RegencyID, true
	if err := a.Validate(); err != nil {
		return err
	}
	if err := s.checkParent(ctx, p, a); err != nil {
		return err
	}
	return s.Store.CreateAgency(ctx, actorOf(p), a)
}

// UpdateAgency changes an agency. Agency admins may rename their own agency
// but only BKD may move it in the tree. Errors: not_found, invalid, conflict.
func (s *Service) UpdateAgency(ctx context.Context, p *auth.Principal, a *Agency) error {
	old, err := s.agencyInScope(ctx, p, auth.PermOrgWrite, a.ID)
	if err != nil {
		return err
	}
	a.RegencyID = old.RegencyID
	if !p.Can(auth.PermAgencyAdmin) && !sameParent(old.ParentID, a.ParentID) {
		return apperr.New(apperr.Forbidden, "org.agency_move_bkd_only")
	}
	if err := a.Validate(); err != nil {
		return err
	}
	if err := s.checkParent(ctx, p, a); err != nil {
		return err
	}
	return s.Store.UpdateAgency(ctx, actorOf(p), a)
}

func sameParent(a, b *int64) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
}

// checkParent: the parent exists in the same regency and is not the agency
// itself or one of its descendants (no cycles).
func (s *Service) checkParent(ctx context.Context, p *auth.Principal, a *Agency) error {
	if a.ParentID == nil {
		return nil
	}
	parent, err := s.Store.Agency(ctx, *a.ParentID)
	if err != nil || parent.RegencyID != p.RegencyID {
		return apperr.InvalidField("parent_id", "org.parent_not_found")
	}
	if a.ID == 0 {
		return nil
	}
	tree, err := s.Store.AgencyTree(ctx, p.RegencyID)
	if err != nil {
		return err
	}
	for _, d := range Descendants(tree, a.ID) {
		if d == parent.ID {
			return apperr.InvalidField("parent_id", "org.parent_cycle")
		}
	}
	return nil
}

// Units lists an agency's units. Errors: not_found.
func (s *Service) Units(ctx context.Context, p *auth.Principal, agencyID int64) ([]Unit, error) {
	if _, err := s.agencyInScope(ctx, p, auth.PermOrgRead, agencyID); err != nil {
		return nil, err
	}
	return s.Store.Units(ctx, agencyID)
}

// CreateUnit adds a unit to an agency. Errors: not_found, invalid, conflict.
func (s *Service) CreateUnit(ctx context.Context, p *auth.Principal, u *Unit) error {
	if _, err := s.agencyInScope(ctx, p, auth.PermOrgWrite, u.AgencyID); err != nil {
		return err
	}
	u.ID = 0
	if err := u.Validate(); err != nil {
		return err
	}
	return s.Store.CreateUnit(ctx, actorOf(p), u)
}

// Positions lists an agency's positions. Errors: not_found.
func (s *Service) Positions(ctx context.Context, p *auth.Principal, agencyID int64) ([]Position, error) {
	if _, err := s.agencyInScope(ctx, p, auth.PermOrgRead, agencyID); err != nil {
		return nil, err
	}
	return s.Store.Positions(ctx, agencyID)
}

// CreatePosition adds a position to an agency. Errors: not_found, invalid, conflict.
func (s *Service) CreatePosition(ctx context.Context, p *auth.Principal, pos *Position) error {
	if _, err := s.agencyInScope(ctx, p, auth.PermOrgWrite, pos.AgencyID); err != nil {
		return err
	}
	pos.ID = 0
	if err := pos.Validate(); err != nil {
		return err
	}
	return s.Store.CreatePosition(ctx, actorOf(p), pos)
}

// Sites lists an agency's office sites. Errors: not_found.
func (s *Service) Sites(ctx context.Context, p *auth.Principal, agencyID int64) ([]Site, error) {
	if _, err := s.agencyInScope(ctx, p, auth.PermOrgRead, agencyID); err != nil {
		return nil, err
	}
	return s.Store.Sites(ctx, agencyID)
}

// CreateSite adds an office site. Errors: not_found, invalid.
func (s *Service) CreateSite(ctx context.Context, p *auth.Principal, site *Site) error {
	if _, err := s.agencyInScope(ctx, p, auth.PermOrgWrite, site.AgencyID); err != nil {
		return err
	}
	site.ID, site.Active = 0, true
	if err := site.Validate(); err != nil {
		return err
	}
	return s.Store.CreateSite(ctx, actorOf(p), site)
}

// Site returns one site in scope. Errors: not_found.
func (s *Service) Site(ctx context.Context, p *auth.Principal, id int64) (Site, error) {
	site, err := s.Store.Site(ctx, id)
	if err != nil {
		return site, err
	}
	if _, err := s.agencyInScope(ctx, p, auth.PermOrgRead, site.AgencyID); err != nil {
		return Site{}, apperr.New(apperr.NotFound, "org.site_not_found")
	}
	return site, nil
}

// UpdateSite changes a site (its agency stays). Errors: not_found, invalid.
func (s *Service) UpdateSite(ctx context.Context, p *auth.Principal, site *Site) error {
	old, err := s.Site(ctx, p, site.ID)
	if err != nil {
		return err
	}
	if !p.CanAgency(auth.PermOrgWrite, old.AgencyID) {
		return apperr.New(apperr.NotFound, "org.site_not_found")
	}
	site.AgencyID = old.AgencyID
	if err := site.Validate(); err != nil {
		return err
	}
	return s.Store.UpdateSite(ctx, actorOf(p), site)
}
