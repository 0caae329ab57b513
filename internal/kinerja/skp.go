package kinerja

import (
	"context"
	"strconv"
	"strings"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/auth"
)

// SKPView is an employee's SKP with the supervisor's RHK their own may
// support (empty while the supervisor has none: drafting is never blocked).
type SKPView struct {
	SKP            SKP   `json:"skp"`
	SupervisorRHKs []RHK `json:"supervisor_rhks"`
}

func validYear(y int) error {
	if y < 2020 || y > 2100 {
		return apperr.InvalidField("year", "kinerja.range", "min", 2020, "max", 2100)
	}
	return nil
}

// MySKP returns the caller's SKP of the year (a new, unsaved draft with id
// 0 when there is none) and their supervisor's RHK. Errors: forbidden,
// invalid (year).
func (s *Service) MySKP(ctx context.Context, p *auth.Principal, year int) (SKPView, error) {
	if err := validYear(year); err != nil {
		return SKPView{}, err
	}
	e, _, err := s.self(ctx, p)
	if err != nil {
		return SKPView{}, err
	}
	v := SKPView{SupervisorRHKs: []RHK{}}
	v.SKP, err = s.Store.SKP(ctx, e.ID, year)
	if apperr.CodeOf(err) == apperr.NotFound {
		v.SKP, err = SKP{EmployeeID: e.ID, Year: year, Status: StatusDraft, RHKs: []RHK{}}, nil
	}
	if err != nil {
		return SKPView{}, err
	}
	if e.Current.SupervisorID != nil {
		if sup, err := s.Store.SKP(ctx, *e.Current.SupervisorID, year); err == nil {
			v.SupervisorRHKs = sup.RHKs
		}
	}
	return v, nil
}

// SaveSKP replaces the RHK of the caller's SKP of the year (created as a
// draft when missing); only a draft or a returned SKP changes, and it goes
// back to draft. Errors: forbidden, invalid (field named), conflict (submitted
// or agreed).
func (s *Service) SaveSKP(ctx context.Context, p *auth.Principal, year int, rhks []RHK) (SKP, error) {
	v, err := s.MySKP(ctx, p, year)
	if err != nil {
		return SKP{}, err
	}
	if v.SKP.Status != StatusDraft && v.SKP.Status != StatusReturned {
		return SKP{}, apperr.New(apperr.Conflict, "kinerja.skp_locked", "status", v.SKP.Status)
	}
	if err := validRHKs(rhks, v.SupervisorRHKs); err != nil {
		return SKP{}, err
	}
	out := v.SKP
	out.Status, out.RHKs, out.UpdatedAt = StatusDraft, rhks, s.Now().UTC()
	for i := range out.RHKs {
		if !hasRHK(v.SKP.RHKs, out.RHKs[i].ID) {
			out.RHKs[i].ID = 0 // new, or someone else's id: added
		}
		out.RHKs[i].Position = i
	}
	return out, s.Store.SaveSKP(ctx, actorOf(p), &out)
}

func validRHKs(rhks []RHK, parents []RHK) error {
	if len(rhks) > 30 {
		return apperr.InvalidField("rhks", "kinerja.too_many", "max", 30)
	}
	for i := range rhks {
		r, f := &rhks[i], "rhks["+strconv.Itoa(i)+"]."
		r.Text, r.Indicator, r.TargetUnit = strings.TrimSpace(r.Text), strings.TrimSpace(r.Indicator), strings.TrimSpace(r.TargetUnit)
		switch {
		case r.Kind != RHKMain && r.Kind != RHKExtra:
			return apperr.InvalidField(f+"kind", "kinerja.one_of", "values", rhkKindChoices)
		case r.Text == "" || len(r.Text) > 500:
			return apperr.InvalidField(f+"text", "kinerja.text_length", "min", 1, "max", 500)
		case r.Indicator == "" || len(r.Indicator) > 500:
			return apperr.InvalidField(f+"indicator", "kinerja.text_length", "min", 1, "max", 500)
		case r.TargetQty <= 0 || r.TargetQty > 1e6:
			return apperr.InvalidField(f+"target_qty", "kinerja.positive")
		case r.TargetUnit == "" || len(r.TargetUnit) > 40:
			return apperr.InvalidField(f+"target_unit", "kinerja.text_length", "min", 1, "max", 40)
		case r.ParentID != nil && !hasRHK(parents, *r.ParentID):
			return apperr.InvalidField(f+"parent_id", "kinerja.parent_not_supervisor")
		}
	}
	return nil
}

