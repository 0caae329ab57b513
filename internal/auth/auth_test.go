package auth

import (
	"slices"
	"testing"
)

func TestPermissionsAndScope(t *testing.T) {
	bkd := &Principal{Roles: []Role{RoleEmployee, RoleRegencyAdmin}}
	opd := &Principal{Roles: []Role{RoleEmployee, RoleAgencyAdmin}, AdminAgencies: []int64{3, 7}}
	boss := &Principal{Roles: []Role{RoleEmployee, RoleSupervisor}}
	staff := &Principal{Roles: []Role{RoleEmployee}}
	for _, tc := range []struct {
		name string
		p    *Principal
		perm Permission
		ag   int64
		want bool
	}{
		{"BKD anywhere", bkd, PermOrgWrite, 99, true},
		{"BKD tries the engine", bkd, PermRulesTry, 0, true},
		{"agency admin own agency", opd, PermOrgWrite, 7, true},
		{"agency admin other agency", opd, PermOrgWrite, 8, false},
		{"agency admin cannot grant roles", opd, PermRolesManage, 7, false},
		{"supervisor reads no agency", boss, PermOrgRead, 3, false},
		{"staff reads no agency", staff, PermOrgRead, 3, false},
	} {
		if got := tc.p.CanAgency(tc.perm, tc.ag); got != tc.want {
			t.Errorf("%s: CanAgency = %v, want %v", tc.name, got, tc.want)
		}
	}
	if !boss.Can(PermTeamRead) || staff.Can(PermTeamRead) || !staff.Can(PermSelf) {
		t.Error("supervisor/staff permissions")
	}
	if ids, all := bkd.AgencyScope(); !all || ids != nil {
		t.Error("BKD scope")
	}
	if ids, all := opd.AgencyScope(); all || !slices.Equal(ids, []int64{3, 7}) {
		t.Error("agency admin scope")
	}
	if ids, all := staff.AgencyScope(); all || ids != nil {
		t.Error("staff scope")
	}
	perms := opd.Permissions()
	if !slices.Contains(perms, PermSelf) || !slices.Contains(perms, PermRulesWrite) || slices.Contains(perms, PermRolesManage) {
		t.Errorf("agency admin permissions %v", perms)
	}
}

func TestDescendants(t *testing.T) {
	tree := map[int64]int64{1: 0, 2: 1, 3: 2, 4: 0, 5: 4} // 1 → 2 → 3, 4 → 5
	got := withDescendants(tree, []int64{1})
	slices.Sort(got)
	if !slices.Equal(got, []int64{1, 2, 3}) {
		t.Fatalf("descendants of 1 = %v", got)
	}
}

func TestGrantRequestValidate(t *testing.T) {
	ag := int64(3)
	for _, tc := range []struct {
		r  GrantRequest
		ok bool
	}{
		{GrantRequest{EmployeeID: 1, Role: RoleAgencyAdmin, AgencyID: &ag}, true},
		{GrantRequest{EmployeeID: 1, Role: RoleRegencyAdmin}, true},
		{GrantRequest{EmployeeID: 1, Role: RoleAgencyAdmin}, false},
		{GrantRequest{EmployeeID: 1, Role: RoleRegencyAdmin, AgencyID: &ag}, false},
		{GrantRequest{EmployeeID: 1, Role: RoleSupervisor}, false},
		{GrantRequest{Role: RoleRegencyAdmin}, false},
	} {
		if err := tc.r.Validate(); (err == nil) != tc.ok {
			t.Errorf("%+v: %v, want ok=%v", tc.r, err, tc.ok)
		}
	}
	tok, hash := NewToken()
	if len(tok) != 43 || string(HashToken(tok)) != string(hash) || string(HashToken(tok+"x")) == string(hash) {
		t.Fatal("tokens")
	}
}
