package push

import (
	"context"
	"fmt"
	"time"

	"github.com/hadir-id/hadir/internal/civil"
)

// Decision is a supervisor's or admin's decision on an employee's own
// request, read from the audit trail (written in the same transaction as
// the decision itself, so none is missed and none is invented).
type Decision struct {
	ID         int64 // the audit row
	At         time.Time
	Action     string
	EmployeeID int64
}

// DecisionActions are the audited actions an employee is told about, with
// the screen their notification opens.
var DecisionActions = map[string]string{
	"device.approve": "/#checkin", "device.reject": "/#checkin",
	"checkin.review_accepted": "/#history", "checkin.review_rejected": "/#history",
	"absence.approved": "/#history", "absence.rejected": "/#history",
}

// DecisionSource lists a regency's decisions since a time.
type DecisionSource interface {
	Decisions(ctx context.Context, regencyID int64, since time.Time, actions []string) ([]Decision, error)
}

// decisionsDue turns the decisions of the catch-up window not yet handled
// into reminders (they are sent at once, useful for a day).
func (s *Scheduler) decisionsDue(ctx context.Context, regencyID int64, now time.Time, loc *time.Location) ([]Reminder, error) {
	if s.Decisions == nil {
		return nil, nil
	}
	actions := make([]string, 0, len(DecisionActions))
	for a := range DecisionActions {
		actions = append(actions, a)
	}
	ds, err := s.Decisions.Decisions(ctx, regencyID, now.Add(-s.catchup()), actions)
	if err != nil {
		return nil, err
	}
	var out []Reminder
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, d := range ds {
		r := Reminder{EmployeeID: d.EmployeeID, Date: civil.In(d.At, loc), Category: Decided, At: d.At, Expires: d.At.Add(24 * time.Hour),
			Text: Text{Category: Decided, Key: "push.decision." + d.Action, URL: DecisionActions[d.Action]}, ref: fmt.Sprint(d.ID)}
		if !s.queued[reminderKey(r)] {
			out = append(out, r)
		}
	}
	return out, nil
}

func (s *Scheduler) catchup() time.Duration {
	if s.Catchup <= 0 {
		return 15 * time.Minute
	}
	return s.Catchup
}
