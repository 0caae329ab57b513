package timesheet

import (
	"context"
	"time"

	"github.com/hadir-id/hadir/internal/civil"
)

// PlanDays evaluates the day d of employees (nil: everyone assigned in an
// agency of agencyIDs, or in the regency when agencyIDs is nil too) with
// the same engine and inputs as Recompute — shift from the roster, the
// weekly schedule and the periods, holidays, approved absences, events so
// far — without storing anything and for any date, tomorrow included. It
// is what reminders are planned from: nobody re-derives a shift by hand.
// The location is the regency's zone.
func (rc *Recomputer) PlanDays(ctx context.Context, regencyID int64, agencyIDs, employeeIDs []int64, d civil.Date) ([]DayRecord, *time.Location, error) {
	b, err := rc.loadBook(ctx, regencyID, d, d)
	if err != nil {
		return nil, nil, err
	}
	if employeeIDs == nil {
		if employeeIDs, err = rc.Store.EmployeeIDsIn(ctx, regencyID, agencyIDs, d, d); err != nil {
			return nil, nil, err
		}
	}
	now := rc.Now()
	var out []DayRecord
	for start := 0; start < len(employeeIDs); start += chunk {
		ids := employeeIDs[start:min(start+chunk, len(employeeIDs))]
		in, err := rc.loadInputs(ctx, b, ids, d, d)
		if err != nil {
			return nil, nil, err
		}
		for _, emp := range in.employees {
			if emp.RegencyID != regencyID {
				continue
			}
			days, err := rc.employeeDays(b, in, emp, d, d, now)
			if err != nil { // one employee's bad data must not stop everyone's reminders
				rc.logger().Warn("planning employee", "employee_id", emp.ID, "err", err)
				continue
			}
			out = append(out, days...)
		}
	}
	return out, b.loc, nil
}
