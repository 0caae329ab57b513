package rules

import (
	"context"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/org"
)

// access is what a caller wants to do with an employee's dates.
type access int

const (
	readAccess   access = iota // the employee themself, their supervisor, an admin of their agency
	manageAccess               // their supervisor or an admin of their agency, never themself
	ownRequest                 // the employee asking for themself: in post on every date
)

// reach checks that the caller may act on an employee for EVERY date of
// [from, to]: each date falls in an assignment of the employee's that the
// caller manages (an admin of that assignment's agency, or the supervisor
// it names), or — for reads — the caller is the employee. Checking one
// anchor date let an agency's admin keep writing days after the employee
// had been transferred out. It returns the assignments that cover the
// range, oldest first. Errors: not_found (not the caller's at all),
// invalid (some dates are outside the caller's scope; the field and the
// first such date are named).
func (s *Service) reach(ctx context.Context, p *auth.Principal, employeeID int64, from, to civil.Date, want access) ([]org.Assignment, error) {
	notFound := apperr.New(apperr.NotFound, "org.employee_not_found")
	e, err := s.Store.Employee(ctx, employeeID, from)
	if err != nil || e.RegencyID != p.RegencyID {
		return nil, notFound
	}
	all, err := s.Store.Assignments(ctx, employeeID)
	if err != nil {
		return nil, err
	}
	self := p.EmployeeID != nil && *p.EmployeeID == employeeID
	switch {
	case self && want == readAccess:
		return inRange(all, from, to), nil // one's own record, whatever the posting
	case want == ownRequest:
		return ownDates(self, inRange(all, from, to), from, to)
	}
	var covering []org.Assignment
	var foreign *org.Assignment // the first assignment in range the caller does not manage
	for i, a := range all {
		if a.ValidFrom.After(to) || (!a.ValidTo.IsZero() && a.ValidTo.Before(from)) {
			continue
		}
		if (self && want == readAccess) || manages(p, a) {
			covering = append(covering, a)
		} else if foreign == nil {
			foreign = &all[i]
		}
	}
	switch {
	case len(covering) == 0 && (!self || foreign != nil):
		return nil, notFound
	case len(covering) == 0:
		return nil, apperr.InvalidField("from", "rules.not_in_post")
	case foreign != nil:
		return nil, outOfScope(*foreign, from)
	}
	if gap, ok := firstGap(covering, from, to); ok {
		return nil, apperr.InvalidField("to", "rules.range_outside_post", "date", gap)
	}
	return covering, nil
}

// ownDates checks that an employee asking for themself is in post on every
// date asked for.
func ownDates(self bool, as []org.Assignment, from, to civil.Date) ([]org.Assignment, error) {
	if !self {
		return nil, apperr.New(apperr.NotFound, "org.employee_not_found")
	}
	if len(as) == 0 {
		return nil, apperr.InvalidField("from", "rules.not_in_post")
	}
	if gap, ok := firstGap(as, from, to); ok {
		return nil, apperr.InvalidField("to", "rules.range_outside_post", "date", gap)
	}
	return as, nil
}

// inRange keeps the assignments that touch [from, to].
func inRange(all []org.Assignment, from, to civil.Date) []org.Assignment {
	var out []org.Assignment
	for _, a := range all {
		if !a.ValidFrom.After(to) && (a.ValidTo.IsZero() || !a.ValidTo.Before(from)) {
			out = append(out, a)
		}
	}
	return out
}

// manages: the caller administers the assignment's agency or is the
// supervisor it names.
func manages(p *auth.Principal, a org.Assignment) bool {
	if p.CanAgency(auth.PermRulesWrite, a.AgencyID) {
		return true
	}
	return p.EmployeeID != nil && a.SupervisorID != nil && *a.SupervisorID == *p.EmployeeID
}

// outOfScope is the error for an assignment in the range the caller does
// not manage while they manage another part: it names the first date they
// may not touch.
func outOfScope(a org.Assignment, from civil.Date) error {
	d := a.ValidFrom
	if d.Before(from) {
		d = from
	}
	return apperr.InvalidField("to", "rules.range_outside_scope", "date", d)
}

// firstGap returns the first date of [from, to] that no assignment covers
// (before appointment, after retirement).
func firstGap(as []org.Assignment, from, to civil.Date) (civil.Date, bool) {
	d := from
	for _, a := range as { // oldest first, not overlapping
		if a.ValidFrom.After(d) {
			return d, true
		}
		if a.ValidTo.IsZero() {
			return civil.Date{}, false
		}
		if !a.ValidTo.Before(d) {
			d = a.ValidTo.AddDays(1)
		}
		if d.After(to) {
			return civil.Date{}, false
		}
	}
	return d, !d.After(to)
}
