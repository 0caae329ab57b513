// Package audit owns the audit trail: who changed what, when, in which
// agency. Every administrative write records an Entry in the same
// transaction as the change itself.
package audit

import "time"

// Actor is who makes a change: a signed-in user, or the system (UserID 0)
// for seeding, setup and background work.
type Actor struct {
	UserID    int64
	RegencyID int64
}

// System is the actor of changes made by Hadir itself.
var System = Actor{}

// Entry is one row of the audit trail.
type Entry struct {
	ID          int64     `json:"id"`
	At          time.Time `json:"at"`
	RegencyID   *int64    `json:"regency_id"`
	ActorUserID *int64    `json:"actor_user_id"`
	AgencyID    *int64    `json:"agency_id"`
	Action      string    `json:"action"` // e.g. employee.transfer
	Entity      string    `json:"entity"` // table-ish name, e.g. employee
	EntityID    int64     `json:"entity_id"`
	Detail      string    `json:"detail"` // JSON object
}

// TableName is the audit table.
func (Entry) TableName() string { return "audit_log" }

// Filter selects audit rows.
type Filter struct {
	RegencyID int64
	AgencyIDs []int64 // nil: all agencies of the regency
	Entity    string
	EntityID  int64
	BeforeID  int64 // paging: rows with a smaller id
	Limit     int
}
