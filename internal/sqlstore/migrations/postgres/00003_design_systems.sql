-- +goose Up
-- A site's design system: DTCG JSON for the base token set and each theme
-- (a JSON object of theme name → token file). No row: the defaults.
CREATE TABLE design_systems (
    site_id    TEXT PRIMARY KEY REFERENCES sites(id) ON DELETE CASCADE,
    tokens     TEXT NOT NULL,
    themes     TEXT NOT NULL DEFAULT '{}',
    revision   BIGINT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    updated_by TEXT NOT NULL DEFAULT ''
);

-- Every save of a design system: who, when, and the token changes (JSON).
CREATE TABLE design_system_history (
    id              TEXT PRIMARY KEY,
    site_id         TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    revision        BIGINT NOT NULL,
    changed_by      TEXT NOT NULL DEFAULT '',
    changed_by_name TEXT NOT NULL DEFAULT '',
    changed_at      TIMESTAMPTZ NOT NULL,
    changes         TEXT NOT NULL DEFAULT '[]'
);
CREATE UNIQUE INDEX design_system_history_site ON design_system_history(site_id, revision);

-- +goose Down
DROP TABLE design_system_history;
DROP TABLE design_systems;
