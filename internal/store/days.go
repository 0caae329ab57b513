package store

import (
	"context"

	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/org"
	"github.com/hadir-id/hadir/internal/timesheet"
)

// EmployeesByID returns the employees with these ids, by id.
func (s *Store) EmployeesByID(ctx context.Context, ids []int64) ([]org.Employee, error) {
	var out []org.Employee
	return out, translate(s.read(ctx).Where("id IN ?", ids).Order("id").Find(&out).Error)
}

// AssignmentsOverlapping lists the employees' assignments that touch [from, to].
func (s *Store) AssignmentsOverlapping(ctx context.Context, ids []int64, from, to civil.Date) ([]org.Assignment, error) {
	var out []org.Assignment
	err := s.read(ctx).Where("employee_id IN ? AND valid_from <= ? AND (valid_to IS NULL OR valid_to >= ?)", ids, to, from).
		Order("employee_id, valid_from").Find(&out).Error
	return out, translate(err)
}

// EmployeeIDsIn lists the employees assigned to any of the agencies (nil:
// any agency of the regency) at some point in [from, to].
func (s *Store) EmployeeIDsIn(ctx context.Context, regencyID int64, agencyIDs []int64, from, to civil.Date) ([]int64, error) {
	q := s.read(ctx).Table("employee_assignments a").Distinct("a.employee_id").
		Joins("JOIN employees e ON e.id = a.employee_id").
		Where("e.regency_id = ? AND a.valid_from <= ? AND (a.valid_to IS NULL OR a.valid_to >= ?)", regencyID, to, from)
	if agencyIDs != nil {
		q = q.Where("a.agency_id IN ?", agencyIDs)
	}
	var ids []int64
	return ids, translate(q.Order("a.employee_id").Pluck("a.employee_id", &ids).Error)
}

// Days lists the stored days of employees in [from, to], by employee and date.
func (s *Store) Days(ctx context.Context, ids []int64, from, to civil.Date) ([]timesheet.DayRecord, error) {
	var out []timesheet.DayRecord
	err := s.read(ctx).Where("employee_id IN ? AND date >= ? AND date <= ?", ids, from, to).
		Order("employee_id, date").Find(&out).Error
	return out, translate(err)
}
