package demo

import (
	"fmt"
	"strings"

	"github.com/hadir-id/hadir/internal/audit"
	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/org"
	"github.com/hadir-id/hadir/internal/store"
)

// draft is a plan with its people, ready to be written.
type draft struct {
	*plan
	employees []*org.Employee // one per slot, same index
	users     []*auth.User
	userOf    map[int]*auth.User // by slot
	grants    []*auth.Grant
	personas  []personaRef
}

// personaRef points at a persona's slot and agency before ids exist.
type personaRef struct {
	role, label  string
	slot, agency int
}

// draft makes the people of every slot. It draws from the same random
// source as the plan, after it, so the people are as fixed as the plan.
func (p *plan) draft(g *people) (*draft, error) {
	d := &draft{plan: p, employees: make([]*org.Employee, len(p.slots)), userOf: map[int]*auth.User{}}
	for i, s := range p.slots {
		d.employees[i] = g.employee(s)
	}
	var err error
	if d.personas, err = d.pickPersonas(); err != nil {
		return nil, err
	}
	return d, nil
}

// pickPersonas picks the demo users: a PNS clerk (pelaksana) of
// Diskominfo whose supervisor is a Kepala Seksi, that Kepala Seksi, the
// admins of Diskominfo and of the Dinas Pendidikan (two agencies, to show
// that one admin cannot see the other's), and a BKD regency admin.
func (d *draft) pickPersonas() ([]personaRef, error) {
	p := d.plan
	kominfo, dik, bkd := p.byCode["DISKOMINFO"], p.byCode["DISDIKBUD"], p.byCode["BKD"]
	clerk := -1
	for i, s := range p.slots {
		if s.agency == kominfo && s.rank == rankStaff && p.positions[s.pos].Kind == exe && d.employees[i].EmployeeType == org.TypePNS &&
			strings.HasPrefix(p.positions[p.slots[s.sup].pos].Name, "Kepala Seksi ") {
			clerk = i
			break
		}
	}
	if clerk < 0 || len(p.bkd) == 0 || p.admins[kominfo] < 0 || p.admins[dik] < 0 {
		return nil, fmt.Errorf("demo: the agency tables lack a persona")
	}
	boss := p.slots[clerk].sup
	return []personaRef{
		{"employee", "Pegawai Diskominfo (" + p.positions[p.slots[clerk].pos].Name + ")", clerk, kominfo},
		{"supervisor", "Atasan langsung (" + p.positions[p.slots[boss].pos].Name + ")", boss, kominfo},
		{"agency_admin", "Admin OPD Diskominfo", p.admins[kominfo], kominfo},
		{"agency_admin", "Admin OPD Dinas Pendidikan dan Kebudayaan", p.admins[dik], dik},
		{"regency_admin", "Admin BKD (seluruh kabupaten)", p.bkd[len(p.bkd)-1], bkd},
	}, nil
}

// write inserts everything in dependency order; ids flow from each batch
// into the rows of the next.
func (d *draft) write(b *store.Bulk, zone string) (*Result, error) {
	reg := &org.Regency{Name: RegencyName, Timezone: zone}
	if err := b.Insert([]*org.Regency{reg}); err != nil {
		return nil, err
	}
	for _, step := range []func(*store.Bulk, int64) error{d.writeAgencies, d.writeOrg, d.writeEmployees, d.writeAssignments, d.writeUsers} {
		if err := step(b, reg.ID); err != nil {
			return nil, err
		}
	}
	actor := audit.System
	actor.RegencyID = reg.ID // still the system, but in this regency's audit trail
	detail := map[string]int{"agencies": len(d.agencies), "units": len(d.units), "positions": len(d.positions),
		"sites": len(d.sites), "employees": len(d.employees), "users": len(d.users), "grants": len(d.grants)}
	if err := b.Audit(actor, nil, "demo.seed", "regency", reg.ID, detail); err != nil {
		return nil, err
	}
	return d.result(reg.ID), nil
}

// writeAgencies inserts the top-level agencies, then the sub-agencies,
// which need their parent's id.
func (d *draft) writeAgencies(b *store.Bulk, regencyID int64) error {
	var top, sub []*org.Agency
	for i, a := range d.agencies {
		a.RegencyID = regencyID
		if d.parent[i] < 0 {
			top = append(top, a)
		} else {
			sub = append(sub, a)
		}
	}
	if err := insert(b, top); err != nil {
		return err
	}
	for i, a := range d.agencies {
		if d.parent[i] >= 0 {
			a.ParentID = ptr(d.agencies[d.parent[i]].ID)
		}
	}
	return insert(b, sub)
}

