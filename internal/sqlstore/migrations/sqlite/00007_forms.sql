-- +goose Up
-- The forms of each build: one definition (JSON: fields, kinds, limits,
-- options) per form id and page path, keyed by the build's artifact hash,
-- so that a promotion or rollback, which ships the same artifact, checks
-- posts against the same forms without copying anything.
CREATE TABLE form_definitions (
    site_id       TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    artifact_hash TEXT NOT NULL,
    form_id       TEXT NOT NULL,
    page_path     TEXT NOT NULL,
    definition    TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (artifact_hash, form_id, page_path)
);
CREATE INDEX form_definitions_site ON form_definitions(site_id, form_id, created_at);

-- Per-form options: the thank-you message or the redirect after a post.
CREATE TABLE form_settings (
    site_id         TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    form_id         TEXT NOT NULL,
    success_message TEXT NOT NULL DEFAULT '',
    redirect_url    TEXT NOT NULL DEFAULT '',
    updated_at      TIMESTAMP NOT NULL,
    updated_by      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (site_id, form_id)
);

-- Visitors' posts. data is sealed with the app's key (AES-256-GCM; the
-- additional data names the submission id); ip_hash is a salted SHA-256,
-- never the address. Deleting an environment keeps its submissions.
CREATE TABLE form_submissions (
    id             TEXT PRIMARY KEY,
    site_id        TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    environment_id TEXT NOT NULL,
    form_id        TEXT NOT NULL,
    deployment_id  TEXT NOT NULL,
    page_path      TEXT NOT NULL DEFAULT '',
    data           TEXT NOT NULL,
    ip_hash        TEXT NOT NULL DEFAULT '',
    user_agent     TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMP NOT NULL
);
CREATE INDEX form_submissions_form ON form_submissions(site_id, form_id, id);

-- +goose Down
DROP TABLE form_submissions;
DROP TABLE form_settings;
DROP TABLE form_definitions;
