-- Why: raw coordinates are personal data (UU PDP 27/2022); each regency keeps them a set
-- number of months, after which an event keeps only its geofence verdict and site.
-- +goose Up
ALTER TABLE regencies ADD COLUMN coordinate_retention_months INTEGER NOT NULL DEFAULT 12;
CREATE INDEX attendance_events_located ON attendance_events(at) WHERE lat IS NOT NULL;

-- +goose Down
DROP INDEX attendance_events_located;
ALTER TABLE regencies DROP COLUMN coordinate_retention_months;
