package store

import (
	"context"
	"database/sql"
	"github.com/hadir-id/hadir/internal/page"
	"strings"

	"gorm.io/gorm"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/audit"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/org"
)

// CreateEmployee inserts an employee with a first assignment, atomically.
// Errors: conflict (NIP taken), invalid (unknown agency, unit …).
func (s *Store) CreateEmployee(ctx context.Context, actor audit.Actor, e *org.Employee, a *org.Assignment) error {
	defer s.forgetSupervisor(a.SupervisorID) // may now supervise someone
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Omit("Current").Create(e).Error; err != nil {
			return err
		}
		a.EmployeeID = e.ID
		a.CreatedBy = actorID(actor)
		if err := tx.Create(a).Error; err != nil {
			return err
		}
		e.Current = a
		return record(tx, actor, &a.AgencyID, "employee.create", "employee", e.ID, e)
	})
}

// Employee returns an employee with the assignment in force on `on` (nil
// Current when none is). Errors: not_found.
func (s *Store) Employee(ctx context.Context, id int64, on civil.Date) (org.Employee, error) {
	e, err := s.employeeOn(ctx, id, on)
	return e.Employee, err
}

// employeeOn is Employee with the supervisor flag, cached for a minute.
func (s *Store) employeeOn(ctx context.Context, id int64, on civil.Date) (employeeOn, error) {
	if e, ok := s.employees.Get(employeeKey{id, on}); ok {
		return e, nil
	}
	e, err := s.employee(ctx, id, on)
	if err != nil {
		return e, err
	}
	s.employees.Add(employeeKey{id, on}, e)
	if !e.hasLocations { // most employees: the check-in's work-location read is answered now
		s.locations.Add(id, nil)
	}
	return e, nil
}

// forgetSupervisor drops a (possible) supervisor from the cache after a
// change to who reports to them.
func (s *Store) forgetSupervisor(id *int64) {
	if id != nil {
		s.forgetEmployee(*id)
	}
}

// forgetEmployee drops an employee from the cache after a change.
func (s *Store) forgetEmployee(id int64) {
	for _, k := range s.employees.Keys() {
		if k.id == id {
			s.employees.Remove(k)
		}
	}
}

// employee reads the employee, the assignment in force on `on`, the
// supervisor flag and whether they have work locations in one prepared
// statement (every employee's first request of the day).
func (s *Store) employee(ctx context.Context, id int64, on civil.Date) (employeeOn, error) {
	var out employeeOn
	e := &out.Employee
	st, err := s.stmt(ctx, "employee")
	if err != nil {
		return out, translate(err)
	}
	var nip, reason sql.NullString
	var aID, agency, unit, position, supervisor, createdBy sql.NullInt64
	var from, to civil.Date
	var aCreated sql.NullTime
	err = st.QueryRowContext(ctx, on, on, on, on, id).Scan(&e.ID, &e.RegencyID, &nip, &e.Name, &e.EmployeeType, &e.UserHandle,
		&e.ActiveFrom, &e.ActiveTo, &e.CreatedAt, &e.UpdatedAt,
		&aID, &agency, &unit, &position, &supervisor, &from, &to, &reason, &aCreated, &createdBy, &out.supervises, &out.hasLocations)
	if err != nil {
		return out, rowErr(err)
	}
	if nip.Valid {
		e.NIP = &nip.String
	}
	if aID.Valid {
		e.Current = &org.Assignment{ID: aID.Int64, EmployeeID: e.ID, AgencyID: agency.Int64, UnitID: nullInt64Ptr(unit),
			PositionID: nullInt64Ptr(position), SupervisorID: nullInt64Ptr(supervisor), ValidFrom: from, ValidTo: to,
			Reason: reason.String, CreatedAt: aCreated.Time, CreatedBy: nullInt64Ptr(createdBy)}
	}
	return out, nil
}

// EmployeeByNIP returns the employee with that NIP. Errors: not_found.
func (s *Store) EmployeeByNIP(ctx context.Context, nip string, on civil.Date) (org.Employee, error) {
	var e org.Employee
	if err := s.read(ctx).Where("nip = ?", nip).First(&e).Error; err != nil {
		return e, translate(err)
	}
	return s.Employee(ctx, e.ID, on)
}

func assignmentOn(db *gorm.DB, employeeID int64, on civil.Date) (org.Assignment, error) {
	var a org.Assignment
	err := db.Where("employee_id = ? AND valid_from <= ? AND (valid_to IS NULL OR valid_to >= ?)", employeeID, on, on).
		Order("valid_from DESC").First(&a).Error
	return a, err
}

// scoped joins the assignment (alias a) of the employees e on f.On and
// keeps those f selects: the regency, then the agencies or the direct
// supervisor. Every employee-scoped list goes through it.
func scoped(q *gorm.DB, f org.EmployeeFilter) *gorm.DB {
	q = q.Joins("JOIN employee_assignments a ON a.employee_id = e.id AND a.valid_from <= ? AND (a.valid_to IS NULL OR a.valid_to >= ?)", f.On, f.On).
		Where("e.regency_id = ?", f.RegencyID)
	if f.AgencyIDs != nil {
		q = q.Where("a.agency_id IN ?", f.AgencyIDs)
	}
	if f.SupervisorID != 0 {
		q = q.Where("a.supervisor_id = ?", f.SupervisorID)
	}
	return q
}

