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
		return apperr.Field("from", "tanggal mulai wajib diisi")
	case r.To.IsZero() || r.To.Before(r.From):
		return apperr.Field("to", "tanggal akhir wajib diisi dan tidak sebelum tanggal mulai")
	case r.Code == "":
		return apperr.Field("code", "jenis cuti/izin wajib dipilih")
	case len(r.Note) > 1000:
		return apperr.Field("note", "keterangan maks. 1000 karakter")
	}
	return nil
}

// RequestAbsence records leave or duty. An employee asking for themselves
// creates a pending request for their supervisor; an agency admin or the
// direct supervisor records it approved. The code must be one the policy
// in force knows. Errors: invalid, not_found, conflict (overlap).
func (s *Service) RequestAbsence(ctx context.Context, p *auth.Principal, r AbsenceRequest) (Absence, error) {
	if err := r.Validate(); err != nil {
		return Absence{}, err
	}
	a := Absence{EmployeeID: r.EmployeeID, DateFrom: r.From, DateTo: r.To, Code: r.Code, Note: r.Note,
		Status: AbsenceApproved, CreatedAt: s.Now().UTC()}
	self := p.EmployeeID != nil && *p.EmployeeID == r.EmployeeID
	e, err := s.employeeInScope(ctx, p, r.EmployeeID, r.From)
	if err != nil {
		if !self {
			return Absence{}, err
		}
		if e, err = s.Store.Employee(ctx, r.EmployeeID, r.From); err != nil || e.Current == nil {
			return Absence{}, apperr.Field("from", "Anda tidak bertugas pada tanggal ini")
		}
		a.Status = AbsencePending
	}
	if err := s.checkCode(ctx, e.Current.AgencyID, r.From, r.Code); err != nil {
		return Absence{}, err
	}
	return a, s.Store.CreateAbsence(ctx, actorOf(p), e.Current.AgencyID, &a)
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
		return apperr.Field("from", "belum ada kebijakan presensi yang berlaku pada tanggal ini")
	}
	parsed, err := ParsePolicy(pol.Body)
	if err != nil {
		return err
	}
	if _, ok := parsed.AbsenceCodes[code]; !ok {
		return apperr.Field("code", "jenis %q tidak dikenal oleh kebijakan %q", code, pol.Name)
	}
	return nil
}

// DecideAbsence approves or rejects a pending request: the employee's direct
// supervisor or an admin of their agency. Errors: not_found, conflict.
func (s *Service) DecideAbsence(ctx context.Context, p *auth.Principal, id int64, approve bool) (Absence, error) {
	a, err := s.Store.Absence(ctx, id)
	if err != nil {
		return Absence{}, err
	}
	e, err := s.employeeInScope(ctx, p, a.EmployeeID, a.DateFrom)
	if err != nil {
		return Absence{}, apperr.E(apperr.NotFound, "pengajuan tidak ditemukan")
	}
	if p.EmployeeID != nil && *p.EmployeeID == a.EmployeeID {
		return Absence{}, apperr.E(apperr.Forbidden, "pengajuan sendiri diputuskan oleh atasan")
	}
	status := AbsenceRejected
	if approve {
		status = AbsenceApproved
	}
	return s.Store.DecideAbsence(ctx, actorOf(p), e.Current.AgencyID, id, status)
}

// Absences lists an employee's absences overlapping [from, to], for the
// employee, their supervisor or an admin of their agency.
func (s *Service) Absences(ctx context.Context, p *auth.Principal, employeeID int64, from, to civil.Date) ([]Absence, error) {
	self := p.EmployeeID != nil && *p.EmployeeID == employeeID
	if !self {
		if _, err := s.employeeInScope(ctx, p, employeeID, to); err != nil {
			return nil, err
		}
	}
	return s.Store.Absences(ctx, []int64{employeeID}, from, to, "")
}
