// Package privacy owns what Hadir keeps about a person and for how long
// (UU PDP 27/2022): the retention of raw check-in positions, and the
// employee's own copy of their data.
package privacy

import (
	"context"
	"log/slog"
	"time"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/audit"
	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/device"
	"github.com/hadir-id/hadir/internal/org"
	"github.com/hadir-id/hadir/internal/page"
	"github.com/hadir-id/hadir/internal/rules"
	"github.com/hadir-id/hadir/internal/timesheet"
)

// RetentionStore is what the retention sweep needs of the store.
type RetentionStore interface {
	Regencies(ctx context.Context) ([]org.Regency, error)
	// ForgetPositions clears the raw position (latitude, longitude,
	// accuracy, position time, distance) of at most limit check-ins of a
	// regency made before a time, keeping the geofence verdict and site,
	// and returns how many it cleared.
	ForgetPositions(ctx context.Context, regencyID int64, before time.Time, limit int) (int64, error)
}

// Retention forgets raw positions older than each regency's setting.
type Retention struct {
	Store RetentionStore
	Now   func() time.Time
	Log   *slog.Logger
}

// sweepBatch bounds one statement: a first sweep over a year of a
// regency's check-ins (~3 million rows) never holds the writer for long.
const sweepBatch = 5000

// Sweep clears every position past its regency's retention and returns the
// number of check-ins it cleared.
func (r *Retention) Sweep(ctx context.Context) (int64, error) {
	regs, err := r.Store.Regencies(ctx)
	if err != nil {
		return 0, err
	}
	var total int64
	for _, reg := range regs {
		months := reg.CoordinateRetentionMonths
		if months <= 0 {
			months = org.DefaultCoordinateRetention
		}
		before := r.Now().AddDate(0, -months, 0)
		for {
			n, err := r.Store.ForgetPositions(ctx, reg.ID, before, sweepBatch)
			total += n
			if err != nil {
				return total, err
			}
			if n < sweepBatch || ctx.Err() != nil {
				break
			}
		}
	}
	return total, nil
}

// Run sweeps at start and then every hour until ctx ends.
func (r *Retention) Run(ctx context.Context) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if n, err := r.Sweep(ctx); err != nil && ctx.Err() == nil {
			r.Log.Warn("forgetting old positions", slog.Any("err", err))
		} else if n > 0 {
			r.Log.Info("forgot old positions", slog.Int64("checkins", n))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// ExportStore is what the personal-data export reads.
type ExportStore interface {
	Employee(ctx context.Context, id int64, on civil.Date) (org.Employee, error)
	Assignments(ctx context.Context, employeeID int64) ([]org.Assignment, error)
	Devices(ctx context.Context, employeeID int64) ([]device.Device, error)
	Passkeys(ctx context.Context, employeeID int64) ([]device.Passkey, error)
	Sessions(ctx context.Context, userID int64) ([]auth.Session, error)
	EmployeeEvents(ctx context.Context, employeeID int64) ([]rules.Event, error)
	Absences(ctx context.Context, employeeIDs []int64, from, to civil.Date, status string) ([]rules.Absence, error)
	Roster(ctx context.Context, employeeIDs []int64, from, to civil.Date) ([]rules.RosterEntry, error)
	Days(ctx context.Context, ids []int64, from, to civil.Date) ([]timesheet.DayRecord, error)
	AuditLog(ctx context.Context, f audit.Filter) ([]audit.Entry, error)
}

// PersonalData is everything Hadir holds about one employee, as they may
// download it.
type PersonalData struct {
	ExportedAt  time.Time             `json:"exported_at"`
	Employee    org.Employee          `json:"employee"`
	Assignments []org.Assignment      `json:"assignments"`
	Devices     []device.Device       `json:"devices"`
	Passkeys    []device.Passkey      `json:"passkeys"`
	Sessions    []auth.Session        `json:"sessions"`
	Checkins    []rules.Event         `json:"checkins"`
	Absences    []rules.Absence       `json:"absences"`
	Roster      []rules.RosterEntry   `json:"roster"`
	Days        []timesheet.DayRecord `json:"days"`
	Changes     []audit.Entry         `json:"changes"` // the audit trail's entries about this employee
}

// Exporter gives an employee their own data.
type Exporter struct {
	Store ExportStore
	Now   func() time.Time
}

// Mine gathers the caller's own data. Errors: forbidden (not an employee,
// e.g. a setup-only administrator).
func (x *Exporter) Mine(ctx context.Context, p *auth.Principal) (PersonalData, error) {
	st, now := x.Store, x.Now()
	if p.EmployeeID == nil {
		return PersonalData{}, apperr.New(apperr.Forbidden, "privacy.not_employee")
	}
	id, ids := *p.EmployeeID, []int64{*p.EmployeeID}
	out := PersonalData{ExportedAt: now.UTC()}
	var err error
	from, to := civil.Date{Year: 1970, Month: 1, Day: 1}, civil.Date{Year: 9999, Month: 12, Day: 31}
	steps := []func() error{
		func() (e error) { out.Employee, e = st.Employee(ctx, id, civil.In(now, time.UTC)); return },
		func() (e error) { out.Assignments, e = st.Assignments(ctx, id); return },
		func() (e error) { out.Devices, e = st.Devices(ctx, id); return },
		func() (e error) { out.Passkeys, e = st.Passkeys(ctx, id); return },
		func() (e error) { out.Sessions, e = st.Sessions(ctx, p.UserID); return },
		func() (e error) { out.Checkins, e = st.EmployeeEvents(ctx, id); return },
		func() (e error) { out.Absences, e = st.Absences(ctx, ids, from, to, ""); return },
		func() (e error) { out.Roster, e = st.Roster(ctx, ids, from, to); return },
		func() (e error) { out.Days, e = st.Days(ctx, ids, from, to); return },
		func() (e error) {
			out.Changes, e = st.AuditLog(ctx, audit.Filter{RegencyID: p.RegencyID, Entity: "employee", EntityID: id, Limit: page.Max})
			return
		},
	}
	for _, step := range steps {
		if err = step(); err != nil {
			return PersonalData{}, err
		}
	}
	return out, nil
}
