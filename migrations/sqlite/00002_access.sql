-- Why: who may sign in and what they may do — users, role grants scoped to an
-- agency or the whole regency, server-side sessions, one-time sign-in links,
-- and the audit trail of every administrative change.
-- +goose Up
CREATE TABLE users (
    id          INTEGER PRIMARY KEY,
    regency_id  INTEGER NOT NULL REFERENCES regencies(id),
    employee_id INTEGER UNIQUE REFERENCES employees(id),
    name        TEXT NOT NULL,
    created_at  DATETIME NOT NULL,
    disabled_at DATETIME
);

CREATE TABLE role_grants (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    role       TEXT NOT NULL,
    agency_id  INTEGER REFERENCES agencies(id),
    created_at DATETIME NOT NULL,
    created_by INTEGER REFERENCES users(id)
);
CREATE UNIQUE INDEX role_grants_scoped ON role_grants(user_id, role, agency_id) WHERE agency_id IS NOT NULL;
CREATE UNIQUE INDEX role_grants_regency ON role_grants(user_id, role) WHERE agency_id IS NULL;

-- Only a hash of the session secret is stored: a leaked table signs nobody in.
CREATE TABLE sessions (
    id           INTEGER PRIMARY KEY,
    token_hash   BLOB NOT NULL UNIQUE,
    user_id      INTEGER NOT NULL REFERENCES users(id),
    created_at   DATETIME NOT NULL,
    expires_at   DATETIME NOT NULL,
    last_seen_at DATETIME NOT NULL,
    revoked_at   DATETIME,
    user_agent   TEXT NOT NULL DEFAULT '',
    installed    BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE login_tokens (
    id         INTEGER PRIMARY KEY,
    token_hash BLOB NOT NULL UNIQUE,
    user_id    INTEGER REFERENCES users(id),
    purpose    TEXT NOT NULL,
    created_at DATETIME NOT NULL,
    expires_at DATETIME NOT NULL,
    used_at    DATETIME
);

CREATE TABLE audit_log (
    id            INTEGER PRIMARY KEY,
    at            DATETIME NOT NULL,
    regency_id    INTEGER,
    actor_user_id INTEGER,
    agency_id     INTEGER,
    action        TEXT NOT NULL,
    entity        TEXT NOT NULL,
    entity_id     INTEGER NOT NULL,
    detail        TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
CREATE INDEX audit_log_agency ON audit_log(agency_id, at);

-- +goose Down
DROP TABLE audit_log;
DROP TABLE login_tokens;
DROP TABLE sessions;
DROP TABLE role_grants;
DROP TABLE users;
