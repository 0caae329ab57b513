-- Every check-in reads the employee's last week of events (signals and
-- the day's status line). Carrying the columns it needs in the index lets
-- that read be an index-only scan once the pages are all-visible.
-- +goose Up
DROP INDEX attendance_events_employee;
CREATE INDEX attendance_events_employee ON attendance_events(employee_id, at) INCLUDE (type, source, status, lat, lon, accuracy_m);

-- +goose Down
DROP INDEX attendance_events_employee;
CREATE INDEX attendance_events_employee ON attendance_events(employee_id, at);
