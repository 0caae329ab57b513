-- Why: Web Push reminders — browsers' subscriptions, the durable outbox the delivery worker drains (survives restarts, one row per reminder and subscription), the categories an employee muted, admin pauses for a date, and each agency's reminder offset.
-- +goose Up
CREATE TABLE push_subscriptions (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    device_id  INTEGER REFERENCES devices(id),
    endpoint   TEXT NOT NULL UNIQUE,
    p256dh     TEXT NOT NULL,
    auth       TEXT NOT NULL,
    lang       TEXT NOT NULL DEFAULT 'id',
    expires_at DATETIME,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE INDEX push_subscriptions_user ON push_subscriptions(user_id);

-- dedupe_key (category, date, subscription) makes planning idempotent: a reminder
-- is queued once however often the scheduler runs, on however many nodes.
CREATE TABLE push_outbox (
    id              INTEGER PRIMARY KEY,
    dedupe_key      TEXT NOT NULL UNIQUE,
    subscription_id INTEGER NOT NULL,
    category        TEXT NOT NULL,
    topic           TEXT NOT NULL DEFAULT '',
    urgency         TEXT NOT NULL,
    payload         BLOB NOT NULL,
    due_at          DATETIME NOT NULL,
    expires_at      DATETIME NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending',
    attempts        INTEGER NOT NULL DEFAULT 0,
    claim           TEXT,
    locked_until    DATETIME,
    last_status     INTEGER,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      DATETIME NOT NULL,
    done_at         DATETIME
);
CREATE INDEX push_outbox_due ON push_outbox(due_at) WHERE status = 'pending';
CREATE INDEX push_outbox_subscription ON push_outbox(subscription_id) WHERE status = 'pending';

CREATE TABLE push_mutes (
    user_id  INTEGER NOT NULL REFERENCES users(id),
    category TEXT NOT NULL,
    PRIMARY KEY (user_id, category)
);

CREATE TABLE push_pauses (
    id         INTEGER PRIMARY KEY,
    regency_id INTEGER NOT NULL REFERENCES regencies(id),
    agency_id  INTEGER REFERENCES agencies(id),
    date       TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL,
    created_by INTEGER
);
CREATE INDEX push_pauses_date ON push_pauses(regency_id, date);

CREATE TABLE push_agency_settings (
    agency_id        INTEGER PRIMARY KEY REFERENCES agencies(id),
    before_start_min INTEGER NOT NULL,
    updated_at       DATETIME NOT NULL
);

-- +goose Down
DROP TABLE push_agency_settings;
DROP TABLE push_pauses;
DROP TABLE push_mutes;
DROP TABLE push_outbox;
DROP TABLE push_subscriptions;
