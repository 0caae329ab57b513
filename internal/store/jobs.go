package store

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/hadir-id/hadir/internal/audit"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/timesheet"
	"github.com/hadir-id/hadir/internal/tuning"
)

// enqueueEmployee queues one employee's days inside tx.
func enqueueEmployee(tx *gorm.DB, actor audit.Actor, employeeID int64, from, to civil.Date, reason string) error {
	var regencyID int64
	if err := tx.Table("employees").Select("regency_id").Where("id = ?", employeeID).Scan(&regencyID).Error; err != nil {
		return err
	}
	j := timesheet.Job{RegencyID: regencyID, EmployeeID: &employeeID, DateFrom: from, DateTo: to, Reason: reason,
		CreatedAt: tx.NowFunc(), CreatedBy: actorID(actor)}
	return tx.Create(&j).Error
}

// Enqueue adds a job to the outbox and, when audited, records who asked
// (the explicit "recalculate from date" action).
func (s *Store) Enqueue(ctx context.Context, actor audit.Actor, j *timesheet.Job, audited bool) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		j.ID, j.CreatedAt, j.CreatedBy = 0, tx.NowFunc(), actorID(actor)
		if err := tx.Create(j).Error; err != nil {
			return err
		}
		if !audited {
			return nil
		}
		return record(tx, actor, j.AgencyID, "attendance.recalculate", "recompute_job", j.ID, j)
	})
}

// Job returns one job. Errors: not_found.
func (s *Store) Job(ctx context.Context, id int64) (timesheet.Job, error) {
	var j timesheet.Job
	return j, translate(s.read(ctx).First(&j, id).Error)
}

// PendingJobs counts jobs not done yet.
func (s *Store) PendingJobs(ctx context.Context) (int64, error) {
	var n int64
	return n, translate(s.read(ctx).Model(&timesheet.Job{}).Where("done_at IS NULL").Count(&n).Error)
}

// JobExists reports whether a job with this reason was queued for the regency.
func (s *Store) JobExists(ctx context.Context, regencyID int64, reason string) (bool, error) {
	var n int64
	err := s.read(ctx).Model(&timesheet.Job{}).Where("regency_id = ? AND reason = ?", regencyID, reason).Limit(1).Count(&n).Error
	return n > 0, translate(err)
}

// ReleaseJob hands a claimed job back unfinished (shutdown mid-job).
func (s *Store) ReleaseJob(ctx context.Context, id int64) error {
	return translate(s.write(ctx).Model(&timesheet.Job{}).Where("id = ? AND done_at IS NULL", id).
		Update("started_at", nil).Error)
}

// ClaimJobs takes up to n pending jobs at once (the worker coalesces the
// per-check-in jobs of a busy morning into one recomputation). Safe with
// several nodes: the conditional update decides who owns each row, and the
// claim's timestamp (microseconds, which both databases keep) finds them.
func (s *Store) ClaimJobs(ctx context.Context, n int) ([]timesheet.Job, error) {
	now := s.now().UTC().Truncate(time.Microsecond)
	stale := now.Add(-tuning.StaleClaim)
	var ids []int64
	err := s.read(ctx).Model(&timesheet.Job{}).Where("done_at IS NULL AND (started_at IS NULL OR started_at < ?)", stale).
		Order("id").Limit(n).Pluck("id", &ids).Error
	if err != nil || len(ids) == 0 {
		return nil, translate(err)
	}
	res := s.write(ctx).Model(&timesheet.Job{}).
		Where("id IN ? AND done_at IS NULL AND (started_at IS NULL OR started_at < ?)", ids, stale).
		Updates(map[string]any{"started_at": now, "attempts": gorm.Expr("attempts + 1")})
	if res.Error != nil || res.RowsAffected == 0 {
		return nil, translate(res.Error)
	}
	var jobs []timesheet.Job
	err = s.read(ctx).Where("id IN ? AND started_at = ?", ids, now).Order("id").Find(&jobs).Error
	return jobs, translate(err)
}

// FinishJobs marks jobs done, or records the error and releases them.
func (s *Store) FinishJobs(ctx context.Context, ids []int64, jobErr error) error {
	upd := map[string]any{"done_at": s.now().UTC(), "error": ""}
	if jobErr != nil {
		upd = map[string]any{"error": jobErr.Error()}
	}
	return translate(s.write(ctx).Model(&timesheet.Job{}).Where("id IN ?", ids).Updates(upd).Error)
}
