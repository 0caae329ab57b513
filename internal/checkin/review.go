package checkin

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/audit"
	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/org"
	"github.com/hadir-id/hadir/internal/rules"
	"github.com/hadir-id/hadir/internal/signals"
)

// ReviewStore reads and decides flagged events.
type ReviewStore interface {
	PendingEvents(ctx context.Context, f org.EmployeeFilter) ([]ReviewItem, error)
	Event(ctx context.Context, id int64) (rules.Event, error)
	DecideEvent(ctx context.Context, actor audit.Actor, agencyID int64, ev rules.Event, day civil.Date) error
}

// Reviews serves the supervisor's review queue.
type Reviews struct {
	Store ReviewStore
	Org   *org.Service
	Now   func() time.Time
}

// ReviewItem is a flagged event with its evidence.
type ReviewItem struct {
	rules.Event
	EmployeeName string           `json:"employee_name"`
	Evidence     []signals.Signal `json:"signals" gorm:"-"`
}

// Queue lists pending events of the employees the caller reviews: direct
// subordinates for a supervisor, the agencies of an admin.
func (r *Reviews) Queue(ctx context.Context, p *auth.Principal) ([]ReviewItem, error) {
	f := org.EmployeeFilter{On: r.Org.Today(ctx, p), Limit: 200}
	if !f.Oversee(p) {
		return nil, apperr.New(apperr.Forbidden, "checkin.reviews_none")
	}
	items, err := r.Store.PendingEvents(ctx, f)
	if err != nil {
		return nil, err
	}
	out := make([]ReviewItem, 0, len(items))
	for _, it := range items {
		if p.EmployeeID != nil && it.EmployeeID == *p.EmployeeID {
			continue // nobody reviews their own check-in
		}
		_ = json.Unmarshal([]byte(it.Event.Signals), &it.Evidence)
		out = append(out, it)
	}
	return out, nil
}

// Decision on a flagged event.
type Decision struct {
	Accept         bool   `json:"accept"`
	Reason         string `json:"reason"`
	UseClaimedTime bool   `json:"use_claimed_time"` // offline: count the tap's time, not the arrival
}

// Decide accepts or rejects a pending event (the employee's supervisor or
// an admin of their agency; never the employee), audited; the day is
// recomputed. Errors: invalid (rejection without reason), not_found,
// conflict (already decided).
func (r *Reviews) Decide(ctx context.Context, p *auth.Principal, id int64, d Decision) (rules.Event, error) {
	d.Reason = strings.TrimSpace(d.Reason)
	if !d.Accept && d.Reason == "" {
		return rules.Event{}, apperr.InvalidField("reason", "checkin.reject_reason_required")
	}
	ev, err := r.Store.Event(ctx, id)
	if err != nil {
		return rules.Event{}, err
	}
	emp, err := r.Org.Employee(ctx, p, ev.EmployeeID)
	if err != nil || emp.Current == nil || (p.EmployeeID != nil && *p.EmployeeID == emp.ID) {
		return rules.Event{}, apperr.New(apperr.NotFound, "checkin.not_found")
	}
	if !p.CanAgency(auth.PermOrgWrite, emp.Current.AgencyID) && !isSupervisor(p, emp) {
		return rules.Event{}, apperr.New(apperr.NotFound, "checkin.not_found")
	}
	if ev.Status != rules.EventPending {
		return rules.Event{}, apperr.New(apperr.Conflict, "checkin.already_reviewed", "status", ev.Status)
	}
	now := r.Now().UTC()
	ev.Status, ev.ReviewNote, ev.ReviewedBy, ev.ReviewedAt = rules.EventRejected, d.Reason, &p.UserID, &now
	if d.Accept {
		ev.Status = rules.EventAccepted
		if d.UseClaimedTime && ev.ClaimedAt != nil {
			ev.At = *ev.ClaimedAt
		}
	}
	loc, _ := r.Org.Store.Regency(ctx, p.RegencyID)
	zone, _ := time.LoadLocation(loc.Timezone)
	if zone == nil {
		zone = time.UTC
	}
	return ev, r.Store.DecideEvent(ctx, audit.Actor{UserID: p.UserID, RegencyID: p.RegencyID}, emp.Current.AgencyID, ev, civil.In(ev.At, zone))
}

func isSupervisor(p *auth.Principal, e org.Employee) bool {
	return p.EmployeeID != nil && e.Current.SupervisorID != nil && *e.Current.SupervisorID == *p.EmployeeID
}

// LocationStore keeps work locations.
type LocationStore interface {
	WorkLocations(ctx context.Context, employeeID int64) ([]WorkLocation, error)
	AddWorkLocation(ctx context.Context, actor audit.Actor, agencyID int64, w *WorkLocation) error
	Site(ctx context.Context, id int64) (org.Site, error)
	Agency(ctx context.Context, id int64) (org.Agency, error)
}

// Locations manages extra sites and flexible-location days of employees.
type Locations struct {
	Store LocationStore
	Org   *org.Service
}

// List returns an employee's work locations (anyone who may see them).
func (l *Locations) List(ctx context.Context, p *auth.Principal, employeeID int64) ([]WorkLocation, error) {
	if _, err := l.Org.Employee(ctx, p, employeeID); err != nil {
		return nil, err
	}
	return l.Store.WorkLocations(ctx, employeeID)
}

// Add lets an agency admin widen where an employee may check in: another
// site of the regency (a school, the venue of an official trip), or
// flexible-location days. Errors: invalid, not_found.
func (l *Locations) Add(ctx context.Context, p *auth.Principal, w *WorkLocation) error {
	e, err := l.Org.Employee(ctx, p, w.EmployeeID)
	if err != nil || e.Current == nil || !p.CanAgency(auth.PermOrgWrite, e.Current.AgencyID) {
		return apperr.New(apperr.NotFound, "org.employee_not_found")
	}
	switch w.Kind {
	case ExtraSite:
		if w.SiteID == nil {
			return apperr.InvalidField("site_id", "checkin.site_required")
		}
		s, err := l.Store.Site(ctx, *w.SiteID)
		if err != nil {
			return apperr.InvalidField("site_id", "org.site_not_found")
		}
		if a, err := l.Store.Agency(ctx, s.AgencyID); err != nil || a.RegencyID != p.RegencyID {
			return apperr.InvalidField("site_id", "org.site_not_found")
		}
	case Flexible:
		if w.DateFrom.IsZero() || w.DateTo.IsZero() {
			return apperr.InvalidField("from", "checkin.flexible_dates")
		}
		w.SiteID = nil
	default:
		return apperr.InvalidField("kind", "checkin.location_kind")
	}
	if !w.DateFrom.IsZero() && !w.DateTo.IsZero() && w.DateTo.Before(w.DateFrom) {
		return apperr.InvalidField("to", "request.to_before_from")
	}
	w.ID, w.CreatedAt = 0, time.Now().UTC()
	return l.Store.AddWorkLocation(ctx, audit.Actor{UserID: p.UserID, RegencyID: p.RegencyID}, e.Current.AgencyID, w)
}
