package store

import (
	"context"
	"time"

	"github.com/hadir-id/hadir/internal/rules"
)

// ForgetPositions clears the raw position of at most limit check-ins of a
// regency made before a time (latitude, longitude, accuracy, position time,
// distance), keeping the geofence verdict and the site; the partial index
// on located events finds them without scanning the forgotten ones.
func (s *Store) ForgetPositions(ctx context.Context, regencyID int64, before time.Time, limit int) (int64, error) {
	res := s.write(ctx).Exec(`UPDATE attendance_events
		SET lat = NULL, lon = NULL, accuracy_m = NULL, position_at = NULL, distance_m = NULL
		WHERE id IN (SELECT ev.id FROM attendance_events ev JOIN employees e ON e.id = ev.employee_id
			WHERE ev.lat IS NOT NULL AND ev.at < ? AND e.regency_id = ? LIMIT ?)`, before.UTC(), regencyID, limit)
	return res.RowsAffected, translate(res.Error)
}

// EmployeeEvents lists every check-in of one employee with all it carries
// (position, verdict, signals, review), oldest first: the employee's own
// copy of their data, not a hot path.
func (s *Store) EmployeeEvents(ctx context.Context, employeeID int64) ([]rules.Event, error) {
	var out []rules.Event
	err := s.read(ctx).Where("employee_id = ?", employeeID).Order("at, id").Find(&out).Error
	return out, translate(err)
}
