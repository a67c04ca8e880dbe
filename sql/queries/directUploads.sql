-- name: CreatePendingUpload :one
-- A presigned direct upload: the row exists before the client sends any byte to the store.
INSERT INTO uploads (id, user_id, file_name, content_type, storage_key, status, expected_size_bytes, expires_at)
VALUES (@id, @user_id, @file_name, @content_type, @storage_key, 'pending', @expected_size_bytes, @expires_at)
RETURNING *;

-- name: GetUpload :one
SELECT * FROM uploads WHERE id = $1;

-- name: LockUpload :one
-- The row, locked until the transaction ends, so status changes of one file are serialized.
SELECT * FROM uploads WHERE id = $1 FOR UPDATE;

-- name: SetUploadStatus :one
-- A status change already checked against the lifecycle (FileRecords, with the row locked).
UPDATE uploads
SET status = @status, details = @details, updated_at = now()
WHERE id = @id
RETURNING *;

-- name: FinishProcessedUpload :one
-- Processing done: the object now lives under `storage_key` (dest/...), with its size and SHA-256.
UPDATE uploads
SET status = 'completed', storage_key = @storage_key, size_bytes = @size_bytes, sha256 = @sha256, details = NULL,
    expires_at = NULL, updated_at = now(), completed_at = now()
WHERE id = @id
RETURNING *;

-- name: ListExpiredPendingUploads :many
-- Presigned uploads nobody confirmed in time.
SELECT * FROM uploads
WHERE status = 'pending' AND expires_at < now()
ORDER BY expires_at
LIMIT @batch_size;

-- name: ListStaleUploadingUploads :many
-- Streaming uploads (POST /upload multipart) untouched for `age_seconds`: their process died.
SELECT * FROM uploads
WHERE status = 'uploading' AND updated_at < now() - @age_seconds * interval '1 second'
ORDER BY updated_at
LIMIT @batch_size;
