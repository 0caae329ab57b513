package auth

import (
	"context"
	"slices"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/audit"
)

// GrantStore is the persistence of admin role grants.
type GrantStore interface {
	AgencyTree(ctx context.Context, regencyID int64) (map[int64]int64, error)
	UserForEmployee(ctx context.Context, actor audit.Actor, regencyID, employeeID int64) (User, error)
	AddGrant(ctx context.Context, actor audit.Actor, g *Grant) error
	Grant(ctx context.Context, id int64) (Grant, error)
	GrantsIn(ctx context.Context, regencyID int64, agencyIDs []int64) ([]Grant, error)
	RevokeGrant(ctx context.Context, actor audit.Actor, g Grant) error
	User(ctx context.Context, id int64) (User, error)
}

// GrantService lets BKD administrators appoint agency admins and other BKD
// admins.
type GrantService struct {
	Store GrantStore
}

// GrantRequest appoints an employee to an admin role.
type GrantRequest struct {
	EmployeeID int64  `json:"employee_id"`
	Role       Role   `json:"role"`
	AgencyID   *int64 `json:"agency_id"`
}

// Validate checks the shape of a grant request.
func (r *GrantRequest) Validate() error {
	switch {
	case r.EmployeeID <= 0:
		return apperr.InvalidField("employee_id", "auth.grant_employee_required")
	case !slices.Contains(GrantableRoles, r.Role):
		return apperr.InvalidField("role", "auth.grant_role_invalid")
	case r.Role == RoleAgencyAdmin && r.AgencyID == nil:
		return apperr.InvalidField("agency_id", "auth.grant_agency_required")
	case r.Role == RoleRegencyAdmin && r.AgencyID != nil:
		return apperr.InvalidField("agency_id", "auth.grant_regency_no_agency")
	}
	return nil
}

// Add grants a role. Errors: forbidden, invalid, not_found, conflict.
func (s *GrantService) Add(ctx context.Context, p *Principal, r GrantRequest) (Grant, error) {
	if !p.Can(PermRolesManage) {
		return Grant{}, apperr.New(apperr.Forbidden, "auth.grant_bkd_only")
	}
	if err := r.Validate(); err != nil {
		return Grant{}, err
	}
	if r.AgencyID != nil {
		tree, err := s.Store.AgencyTree(ctx, p.RegencyID)
		if err != nil {
			return Grant{}, err
		}
		if _, ok := tree[*r.AgencyID]; !ok {
			return Grant{}, apperr.InvalidField("agency_id", "org.agency_not_found")
		}
	}
	actor := audit.Actor{UserID: p.UserID, RegencyID: p.RegencyID}
	u, err := s.Store.UserForEmployee(ctx, actor, p.RegencyID, r.EmployeeID)
	if err != nil {
		return Grant{}, err
	}
	g := Grant{UserID: u.ID, Role: r.Role, AgencyID: r.AgencyID}
	return g, s.Store.AddGrant(ctx, actor, &g)
}

// List returns the grants the caller may see: all for BKD, those on the
// caller's agencies for an agency admin.
func (s *GrantService) List(ctx context.Context, p *Principal) ([]Grant, error) {
	ids, all := p.AgencyScope()
	if all {
		ids = nil
	} else if len(ids) == 0 {
		return nil, apperr.New(apperr.Forbidden, "auth.grants_list_denied")
	}
	return s.Store.GrantsIn(ctx, p.RegencyID, ids)
}

// Revoke removes a grant. A BKD admin cannot revoke their own BKD role, so
// a regency never locks itself out. Errors: forbidden, not_found.
func (s *GrantService) Revoke(ctx context.Context, p *Principal, id int64) error {
	if !p.Can(PermRolesManage) {
		return apperr.New(apperr.Forbidden, "auth.grant_bkd_only")
	}
	g, err := s.Store.Grant(ctx, id)
	if err != nil {
		return err
	}
	u, err := s.Store.User(ctx, g.UserID)
	if err != nil || u.RegencyID != p.RegencyID {
		return apperr.New(apperr.NotFound, "auth.grant_not_found")
	}
	if g.UserID == p.UserID && g.Role == RoleRegencyAdmin {
		return apperr.New(apperr.Conflict, "auth.grant_revoke_own")
	}
	return s.Store.RevokeGrant(ctx, audit.Actor{UserID: p.UserID, RegencyID: p.RegencyID}, g)
}
