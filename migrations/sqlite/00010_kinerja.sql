-- Why: e-kinerja (issue 12) — SKP plans with their RHK, the activity catalogue, daily
-- log entries with their evidence and their approval, acting supervisors (Plt/Plh, shared by every approval),
-- periodic evaluations with their predikat, and the regency's e-kinerja settings.
-- +goose Up
CREATE TABLE kinerja_settings (
    regency_id      INTEGER PRIMARY KEY REFERENCES regencies(id),
    minutes_per_day INTEGER NOT NULL,
    daily_cap       INTEGER NOT NULL,
    late_days       INTEGER NOT NULL,
    absence_mode    TEXT NOT NULL,
    period          TEXT NOT NULL,
    max_evidence_kb INTEGER NOT NULL,
    updated_at      DATETIME NOT NULL
);

CREATE TABLE kinerja_activities (
    id         INTEGER PRIMARY KEY,
    regency_id INTEGER NOT NULL REFERENCES regencies(id),
    agency_id  INTEGER REFERENCES agencies(id),
    code       TEXT NOT NULL,
    name       TEXT NOT NULL,
    unit       TEXT NOT NULL,
    minutes    INTEGER NOT NULL,
    created_at DATETIME NOT NULL
);
CREATE UNIQUE INDEX kinerja_activities_code ON kinerja_activities(regency_id, code);

CREATE TABLE kinerja_skps (
    id          INTEGER PRIMARY KEY,
    employee_id INTEGER NOT NULL REFERENCES employees(id),
    year        INTEGER NOT NULL,
    status      TEXT NOT NULL,
    comment     TEXT NOT NULL DEFAULT '',
    decided_by  INTEGER,
    decided_at  DATETIME,
    updated_at  DATETIME NOT NULL
);
CREATE UNIQUE INDEX kinerja_skps_employee_year ON kinerja_skps(employee_id, year);

CREATE TABLE kinerja_rhks (
    id          INTEGER PRIMARY KEY,
    skp_id      INTEGER NOT NULL REFERENCES kinerja_skps(id),
    kind        TEXT NOT NULL,
    text        TEXT NOT NULL,
    parent_id   INTEGER REFERENCES kinerja_rhks(id),
    indicator   TEXT NOT NULL,
    target_qty  REAL NOT NULL,
    target_unit TEXT NOT NULL,
    position    INTEGER NOT NULL
);
CREATE INDEX kinerja_rhks_skp ON kinerja_rhks(skp_id);

-- An entry is never deleted once submitted; its RHK row stays while entries point at it.
CREATE TABLE kinerja_entries (
    id           INTEGER PRIMARY KEY,
    employee_id  INTEGER NOT NULL REFERENCES employees(id),
    date         TEXT NOT NULL,
    rhk_id       INTEGER NOT NULL REFERENCES kinerja_rhks(id),
    activity_id  INTEGER REFERENCES kinerja_activities(id),
    what         TEXT NOT NULL,
    volume       REAL NOT NULL,
    unit         TEXT NOT NULL,
    minutes      INTEGER NOT NULL,
    evidence_url TEXT NOT NULL DEFAULT '',
    evidence_type TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL,
    warning      TEXT NOT NULL DEFAULT '',
    comment      TEXT NOT NULL DEFAULT '',
    submitted_at DATETIME,
    decided_by   INTEGER,
    decided_at   DATETIME,
    created_at   DATETIME NOT NULL,
    updated_at   DATETIME NOT NULL
);
CREATE INDEX kinerja_entries_employee_date ON kinerja_entries(employee_id, date);
CREATE INDEX kinerja_entries_status ON kinerja_entries(status, employee_id, date);

-- An entry's evidence file (a downscaled photo or a small PDF), kept apart so that
-- listing entries never reads it.
CREATE TABLE kinerja_evidence (
    entry_id     INTEGER PRIMARY KEY REFERENCES kinerja_entries(id) ON DELETE CASCADE,
    content_type TEXT NOT NULL,
    data         BLOB NOT NULL,
    created_at   DATETIME NOT NULL
);

CREATE TABLE delegations (
    id            INTEGER PRIMARY KEY,
    regency_id    INTEGER NOT NULL REFERENCES regencies(id),
    supervisor_id INTEGER NOT NULL REFERENCES employees(id),
    acting_id     INTEGER NOT NULL REFERENCES employees(id),
    kind          TEXT NOT NULL,
    valid_from    TEXT NOT NULL,
    valid_to      TEXT NOT NULL,
    created_by    INTEGER NOT NULL,
    created_at    DATETIME NOT NULL
);
CREATE INDEX delegations_acting ON delegations(acting_id, valid_to);
CREATE INDEX delegations_supervisor ON delegations(supervisor_id, valid_to);

CREATE TABLE kinerja_evaluations (
    id           INTEGER PRIMARY KEY,
    employee_id  INTEGER NOT NULL REFERENCES employees(id),
    year         INTEGER NOT NULL,
    period_kind  TEXT NOT NULL,
    period       INTEGER NOT NULL,
    result       TEXT NOT NULL,
    behaviour    TEXT NOT NULL,
    berakhlak    TEXT NOT NULL,
    feedback     TEXT NOT NULL DEFAULT '',
    predikat     TEXT NOT NULL,
    evaluator_id INTEGER NOT NULL,
    created_at   DATETIME NOT NULL,
    updated_at   DATETIME NOT NULL
);
CREATE UNIQUE INDEX kinerja_evaluations_period ON kinerja_evaluations(employee_id, year, period_kind, period);

-- +goose Down
DROP TABLE kinerja_evaluations;
DROP TABLE delegations;
DROP TABLE kinerja_evidence;
DROP TABLE kinerja_entries;
DROP TABLE kinerja_rhks;
DROP TABLE kinerja_skps;
DROP TABLE kinerja_activities;
DROP TABLE kinerja_settings;
