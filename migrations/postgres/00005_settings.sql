-- Why: installation-wide secrets shared by every node, such as the key that signs
-- overload receipts (a check-in turned away at the peak keeps its first arrival time).
-- +goose Up
CREATE TABLE settings (
    name       TEXT PRIMARY KEY,
    value      BYTEA NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE settings;
