package kinerja

import (
	"context"
	"sort"
	"strings"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/civil"
)

// MaxBulk is the most entries one bulk decision takes (a 40-person team's
// month is ~4,000; a week ~1,000).
const MaxBulk = 5000

// Mine lists the caller's entries in [from, to] (at most 62 days).
func (s *Service) Mine(ctx context.Context, p *auth.Principal, from, to civil.Date) ([]Entry, error) {
	e, _, err := s.self(ctx, p)
	if err != nil {
		return nil, err
	}
	if err := checkRange(from, to, 62); err != nil {
		return nil, err
	}
	return s.Store.Entries(ctx, EntryFilter{EmployeeIDs: []int64{e.ID}, From: from, To: to})
}

func checkRange(from, to civil.Date, days int) error {
	if from.IsZero() || to.IsZero() || to.Before(from) {
		return apperr.InvalidField("to", "kinerja.bad_range")
	}
	if to.After(from.AddDays(days - 1)) {
		return apperr.InvalidField("to", "kinerja.range_too_long", "days", days)
	}
	return nil
}

// Submit sends the caller's drafts of [from, to] (a day or a week) to the
// supervisor; it returns how many were sent.
func (s *Service) Submit(ctx context.Context, p *auth.Principal, from, to civil.Date) (int, error) {
	e, _, err := s.self(ctx, p)
	if err != nil {
		return 0, err
	}
	if err := checkRange(from, to, 7); err != nil {
		return 0, err
	}
	return s.Store.SubmitEntries(ctx, actorOf(p), e.ID, from, to, s.Now().UTC())
}

