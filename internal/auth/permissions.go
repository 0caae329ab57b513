// Package auth owns who may do what: roles, the one list of permissions, the
// Principal built for each signed-in request, and session/link tokens.
package auth

// Role is one of the four roles of Hadir.
type Role string

// The roles. Employee and supervisor follow from the person's employee record
// and assignments; agency and regency admin are explicit grants.
const (
	RoleEmployee     Role = "employee"      // pegawai
	RoleSupervisor   Role = "supervisor"    // atasan langsung
	RoleAgencyAdmin  Role = "agency_admin"  // admin OPD, scoped to an agency and its sub-agencies
	RoleRegencyAdmin Role = "regency_admin" // BKD, the whole regency
)

// GrantableRoles can be granted explicitly.
var GrantableRoles = []Role{RoleAgencyAdmin, RoleRegencyAdmin}

// Permission names one kind of action. Every API route is wrapped with exactly
// one of these; this file is the whole list.
type Permission string

// The permissions.
const (
	PermSelf        Permission = "self"         // own profile, sessions, attendance
	PermTeamRead    Permission = "team:read"    // the direct subordinates
	PermOrgRead     Permission = "org:read"     // agencies, units, positions, sites, employees in scope
	PermOrgWrite    Permission = "org:write"    // create/update those in scope
	PermAgencyAdmin Permission = "agency:admin" // create agencies, change the regency
	PermRolesManage Permission = "roles:manage" // grant and revoke admin roles
	PermAuditRead   Permission = "audit:read"   // the audit trail in scope
	PermRulesRead   Permission = "rules:read"   // attendance policies, schedules, holidays in scope
	PermRulesWrite  Permission = "rules:write"  // change them in scope
	PermRulesTry    Permission = "rules:try"    // run the engine on an arbitrary case (BKD)
)

// rolePermissions: what each role may do. Scope (which agencies) is decided
// separately by Principal.CanAgency.
var rolePermissions = map[Role][]Permission{
	RoleEmployee:     {PermSelf},
	RoleSupervisor:   {PermSelf, PermTeamRead},
	RoleAgencyAdmin:  {PermSelf, PermOrgRead, PermOrgWrite, PermAuditRead, PermRulesRead, PermRulesWrite},
	RoleRegencyAdmin: {PermSelf, PermOrgRead, PermOrgWrite, PermAgencyAdmin, PermRolesManage, PermAuditRead, PermRulesRead, PermRulesWrite, PermRulesTry},
}
