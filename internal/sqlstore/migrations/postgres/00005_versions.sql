-- +goose Up
-- Version history (see internal/version). Each distinct document of a page
-- is stored once, keyed by the SHA-256 of its canonical JSON: whole
-- (base_hash = '', a keyframe) or as the document ops from its base
-- content, compressed (data starts with a codec byte).
CREATE TABLE version_contents (
    page_id   TEXT NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
    hash      TEXT NOT NULL,
    base_hash TEXT NOT NULL DEFAULT '',
    depth     INTEGER NOT NULL DEFAULT 0,
    size      BIGINT NOT NULL,
    data      BYTEA NOT NULL,
    PRIMARY KEY (page_id, hash)
);
CREATE INDEX version_contents_base ON version_contents(page_id, base_hash);

-- Versions are numbered per page across branches. parent_id and
-- source_id are '' when there is none (retention relinks parents).
CREATE TABLE page_versions (
    id           TEXT PRIMARY KEY,
    page_id      TEXT NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
    number       BIGINT NOT NULL,
    branch       TEXT NOT NULL DEFAULT 'main',
    kind         TEXT NOT NULL CHECK (kind IN ('autosave', 'manual', 'publish', 'restore', 'merge')),
    message      TEXT NOT NULL DEFAULT '',
    parent_id    TEXT NOT NULL DEFAULT '',
    source_id    TEXT NOT NULL DEFAULT '',
    author_id    TEXT NOT NULL DEFAULT '',
    content_hash TEXT NOT NULL,
    size         BIGINT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    UNIQUE (page_id, number),
    FOREIGN KEY (page_id, content_hash) REFERENCES version_contents(page_id, hash)
);
CREATE INDEX page_versions_branch ON page_versions(page_id, branch, number);
CREATE INDEX page_versions_created ON page_versions(kind, created_at);
CREATE INDEX page_versions_content ON page_versions(page_id, content_hash);

-- Tags are unique per page.
CREATE TABLE version_tags (
    page_id    TEXT NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
    tag        TEXT NOT NULL,
    version_id TEXT NOT NULL REFERENCES page_versions(id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (page_id, tag)
);
CREATE INDEX version_tags_version ON version_tags(version_id);

-- Branches other than main, which is the page document itself.
CREATE TABLE page_branches (
    page_id          TEXT NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
    name             TEXT NOT NULL,
    fork_version_id  TEXT NOT NULL REFERENCES page_versions(id),
    head_version_id  TEXT NOT NULL REFERENCES page_versions(id),
    created_at       TIMESTAMPTZ NOT NULL,
    created_by       TEXT NOT NULL DEFAULT '',
    merged_at        TIMESTAMPTZ,
    merged_by        TEXT NOT NULL DEFAULT '',
    merge_version_id TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (page_id, name)
);

-- A site's retention policy; no row: the default.
CREATE TABLE version_policies (
    site_id         TEXT PRIMARY KEY REFERENCES sites(id) ON DELETE CASCADE,
    thin_after_days INTEGER NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    updated_by      TEXT NOT NULL DEFAULT ''
);

-- +goose Down
DROP TABLE version_policies;
DROP TABLE page_branches;
DROP TABLE version_tags;
DROP TABLE page_versions;
DROP TABLE version_contents;
