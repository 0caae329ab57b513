package kinerja

import (
	"context"
	"net/http"
	"slices"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/auth"
)

// EvidenceTypes are the accepted evidence files: photos (downscaled by the
// app before upload) and PDF.
var EvidenceTypes = []string{"image/jpeg", "image/png", "image/webp", "application/pdf"}

// AttachEvidence stores a file as the evidence of the caller's draft or
// returned entry, replacing an earlier one. The declared type must be one
// of EvidenceTypes and match the file's first bytes. Errors: invalid
// (field evidence: type or size), not_found, conflict (decided).
func (s *Service) AttachEvidence(ctx context.Context, p *auth.Principal, id int64, contentType string, data []byte) (Entry, error) {
	ec, err := s.entryContext(ctx, p)
	if err != nil {
		return Entry{}, err
	}
	e, err := s.ownEntry(ctx, ec.emp.ID, id)
	if err != nil {
		return Entry{}, err
	}
	if !slices.Contains(EvidenceTypes, contentType) || sniff(data) != contentType {
		return Entry{}, apperr.InvalidField("evidence", "kinerja.evidence_type")
	}
	if len(data) == 0 || len(data) > ec.set.MaxEvidenceKB*1024 {
		return Entry{}, apperr.InvalidField("evidence", "kinerja.evidence_too_large", "max", ec.set.MaxEvidenceKB)
	}
	if err := s.Store.SaveEvidence(ctx, actorOf(p), id, contentType, data); err != nil {
		return Entry{}, err
	}
	e.EvidenceType = contentType
	return e, nil
}

// sniff is the content type the file's bytes show (WebP included).
func sniff(b []byte) string {
	if len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP" {
		return "image/webp"
	}
	return http.DetectContentType(b)
}

// EvidenceOf returns an entry's evidence file to its employee, whoever
// decides for them, or an admin of their agency. Errors: not_found.
func (s *Service) EvidenceOf(ctx context.Context, p *auth.Principal, id int64) (string, []byte, error) {
	e, err := s.Store.Entry(ctx, id)
	if err != nil {
		return "", nil, err
	}
	today := s.today(ctx, p)
	if p.EmployeeID == nil || *p.EmployeeID != e.EmployeeID {
		emp, err := s.Store.Employee(ctx, e.EmployeeID, today)
		admin := err == nil && emp.Current != nil && emp.RegencyID == p.RegencyID && p.CanAgency(auth.PermOrgRead, emp.Current.AgencyID)
		if !admin {
			if ok, err := s.canDecide(ctx, p, e.EmployeeID, today); err != nil || !ok {
				return "", nil, orNotFound(err, "kinerja.entry_missing")
			}
		}
	}
	if e.EvidenceType == "" {
		return "", nil, apperr.New(apperr.NotFound, "kinerja.evidence_missing")
	}
	return s.Store.Evidence(ctx, id)
}
