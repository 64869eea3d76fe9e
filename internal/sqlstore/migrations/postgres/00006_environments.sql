-- +goose Up
-- A site's environments (development and production always; staging and
-- previews on demand). config is JSON (baseUrl, apiBaseUrls, features);
-- live_deployment_id is the pointer a deploy flips to go live.
CREATE TABLE environments (
    id                 TEXT PRIMARY KEY,
    site_id            TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    slug               TEXT NOT NULL,
    name               TEXT NOT NULL,
    kind               TEXT NOT NULL CHECK (kind IN ('development', 'staging', 'production', 'preview')),
    config             TEXT NOT NULL DEFAULT '{}',
    access_mode        TEXT NOT NULL DEFAULT 'public' CHECK (access_mode IN ('public', 'login', 'roles')),
    access_roles       TEXT NOT NULL DEFAULT '',
    requires_approval  INTEGER NOT NULL DEFAULT 0,
    domain             TEXT,
    position           INTEGER NOT NULL DEFAULT 0,
    live_deployment_id TEXT NOT NULL DEFAULT '',
    created_at         TIMESTAMPTZ NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL,
    UNIQUE (site_id, slug)
);
CREATE UNIQUE INDEX environments_domain ON environments(domain);

-- Secrets sealed with the app's key (AES-256-GCM; the additional data
-- names the environment and the secret).
CREATE TABLE environment_secrets (
    environment_id TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    sealed         TEXT NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    updated_by     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (environment_id, name)
);

CREATE TABLE deployments (
    id                   TEXT PRIMARY KEY,
    site_id              TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    environment_id       TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    kind                 TEXT NOT NULL CHECK (kind IN ('build', 'promote', 'rollback')),
    source_deployment_id TEXT NOT NULL DEFAULT '',
    status               TEXT NOT NULL,
    stages               TEXT NOT NULL DEFAULT '[]',
    progress             INTEGER NOT NULL DEFAULT 0,
    artifact_hash        TEXT NOT NULL DEFAULT '',
    manifest_hash        TEXT NOT NULL DEFAULT '',
    stats                TEXT NOT NULL DEFAULT '{}',
    message              TEXT NOT NULL DEFAULT '',
    error                TEXT NOT NULL DEFAULT '',
    triggered_by         TEXT NOT NULL DEFAULT '',
    approval             TEXT NOT NULL DEFAULT '',
    created_at           TIMESTAMPTZ NOT NULL,
    started_at           TIMESTAMPTZ,
    finished_at          TIMESTAMPTZ
);
CREATE INDEX deployments_environment ON deployments(environment_id, created_at);
CREATE INDEX deployments_status ON deployments(status);

CREATE TABLE deployment_logs (
    deployment_id TEXT NOT NULL REFERENCES deployments(id) ON DELETE CASCADE,
    seq           INTEGER NOT NULL,
    at            TIMESTAMPTZ NOT NULL,
    level         TEXT NOT NULL,
    stage         TEXT NOT NULL DEFAULT '',
    message       TEXT NOT NULL,
    PRIMARY KEY (deployment_id, seq)
);

-- The pages a deployment holds, and (page_environment_state) which of
-- them each environment serves: copied from the live deployment's pages
-- in the transaction that flips the pointer.
CREATE TABLE deployment_pages (
    deployment_id  TEXT NOT NULL REFERENCES deployments(id) ON DELETE CASCADE,
    page_id        TEXT NOT NULL,
    title          TEXT NOT NULL,
    path           TEXT NOT NULL,
    version_id     TEXT NOT NULL DEFAULT '',
    version_number BIGINT NOT NULL DEFAULT 0,
    doc_hash       TEXT NOT NULL,
    PRIMARY KEY (deployment_id, page_id)
);

CREATE TABLE page_environment_state (
    page_id        TEXT NOT NULL,
    environment_id TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    title          TEXT NOT NULL,
    path           TEXT NOT NULL,
    version_id     TEXT NOT NULL DEFAULT '',
    version_number BIGINT NOT NULL DEFAULT 0,
    doc_hash       TEXT NOT NULL,
    deployment_id  TEXT NOT NULL,
    published_at   TIMESTAMPTZ NOT NULL,
    published_by   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (environment_id, page_id)
);

-- +goose Down
DROP TABLE page_environment_state;
DROP TABLE deployment_pages;
DROP TABLE deployment_logs;
DROP TABLE deployments;
DROP TABLE environment_secrets;
DROP TABLE environments;
