-- +goose Up
-- A site's images. The files live in the blob store under
-- sites/<site_id>/assets/<id>/ (original, w320, w640, …); deleting the site
-- removes the rows here (cascade) and the files (the site.purge job).
CREATE TABLE assets (
    id           TEXT PRIMARY KEY,
    site_id      TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    width        INTEGER NOT NULL,
    height       INTEGER NOT NULL,
    alt          TEXT NOT NULL DEFAULT '',
    -- lower-cased name and alt text, for case-insensitive search that
    -- behaves the same on both databases (SQLite's LOWER is ASCII only)
    search       TEXT NOT NULL DEFAULT '',
    sha256       TEXT NOT NULL,
    status       TEXT NOT NULL,
    error        TEXT NOT NULL DEFAULT '',
    variants     TEXT NOT NULL DEFAULT '[]',
    created_at   TIMESTAMP NOT NULL,
    created_by   TEXT NOT NULL DEFAULT '',
    updated_at   TIMESTAMP NOT NULL
);
-- The same content is stored once per site.
CREATE UNIQUE INDEX assets_site_sha256 ON assets(site_id, sha256);
-- The library lists a site's assets newest first (ids are UUIDv7).
CREATE INDEX assets_site_id ON assets(site_id, id);

-- +goose Down
DROP TABLE assets;
