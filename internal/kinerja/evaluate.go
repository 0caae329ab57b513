package kinerja

import (
	"context"
	"strings"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/org"
)

// EvaluationInput is a supervisor's rating of one period: results, the
// seven BerAKHLAK values (the behaviour rating follows from them unless
// given), and feedback.
type EvaluationInput struct {
	EmployeeID int64     `json:"employee_id"`
	Year       int       `json:"year"`
	Period     int       `json:"period"` // month or quarter by the setting
	Result     Rating    `json:"result"`
	Values     RatingMap `json:"values"`
	Behaviour  Rating    `json:"behaviour"` // optional override
	Feedback   string    `json:"feedback"`
}

// Evaluate stores a periodic evaluation of an employee of the caller's
// chain and its predikat (re-rating a period replaces it). Errors: invalid
// (field named), not_found (outside the chain or oneself).
func (s *Service) Evaluate(ctx context.Context, p *auth.Principal, in EvaluationInput) (Evaluation, error) {
	set, err := s.Store.KinerjaSettings(ctx, p.RegencyID)
	if err != nil {
		return Evaluation{}, err
	}
	if err := in.validate(set.Period); err != nil {
		return Evaluation{}, err
	}
	if ok, err := s.canDecide(ctx, p, in.EmployeeID, s.today(ctx, p)); err != nil || !ok {
		return Evaluation{}, orNotFound(err, "kinerja.employee_not_in_chain")
	}
	if in.Behaviour == "" {
		in.Behaviour = BehaviourRating(in.Values)
	}
	pr, _ := PredikatOf(in.Result, in.Behaviour)
	ev := Evaluation{EmployeeID: in.EmployeeID, Year: in.Year, PeriodKind: set.Period, Period: in.Period, Result: in.Result,
		Behaviour: in.Behaviour, Values: in.Values, Feedback: strings.TrimSpace(in.Feedback), Predikat: pr, EvaluatorID: p.UserID}
	ev.CreatedAt, ev.UpdatedAt = s.Now().UTC(), s.Now().UTC()
	return ev, s.Store.SaveEvaluation(ctx, actorOf(p), &ev)
}

func (in *EvaluationInput) validate(period string) error {
	last := 12
	if period == PeriodQuarter {
		last = 4
	}
	if err := validYear(in.Year); err != nil {
		return err
	}
	if in.Period < 1 || in.Period > last {
		return apperr.InvalidField("period", "kinerja.range", "min", 1, "max", last)
	}
	if !ValidRating(in.Result) {
		return apperr.InvalidField("result", "kinerja.one_of", "values", ratingChoices)
	}
	if in.Behaviour != "" && !ValidRating(in.Behaviour) {
		return apperr.InvalidField("behaviour", "kinerja.one_of", "values", ratingChoices)
	}
	for _, v := range BerAKHLAK {
		if !ValidRating(in.Values[v]) {
			return apperr.InvalidField("values."+v, "kinerja.one_of", "values", ratingChoices)
		}
	}
	if len(in.Values) != len(BerAKHLAK) {
		return apperr.InvalidField("values", "kinerja.berakhlak_seven")
	}
	if len(in.Feedback) > 2000 {
		return apperr.InvalidField("feedback", "kinerja.text_length", "min", 0, "max", 2000)
	}
	return nil
}

// YearView is an employee's evaluations of a year and the annual predikat.
type YearView struct {
	EmployeeID  int64        `json:"employee_id"`
	Name        string       `json:"name"`
	Evaluations []Evaluation `json:"evaluations"`
	Annual      Predikat     `json:"annual_predikat,omitempty"`
}

// TeamYear lists the year's evaluations of the caller's team with each
// annual predikat, and the distribution warnings against the
// organisation's predikat (org: "" for none).
func (s *Service) TeamYear(ctx context.Context, p *auth.Principal, year int, orgPredikat string) ([]YearView, []Warning, error) {
	if err := validYear(year); err != nil {
		return nil, nil, err
	}
	if orgPredikat != "" && !ValidOrgPredikat(orgPredikat) {
		return nil, nil, apperr.InvalidField("org_predikat", "kinerja.one_of", "values", strings.Join(OrgPredikats, ", "))
	}
	team, err := s.team(ctx, p, s.today(ctx, p))
	if err != nil {
		return nil, nil, err
	}
	views, annual, err := s.yearViews(ctx, team, year)
	if err != nil || orgPredikat == "" {
		return views, nil, err
	}
	return views, DistributionWarnings(orgPredikat, annual), nil
}

func (s *Service) yearViews(ctx context.Context, team []org.Employee, year int) ([]YearView, []Predikat, error) {
	views, annual := make([]YearView, len(team)), []Predikat{}
	if len(team) == 0 {
		return views, annual, nil
	}
	ids := make([]int64, len(team))
	for i, e := range team {
		ids[i] = e.ID
	}
	evs, err := s.Store.Evaluations(ctx, ids, year)
	if err != nil {
		return nil, nil, err
	}
	for i, e := range team {
		v := YearView{EmployeeID: e.ID, Name: e.Name, Evaluations: []Evaluation{}}
		var ps []Predikat
		for _, ev := range evs { // by period
			if ev.EmployeeID == e.ID {
				v.Evaluations = append(v.Evaluations, ev)
				ps = append(ps, ev.Predikat)
			}
		}
		if a, ok := AnnualPredikat(ps); ok {
			v.Annual = a
			annual = append(annual, a)
		}
		views[i] = v
	}
	return views, annual, nil
}

// AdoptionOf lists when each employee of an agency in the caller's admin
// scope first logged and first had an entry approved. Errors: forbidden.
func (s *Service) AdoptionOf(ctx context.Context, p *auth.Principal, agencyID int64) ([]Adoption, error) {
	if !p.CanAgency(auth.PermOrgRead, agencyID) {
		return nil, apperr.New(apperr.Forbidden, "kinerja.admin_only")
	}
	emps, err := s.Store.Employees(ctx, org.EmployeeFilter{RegencyID: p.RegencyID, On: s.today(ctx, p), AgencyIDs: []int64{agencyID}, Limit: 5000})
	if err != nil || len(emps) == 0 {
		return []Adoption{}, err
	}
	ids := make([]int64, len(emps))
	for i, e := range emps {
		ids[i] = e.ID
	}
	return s.Store.Adoption(ctx, ids)
}
