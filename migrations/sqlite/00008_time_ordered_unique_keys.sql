-- A check-in writes two unique keys. Both now lead with time, so that a
-- batch's inserts land on the last pages of each index instead of on one
-- random page per event (a page read, dirtied and written to the log at
-- every commit): the idempotency key is a UUIDv7, whose first 48 bits are
-- the phone's clock in milliseconds, and a check-in challenge starts with
-- its issue time (internal/device/challenge.go). The same uniqueness.
-- +goose Up
DROP INDEX attendance_events_idempotency;
CREATE UNIQUE INDEX attendance_events_idempotency ON attendance_events(idempotency_key, employee_id) WHERE idempotency_key IS NOT NULL;

-- +goose Down
DROP INDEX attendance_events_idempotency;
CREATE UNIQUE INDEX attendance_events_idempotency ON attendance_events(employee_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
