-- +goose Up
CREATE TABLE invitations (
    id              TEXT PRIMARY KEY,
    email           TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
    grants          TEXT NOT NULL DEFAULT '[]',
    status          TEXT NOT NULL DEFAULT 'pending',
    invited_by      TEXT NOT NULL,
    invited_by_name TEXT NOT NULL,
    token_hash      TEXT NOT NULL UNIQUE,
    email_status    TEXT NOT NULL DEFAULT 'not_configured',
    email_error     TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL,
    expires_at      TIMESTAMP NOT NULL,
    accepted_at     TIMESTAMP
);
CREATE UNIQUE INDEX invitations_one_pending ON invitations(email) WHERE status = 'pending';

-- Single-use links: password resets and email changes. Only hashes are kept.
CREATE TABLE one_time_tokens (
    hash       TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    data       TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at    TIMESTAMP
);
CREATE INDEX one_time_tokens_user ON one_time_tokens(user_id, kind);

-- Instance settings (email server, …) as JSON; secrets inside are encrypted.
CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    updated_by TEXT NOT NULL DEFAULT ''
);

-- +goose Down
DROP TABLE settings;
DROP TABLE one_time_tokens;
DROP TABLE invitations;
