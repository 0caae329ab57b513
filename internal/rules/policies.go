package rules

import (
	"context"
	"strings"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/civil"
)

// Change is the outcome of creating a rule version: RecalculateFrom is set
// when the version reaches into the past, whose stored days change only
// through Recalculate.
type Change struct {
	RecalculateFrom civil.Date `json:"recalculate_from"`
}

func checkName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 200 {
		return name, apperr.InvalidField("name", "rules.name_required")
	}
	return name, nil
}

// Policies lists the policy versions the caller may read.
func (s *Service) Policies(ctx context.Context, p *auth.Principal) ([]Policy, error) {
	all, err := s.Store.Policies(ctx, p.RegencyID)
	out := []Policy{}
	for _, pol := range all {
		if visible(p, pol.AgencyID) {
			out = append(out, pol)
		}
	}
	return out, err
}

// Policy returns one version. Errors: not_found.
func (s *Service) Policy(ctx context.Context, p *auth.Principal, id int64) (Policy, error) {
	pol, err := s.Store.Policy(ctx, id)
	if err != nil || pol.RegencyID != p.RegencyID || !visible(p, pol.AgencyID) {
		return Policy{}, apperr.New(apperr.NotFound, "rules.policy_not_found")
	}
	return pol, nil
}

// CreatePolicy adds a policy version. Errors: invalid (with the JSON path of
// the bad field), forbidden, conflict (a version on that date exists).
func (s *Service) CreatePolicy(ctx context.Context, p *auth.Principal, pol *Policy) (Change, error) {
	var err error
	if pol.Name, err = checkName(pol.Name); err != nil {
		return Change{}, err
	}
	if pol.ValidFrom.IsZero() {
		return Change{}, apperr.InvalidField("valid_from", "rules.valid_from_required")
	}
	if _, err := ParsePolicy(pol.Body); err != nil {
		return Change{}, err
	}
	if err := s.canScope(ctx, p, auth.PermRulesWrite, pol.AgencyID); err != nil {
		return Change{}, err
	}
	pol.ID, pol.RegencyID = 0, p.RegencyID
	if err := s.Store.CreatePolicy(ctx, actorOf(p), pol); err != nil {
		return Change{}, err
	}
	from, err := s.afterChange(ctx, p, pol.AgencyID, pol.ValidFrom, "policy")
	return Change{RecalculateFrom: from}, err
}

// DeletePolicy withdraws a version that has not taken effect yet.
// Errors: not_found, forbidden, conflict (already in force).
func (s *Service) DeletePolicy(ctx context.Context, p *auth.Principal, id int64) error {
	pol, err := s.Policy(ctx, p, id)
	if err != nil {
		return err
	}
	if err := s.canScope(ctx, p, auth.PermRulesWrite, pol.AgencyID); err != nil {
		return err
	}
	if today, _ := s.Today(ctx, p); !pol.ValidFrom.After(today) {
		return apperr.New(apperr.Conflict, "rules.policy_in_force")
	}
	return s.Store.DeletePolicy(ctx, actorOf(p), pol)
}