// writeOrg inserts units, positions and sites.
func (d *draft) writeOrg(b *store.Bulk, _ int64) error {
	for i, u := range d.units {
		u.AgencyID = d.agencies[d.unitOf[i]].ID
	}
	for i, p := range d.positions {
		p.AgencyID = d.agencies[d.posOf[i]].ID
	}
	for i, s := range d.sites {
		s.AgencyID = d.agencies[d.siteOf[i]].ID
	}
	if err := insert(b, d.units); err != nil {
		return err
	}
	if err := insert(b, d.positions); err != nil {
		return err
	}
	return insert(b, d.sites)
}

func (d *draft) writeEmployees(b *store.Bulk, regencyID int64) error {
	for _, e := range d.employees {
		e.RegencyID = regencyID
	}
	return insert(b, d.employees)
}

// writeAssignments places everyone from their appointment on, under the
// supervisor of their slot.
func (d *draft) writeAssignments(b *store.Bulk, _ int64) error {
	rows := make([]*org.Assignment, len(d.slots))
	for i, s := range d.slots {
		e := d.employees[i]
		a := &org.Assignment{EmployeeID: e.ID, AgencyID: d.agencies[s.agency].ID, PositionID: ptr(d.positions[s.pos].ID),
			ValidFrom: e.ActiveFrom, Reason: "Data awal (demo)"}
		if s.unit >= 0 {
			a.UnitID = ptr(d.units[s.unit].ID)
		}
		if s.sup >= 0 {
			a.SupervisorID = ptr(d.employees[s.sup].ID)
		}
		rows[i] = a
	}
	return insert(b, rows)
}

// grantRef is a grant before ids exist; agency -1 is regency-wide.
type grantRef struct {
	slot, agency int
	role         auth.Role
}

// writeUsers creates the users who can sign in — every agency admin, the
// BKD regency admins and the personas — and their grants.
func (d *draft) writeUsers(b *store.Bulk, regencyID int64) error {
	var refs []grantRef
	for ai, s := range d.admins {
		if s >= 0 {
			refs = append(refs, grantRef{s, ai, auth.RoleAgencyAdmin})
		}
	}
	for _, s := range d.bkd {
		refs = append(refs, grantRef{s, -1, auth.RoleRegencyAdmin})
	}
	for _, g := range refs {
		d.addUser(g.slot, regencyID)
	}
	for _, p := range d.personas {
		d.addUser(p.slot, regencyID)
	}
	if err := insert(b, d.users); err != nil {
		return err
	}
	for _, g := range refs {
		row := &auth.Grant{UserID: d.userOf[g.slot].ID, Role: g.role}
		if g.agency >= 0 {
			row.AgencyID = ptr(d.agencies[g.agency].ID)
		}
		d.grants = append(d.grants, row)
	}
	return insert(b, d.grants)
}

// addUser adds a user for the employee of a slot, once.
func (d *draft) addUser(slot int, regencyID int64) {
	if _, ok := d.userOf[slot]; ok {
		return
	}
	e := d.employees[slot]
	u := &auth.User{RegencyID: regencyID, EmployeeID: ptr(e.ID), Name: e.Name}
	d.userOf[slot] = u
	d.users = append(d.users, u)
}

// result reports what was written, with the personas' ids.
func (d *draft) result(regencyID int64) *Result {
	res := &Result{RegencyID: regencyID, Agencies: len(d.agencies), Employees: len(d.employees), Sites: len(d.sites)}
	for _, p := range d.personas {
		e, a := d.employees[p.slot], d.agencies[p.agency]
		res.Personas = append(res.Personas, Persona{Role: p.role, Label: p.label, UserID: d.userOf[p.slot].ID,
			EmployeeID: e.ID, Name: e.Name, NIP: *e.NIP, AgencyID: a.ID, AgencyName: a.Name})
	}
	return res
}

// insert writes a batch, skipping an empty one (GORM refuses those).
func insert[T any](b *store.Bulk, rows []*T) error {
	if len(rows) == 0 {
		return nil
	}
	return b.Insert(rows)
}

func ptr[T any](v T) *T { return &v }
