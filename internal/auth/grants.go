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
		return apperr.Field("employee_id", "pegawai wajib dipilih")
	case !slices.Contains(GrantableRoles, r.Role):
		return apperr.Field("role", "peran harus agency_admin atau regency_admin")
	case r.Role == RoleAgencyAdmin && r.AgencyID == nil:
		return apperr.Field("agency_id", "admin OPD harus untuk satu OPD")
	case r.Role == RoleRegencyAdmin && r.AgencyID != nil:
		return apperr.Field("agency_id", "admin BKD berlaku untuk seluruh pemda, tanpa OPD")
	}
	return nil
}

// Add grants a role. Errors: forbidden, invalid, not_found, conflict.
func (s *GrantService) Add(ctx context.Context, p *Principal, r GrantRequest) (Grant, error) {
	if !p.Can(PermRolesManage) {
		return Grant{}, apperr.E(apperr.Forbidden, "hanya admin BKD yang dapat mengatur peran")
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
			return Grant{}, apperr.Field("agency_id", "OPD tidak ditemukan")
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
		return nil, apperr.E(apperr.Forbidden, "Anda tidak berwenang melihat daftar peran")
	}
	return s.Store.GrantsIn(ctx, p.RegencyID, ids)
}

// Revoke removes a grant. A BKD admin cannot revoke their own BKD role, so
// a regency never locks itself out. Errors: forbidden, not_found.
func (s *GrantService) Revoke(ctx context.Context, p *Principal, id int64) error {
	if !p.Can(PermRolesManage) {
		return apperr.E(apperr.Forbidden, "hanya admin BKD yang dapat mengatur peran")
	}
	g, err := s.Store.Grant(ctx, id)
	if err != nil {
		return err
	}
	u, err := s.Store.User(ctx, g.UserID)
	if err != nil || u.RegencyID != p.RegencyID {
		return apperr.E(apperr.NotFound, "peran tidak ditemukan")
	}
	if g.UserID == p.UserID && g.Role == RoleRegencyAdmin {
		return apperr.E(apperr.Conflict, "Anda tidak dapat mencabut peran admin BKD milik sendiri")
	}
	return s.Store.RevokeGrant(ctx, audit.Actor{UserID: p.UserID, RegencyID: p.RegencyID}, g)
}
