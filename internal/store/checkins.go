package store

import (
	"context"
	"database/sql"
	"github.com/hadir-id/hadir/internal/page"
	"slices"
	"time"

	"gorm.io/gorm"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/audit"
	"github.com/hadir-id/hadir/internal/checkin"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/org"
	"github.com/hadir-id/hadir/internal/rules"
	"github.com/hadir-id/hadir/internal/signals"
)

// SitesByID returns sites by id.
func (s *Store) SitesByID(ctx context.Context, ids []int64) ([]org.Site, error) {
	var out []org.Site
	return out, translate(s.read(ctx).Where("id IN ?", ids).Find(&out).Error)
}

// WorkLocations lists an employee's extra sites and flexible days.
// Cached for a minute: every check-in reads them.
func (s *Store) WorkLocations(ctx context.Context, employeeID int64) ([]checkin.WorkLocation, error) {
	if out, ok := s.locations.Get(employeeID); ok {
		return out, nil
	}
	out, err := s.workLocations(ctx, employeeID)
	if err == nil {
		s.locations.Add(employeeID, out)
	}
	return out, err
}

func (s *Store) workLocations(ctx context.Context, employeeID int64) ([]checkin.WorkLocation, error) {
	return hotRows(ctx, s, "worklocations", func(rows *sql.Rows) (checkin.WorkLocation, error) {
		var w checkin.WorkLocation
		var site, by sql.NullInt64
		err := rows.Scan(&w.ID, &w.EmployeeID, &w.Kind, &site, &w.DateFrom, &w.DateTo, &w.Note, &w.CreatedAt, &by)
		w.SiteID, w.CreatedBy = nullInt64Ptr(site), nullInt64Ptr(by)
		return w, err
	}, employeeID)
}

// AddWorkLocation records an extra site or a flexible-location range.
func (s *Store) AddWorkLocation(ctx context.Context, actor audit.Actor, agencyID int64, w *checkin.WorkLocation) error {
	defer s.locations.Remove(w.EmployeeID)
	return s.tx(ctx, func(tx *gorm.DB) error {
		w.CreatedBy = actorID(actor)
		if err := tx.Create(w).Error; err != nil {
			return err
		}
		return record(tx, actor, &agencyID, "work_location.add", "employee", w.EmployeeID, w)
	})
}

// RecentEvents lists an employee's events since a moment (the latest 200
// at most), oldest first, with their positions: what a check-in compares with (signals) and
// evaluates its day from (status line). One indexed read.
func (s *Store) RecentEvents(ctx context.Context, employeeID int64, since time.Time) ([]rules.Event, error) {
	evs, ok, seq := s.recent.get(employeeID, since)
	if ok {
		return evs, nil
	}
	evs, err := s.recentEvents(ctx, employeeID, since)
	if err == nil && len(evs) < recentLimit {
		s.recent.put(employeeID, since, evs, seq)
	}
	return evs, err
}

// recentLimit is the most events RecentEvents returns (the latest).
const recentLimit = 200

func (s *Store) recentEvents(ctx context.Context, employeeID int64, since time.Time) ([]rules.Event, error) {
	st, err := s.stmt(ctx, "recent")
	if err != nil {
		return nil, translate(err)
	}
	rows, err := st.QueryContext(ctx, employeeID, since.UTC())
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	out := make([]rules.Event, 0, 16) // a week is about 10 events
	for rows.Next() {
		var e rules.Event
		var lat, lon, acc sql.NullFloat64
		if err := rows.Scan(&e.ID, &e.EmployeeID, &e.At, &e.Type, &e.Source, &e.Status, &lat, &lon, &acc); err != nil {
			return nil, translate(err)
		}
		e.Lat, e.Lon, e.AccuracyM = floatPtr(lat), floatPtr(lon), floatPtr(acc)
		out = append(out, e)
	}
	slices.Reverse(out) // read newest first so that the limit keeps the latest
	return out, translate(rows.Err())
}

func floatPtr(f sql.NullFloat64) *float64 {
	if !f.Valid {
		return nil
	}
	return &f.Float64
}

// Nearby lists other employees' events of the last 10 minutes within a
// hair (1e-6°, ~0.1 m) of the observation's coordinates: the Cirebon
// fake-GPS method.
func (s *Store) Nearby(ctx context.Context, o signals.Observation) ([]signals.Observation, error) {
	const eps = 0.0000005
	return s.located(ctx, "samespot", o.Lat-eps, o.Lat+eps, o.Lon-eps, o.Lon+eps,
		o.At.Add(-10*time.Minute).UTC(), o.At.UTC(), o.EmployeeID)
}

// DeviceClaimants: the owner of a device and every employee recorded
// trying to register the same key, in one indexed read. Cached for a
// minute.
func (s *Store) DeviceClaimants(ctx context.Context, deviceID int64) ([]int64, error) {
	if ids, ok := s.claimants.Get(deviceID); ok {
		return ids, nil
	}
	st, err := s.stmt(ctx, "claimants")
	if err != nil {
		return nil, translate(err)
	}
	rows, err := st.QueryContext(ctx, deviceID, deviceID)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, translate(err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, translate(err)
	}
	if len(ids) == 0 {
		return nil, apperr.New(apperr.NotFound, "device.not_found")
	}
	s.claimants.Add(deviceID, ids)
	return ids, nil
}

// PendingEvents lists events awaiting review of the employees f selects
// (by their assignment on f.On: agencies or direct supervisor), oldest
// first, with the employee's name.
func (s *Store) PendingEvents(ctx context.Context, f org.EmployeeFilter) ([]checkin.ReviewItem, error) {
	q := scoped(s.read(ctx).Table("attendance_events ev").Select("ev.*, e.name AS employee_name").
		Joins("JOIN employees e ON e.id = ev.employee_id").
		Where("ev.status = ?", rules.EventPending), f)
	var out []checkin.ReviewItem
	err := q.Order("ev.at").Limit(page.Size(f.Limit)).Scan(&out).Error
	return out, translate(err)
}

// Event returns one event. Errors: not_found.
func (s *Store) Event(ctx context.Context, id int64) (rules.Event, error) {
	var e rules.Event
	return e, translate(s.read(ctx).First(&e, id).Error)
}

// DecideEvent stores a review decision (status, time, note), audited, and
// queues the day's recomputation — in one transaction. Errors: conflict
// (decided meanwhile).
func (s *Store) DecideEvent(ctx context.Context, actor audit.Actor, agencyID int64, ev rules.Event, day civil.Date) error {
	defer s.recent.forget(ev.EmployeeID)
	return s.tx(ctx, func(tx *gorm.DB) error {
		res := tx.Model(&rules.Event{}).Where("id = ? AND status = ?", ev.ID, rules.EventPending).Updates(map[string]any{
			"status": ev.Status, "at": ev.At.UTC(), "review_note": ev.ReviewNote, "reviewed_by": ev.ReviewedBy, "reviewed_at": ev.ReviewedAt})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return apperr.New(apperr.Conflict, "checkin.reviewed_meanwhile")
		}
		if err := enqueueEmployee(tx, actor, ev.EmployeeID, day.AddDays(-1), day.AddDays(1), "review"); err != nil {
			return err
		}
		return record(tx, actor, &agencyID, "checkin.review_"+ev.Status, "event", ev.ID, map[string]any{"note": ev.ReviewNote, "at": ev.At})
	})
}

// CountEvents counts events of a source.
func (s *Store) CountEvents(ctx context.Context, source string) (int64, error) {
	var n int64
	return n, translate(s.read(ctx).Model(&rules.Event{}).Where("source = ?", source).Count(&n).Error)
}