// Repeat copies the entries of the caller's last logged day before date
// (within two weeks) as drafts on date: "repeat yesterday". Each copy is
// checked like a new entry. Errors: not_found (nothing to repeat), and
// those of Log.
func (s *Service) Repeat(ctx context.Context, p *auth.Principal, date civil.Date) ([]Entry, error) {
	ec, err := s.entryContext(ctx, p)
	if err != nil {
		return nil, err
	}
	prev, err := s.Store.Entries(ctx, EntryFilter{EmployeeIDs: []int64{ec.emp.ID}, From: date.AddDays(-14), To: date.AddDays(-1)})
	if err != nil {
		return nil, err
	}
	var last []Entry
	for _, e := range prev { // by date, then id
		if len(last) > 0 && last[0].Date != e.Date {
			last = last[:0]
		}
		last = append(last, e)
	}
	if len(last) == 0 {
		return nil, apperr.New(apperr.NotFound, "kinerja.nothing_to_repeat")
	}
	out := make([]Entry, 0, len(last))
	for _, x := range last {
		in := EntryInput{Date: date, RHKID: x.RHKID, ActivityID: x.ActivityID, What: x.What, Volume: x.Volume, Unit: x.Unit, Minutes: x.Minutes, EvidenceURL: x.EvidenceURL}
		e, err := s.check(ctx, ec, in, 0)
		if err != nil {
			return nil, err
		}
		if err := s.Store.CreateEntry(ctx, actorOf(p), &e); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// Frequent lists the caller's most logged activities of the last 60 days.
func (s *Service) Frequent(ctx context.Context, p *auth.Principal) ([]Template, error) {
	e, today, err := s.self(ctx, p)
	if err != nil {
		return nil, err
	}
	return s.Store.Frequent(ctx, e.ID, today.AddDays(-60), 8)
}

// TeamDay is one employee's submitted entries of one day.
type TeamDay struct {
	Date    civil.Date `json:"date"`
	Minutes int        `json:"minutes"`
	Entries []Entry    `json:"entries"`
}

// TeamMember is one employee's submitted entries, by day.
type TeamMember struct {
	EmployeeID int64     `json:"employee_id"`
	Name       string    `json:"name"`
	Days       []TeamDay `json:"days"`
}

// Pending lists the submitted entries of [from, to] waiting on the caller
// (their team, and those they act for), grouped by employee and day.
func (s *Service) Pending(ctx context.Context, p *auth.Principal, from, to civil.Date) ([]TeamMember, error) {
	if err := checkRange(from, to, 62); err != nil {
		return nil, err
	}
	team, err := s.team(ctx, p, s.today(ctx, p))
	if err != nil || len(team) == 0 {
		return []TeamMember{}, err
	}
	ids, names := make([]int64, len(team)), map[int64]string{}
	for i, e := range team {
		ids[i], names[e.ID] = e.ID, e.Name
	}
	es, err := s.Store.Entries(ctx, EntryFilter{EmployeeIDs: ids, From: from, To: to, Status: StatusSubmitted})
	if err != nil {
		return nil, err
	}
	by := map[int64]*TeamMember{}
	var out []*TeamMember
	for _, e := range es {
		m := by[e.EmployeeID]
		if m == nil {
			m = &TeamMember{EmployeeID: e.EmployeeID, Name: names[e.EmployeeID]}
			by[e.EmployeeID], out = m, append(out, m)
		}
		if n := len(m.Days); n == 0 || m.Days[n-1].Date != e.Date {
			m.Days = append(m.Days, TeamDay{Date: e.Date})
		}
		d := &m.Days[len(m.Days)-1]
		d.Minutes += e.Minutes
		d.Entries = append(d.Entries, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	res := make([]TeamMember, len(out))
	for i, m := range out {
		res[i] = *m
	}
	return res, nil
}

// Decision approves or returns entries; a return needs a comment.
type Decision struct {
	IDs     []int64 `json:"ids"`
	Approve bool    `json:"approve"`
	Comment string  `json:"comment"`
}

// BadID is an id a bulk decision refused, with the reason's catalogue key.
type BadID struct {
	ID  int64  `json:"id"`
	Key string `json:"key"`
}

// Decide approves or returns the entries all-or-nothing: when any id is
// unknown, outside the caller's chain, the caller's own, or already
// decided, nothing is stored and the error (invalid, field "ids") lists
// every bad id with its reason in Detail {"bad": [{id, key}]}. One id is a
// bulk of one. Errors: invalid, forbidden, conflict (decided meanwhile).
func (s *Service) Decide(ctx context.Context, p *auth.Principal, d Decision) (int, error) {
	d.Comment = strings.TrimSpace(d.Comment)
	switch {
	case len(d.IDs) == 0:
		return 0, apperr.InvalidField("ids", "kinerja.required")
	case len(d.IDs) > MaxBulk:
		return 0, apperr.InvalidField("ids", "kinerja.too_many", "max", MaxBulk)
	case !d.Approve && d.Comment == "":
		return 0, apperr.InvalidField("comment", "kinerja.comment_needed")
	case len(d.Comment) > 500:
		return 0, apperr.InvalidField("comment", "kinerja.text_length", "min", 0, "max", 500)
	}
	bad, err := s.badIDs(ctx, p, d.IDs)
	if err != nil {
		return 0, err
	}
	if len(bad) > 0 {
		e := apperr.InvalidField("ids", "kinerja.bulk_bad_ids", "n", len(bad))
		e.Detail = map[string]any{"bad": bad}
		return 0, e
	}
	status := StatusReturned
	if d.Approve {
		status = StatusApproved
	}
	return len(d.IDs), s.Store.DecideEntries(ctx, actorOf(p), d.IDs, status, d.Comment, s.Now().UTC())
}

// badIDs checks every id of a decision; allowed employees are looked up
// once each.
func (s *Service) badIDs(ctx context.Context, p *auth.Principal, ids []int64) ([]BadID, error) {
	es, err := s.Store.EntriesByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]Entry, len(es))
	for _, e := range es {
		byID[e.ID] = e
	}
	today, allowed, seen := s.today(ctx, p), map[int64]bool{}, map[int64]bool{}
	var bad []BadID
	for _, id := range ids {
		e, ok := byID[id]
		var key string
		switch {
		case seen[id]:
			key = "kinerja.bulk_duplicate"
		case !ok:
			key = "kinerja.entry_missing"
		case p.EmployeeID != nil && e.EmployeeID == *p.EmployeeID:
			key = "kinerja.own_entry"
		}
		seen[id] = true
		if key == "" {
			may, done := allowed[e.EmployeeID]
			if !done {
				if may, err = s.canDecide(ctx, p, e.EmployeeID, today); err != nil {
					return nil, err
				}
				allowed[e.EmployeeID] = may
			}
			switch {
			case !may:
				key = "kinerja.entry_missing" // outside the chain: as if it did not exist
			case e.Status != StatusSubmitted:
				key = "kinerja.already_decided"
			}
		}
		if key != "" {
			bad = append(bad, BadID{ID: id, Key: key})
		}
	}
	return bad, nil
}
