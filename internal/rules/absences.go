package rules

import (
	"context"
	"strings"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/civil"
)

// AbsenceRequest asks for (employee) or records (admin) leave or duty.
type AbsenceRequest struct {
	EmployeeID int64      `json:"employee_id"`
	From       civil.Date `json:"from"`
	To         civil.Date `json:"to"`
	Code       string     `json:"code"`
	Note       string     `json:"note"`
}

// Validate checks the shape of a request.
func (r *AbsenceRequest) Validate() error {
	r.Code, r.Note = strings.ToUpper(strings.TrimSpace(r.Code)), strings.TrimSpace(r.Note)
	switch {
	case r.From.IsZero():
		return apperr.InvalidField("from", "request.from_required")
	case r.To.IsZero() || r.To.Before(r.From):
		return apperr.InvalidField("to", "request.to_required")
	case r.Code == "":
		return apperr.InvalidField("code", "rules.absence_code_required")
	case len(r.Note) > 1000:
		return apperr.InvalidField("note", "rules.note_length")
	}
	return nil
}

// RequestAbsence records leave or duty. Anyone asking for themselves —
// admins included — creates a pending request that someone else decides;
// an agency admin or the direct supervisor recording it for an employee
// records it approved, when every date is in their scope. The code must be
// one the policy in force knows. Errors: invalid, not_found, conflict
// (overlap).
func (s *Service) RequestAbsence(ctx context.Context, p *auth.Principal, r AbsenceRequest) (Absence, error) {
	if err := r.Validate(); err != nil {
		return Absence{}, err
	}
	a := Absence{EmployeeID: r.EmployeeID, DateFrom: r.From, DateTo: r.To, Code: r.Code, Note: r.Note,
		Status: AbsenceApproved, CreatedAt: s.Now().UTC()}
	want := manageAccess
	if p.EmployeeID != nil && *p.EmployeeID == r.EmployeeID {
		want, a.Status = ownRequest, AbsencePending
	}
	as, err := s.reach(ctx, p, r.EmployeeID, r.From, r.To, want)
	if err != nil {
		return Absence{}, err
	}
	if err := s.checkCode(ctx, as[0].AgencyID, r.From, r.Code); err != nil {
		return Absence{}, err
	}
	return a, s.Store.CreateAbsence(ctx, actorOf(p), as[0].AgencyID, &a)
}

// checkCode: the absence code exists in the policy in force for the agency.
func (s *Service) checkCode(ctx context.Context, agencyID int64, on civil.Date, code string) error {
	a, err := s.Store.Agency(ctx, agencyID)
	if err != nil {
		return err
	}
	all, err := s.Store.Policies(ctx, a.RegencyID)
	if err != nil {
		return err
	}
	pol := PolicyInForce(all, agencyID, on)
	if pol == nil {
		return apperr.InvalidField("from", "rules.no_policy")
	}
	parsed, err := ParsePolicy(pol.Body)
	if err != nil {
		return err
	}
	if _, ok := parsed.AbsenceCodes[code]; !ok {
		return apperr.InvalidField("code", "rules.absence_code_unknown", "code", code, "policy", pol.Name)
	}
	return nil
}

// DecideAbsence approves or rejects a pending request: the employee's direct
// supervisor or an admin of their agency for every date of it, never the
// employee themself. Errors: not_found, forbidden, conflict.
func (s *Service) DecideAbsence(ctx context.Context, p *auth.Principal, id int64, approve bool) (Absence, error) {
	a, err := s.Store.Absence(ctx, id)
	if err != nil {
		return Absence{}, err
	}
	if p.EmployeeID != nil && *p.EmployeeID == a.EmployeeID {
		return Absence{}, apperr.New(apperr.Forbidden, "rules.absence_own")
	}
	as, err := s.reach(ctx, p, a.EmployeeID, a.DateFrom, a.DateTo, manageAccess)
	if apperr.Is(err, apperr.NotFound) {
		return Absence{}, apperr.New(apperr.NotFound, "rules.absence_not_found")
	} else if err != nil {
		return Absence{}, err
	}
	status := AbsenceRejected
	if approve {
		status = AbsenceApproved
	}
	return s.Store.DecideAbsence(ctx, actorOf(p), as[0].AgencyID, id, status)
}

// Absences lists an employee's absences overlapping [from, to], for the
// employee, or whoever manages them on every one of those dates.
func (s *Service) Absences(ctx context.Context, p *auth.Principal, employeeID int64, from, to civil.Date) ([]Absence, error) {
	if _, err := s.reach(ctx, p, employeeID, from, to, readAccess); err != nil {
		return nil, err
	}
	return s.Store.Absences(ctx, []int64{employeeID}, from, to, "")
}
