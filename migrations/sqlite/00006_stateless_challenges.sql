-- Check-in challenges are signed, not stored: the event row keeps the
-- challenge it spent, and this unique index makes each one single use.
-- +goose Up
ALTER TABLE attendance_events ADD COLUMN challenge TEXT;
CREATE UNIQUE INDEX attendance_events_challenge ON attendance_events(challenge) WHERE challenge IS NOT NULL;

-- +goose Down
DROP INDEX attendance_events_challenge;
ALTER TABLE attendance_events DROP COLUMN challenge;
