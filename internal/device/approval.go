package device

import (
	"context"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/audit"
	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/org"
)

// Devices lists an employee's devices — every change is visible to the
// employee — for themselves, their supervisor or an admin of their agency.
func (s *Service) Devices(ctx context.Context, p *auth.Principal, employeeID int64) ([]Device, error) {
	if _, err := s.manages(ctx, p, employeeID, true); err != nil {
		return nil, err
	}
	return s.Store.Devices(ctx, employeeID)
}

// DecideDevice approves a new phone (the old one is revoked then) or
// rejects it: the employee's direct supervisor or an admin of their agency,
// never the employee. Errors: not_found, conflict.
func (s *Service) DecideDevice(ctx context.Context, p *auth.Principal, deviceID int64, approve bool) (Device, error) {
	d, err := s.Store.Device(ctx, deviceID)
	if err != nil {
		return Device{}, err
	}
	e, err := s.manages(ctx, p, d.EmployeeID, false)
	if err != nil {
		return Device{}, apperr.New(apperr.NotFound, "device.not_found")
	}
	defer s.forget(d.EmployeeID)
	return s.Store.DecideDevice(ctx, audit.Actor{UserID: p.UserID, RegencyID: p.RegencyID}, e.Current.AgencyID, deviceID, approve)
}

// manages checks that p is the employee's direct supervisor or an admin of
// their agency (or, when self is allowed, the employee). Errors: not_found.
func (s *Service) manages(ctx context.Context, p *auth.Principal, employeeID int64, self bool) (org.Employee, error) {
	e, err := s.employee(ctx, employeeID)
	if err != nil || e.RegencyID != p.RegencyID {
		return org.Employee{}, apperr.New(apperr.NotFound, "org.employee_not_found")
	}
	isSelf := p.EmployeeID != nil && *p.EmployeeID == e.ID
	switch {
	case isSelf && self:
		return e, nil
	case isSelf || e.Current == nil:
	case p.CanAgency(auth.PermOrgWrite, e.Current.AgencyID):
		return e, nil
	case p.EmployeeID != nil && e.Current.SupervisorID != nil && *e.Current.SupervisorID == *p.EmployeeID:
		return e, nil
	}
	return org.Employee{}, apperr.New(apperr.NotFound, "org.employee_not_found")
}

// PendingItem is a new phone awaiting the caller's decision.
type PendingItem struct {
	Device
	EmployeeName string `json:"employee_name"`
}

// Pending lists the new phones the caller decides on (their own excepted):
// their direct subordinates' for a supervisor, their agencies' for an
// admin, by the employees' assignment today.
func (s *Service) Pending(ctx context.Context, p *auth.Principal) ([]PendingItem, error) {
	loc, err := s.Store.RegencyZone(ctx, p.RegencyID)
	if err != nil {
		return nil, err
	}
	f := org.EmployeeFilter{On: civil.In(s.Now(), loc), Limit: 500}
	if !f.Oversee(p) {
		return []PendingItem{}, nil
	}
	items, err := s.Store.PendingDevices(ctx, f)
	if err != nil {
		return nil, err
	}
	out := make([]PendingItem, 0, len(items))
	for _, it := range items {
		if p.EmployeeID == nil || it.EmployeeID != *p.EmployeeID {
			out = append(out, it)
		}
	}
	return out, nil
}