// Employees lists employees with their assignment on f.On, by id.
func (s *Store) Employees(ctx context.Context, f org.EmployeeFilter) ([]org.Employee, error) {
	q := scoped(s.read(ctx).Table("employees e").
		Select("e.*, a.id AS a_id, a.agency_id, a.unit_id, a.position_id, a.supervisor_id, a.valid_from, a.valid_to"), f)
	if t := strings.TrimSpace(f.Query); t != "" {
		like := "%" + strings.ToLower(t) + "%"
		q = q.Where("LOWER(e.name) LIKE ? OR e.nip LIKE ?", like, like)
	}
	if f.AfterID > 0 {
		q = q.Where("e.id > ?", f.AfterID)
	}
	var rows []employeeRow
	if err := q.Order("e.id").Limit(page.Size(f.Limit)).Scan(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]org.Employee, len(rows))
	for i, r := range rows {
		out[i] = r.employee()
	}
	return out, nil
}

// employeeRow is one row of the employee+assignment join.
type employeeRow struct {
	org.Employee
	AID          int64 `gorm:"column:a_id"`
	AgencyID     int64
	UnitID       *int64
	PositionID   *int64
	SupervisorID *int64
	ValidFrom    civil.Date
	ValidTo      civil.Date
}

func (r employeeRow) employee() org.Employee {
	e := r.Employee
	e.Current = &org.Assignment{ID: r.AID, EmployeeID: e.ID, AgencyID: r.AgencyID, UnitID: r.UnitID,
		PositionID: r.PositionID, SupervisorID: r.SupervisorID, ValidFrom: r.ValidFrom, ValidTo: r.ValidTo}
	return e
}

// UpdateEmployee saves an employee's own fields (not where they work: that
// is Transfer). Errors: not_found, conflict (NIP taken).
func (s *Store) UpdateEmployee(ctx context.Context, actor audit.Actor, e *org.Employee, agencyID int64) error {
	defer s.forgetEmployee(e.ID)
	return s.tx(ctx, func(tx *gorm.DB) error {
		res := tx.Model(e).Select("nip", "name", "employee_type", "active_from", "active_to", "updated_at").Updates(e)
		if err := notFoundIfNone(res); err != nil {
			return err
		}
		return record(tx, actor, &agencyID, "employee.update", "employee", e.ID, e)
	})
}

// Transfer ends the employee's assignment in force on a.ValidFrom the day
// before and starts a from then on: an effective-dated change, history kept.
// Errors: not_found (no assignment to end), conflict (a later assignment
// already exists or the new one would not start after the current one).
func (s *Store) Transfer(ctx context.Context, actor audit.Actor, a *org.Assignment) error {
	var was *int64 // the supervisor before
	defer func() {
		s.forgetEmployee(a.EmployeeID)
		s.forgetSupervisor(was)
		s.forgetSupervisor(a.SupervisorID)
	}()
	return s.tx(ctx, func(tx *gorm.DB) error {
		cur, err := assignmentOn(tx, a.EmployeeID, a.ValidFrom)
		if err != nil {
			return err
		}
		was = cur.SupervisorID
		var later int64
		if err := tx.Model(&org.Assignment{}).Where("employee_id = ? AND valid_from > ?", a.EmployeeID, a.ValidFrom).Count(&later).Error; err != nil {
			return err
		}
		if later > 0 {
			return apperr.InvalidField("valid_from", "org.assignment_later_exists")
		}
		if !cur.ValidFrom.Before(a.ValidFrom) {
			return apperr.InvalidField("valid_from", "org.transfer_before_current", "from", cur.ValidFrom)
		}
		if err := tx.Model(&cur).Update("valid_to", a.ValidFrom.AddDays(-1)).Error; err != nil {
			return err
		}
		a.ID, a.CreatedBy = 0, actorID(actor)
		if err := tx.Create(a).Error; err != nil {
			return err
		}
		detail := map[string]any{"from": cur, "to": a}
		if err := record(tx, actor, &cur.AgencyID, "employee.transfer_out", "employee", a.EmployeeID, detail); err != nil {
			return err
		}
		return record(tx, actor, &a.AgencyID, "employee.transfer_in", "employee", a.EmployeeID, detail)
	})
}

// Assignments lists an employee's assignments, oldest first.
func (s *Store) Assignments(ctx context.Context, employeeID int64) ([]org.Assignment, error) {
	var out []org.Assignment
	return out, translate(s.read(ctx).Where("employee_id = ?", employeeID).Order("valid_from").Find(&out).Error)
}

// CountEmployees counts employees assigned on `on` in the given agencies (nil: all).
func (s *Store) CountEmployees(ctx context.Context, regencyID int64, on civil.Date, agencyIDs []int64) (int64, error) {
	q := scoped(s.read(ctx).Table("employees e"), org.EmployeeFilter{RegencyID: regencyID, On: on, AgencyIDs: agencyIDs})
	var n int64
	return n, translate(q.Count(&n).Error)
}

func actorID(a audit.Actor) *int64 {
	if a.UserID == 0 {
		return nil
	}
	id := a.UserID
	return &id
}
