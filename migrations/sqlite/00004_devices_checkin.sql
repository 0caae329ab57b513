-- Why: device-bound check-in — passkeys (the person), per-install device keys (this
-- installed app), one-time activation codes, server-side WebAuthn ceremonies and
-- check-in challenges consumed once, BKD recovery codes, and the evidence each check-in
-- event carries (signatures checked, position, geofence verdict, signals, review).
-- +goose Up
CREATE TABLE activation_codes (
    id          INTEGER PRIMARY KEY,
    employee_id INTEGER NOT NULL REFERENCES employees(id),
    code_hash   BLOB NOT NULL UNIQUE,
    created_at  DATETIME NOT NULL,
    created_by  INTEGER,
    expires_at  DATETIME NOT NULL,
    used_at     DATETIME
);
CREATE INDEX activation_codes_employee ON activation_codes(employee_id);

-- record is the library's credential (msgp), kept verbatim; the columns beside it
-- are for lookups, the admin view and the write-back after each login.
CREATE TABLE passkeys (
    id              INTEGER PRIMARY KEY,
    employee_id     INTEGER NOT NULL REFERENCES employees(id),
    credential_id   BLOB NOT NULL UNIQUE,
    record          BLOB NOT NULL,
    flags           INTEGER NOT NULL,
    backup_eligible BOOLEAN NOT NULL,
    backup_state    BOOLEAN NOT NULL,
    aaguid          BLOB NOT NULL,
    transports      TEXT NOT NULL DEFAULT '',
    sign_count      INTEGER NOT NULL DEFAULT 0,
    clone_warning   BOOLEAN NOT NULL DEFAULT FALSE,
    created_at      DATETIME NOT NULL,
    last_used_at    DATETIME,
    revoked_at      DATETIME
);
CREATE INDEX passkeys_employee ON passkeys(employee_id);

-- A device is one installed app: a non-extractable P-256 key made in the browser.
CREATE TABLE devices (
    id          INTEGER PRIMARY KEY,
    employee_id INTEGER NOT NULL REFERENCES employees(id),
    key_id      TEXT NOT NULL UNIQUE,
    public_key  BLOB NOT NULL,
    status      TEXT NOT NULL,
    label       TEXT NOT NULL DEFAULT '',
    passkey_id  INTEGER REFERENCES passkeys(id),
    created_at  DATETIME NOT NULL,
    decided_at  DATETIME,
    decided_by  INTEGER,
    revoked_at  DATETIME
);
CREATE UNIQUE INDEX devices_one_active ON devices(employee_id) WHERE status = 'active';
CREATE INDEX devices_employee ON devices(employee_id);

-- WebAuthn ceremonies and check-in challenges: session data stored verbatim and
-- consumed once.
CREATE TABLE ceremonies (
    id          INTEGER PRIMARY KEY,
    challenge   TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL,
    employee_id INTEGER REFERENCES employees(id),
    device_id   INTEGER REFERENCES devices(id),
    session     BLOB NOT NULL,
    created_at  DATETIME NOT NULL,
    expires_at  DATETIME NOT NULL,
    used_at     DATETIME
);
CREATE INDEX ceremonies_expiry ON ceremonies(expires_at);

CREATE TABLE recovery_codes (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    code_hash  BLOB NOT NULL UNIQUE,
    created_at DATETIME NOT NULL,
    used_at    DATETIME
);

-- Where else an employee may check in: an extra site (a school, a field post, the
-- venue of an official trip) or flexible-location days (PermenPANRB 4/2025), each
-- optionally date-ranged.
CREATE TABLE work_locations (
    id          INTEGER PRIMARY KEY,
    employee_id INTEGER NOT NULL REFERENCES employees(id),
    kind        TEXT NOT NULL,
    site_id     INTEGER REFERENCES office_sites(id),
    date_from   TEXT,
    date_to     TEXT,
    note        TEXT NOT NULL DEFAULT '',
    created_at  DATETIME NOT NULL,
    created_by  INTEGER
);
CREATE INDEX work_locations_employee ON work_locations(employee_id);

ALTER TABLE attendance_events ADD COLUMN idempotency_key TEXT;
ALTER TABLE attendance_events ADD COLUMN device_id INTEGER REFERENCES devices(id);
ALTER TABLE attendance_events ADD COLUMN passkey_id INTEGER REFERENCES passkeys(id);
ALTER TABLE attendance_events ADD COLUMN lat REAL;
ALTER TABLE attendance_events ADD COLUMN lon REAL;
ALTER TABLE attendance_events ADD COLUMN accuracy_m REAL;
ALTER TABLE attendance_events ADD COLUMN position_at DATETIME;
ALTER TABLE attendance_events ADD COLUMN client_time DATETIME;
ALTER TABLE attendance_events ADD COLUMN claimed_at DATETIME;
ALTER TABLE attendance_events ADD COLUMN offline BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE attendance_events ADD COLUMN geofence TEXT NOT NULL DEFAULT '';
ALTER TABLE attendance_events ADD COLUMN site_id INTEGER;
ALTER TABLE attendance_events ADD COLUMN distance_m REAL;
ALTER TABLE attendance_events ADD COLUMN signals TEXT NOT NULL DEFAULT '[]';
ALTER TABLE attendance_events ADD COLUMN review_note TEXT NOT NULL DEFAULT '';
ALTER TABLE attendance_events ADD COLUMN reviewed_by INTEGER;
ALTER TABLE attendance_events ADD COLUMN reviewed_at DATETIME;
CREATE UNIQUE INDEX attendance_events_idempotency ON attendance_events(employee_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX attendance_events_review ON attendance_events(status, at);
CREATE INDEX attendance_events_spot ON attendance_events(lat, lon, at);

-- +goose Down
DROP INDEX attendance_events_spot;
DROP INDEX attendance_events_review;
DROP INDEX attendance_events_idempotency;
DROP TABLE work_locations;
DROP TABLE recovery_codes;
DROP TABLE ceremonies;
DROP TABLE devices;
DROP TABLE passkeys;
DROP TABLE activation_codes;
