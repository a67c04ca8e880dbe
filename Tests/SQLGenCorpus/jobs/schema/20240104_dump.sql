\restrict abc123
\connect jobs
-- +migrate Up
ALTER TABLE jobs ADD COLUMN priority smallint NOT NULL DEFAULT 0;
-- +migrate Down
ALTER TABLE jobs DROP COLUMN priority;
