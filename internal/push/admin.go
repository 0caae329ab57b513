package push

import (
	"context"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/audit"
	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/civil"
)

// AdminStore is what the admins' side writes.
type AdminStore interface {
	PlanStore
	AddPause(ctx context.Context, actor audit.Actor, p *Pause) error
	DeletePause(ctx context.Context, actor audit.Actor, id int64, check func(Pause) error) error
	SetAgencyLead(ctx context.Context, actor audit.Actor, agencyID int64, minutes int) error
}

// Admin serves the plan, the pauses and the agencies' leads, scoped: an
// agency admin sees and changes their agencies, BKD the regency.
type Admin struct {
	Scheduler *Scheduler
	Store     AdminStore
}

// Minute is one point of the send curve.
type Minute struct {
	Time       string `json:"time"` // HH:MM, the regency's wall clock
	Category   string `json:"category"`
	Reminders  int    `json:"reminders"`  // employees to remind
	Subscribed int    `json:"subscribed"` // of whom have reminders on and this kind not muted
}

// Curve is a date's planned reminders per minute.
type Curve struct {
	Date      civil.Date     `json:"date"`
	Timezone  string         `json:"timezone"`
	WindowMin int            `json:"window_min"`
	Totals    map[string]int `json:"totals"`
	Pauses    []Pause        `json:"pauses"`
	Minutes   []Minute       `json:"minutes"`
}

// scope returns the agencies the caller may plan for (nil: the regency).
// Errors: forbidden.
func scope(p *auth.Principal, perm auth.Permission, agencyID int64) ([]int64, error) {
	ids, all := p.AgencyScope()
	switch {
	case agencyID != 0 && p.CanAgency(perm, agencyID):
		return []int64{agencyID}, nil
	case agencyID == 0 && all && p.Can(perm):
		return nil, nil
	case agencyID == 0 && len(ids) > 0 && p.Can(perm):
		return ids, nil
	}
	return nil, apperr.New(apperr.Forbidden, "push.plan_scope")
}

// Plan is the send curve of a date: what the scheduler would queue, per
// minute and kind, before the check-in state of that day is known.
// Errors: forbidden.
func (a *Admin) Plan(ctx context.Context, p *auth.Principal, d civil.Date, agencyID int64) (Curve, error) {
	agencies, err := scope(p, auth.PermOrgRead, agencyID)
	if err != nil {
		return Curve{}, err
	}
	rs, loc, err := a.Scheduler.Plan(ctx, p.RegencyID, agencies, d)
	if err != nil {
		return Curve{}, err
	}
	on, err := a.reachable(ctx, rs)
	if err != nil {
		return Curve{}, err
	}
	c := Curve{Date: d, Timezone: loc.String(), WindowMin: int(a.Scheduler.Timing.Window / time.Minute),
		Totals: map[string]int{}, Minutes: []Minute{}}
	idx := map[[2]string]int{}
	for _, r := range rs {
		k := [2]string{r.At.In(loc).Format("15:04"), r.Category}
		i, ok := idx[k]
		if !ok {
			i, idx[k] = len(c.Minutes), len(c.Minutes)
			c.Minutes = append(c.Minutes, Minute{Time: k[0], Category: k[1]})
		}
		c.Minutes[i].Reminders++
		c.Totals[r.Category]++
		if on[r.EmployeeID] != nil && !slices.Contains(on[r.EmployeeID], r.Category) {
			c.Minutes[i].Subscribed++
		}
	}
	sort.SliceStable(c.Minutes, func(i, j int) bool { return c.Minutes[i].Time < c.Minutes[j].Time })
	if c.Pauses, err = a.pausesIn(ctx, p, d, d); err != nil {
		return c, err
	}
	return c, nil
}

