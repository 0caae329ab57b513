package auth

import (
	"slices"
)

// Principal is the signed-in user of one request, with everything needed to
// decide scope without another query.
type Principal struct {
	UserID     int64
	SessionID  int64
	RegencyID  int64
	EmployeeID *int64
	Name       string
	Roles      []Role
	// AdminAgencies are the agencies an agency admin manages, sub-agencies
	// included. Empty for a regency admin, who manages all of them.
	AdminAgencies []int64
}

// Has reports whether the principal holds role r.
func (p *Principal) Has(r Role) bool { return slices.Contains(p.Roles, r) }

// Can reports whether any of the principal's roles carries perm.
func (p *Principal) Can(perm Permission) bool {
	for _, r := range p.Roles {
		if slices.Contains(rolePermissions[r], perm) {
			return true
		}
	}
	return false
}

// Regency is the caller's regency (what audit.Viewer asks).
func (p *Principal) Regency() int64 { return p.RegencyID }

// IsRegencyAdmin reports whether the principal is a BKD administrator.
func (p *Principal) IsRegencyAdmin() bool { return p.Has(RoleRegencyAdmin) }

// CanAgency reports whether perm may be used on agency agencyID: BKD anywhere
// in its regency (the caller checks the agency's regency), an agency admin
// only inside its own agencies.
func (p *Principal) CanAgency(perm Permission, agencyID int64) bool {
	if !p.Can(perm) {
		return false
	}
	if p.IsRegencyAdmin() {
		return true
	}
	return p.Has(RoleAgencyAdmin) && slices.Contains(p.AdminAgencies, agencyID)
}

// AgencyScope returns the agencies the principal may administer, and all=true
// for a regency admin (every agency of the regency).
func (p *Principal) AgencyScope() (ids []int64, all bool) {
	if p.IsRegencyAdmin() {
		return nil, true
	}
	if p.Has(RoleAgencyAdmin) {
		return p.AdminAgencies, false
	}
	return nil, false
}

// Permissions lists the principal's permissions, for the client to shape its menus.
func (p *Principal) Permissions() []Permission {
	var out []Permission
	for _, r := range p.Roles {
		for _, perm := range rolePermissions[r] {
			if !slices.Contains(out, perm) {
				out = append(out, perm)
			}
		}
	}
	return out
}
