-- Every check-in reads the employee's last week of events (signals and
-- the day's status line). Carrying the columns it needs in the index makes
-- that read a range scan of one or two index pages instead of a table
-- lookup per event.
-- Only pending events are ever looked up by status (the review queue):
-- a partial index keeps the accepted majority out of it.
-- +goose Up
DROP INDEX attendance_events_review;
CREATE INDEX attendance_events_pending ON attendance_events(at) WHERE status = 'pending';
DROP INDEX attendance_events_employee;
CREATE INDEX attendance_events_employee ON attendance_events(employee_id, at, type, source, status, lat, lon, accuracy_m);

-- +goose Down
DROP INDEX attendance_events_pending;
CREATE INDEX attendance_events_review ON attendance_events(status, at);
DROP INDEX attendance_events_employee;
CREATE INDEX attendance_events_employee ON attendance_events(employee_id, at);
