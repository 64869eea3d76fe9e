-- +goose Up
-- The template marketplace. A template's versions are immutable documents;
-- version is the current one. Shipped templates (builtin) have no author.
-- rating_avg, rating_count and install_count are kept in the same
-- transaction as the reviews and installs they count, so listings sort on
-- them without aggregating.
CREATE TABLE templates (
    id                TEXT PRIMARY KEY,
    slug              TEXT NOT NULL UNIQUE,
    name              TEXT NOT NULL,
    description       TEXT NOT NULL DEFAULT '',
    category          TEXT NOT NULL,
    tags              TEXT NOT NULL DEFAULT '[]',
    kind              TEXT NOT NULL DEFAULT 'page',
    visibility        TEXT NOT NULL DEFAULT 'organization',
    builtin           INTEGER NOT NULL DEFAULT 0,
    author_id         TEXT NOT NULL DEFAULT '',
    site_id           TEXT NOT NULL DEFAULT '',
    version           TEXT NOT NULL,
    install_count     INTEGER NOT NULL DEFAULT 0,
    rating_avg        REAL NOT NULL DEFAULT 0,
    rating_count      INTEGER NOT NULL DEFAULT 0,
    thumbnail_key     TEXT NOT NULL DEFAULT '',
    thumbnail_version TEXT NOT NULL DEFAULT '',
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);
CREATE INDEX templates_category ON templates(category, install_count);

CREATE TABLE template_versions (
    template_id TEXT NOT NULL REFERENCES templates(id) ON DELETE CASCADE,
    version     TEXT NOT NULL,
    major       INTEGER NOT NULL,
    minor       INTEGER NOT NULL,
    patch       INTEGER NOT NULL,
    notes       TEXT NOT NULL DEFAULT '',
    document    TEXT NOT NULL,
    hash        TEXT NOT NULL,
    author_id   TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (template_id, version)
);

CREATE TABLE template_reviews (
    id          TEXT NOT NULL UNIQUE,
    template_id TEXT NOT NULL REFERENCES templates(id) ON DELETE CASCADE,
    user_id     TEXT NOT NULL,
    rating      INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    body        TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (template_id, user_id)
);
CREATE INDEX template_reviews_recent ON template_reviews(template_id, updated_at);

-- Which page each install made (pages may be deleted since).
CREATE TABLE template_installs (
    id          TEXT PRIMARY KEY,
    template_id TEXT NOT NULL REFERENCES templates(id) ON DELETE CASCADE,
    version     TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    site_id     TEXT NOT NULL,
    page_id     TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX template_installs_template ON template_installs(template_id, created_at);

-- Full-text search over name, description, tags and category (FTS5, with
-- stemming); the store keeps it in step with templates.
CREATE VIRTUAL TABLE template_search USING fts5(
    template_id UNINDEXED, name, description, tags, category,
    tokenize = 'porter unicode61 remove_diacritics 2'
);

-- +goose Down
DROP TABLE template_search;
DROP TABLE template_installs;
DROP TABLE template_reviews;
DROP TABLE template_versions;
DROP TABLE templates;
