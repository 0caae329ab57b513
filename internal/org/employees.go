package org

import (
	"context"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/civil"
)

// EmployeeFilter selects employees by their assignment on a date.
type EmployeeFilter struct {
	RegencyID    int64
	On           civil.Date
	AgencyIDs    []int64 // nil: any agency
	SupervisorID int64   // 0: any
	Query        string  // part of the name or NIP
	AfterID      int64   // paging: ids greater than this
	Limit        int
}

// EmployeeLister lists employees (a separate interface so that read-heavy
// callers need not carry the whole Store).
type EmployeeLister interface {
	Employees(ctx context.Context, f EmployeeFilter) ([]Employee, error)
}

// Employees lists employees in the caller's scope: an admin's agencies, or a
// supervisor's direct subordinates. f.AgencyIDs narrows within the scope.
func (s *Service) Employees(ctx context.Context, p *auth.Principal, f EmployeeFilter) ([]Employee, error) {
	if f.On.IsZero() {
		f.On = s.today(ctx, p)
	}
	if !f.Oversee(p) {
		return nil, apperr.New(apperr.Forbidden, "org.employees_list_denied")
	}
	if f.AgencyIDs != nil && len(f.AgencyIDs) == 0 {
		return []Employee{}, nil
	}
	return s.Lister.Employees(ctx, f)
}

// Oversee narrows f to the employees p oversees: the whole regency for a
// BKD admin, an agency admin's agencies (within f.AgencyIDs when set; an
// empty, non-nil list then means none), or a supervisor's direct
// subordinates. It reports false when p oversees nobody. The employee
// list, the review queue and the new-phone inbox all scope through it.
func (f *EmployeeFilter) Oversee(p *auth.Principal) bool {
	f.RegencyID = p.RegencyID
	ids, all := p.AgencyScope()
	switch {
	case all:
	case len(ids) > 0:
		f.AgencyIDs = intersect(f.AgencyIDs, ids)
	case p.Can(auth.PermTeamRead) && p.EmployeeID != nil:
		f.SupervisorID = *p.EmployeeID
	default:
		return false
	}
	return true
}

// intersect narrows want to scope; a nil want means the whole scope.
func intersect(want, scope []int64) []int64 {
	if want == nil {
		return scope
	}
	out := []int64{}
	for _, w := range want {
		for _, s := range scope {
			if w == s {
				out = append(out, w)
			}
		}
	}
	return out
}

// Employee returns an employee whose assignment today is in the caller's
// scope (or the caller themself, or their direct subordinate).
// Errors: not_found.
func (s *Service) Employee(ctx context.Context, p *auth.Principal, id int64) (Employee, error) {
	e, err := s.Store.Employee(ctx, id, s.today(ctx, p))
	if err != nil {
		return e, err
	}
	if !s.canSee(p, e) {
		return Employee{}, apperr.New(apperr.NotFound, "org.employee_not_found")
	}
	return e, nil
}

func (s *Service) canSee(p *auth.Principal, e Employee) bool {
	if e.RegencyID != p.RegencyID {
		return false
	}
	if p.EmployeeID != nil && *p.EmployeeID == e.ID {
		return true
	}
	if e.Current == nil {
		return p.IsRegencyAdmin()
	}
	if p.CanAgency(auth.PermOrgRead, e.Current.AgencyID) {
		return true
	}
	sup := e.Current.SupervisorID
	return p.Can(auth.PermTeamRead) && p.EmployeeID != nil && sup != nil && *sup == *p.EmployeeID
}

// CreateEmployee adds an employee with a first assignment. Errors: invalid,
// not_found (agency out of scope), conflict (NIP taken).
func (s *Service) CreateEmployee(ctx context.Context, p *auth.Principal, e *Employee, a *Assignment) error {
	e.ID, e.RegencyID, e.UserHandle = 0, p.RegencyID, auth.NewUserHandle()
	if a.ValidFrom.IsZero() {
		a.ValidFrom = e.ActiveFrom
	}
	if err := e.Validate(); err != nil {
		return err
	}
	if err := s.checkAssignment(ctx, p, a); err != nil {
		return err
	}
	return s.Store.CreateEmployee(ctx, actorOf(p), e, a)
}

// UpdateEmployee changes an employee's own fields. Errors: not_found,
// invalid, conflict.
func (s *Service) UpdateEmployee(ctx context.Context, p *auth.Principal, e *Employee) error {
	old, err := s.Employee(ctx, p, e.ID)
	if err != nil {
		return err
	}
	if old.Current == nil || !p.CanAgency(auth.PermOrgWrite, old.Current.AgencyID) {
		return apperr.New(apperr.Forbidden, "org.employee_change_denied")
	}
	e.RegencyID = old.RegencyID
	if err := e.Validate(); err != nil {
		return err
	}
	return s.Store.UpdateEmployee(ctx, actorOf(p), e, old.Current.AgencyID)
}

// Transfer moves an employee from a.ValidFrom on (mutasi, change of unit,
// position or supervisor). The caller needs write scope on both the agency
// the employee leaves and the one they join, so moves between agencies are
// BKD's. Errors: not_found, invalid, conflict.
func (s *Service) Transfer(ctx context.Context, p *auth.Principal, a *Assignment) error {
	if err := a.Validate(); err != nil { // shape first: without valid_from no employee is found on the zero date
		return err
	}
	e, err := s.Store.Employee(ctx, a.EmployeeID, a.ValidFrom)
	if err != nil {
		return err
	}
	if e.RegencyID != p.RegencyID || e.Current == nil || !p.CanAgency(auth.PermOrgWrite, e.Current.AgencyID) {
		return apperr.New(apperr.NotFound, "org.employee_not_found")
	}
	if err := s.checkAssignment(ctx, p, a); err != nil {
		return err
	}
	return s.Store.Transfer(ctx, actorOf(p), a)
}

// Assignments lists an employee's assignment history. Errors: not_found.
func (s *Service) Assignments(ctx context.Context, p *auth.Principal, employeeID int64) ([]Assignment, error) {
	if _, err := s.Employee(ctx, p, employeeID); err != nil {
		return nil, err
	}
	return s.Store.Assignments(ctx, employeeID)
}

// checkAssignment: shape, the agency in write scope, the unit and position
// belonging to that agency, the supervisor an employee of the regency.
func (s *Service) checkAssignment(ctx context.Context, p *auth.Principal, a *Assignment) error {
	if err := a.Validate(); err != nil {
		return err
	}
	if _, err := s.agencyInScope(ctx, p, auth.PermOrgWrite, a.AgencyID); err != nil {
		return apperr.InvalidField("agency_id", "org.agency_out_of_scope")
	}
	if a.UnitID != nil {
		if u, err := s.Store.Unit(ctx, *a.UnitID); err != nil || u.AgencyID != a.AgencyID {
			return apperr.InvalidField("unit_id", "org.unit_not_in_agency")
		}
	}
	if a.PositionID != nil {
		if pos, err := s.Store.Position(ctx, *a.PositionID); err != nil || pos.AgencyID != a.AgencyID {
			return apperr.InvalidField("position_id", "org.position_not_in_agency")
		}
	}
	if a.SupervisorID != nil {
		sup, err := s.Store.Employee(ctx, *a.SupervisorID, a.ValidFrom)
		if err != nil || sup.RegencyID != p.RegencyID {
			return apperr.InvalidField("supervisor_id", "org.supervisor_not_found")
		}
	}
	return nil
}
