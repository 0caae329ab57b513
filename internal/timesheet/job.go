package timesheet

import (
	"time"

	"github.com/hadir-id/hadir/internal/civil"
)

// Job is a row of the recompute outbox: recompute the days of one
// employee, one agency or (both nil) the whole regency between two dates.
type Job struct {
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
func (Job) TableName() string { return "recompute_jobs" }
