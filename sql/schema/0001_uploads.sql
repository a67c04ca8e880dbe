-- +goose Up
-- One row per file. The row is written before any byte moves (status 'uploading' or 'pending') and
-- finished in one statement after the store confirms, so a crash never leaves an object nobody knows.
CREATE TYPE upload_status AS ENUM (
    'pending', 'uploading', 'uploaded', 'processing', 'completed', 'error', 'expired', 'deleted'
);

CREATE TABLE uploads (
    id                  uuid PRIMARY KEY,
    user_id             text NOT NULL,
    file_name           text NOT NULL,
    content_type        text NOT NULL DEFAULT 'application/octet-stream',
    size_bytes          bigint,
    sha256              text,
    storage_key         text NOT NULL,
    status              upload_status NOT NULL,
    multipart_upload_id text,
    expected_size_bytes bigint,
    details             text,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    completed_at        timestamptz
);

CREATE INDEX uploads_user_listing ON uploads (user_id, created_at DESC, id DESC);
CREATE INDEX uploads_status_updated ON uploads (status, updated_at);

-- +goose Down
DROP TABLE uploads;
DROP TYPE upload_status;
