-- Why: the regency's organisation model (agencies, units, positions, employees
-- with effective-dated assignments, office sites) that every other table hangs off.
-- +goose Up
CREATE TABLE regencies (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    timezone   TEXT NOT NULL,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);

CREATE TABLE agencies (
    id         INTEGER PRIMARY KEY,
    regency_id INTEGER NOT NULL REFERENCES regencies(id),
    parent_id  INTEGER REFERENCES agencies(id),
    code       TEXT NOT NULL,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    shift_work BOOLEAN NOT NULL DEFAULT FALSE,
    active     BOOLEAN NOT NULL DEFAULT TRUE,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL,
    UNIQUE (regency_id, code)
);
CREATE INDEX agencies_parent ON agencies(parent_id);

CREATE TABLE units (
    id         INTEGER PRIMARY KEY,
    agency_id  INTEGER NOT NULL REFERENCES agencies(id),
    name       TEXT NOT NULL,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL,
    UNIQUE (agency_id, name)
);

CREATE TABLE positions (
    id          INTEGER PRIMARY KEY,
    agency_id   INTEGER NOT NULL REFERENCES agencies(id),
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    supervisory BOOLEAN NOT NULL DEFAULT FALSE,
    created_at  DATETIME NOT NULL,
    updated_at  DATETIME NOT NULL,
    UNIQUE (agency_id, name)
);

CREATE TABLE employees (
    id            INTEGER PRIMARY KEY,
    regency_id    INTEGER NOT NULL REFERENCES regencies(id),
    nip           TEXT UNIQUE,
    name          TEXT NOT NULL,
    employee_type TEXT NOT NULL,
    user_handle   BLOB NOT NULL UNIQUE,
    active_from   TEXT NOT NULL,
    active_to     TEXT,
    created_at    DATETIME NOT NULL,
    updated_at    DATETIME NOT NULL
);
CREATE INDEX employees_name ON employees(regency_id, name);

-- A transfer closes one row (valid_to) and opens another; rows are never overwritten.
CREATE TABLE employee_assignments (
    id            INTEGER PRIMARY KEY,
    employee_id   INTEGER NOT NULL REFERENCES employees(id),
    agency_id     INTEGER NOT NULL REFERENCES agencies(id),
    unit_id       INTEGER REFERENCES units(id),
    position_id   INTEGER REFERENCES positions(id),
    supervisor_id INTEGER REFERENCES employees(id),
    valid_from    TEXT NOT NULL,
    valid_to      TEXT,
    reason        TEXT NOT NULL DEFAULT '',
    created_at    DATETIME NOT NULL,
    created_by    INTEGER
);
CREATE INDEX assignments_employee ON employee_assignments(employee_id, valid_from);
CREATE INDEX assignments_agency ON employee_assignments(agency_id, valid_from);
CREATE INDEX assignments_supervisor ON employee_assignments(supervisor_id);

CREATE TABLE office_sites (
    id         INTEGER PRIMARY KEY,
    agency_id  INTEGER NOT NULL REFERENCES agencies(id),
    name       TEXT NOT NULL,
    lat        REAL NOT NULL,
    lon        REAL NOT NULL,
    radius_m   REAL NOT NULL,
    polygon    TEXT,
    active     BOOLEAN NOT NULL DEFAULT TRUE,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE INDEX office_sites_agency ON office_sites(agency_id);

-- +goose Down
DROP TABLE office_sites;
DROP TABLE employee_assignments;
DROP TABLE employees;
DROP TABLE positions;
DROP TABLE units;
DROP TABLE agencies;
DROP TABLE regencies;
