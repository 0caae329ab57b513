package store

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/hadir-id/hadir/internal/audit"
	"github.com/hadir-id/hadir/internal/civil"
)

// RecomputeJob is a row of the recompute outbox: recompute the days of one
// employee, one agency or (both nil) the whole regency between two dates.
type RecomputeJob struct {
	ID         int64      `json:"id"`
	RegencyID  int64      `json:"regency_id"`
	AgencyID   *int64     `json:"agency_id"`
	EmployeeID *int64     `json:"employee_id"`
	DateFrom   civil.Date `json:"from"`
	DateTo     civil.Date `json:"to"`
	Reason     string     `json:"reason"`
	CreatedAt  time.Time  `json:"created_at"`
	CreatedBy  *int64     `json:"created_by"`
	StartedAt  *time.Time `json:"started_at"`
	DoneAt     *time.Time `json:"done_at"`
	Attempts   int        `json:"attempts"`
	Error      string     `json:"error"`
}

// TableName is the outbox table.
func (RecomputeJob) TableName() string { return "recompute_jobs" }

// enqueueEmployee queues one employee's days inside tx.
func enqueueEmployee(tx *gorm.DB, actor audit.Actor, employeeID int64, from, to civil.Date, reason string) error {
	var regencyID int64
	if err := tx.Table("employees").Select("regency_id").Where("id = ?", employeeID).Scan(&regencyID).Error; err != nil {
		return err
	}
	j := RecomputeJob{RegencyID: regencyID, EmployeeID: &employeeID, DateFrom: from, DateTo: to, Reason: reason,
		CreatedAt: tx.NowFunc(), CreatedBy: actorID(actor)}
	return tx.Create(&j).Error
}

// Enqueue adds a job to the outbox and, when audited, records who asked
// (the explicit "recalculate from date" action).
func (s *Store) Enqueue(ctx context.Context, actor audit.Actor, j *RecomputeJob, audited bool) error {
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
func (s *Store) Job(ctx context.Context, id int64) (RecomputeJob, error) {
	var j RecomputeJob
	return j, translate(s.read(ctx).First(&j, id).Error)
}

// staleClaim: a job started this long ago by a node that died is taken again.
const staleClaim = 10 * time.Minute

// ClaimJob takes the oldest pending job, or returns ok=false when there is
// none. Safe with several nodes: the conditional update lets exactly one
// claimer win a row.
func (s *Store) ClaimJob(ctx context.Context) (RecomputeJob, bool, error) {
	var j RecomputeJob
	now := s.now().UTC()
	for range 5 {
		err := s.read(ctx).Where("done_at IS NULL AND (started_at IS NULL OR started_at < ?)", now.Add(-staleClaim)).
			Order("id").Limit(1).Find(&j).Error
		if err != nil || j.ID == 0 {
			return j, false, translate(err)
		}
		res := s.write(ctx).Model(&RecomputeJob{}).
			Where("id = ? AND done_at IS NULL AND (started_at IS NULL OR started_at < ?)", j.ID, now.Add(-staleClaim)).
			Updates(map[string]any{"started_at": now, "attempts": gorm.Expr("attempts + 1")})
		if res.Error != nil {
			return j, false, translate(res.Error)
		}
		if res.RowsAffected == 1 {
			j.StartedAt = &now
			return j, true, nil
		}
		j = RecomputeJob{}
	}
	return j, false, nil
}

// FinishJob marks a job done, or records its error and releases it for a
// retry (after the stale-claim delay).
func (s *Store) FinishJob(ctx context.Context, id int64, jobErr error) error {
	upd := map[string]any{"done_at": s.now().UTC(), "error": ""}
	if jobErr != nil {
		upd = map[string]any{"error": jobErr.Error()}
	}
	return translate(s.write(ctx).Model(&RecomputeJob{}).Where("id = ?", id).Updates(upd).Error)
}

// PendingJobs counts jobs not done yet.
func (s *Store) PendingJobs(ctx context.Context) (int64, error) {
	var n int64
	return n, translate(s.read(ctx).Model(&RecomputeJob{}).Where("done_at IS NULL").Count(&n).Error)
}
