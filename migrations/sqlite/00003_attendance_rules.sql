-- Why: attendance rules as versioned data — policies and schedules take effect from
-- valid_from and never rewrite earlier days — plus the facts the engine reads (holidays,
-- rosters, approved absences, events), the computed days, and the recompute outbox.
-- +goose Up
-- A policy body is the engine's policy object in the format of docs/RULES.md.
CREATE TABLE attendance_policies (
    id         INTEGER PRIMARY KEY,
    regency_id INTEGER NOT NULL REFERENCES regencies(id),
    agency_id  INTEGER REFERENCES agencies(id),
    name       TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at DATETIME NOT NULL,
    created_by INTEGER
);
CREATE UNIQUE INDEX attendance_policies_agency ON attendance_policies(agency_id, valid_from) WHERE agency_id IS NOT NULL;
CREATE UNIQUE INDEX attendance_policies_regency ON attendance_policies(regency_id, valid_from) WHERE agency_id IS NULL;

-- Weekly patterns for the regency, an agency, a unit or one employee; the most
-- specific level with a version in force wins.
CREATE TABLE work_schedules (
    id          INTEGER PRIMARY KEY,
    regency_id  INTEGER NOT NULL REFERENCES regencies(id),
    agency_id   INTEGER REFERENCES agencies(id),
    unit_id     INTEGER REFERENCES units(id),
    employee_id INTEGER REFERENCES employees(id),
    name        TEXT NOT NULL,
    valid_from  TEXT NOT NULL,
    weekly      TEXT NOT NULL,
    created_at  DATETIME NOT NULL,
    created_by  INTEGER
);
CREATE INDEX work_schedules_scope ON work_schedules(regency_id, valid_from);

-- Date-ranged weekly patterns (Ramadan hours, a regional override).
CREATE TABLE schedule_periods (
    id         INTEGER PRIMARY KEY,
    regency_id INTEGER NOT NULL REFERENCES regencies(id),
    agency_id  INTEGER REFERENCES agencies(id),
    name       TEXT NOT NULL,
    date_from  TEXT NOT NULL,
    date_to    TEXT NOT NULL,
    weekly     TEXT NOT NULL,
    created_at DATETIME NOT NULL,
    created_by INTEGER
);
CREATE INDEX schedule_periods_range ON schedule_periods(regency_id, date_to);

CREATE TABLE roster_entries (
    id          INTEGER PRIMARY KEY,
    employee_id INTEGER NOT NULL REFERENCES employees(id),
    date        TEXT NOT NULL,
    start_time  TEXT,
    end_time    TEXT,
    off         BOOLEAN NOT NULL DEFAULT FALSE,
    created_at  DATETIME NOT NULL,
    created_by  INTEGER,
    UNIQUE (employee_id, date)
);

CREATE TABLE holidays (
    id         INTEGER PRIMARY KEY,
    regency_id INTEGER NOT NULL REFERENCES regencies(id),
    date       TEXT NOT NULL,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    created_at DATETIME NOT NULL,
    created_by INTEGER,
    UNIQUE (regency_id, date)
);

CREATE TABLE absences (
    id           INTEGER PRIMARY KEY,
    employee_id  INTEGER NOT NULL REFERENCES employees(id),
    date_from    TEXT NOT NULL,
    date_to      TEXT NOT NULL,
    code         TEXT NOT NULL,
    status       TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    requested_by INTEGER,
    decided_by   INTEGER,
    decided_at   DATETIME,
    created_at   DATETIME NOT NULL
);
CREATE INDEX absences_employee ON absences(employee_id, date_to);

-- Check-in/out events; at is the server's receive time.
CREATE TABLE attendance_events (
    id          INTEGER PRIMARY KEY,
    employee_id INTEGER NOT NULL REFERENCES employees(id),
    at          DATETIME NOT NULL,
    type        TEXT NOT NULL,
    source      TEXT NOT NULL,
    status      TEXT NOT NULL,
    created_at  DATETIME NOT NULL
);
CREATE INDEX attendance_events_employee ON attendance_events(employee_id, at);

-- One row per employee and date, written only by the rules engine; digest lets a
-- recomputation rewrite only the days whose result changed.
CREATE TABLE attendance_days (
    employee_id   INTEGER NOT NULL REFERENCES employees(id),
    date          TEXT NOT NULL,
    agency_id     INTEGER NOT NULL REFERENCES agencies(id),
    policy_id     INTEGER NOT NULL REFERENCES attendance_policies(id),
    scheduled     BOOLEAN NOT NULL,
    holiday       TEXT,
    shift_start   DATETIME,
    shift_end     DATETIME,
    check_in      DATETIME,
    check_out     DATETIME,
    late_min      INTEGER NOT NULL,
    early_min     INTEGER NOT NULL,
    made_up       BOOLEAN NOT NULL,
    codes         TEXT NOT NULL,
    deduction_pct REAL NOT NULL,
    reasons       TEXT NOT NULL,
    provisional   BOOLEAN NOT NULL,
    digest        INTEGER NOT NULL,
    computed_at   DATETIME NOT NULL,
    PRIMARY KEY (employee_id, date)
) WITHOUT ROWID;

-- Outbox of recomputations, processed off the request path.
CREATE TABLE recompute_jobs (
    id          INTEGER PRIMARY KEY,
    regency_id  INTEGER NOT NULL REFERENCES regencies(id),
    agency_id   INTEGER REFERENCES agencies(id),
    employee_id INTEGER REFERENCES employees(id),
    date_from   TEXT NOT NULL,
    date_to     TEXT NOT NULL,
    reason      TEXT NOT NULL,
    created_at  DATETIME NOT NULL,
    created_by  INTEGER,
    started_at  DATETIME,
    done_at     DATETIME,
    attempts    INTEGER NOT NULL DEFAULT 0,
    error       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX recompute_jobs_pending ON recompute_jobs(done_at, id);

-- +goose Down
DROP TABLE recompute_jobs;
DROP TABLE attendance_days;
DROP TABLE attendance_events;
DROP TABLE absences;
DROP TABLE holidays;
DROP TABLE roster_entries;
DROP TABLE schedule_periods;
DROP TABLE work_schedules;
DROP TABLE attendance_policies;
