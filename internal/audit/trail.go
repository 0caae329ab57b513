package audit

import (
	"context"

	"github.com/hadir-id/hadir/internal/apperr"
)

// Viewer is what the trail needs to know of the caller (auth.Principal):
// their regency and the agencies they administer.
type Viewer interface {
	Regency() int64
	AgencyScope() (ids []int64, all bool)
}

// Reader lists audit rows (the store).
type Reader interface {
	AuditLog(ctx context.Context, f Filter) ([]Entry, error)
}

// Trail serves the audit trail within the caller's scope.
type Trail struct {
	Store Reader
}

// List returns the caller's scope's rows, newest first: a BKD admin's the
// whole regency, an agency admin's their agencies. The regency and agency
// scope are set here whatever f says. Errors: forbidden (no agency).
func (t *Trail) List(ctx context.Context, v Viewer, f Filter) ([]Entry, error) {
	f.RegencyID, f.AgencyIDs = v.Regency(), nil
	ids, all := v.AgencyScope()
	if !all {
		if len(ids) == 0 {
			return nil, apperr.New(apperr.Forbidden, "audit.not_allowed")
		}
		f.AgencyIDs = ids
	}
	return t.Store.AuditLog(ctx, f)
}
