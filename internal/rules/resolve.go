package rules

import (
	"github.com/hadir-id/hadir/internal/civil"
)

// PolicyInForce returns the policy version in force on d for an agency:
// the agency's own newest version from on or before d, else the regency's;
// nil when there is none. policies must be ordered by valid_from.
func PolicyInForce(policies []Policy, agencyID int64, d civil.Date) *Policy {
	var best, fallback *Policy
	for i := range policies {
		p := &policies[i]
		if p.ValidFrom.After(d) {
			continue
		}
		if p.AgencyID != nil && *p.AgencyID == agencyID {
			best = p
		} else if p.AgencyID == nil {
			fallback = p
		}
	}
	if best != nil {
		return best
	}
	return fallback
}
