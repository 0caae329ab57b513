package store

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/audit"
	"github.com/hadir-id/hadir/internal/checkin"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/device"
	"github.com/hadir-id/hadir/internal/org"
	"github.com/hadir-id/hadir/internal/rules"
	"github.com/hadir-id/hadir/internal/signals"
	"github.com/hadir-id/hadir/internal/timesheet"
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
	var out []checkin.WorkLocation
	err := s.read(ctx).Where("employee_id = ?", employeeID).Order("id").Find(&out).Error
	if err == nil {
		s.locations.Add(employeeID, out)
	}
	return out, translate(err)
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

// CommitCheckins is the batching writer's commit: one transaction for the
// whole batch, a handful of statements whatever its size. Per item the
// challenge is consumed first; if it was already used, the idempotency key
// decides — the same request retried gets its first event back, any other
// request is refused alone.
func (s *Store) CommitCheckins(ctx context.Context, items []checkin.Write) ([]checkin.Written, error) {
	out := make([]checkin.Written, len(items))
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		fresh, err := consumeChallenges(tx, items)
		if err != nil {
			return err
		}
		var todo []int
		first := map[string]int{} // challenge → the item that consumed it
		for i := range items {
			ch := items[i].Challenge
			if j, seen := first[ch]; seen {
				out[i] = sameBatchCopy(&items[j], &items[i]) // filled in after the insert
				continue
			}
			if fresh[ch] {
				first[ch] = i
				todo = append(todo, i)
			} else if out[i], err = duplicateOrRefusal(tx, &items[i]); err != nil {
				return err
			}
		}
		if err := commitFresh(tx, items, todo, out); err != nil {
			return err
		}
		for i := range items {
			if j, ok := first[items[i].Challenge]; ok && j != i && out[i].Err == nil {
				out[i] = checkin.Written{Event: out[j].Event, Duplicate: true}
			}
		}
		return nil
	})
	return out, translate(err)
}

// consumeChallenges marks the batch's unused challenges used and reports
// which ones this transaction consumed.
func consumeChallenges(tx *gorm.DB, items []checkin.Write) (map[string]bool, error) {
	chs := make([]string, len(items))
	for i := range items {
		chs[i] = items[i].Challenge
	}
	var used []string
	err := tx.Raw("UPDATE ceremonies SET used_at = ? WHERE used_at IS NULL AND challenge IN ? RETURNING challenge", tx.NowFunc(), chs).
		Scan(&used).Error
	fresh := make(map[string]bool, len(used))
	for _, c := range used {
		fresh[c] = true
	}
	return fresh, err
}

// sameBatchCopy judges a second item on a challenge consumed earlier in the
// same batch: the same request (employee and key) shares the first's event,
// anything else is refused.
func sameBatchCopy(first, w *checkin.Write) checkin.Written {
	if first.Event.EmployeeID == w.Event.EmployeeID && *first.Event.IdempotencyKey == *w.Event.IdempotencyKey {
		return checkin.Written{Duplicate: true}
	}
	return checkin.Written{Err: apperr.E(apperr.Unauthorized, "tantangan sudah dipakai; muat ulang lalu coba lagi")}
}

func duplicateOrRefusal(tx *gorm.DB, w *checkin.Write) (checkin.Written, error) {
	var prev rules.Event
	err := tx.Where("employee_id = ? AND idempotency_key = ?", w.Event.EmployeeID, *w.Event.IdempotencyKey).First(&prev).Error
	if err == nil {
		return checkin.Written{Event: prev, Duplicate: true}, nil
	}
	if !errors.Is(err, gorm.ErrRecordNotFound) {
		return checkin.Written{}, err
	}
	return checkin.Written{Err: apperr.E(apperr.Unauthorized, "tantangan sudah dipakai; muat ulang lalu coba lagi")}, nil
}

// commitFresh inserts the events, writes back the passkeys, queues the
// recomputations and stores the next challenges of the items in todo.
func commitFresh(tx *gorm.DB, items []checkin.Write, todo []int, out []checkin.Written) error {
	if len(todo) == 0 {
		return nil
	}
	evs := make([]rules.Event, len(todo))
	var jobs []timesheet.Job
	var next []device.Ceremony
	now := tx.NowFunc()
	for k, i := range todo {
		evs[k] = items[i].Event
		jobs = append(jobs, timesheet.Job{EmployeeID: &evs[k].EmployeeID, DateFrom: items[i].Day.AddDays(-1), DateTo: items[i].Day,
			Reason: "checkin", CreatedAt: now, RegencyID: items[i].RegencyID})
		if items[i].Next != nil {
			next = append(next, *items[i].Next)
		}
	}
	if err := tx.CreateInBatches(&evs, 200).Error; err != nil {
		return err
	}
	for k, i := range todo {
		out[i] = checkin.Written{Event: evs[k]}
		p := items[i].Passkey
		if err := tx.Exec("UPDATE passkeys SET sign_count = ?, clone_warning = ?, backup_state = ?, flags = ?, last_used_at = ? WHERE id = ?",
			p.SignCount, p.CloneWarning, p.BackupState, p.Flags, now, p.ID).Error; err != nil {
			return err
		}
	}
	if err := tx.CreateInBatches(&jobs, 200).Error; err != nil {
		return err
	}
	if len(next) > 0 {
		return tx.CreateInBatches(&next, 200).Error
	}
	return nil
}

