-- +goose Up
-- Seed 002's chunk API sends chunks of at least 5 MiB straight into one S3 multipart upload per
-- session, created for the file's final key (`storage_key`) when the first such chunk arrives.
-- `stale_parts`: the upload may hold parts no chunk lists any more (a chunk was resent, or a send
-- failed), which some stores (Ceph RGW) refuse to leave out when completing.
ALTER TABLE chunked_upload_sessions
    ADD COLUMN storage_key text,
    ADD COLUMN multipart_upload_id text,
    ADD COLUMN stale_parts boolean NOT NULL DEFAULT false;

-- A chunk is either a temporary object (`storage_key`) or parts of its session's multipart upload
-- (`parts`: "number:etag" lines, in order; `storage_key` is then NULL).
ALTER TABLE chunked_upload_chunks
    ALTER COLUMN storage_key DROP NOT NULL,
    ADD COLUMN parts text NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE chunked_upload_chunks
    DROP COLUMN parts,
    ALTER COLUMN storage_key SET NOT NULL;
ALTER TABLE chunked_upload_sessions
    DROP COLUMN stale_parts,
    DROP COLUMN multipart_upload_id,
    DROP COLUMN storage_key;
