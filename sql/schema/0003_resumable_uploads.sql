-- +goose Up
-- Seed 002's chunk API: a session per file being sent in numbered chunks. Each chunk is kept as a
-- temporary object until `complete` streams them, in order, into the final object.
CREATE TABLE chunked_upload_sessions (
    id                   uuid PRIMARY KEY,
    user_id              text NOT NULL,
    file_name            text NOT NULL,
    main_service_file_id bigint,
    -- The `uploads` row made by `complete`; NULL while chunks still arrive.
    file_id              uuid,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE chunked_upload_chunks (
    session_id  uuid NOT NULL REFERENCES chunked_upload_sessions (id) ON DELETE CASCADE,
    chunk_index integer NOT NULL,
    storage_key text NOT NULL,
    size_bytes  bigint NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (session_id, chunk_index)
);

-- tus 1.0 uploads: the offset and the S3 multipart upload behind it. Bytes that don't fill a part yet
-- wait in a temporary object (`tail_key`), so nothing lives on local disk and a restart loses nothing.
CREATE TABLE tus_uploads (
    id                  uuid PRIMARY KEY,
    user_id             text NOT NULL,
    file_name           text NOT NULL,
    content_type        text NOT NULL DEFAULT 'application/octet-stream',
    -- NULL until the client declares it (creation-defer-length).
    upload_length       bigint,
    upload_offset       bigint NOT NULL DEFAULT 0,
    metadata            text,
    storage_key         text NOT NULL,
    multipart_upload_id text,
    -- Completed parts as "number:etag" lines, in order.
    parts               text NOT NULL DEFAULT '',
    tail_key            text,
    tail_bytes          bigint NOT NULL DEFAULT 0,
    file_id             uuid,
    expires_at          timestamptz NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX tus_uploads_expiry ON tus_uploads (expires_at) WHERE file_id IS NULL;

-- +goose Down
DROP TABLE tus_uploads;
DROP TABLE chunked_upload_chunks;
DROP TABLE chunked_upload_sessions;