// SignalHistory loads what the suspicious-location signals compare with:
// the employee's previous located event and recent accuracies, other
// employees' events at the same coordinates in the last window, and the
// employees who tried to use this device key.
func (s *Store) SignalHistory(ctx context.Context, o signals.Observation, deviceID int64) (signals.History, error) {
	var h signals.History
	recent, err := s.located(ctx, "recent", o.EmployeeID)
	if err != nil {
		return h, err
	}
	for i, r := range recent {
		if i == 0 {
			prev := r
			h.Previous = &prev
		}
		h.RecentAccuracies = append(h.RecentAccuracies, r.AccuracyM)
	}
	// Other employees of the last 10 minutes within a hair (1e-6°, ~0.1 m)
	// of these coordinates: the Cirebon fake-GPS method.
	const eps = 0.0000005
	if h.Nearby, err = s.located(ctx, "samespot", o.Lat-eps, o.Lat+eps, o.Lon-eps, o.Lon+eps,
		o.At.Add(-10*time.Minute).UTC(), o.At.UTC(), o.EmployeeID); err != nil {
		return h, err
	}
	h.DeviceEmployees, err = s.deviceClaimants(ctx, deviceID)
	return h, err
}

// deviceClaimants: the owner of a device and every employee recorded
// trying to register the same key.
func (s *Store) deviceClaimants(ctx context.Context, deviceID int64) ([]int64, error) {
	if ids, ok := s.claimants.Get(deviceID); ok {
		return ids, nil
	}
	ids, err := s.loadClaimants(ctx, deviceID)
	if err == nil {
		s.claimants.Add(deviceID, ids)
	}
	return ids, err
}

func (s *Store) loadClaimants(ctx context.Context, deviceID int64) ([]int64, error) {
	var d device.Device
	if err := s.read(ctx).First(&d, deviceID).Error; err != nil {
		return nil, translate(err)
	}
	ids := []int64{d.EmployeeID}
	var others []int64
	err := s.read(ctx).Table("audit_log").Where("action = ? AND entity = ? AND entity_id = ?", "device.shared_attempt", "device", deviceID).
		Pluck("actor_user_id", &others).Error
	if err != nil || len(others) == 0 {
		return ids, translate(err)
	}
	var emps []int64
	err = s.read(ctx).Table("users").Where("id IN ? AND employee_id IS NOT NULL", others).Pluck("employee_id", &emps).Error
	return append(ids, emps...), translate(err)
}

// PendingEvents lists events awaiting review of the employees f selects
// (by their assignment on f.On: agencies or direct supervisor), oldest
// first, with the employee's name.
func (s *Store) PendingEvents(ctx context.Context, f org.EmployeeFilter) ([]checkin.ReviewItem, error) {
	q := scoped(s.read(ctx).Table("attendance_events ev").Select("ev.*, e.name AS employee_name").
		Joins("JOIN employees e ON e.id = ev.employee_id").
		Where("ev.status = ?", rules.EventPending), f)
	var out []checkin.ReviewItem
	err := q.Order("ev.at").Limit(limit(f.Limit)).Scan(&out).Error
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
	return s.tx(ctx, func(tx *gorm.DB) error {
		res := tx.Model(&rules.Event{}).Where("id = ? AND status = ?", ev.ID, rules.EventPending).Updates(map[string]any{
			"status": ev.Status, "at": ev.At.UTC(), "review_note": ev.ReviewNote, "reviewed_by": ev.ReviewedBy, "reviewed_at": ev.ReviewedAt})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return apperr.E(apperr.Conflict, "presensi ini baru saja ditinjau orang lain")
		}
		if err := enqueueEmployee(tx, actor, ev.EmployeeID, day.AddDays(-1), day.AddDays(1), "review"); err != nil {
			return err
		}
		return record(tx, actor, &agencyID, "checkin.review_"+ev.Status, "event", ev.ID, map[string]any{"note": ev.ReviewNote, "at": ev.At})
	})
}

// InsertEvents writes plain events in one transaction: the bare durable
// insert that `hadir bench checkin` measures as its floor (no verification,
// no challenge, no recompute).
func (s *Store) InsertEvents(ctx context.Context, evs []rules.Event) ([]int64, error) {
	ids := make([]int64, len(evs))
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&evs).Error; err != nil {
			return err
		}
		for i := range evs {
			ids[i] = evs[i].ID
		}
		return nil
	})
	return ids, translate(err)
}

// CountEvents counts events of a source.
func (s *Store) CountEvents(ctx context.Context, source string) (int64, error) {
	var n int64
	return n, translate(s.read(ctx).Model(&rules.Event{}).Where("source = ?", source).Count(&n).Error)
}
