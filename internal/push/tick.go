package push

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/timesheet"
)

// Pause stops reminders on a date: regency-wide (AgencyID nil) or for one
// agency — a local event, a disaster.
type Pause struct {
	ID        int64      `json:"id"`
	RegencyID int64      `json:"-"`
	AgencyID  *int64     `json:"agency_id"`
	Date      civil.Date `json:"date"`
	Reason    string     `json:"reason"`
	CreatedAt time.Time  `json:"created_at"`
	CreatedBy *int64     `json:"created_by"`
}

// TableName is the pauses table.
func (Pause) TableName() string { return "push_pauses" }

// Tick queues every reminder that is due now (or within the catch-up
// window, not expired), after checking it against the employee's state
// evaluated afresh: nobody who has checked in gets a check-in reminder.
func (s *Scheduler) Tick(ctx context.Context) error {
	regencies, err := s.Store.RegencyIDs(ctx)
	if err != nil {
		return err
	}
	for _, id := range regencies {
		if err := s.tickRegency(ctx, id); err != nil {
			return fmt.Errorf("regency %d: %w", id, err)
		}
	}
	return nil
}

func (s *Scheduler) tickRegency(ctx context.Context, regencyID int64) error {
	now := s.Now()
	var due []Reminder
	var loc *time.Location
	for _, back := range []int{1, 0} { // yesterday: an overnight shift's check-out
		rs, l, err := s.cachedPlan(ctx, regencyID, now, back)
		if err != nil {
			return err
		}
		loc = l
		due = append(due, s.dueIn(rs, now)...)
	}
	decided, err := s.decisionsDue(ctx, regencyID, now, loc)
	if err != nil {
		return err
	}
	due = append(due, decided...)
	if len(due) == 0 {
		return nil
	}
	due, err = s.stillRelevant(ctx, regencyID, due, loc)
	if err != nil {
		return err
	}
	n, err := s.enqueue(ctx, due)
	if err != nil {
		return err
	}
	s.mu.Lock()
	for _, r := range due {
		s.queued[reminderKey(r)] = true
	}
	s.mu.Unlock()
	if n > 0 {
		s.Metrics.Queued(n)
		wake(s.Wake)
	}
	return nil
}

// cachedPlan returns the plan of today (back 0) or yesterday (back 1) in
// the regency's zone, recomputed every Refresh; a new day forgets the
// reminders handled two days ago.
func (s *Scheduler) cachedPlan(ctx context.Context, regencyID int64, now time.Time, back int) ([]Reminder, *time.Location, error) {
	s.mu.Lock()
	if s.plans == nil {
		s.plans, s.queued = map[planKey]cachedPlan{}, map[string]bool{}
	}
	refresh := s.Refresh
	if refresh <= 0 {
		refresh = 10 * time.Minute
	}
	s.mu.Unlock()
	loc, err := s.Store.RegencyZone(ctx, regencyID) // cached by the store
	if err != nil {
		return nil, nil, err
	}
	k := planKey{regencyID, civil.In(now, loc).AddDays(-back)}
	s.mu.Lock()
	p, ok := s.plans[k]
	s.mu.Unlock()
	if ok && now.Sub(p.at) < refresh && now.Sub(p.at) >= 0 {
		return p.rs, p.loc, nil
	}
	rs, l, err := s.Plan(ctx, regencyID, nil, k.day)
	if err != nil {
		return nil, nil, err
	}
	s.mu.Lock()
	s.plans[k] = cachedPlan{at: now, rs: rs, loc: l}
	for old := range s.plans {
		if old.regency == regencyID && old.day.Before(k.day.AddDays(-1)) {
			delete(s.plans, old)
		}
	}
	s.mu.Unlock()
	return rs, l, nil
}

// dueIn picks reminders whose time has come, still useful, not yet handled.
func (s *Scheduler) dueIn(rs []Reminder, now time.Time) []Reminder {
	catchup := s.catchup()
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Reminder
	for _, r := range rs {
		if r.At.After(now) {
			break // sorted by At
		}
		if now.Sub(r.At) <= catchup && r.Expires.After(now) && !s.queued[reminderKey(r)] {
			out = append(out, r)
		}
	}
	return out
}

