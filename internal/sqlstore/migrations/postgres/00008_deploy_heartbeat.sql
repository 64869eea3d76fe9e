-- +goose Up
-- A running deployment's last sign of life: with several instances on one
-- database, a starting instance fails only deployments whose runner has
-- stopped beating, not those another instance is running.
ALTER TABLE deployments ADD COLUMN heartbeat_at TIMESTAMPTZ;

-- +goose Down
ALTER TABLE deployments DROP COLUMN heartbeat_at;