func hasRHK(rs []RHK, id int64) bool {
	for _, r := range rs {
		if r.ID == id {
			return true
		}
	}
	return false
}

// CopyLastYear starts the year's SKP from last year's RHK (links to the
// supervisor's RHK dropped: those are last year's). Errors: as SaveSKP, and
// not_found when there is no SKP last year.
func (s *Service) CopyLastYear(ctx context.Context, p *auth.Principal, year int) (SKP, error) {
	e, _, err := s.self(ctx, p)
	if err != nil {
		return SKP{}, err
	}
	last, err := s.Store.SKP(ctx, e.ID, year-1)
	if err != nil {
		return SKP{}, err
	}
	for i := range last.RHKs {
		last.RHKs[i].ParentID = nil
	}
	return s.SaveSKP(ctx, p, year, last.RHKs)
}

// SubmitSKP sends the caller's draft SKP to the supervisor. Errors:
// forbidden, not_found, invalid (no RHK utama), conflict (not a draft).
func (s *Service) SubmitSKP(ctx context.Context, p *auth.Principal, year int) (SKP, error) {
	v, err := s.MySKP(ctx, p, year)
	if err != nil {
		return SKP{}, err
	}
	if v.SKP.ID == 0 {
		return SKP{}, apperr.New(apperr.NotFound, "kinerja.skp_missing")
	}
	if v.SKP.Status != StatusDraft && v.SKP.Status != StatusReturned {
		return SKP{}, apperr.New(apperr.Conflict, "kinerja.skp_locked", "status", v.SKP.Status)
	}
	main := false
	for _, r := range v.SKP.RHKs {
		main = main || r.Kind == RHKMain
	}
	if !main {
		return SKP{}, apperr.InvalidField("rhks", "kinerja.skp_needs_main")
	}
	v.SKP.Status, v.SKP.Comment = StatusSubmitted, ""
	return v.SKP, s.Store.DecideSKP(ctx, actorOf(p), &v.SKP)
}

// DecideSKP agrees to or returns (with a comment) a submitted SKP of the
// caller's chain. Errors: not_found (outside the chain), invalid (a return
// without comment), conflict (not submitted).
func (s *Service) DecideSKP(ctx context.Context, p *auth.Principal, id int64, agree bool, comment string) (SKP, error) {
	comment = strings.TrimSpace(comment)
	if !agree && comment == "" {
		return SKP{}, apperr.InvalidField("comment", "kinerja.comment_needed")
	}
	k, err := s.Store.SKPByID(ctx, id)
	if err != nil {
		return SKP{}, err
	}
	if ok, err := s.canDecide(ctx, p, k.EmployeeID, s.today(ctx, p)); err != nil || !ok {
		return SKP{}, orNotFound(err, "kinerja.skp_missing")
	}
	if k.Status != StatusSubmitted {
		return SKP{}, apperr.New(apperr.Conflict, "kinerja.already_decided", "status", k.Status)
	}
	now := s.Now().UTC()
	k.Status, k.Comment, k.DecidedBy, k.DecidedAt = StatusReturned, comment, &p.UserID, &now
	if agree {
		k.Status = StatusAgreed
	}
	return k, s.Store.DecideSKP(ctx, actorOf(p), &k)
}

// TeamSKPs lists the SKP of the year of everyone whose work waits on the
// caller (employees without one are left out).
func (s *Service) TeamSKPs(ctx context.Context, p *auth.Principal, year int) ([]SKP, error) {
	if err := validYear(year); err != nil {
		return nil, err
	}
	team, err := s.team(ctx, p, s.today(ctx, p))
	if err != nil {
		return nil, err
	}
	out := []SKP{}
	for _, e := range team {
		if k, err := s.Store.SKP(ctx, e.ID, year); err == nil {
			out = append(out, k)
		}
	}
	return out, nil
}

// orNotFound is err when there is one, else a not_found with key.
func orNotFound(err error, key string) error {
	if err != nil {
		return err
	}
	return apperr.New(apperr.NotFound, key)
}