// stillRelevant evaluates the due employees' days again, with their
// events up to now, and keeps the shift reminders whose condition holds.
func (s *Scheduler) stillRelevant(ctx context.Context, regencyID int64, due []Reminder, loc *time.Location) ([]Reminder, error) {
	byDay := map[civil.Date][]int64{}
	for _, r := range due {
		if r.Category != Approvals && r.Category != Decided && !slices.Contains(byDay[r.Date], r.EmployeeID) {
			byDay[r.Date] = append(byDay[r.Date], r.EmployeeID)
		}
	}
	fresh := map[planKey]timesheet.DayRecord{}
	for d, ids := range byDay {
		days, _, err := s.Days.PlanDays(ctx, regencyID, nil, ids, d)
		if err != nil {
			return nil, err
		}
		for _, day := range days {
			fresh[planKey{day.EmployeeID, day.Date}] = day
		}
	}
	logged, err := s.kinerjaLogged(ctx, due)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(due, func(r Reminder) bool {
		if r.Category == Approvals || r.Category == Decided {
			return false
		}
		day, ok := fresh[planKey{r.EmployeeID, r.Date}]
		switch {
		case !ok || !day.Scheduled:
			return true // no longer a working day (leave approved, roster changed)
		case r.Category == KinerjaLog:
			return day.CheckIn == nil || logged[planKey{r.EmployeeID, r.Date}] // did not work, or logged already
		case r.Category == MissingCheckOut:
			return day.CheckIn == nil || day.CheckOut != nil
		default:
			return day.CheckIn != nil
		}
	}), nil
}

// kinerjaLogged says, for the due e-kinerja reminders, who has logged on
// the day (key: employee, date).
func (s *Scheduler) kinerjaLogged(ctx context.Context, due []Reminder) (map[planKey]bool, error) {
	byDay := map[civil.Date][]int64{}
	for _, r := range due {
		if r.Category == KinerjaLog {
			byDay[r.Date] = append(byDay[r.Date], r.EmployeeID)
		}
	}
	out := map[planKey]bool{}
	for d, ids := range byDay {
		m, err := s.Kinerja.KinerjaLogged(ctx, ids, d)
		if err != nil {
			return nil, err
		}
		for id, ok := range m {
			out[planKey{id, d}] = ok
		}
	}
	return out, nil
}

// enqueue turns due reminders into outbox rows: one per subscription of
// the employee's user, unless they muted the category; worded in each
// subscription's language.
func (s *Scheduler) enqueue(ctx context.Context, due []Reminder) (int, error) {
	emps := make([]int64, 0, len(due))
	for _, r := range due {
		emps = append(emps, r.EmployeeID)
	}
	users, err := s.Store.UsersOfEmployees(ctx, emps)
	if err != nil || len(users) == 0 {
		return 0, err
	}
	uids := make([]int64, 0, len(users))
	for _, u := range users {
		uids = append(uids, u)
	}
	subs, err := s.Store.SubscriptionsOf(ctx, uids)
	if err != nil || len(subs) == 0 {
		return 0, err
	}
	mutes, err := s.Store.Mutes(ctx, uids)
	if err != nil {
		return 0, err
	}
	byUser := map[int64][]Subscription{}
	for _, sub := range subs {
		byUser[sub.UserID] = append(byUser[sub.UserID], sub)
	}
	var msgs []Message
	for _, r := range due {
		u := users[r.EmployeeID]
		if slices.Contains(mutes[u], r.Category) {
			continue
		}
		for _, sub := range byUser[u] {
			m, err := r.message(sub)
			if err != nil {
				return 0, err
			}
			msgs = append(msgs, m)
		}
	}
	return s.Store.EnqueuePushes(ctx, msgs)
}

// message is the outbox row of r for one subscription.
func (r Reminder) message(sub Subscription) (Message, error) {
	payload, err := r.Text.Render(sub.Lang, r.Date).Encode()
	return Message{DedupeKey: fmt.Sprintf("%s:%d", reminderKey(r), sub.ID), SubscriptionID: sub.ID, Category: r.Category,
		Topic: topicOf(r.Category, r.Date), Urgency: urgencyOf(r.Category), Payload: payload,
		DueAt: r.At, ExpiresAt: r.Expires}, err
}
