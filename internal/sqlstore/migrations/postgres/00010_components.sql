-- +goose Up
-- The reusable component library (internal/symbol). site_id is the site a
-- component was made in and owner_id the member who made it; neither is a
-- foreign key, because a component outlives both: pages of other sites may
-- use it. sort_name (the lowercase name) orders the library and search is
-- the lowercase name, description and tags the library's search matches.
CREATE TABLE components (
    id                  TEXT PRIMARY KEY,
    name                TEXT NOT NULL,
    sort_name           TEXT NOT NULL,
    description         TEXT NOT NULL DEFAULT '',
    category            TEXT NOT NULL,
    tags                TEXT NOT NULL DEFAULT '[]',
    search              TEXT NOT NULL DEFAULT '',
    visibility          TEXT NOT NULL CHECK (visibility IN ('private', 'team', 'organization')),
    site_id             TEXT NOT NULL,
    owner_id            TEXT NOT NULL DEFAULT '',
    latest_version      TEXT NOT NULL,
    deprecated_at       TIMESTAMPTZ,
    deprecated_by       TEXT NOT NULL DEFAULT '',
    deprecation_message TEXT NOT NULL DEFAULT '',
    replacement_id      TEXT NOT NULL DEFAULT '',
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX components_sort ON components(sort_name, id);

-- A component's versions, immutable once written (see the trigger): the
-- document (a page document whose root has the component's top node as
-- its only child) and the exposed props (JSON). major, minor and patch
-- order versions numerically (1.10.0 after 1.9.0).
CREATE TABLE component_versions (
    component_id TEXT NOT NULL REFERENCES components(id) ON DELETE CASCADE,
    version      TEXT NOT NULL,
    major        INTEGER NOT NULL,
    minor        INTEGER NOT NULL,
    patch        INTEGER NOT NULL,
    notes        TEXT NOT NULL DEFAULT '',
    document     TEXT NOT NULL,
    exposed      TEXT NOT NULL DEFAULT '[]',
    created_at   TIMESTAMPTZ NOT NULL,
    created_by   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (component_id, version),
    UNIQUE (component_id, major, minor, patch)
);

-- +goose StatementBegin
CREATE FUNCTION component_versions_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'component versions are immutable';
END;
$$ LANGUAGE plpgsql;
-- +goose StatementEnd
CREATE TRIGGER component_versions_immutable BEFORE UPDATE ON component_versions
FOR EACH ROW EXECUTE FUNCTION component_versions_immutable();

-- +goose Down
DROP TRIGGER component_versions_immutable ON component_versions;
DROP FUNCTION component_versions_immutable();
DROP TABLE component_versions;
DROP TABLE components;
