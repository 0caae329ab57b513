package kinerja

import (
	"context"
	"slices"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/org"
)

// actsFor lists the supervisors the caller decides for on day: themself
// and everyone they act for (Plt/Plh) that day.
func (s *Service) actsFor(ctx context.Context, p *auth.Principal, on civil.Date) ([]int64, error) {
	if p.EmployeeID == nil {
		return nil, nil
	}
	ds, err := s.Store.Delegations(ctx, *p.EmployeeID, on)
	if err != nil {
		return nil, err
	}
	out := []int64{*p.EmployeeID}
	for _, d := range ds {
		if d.ActingID == *p.EmployeeID && d.Covers(on) && !slices.Contains(out, d.SupervisorID) {
			out = append(out, d.SupervisorID)
		}
	}
	return out, nil
}

// team lists the employees whose work waits on the caller today: the
// direct subordinates of every supervisor the caller acts for, never the
// caller themself.
func (s *Service) team(ctx context.Context, p *auth.Principal, on civil.Date) ([]org.Employee, error) {
	sups, err := s.actsFor(ctx, p, on)
	if err != nil {
		return nil, err
	}
	var out []org.Employee
	for _, sup := range sups {
		es, err := s.Store.Employees(ctx, org.EmployeeFilter{RegencyID: p.RegencyID, On: on, SupervisorID: sup, Limit: 1000})
		if err != nil {
			return nil, err
		}
		for _, e := range es {
			if e.ID != *p.EmployeeID {
				out = append(out, e)
			}
		}
	}
	return out, nil
}

// canDecide reports whether the caller decides for employee id today (the
// direct supervisor or their Plt/Plh; never the employee themself).
func (s *Service) canDecide(ctx context.Context, p *auth.Principal, id int64, on civil.Date) (bool, error) {
	if p.EmployeeID == nil || *p.EmployeeID == id {
		return false, nil
	}
	e, err := s.Store.Employee(ctx, id, on)
	if apperr.CodeOf(err) == apperr.NotFound {
		return false, nil
	} else if err != nil {
		return false, err
	}
	if e.Current == nil || e.Current.SupervisorID == nil {
		return false, nil
	}
	sups, err := s.actsFor(ctx, p, on)
	return slices.Contains(sups, *e.Current.SupervisorID), err
}

// Delegation kinds.
const (
	ActingPlt = "plt" // pelaksana tugas: the post is vacant
	ActingPlh = "plh" // pelaksana harian: the holder is away
)

// Delegate makes ActingID act for SupervisorID from ValidFrom to ValidTo:
// set by the supervisor themself or an admin of the supervisor's agency.
// Errors: invalid (field named), forbidden, not_found.
func (s *Service) Delegate(ctx context.Context, p *auth.Principal, d *Delegation) error {
	switch {
	case d.Kind != ActingPlt && d.Kind != ActingPlh:
		return apperr.InvalidField("kind", "kinerja.one_of", "values", actingChoices)
	case d.ValidFrom.IsZero():
		return apperr.InvalidField("valid_from", "kinerja.required")
	case d.ValidTo.Before(d.ValidFrom) || d.ValidTo.After(d.ValidFrom.AddDays(366)):
		return apperr.InvalidField("valid_to", "kinerja.delegation_range")
	case d.ActingID == d.SupervisorID:
		return apperr.InvalidField("acting_id", "kinerja.delegation_self")
	}
	today := s.today(ctx, p)
	sup, err := s.Store.Employee(ctx, d.SupervisorID, today)
	if err != nil || sup.Current == nil || sup.RegencyID != p.RegencyID {
		return apperr.InvalidField("supervisor_id", "kinerja.no_employee")
	}
	acting, err := s.Store.Employee(ctx, d.ActingID, today)
	if err != nil || acting.Current == nil || acting.RegencyID != p.RegencyID {
		return apperr.InvalidField("acting_id", "kinerja.no_employee")
	}
	own := p.EmployeeID != nil && *p.EmployeeID == d.SupervisorID
	if !own && !p.CanAgency(auth.PermOrgWrite, sup.Current.AgencyID) {
		return apperr.New(apperr.Forbidden, "kinerja.delegation_forbidden")
	}
	d.RegencyID, d.CreatedBy, d.CreatedAt = p.RegencyID, p.UserID, s.Now().UTC()
	return s.Store.CreateDelegation(ctx, actorOf(p), d)
}

// MyDelegations lists the delegations in force today from or to the caller.
func (s *Service) MyDelegations(ctx context.Context, p *auth.Principal) ([]Delegation, error) {
	e, today, err := s.self(ctx, p)
	if err != nil {
		return nil, err
	}
	return s.Store.Delegations(ctx, e.ID, today)
}