// reachable maps each employee with a subscription to their muted
// categories (non-nil, possibly empty).
func (a *Admin) reachable(ctx context.Context, rs []Reminder) (map[int64][]string, error) {
	emps := make([]int64, 0, len(rs))
	for _, r := range rs {
		emps = append(emps, r.EmployeeID)
	}
	slices.Sort(emps)
	users, err := a.Store.UsersOfEmployees(ctx, slices.Compact(emps))
	if err != nil {
		return nil, err
	}
	uids := make([]int64, 0, len(users))
	empOf := make(map[int64]int64, len(users))
	for e, u := range users {
		uids, empOf[u] = append(uids, u), e
	}
	subs, err := a.Store.SubscriptionsOf(ctx, uids)
	if err != nil {
		return nil, err
	}
	mutes, err := a.Store.Mutes(ctx, uids)
	out := map[int64][]string{}
	for _, s := range subs {
		out[empOf[s.UserID]] = append([]string{}, mutes[s.UserID]...)
	}
	return out, err
}

// PauseRequest asks for reminders to stop on a date.
type PauseRequest struct {
	Date     string `json:"date"`
	AgencyID *int64 `json:"agency_id"` // nil: the whole regency (BKD only)
	Reason   string `json:"reason"`
}

// AddPause pauses reminders on a date. Errors: invalid, forbidden.
func (a *Admin) AddPause(ctx context.Context, p *auth.Principal, r PauseRequest) (Pause, error) {
	d, err := civil.Parse(r.Date)
	if err != nil {
		return Pause{}, apperr.InvalidField("date", "push.date_invalid")
	}
	if r.Reason = strings.TrimSpace(r.Reason); len(r.Reason) > 200 {
		return Pause{}, apperr.InvalidField("reason", "push.reason_too_long", "max", 200)
	}
	if err := canPause(p, r.AgencyID); err != nil {
		return Pause{}, err
	}
	uid := p.UserID
	pz := Pause{RegencyID: p.RegencyID, AgencyID: r.AgencyID, Date: d, Reason: r.Reason, CreatedAt: a.Scheduler.Now().UTC(), CreatedBy: &uid}
	return pz, a.Store.AddPause(ctx, actor(p), &pz)
}

func canPause(p *auth.Principal, agencyID *int64) error {
	if agencyID == nil && p.IsRegencyAdmin() || agencyID != nil && p.CanAgency(auth.PermRulesWrite, *agencyID) {
		return nil
	}
	return &apperr.Error{Code: apperr.Forbidden, Key: "push.pause_scope", Field: "agency_id"}
}

// DeletePause lifts a pause. Errors: not_found, forbidden.
func (a *Admin) DeletePause(ctx context.Context, p *auth.Principal, id int64) error {
	return a.Store.DeletePause(ctx, actor(p), id, func(pz Pause) error { return canPause(p, pz.AgencyID) })
}

// Pauses lists the pauses between two dates that concern the caller.
func (a *Admin) Pauses(ctx context.Context, p *auth.Principal, from, to civil.Date) ([]Pause, error) {
	return a.pausesIn(ctx, p, from, to)
}

func (a *Admin) pausesIn(ctx context.Context, p *auth.Principal, from, to civil.Date) ([]Pause, error) {
	ps, err := a.Store.Pauses(ctx, p.RegencyID, from, to)
	ids, all := p.AgencyScope()
	out := []Pause{}
	for _, pz := range ps {
		if all || pz.AgencyID == nil || slices.Contains(ids, *pz.AgencyID) {
			out = append(out, pz)
		}
	}
	return out, err
}

// Lead limits for an agency's reminder before the start.
const (
	MinLead = 0
	MaxLead = 120
)

// SetLead sets how many minutes before the start an agency's staff are
// reminded. Errors: invalid, forbidden.
func (a *Admin) SetLead(ctx context.Context, p *auth.Principal, agencyID int64, minutes int) error {
	if !p.CanAgency(auth.PermRulesWrite, agencyID) {
		return apperr.New(apperr.Forbidden, "push.plan_scope")
	}
	if minutes < MinLead || minutes > MaxLead {
		return apperr.InvalidField("before_start_min", "push.offset_invalid", "min", MinLead, "max", MaxLead)
	}
	return a.Store.SetAgencyLead(ctx, actor(p), agencyID, minutes)
}

func actor(p *auth.Principal) audit.Actor {
	return audit.Actor{UserID: p.UserID, RegencyID: p.RegencyID}
}
