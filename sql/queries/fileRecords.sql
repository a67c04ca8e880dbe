-- Every write to a stored file's `uploads` row, and the lock its status changes take. Only FileRecords
-- calls these: it checks each status change against the file lifecycle while the row is locked.

-- name: CreateUpload :one
-- Records a file before its bytes move, so a crash leaves a row the reaper can find.
INSERT INTO uploads (id, user_id, file_name, content_type, storage_key, status)
VALUES (@id, @user_id, @file_name, @content_type, @storage_key, 'uploading')
RETURNING *;

-- name: CreatePendingUpload :one
-- A presigned direct upload: the row exists before the client sends any byte to the store.
INSERT INTO uploads (id, user_id, file_name, content_type, storage_key, status, expected_size_bytes, expires_at)
VALUES (@id, @user_id, @file_name, @content_type, @storage_key, 'pending', @expected_size_bytes, @expires_at)
RETURNING *;

-- name: SetMultipartUploadID :exec
-- Remembers the store's multipart upload so it can be aborted if this process dies.
UPDATE uploads
SET multipart_upload_id = @multipart_upload_id, updated_at = now()
WHERE id = @id;

-- name: TouchTusFileRow :exec
-- Keeps the `uploads` row of an open tus upload fresh, so the stale-streaming-upload reaper leaves it
-- to the tus expiry.
UPDATE uploads
SET updated_at = now()
WHERE id = @id AND status = 'uploading';

-- name: LockUpload :one
-- The row, locked until the transaction ends, so status changes of one file are serialized.
SELECT * FROM uploads WHERE id = $1 FOR UPDATE;

-- name: CompleteUpload :one
-- Finishes an upload in one statement once the store has confirmed the object.
UPDATE uploads
SET status = 'completed',
    size_bytes = @size_bytes,
    sha256 = @sha256,
    multipart_upload_id = NULL,
    updated_at = now(),
    completed_at = now()
WHERE id = @id AND status = 'uploading'
RETURNING *;

-- name: FinishProcessedUpload :one
-- Processing done: the object now lives under `storage_key` (dest/...), with its size and SHA-256.
UPDATE uploads
SET status = 'completed', storage_key = @storage_key, size_bytes = @size_bytes, sha256 = @sha256, details = NULL,
    expires_at = NULL, updated_at = now(), completed_at = now()
WHERE id = @id
RETURNING *;

-- name: SetUploadStatus :one
-- A status change already checked against the lifecycle (FileRecords, with the row locked).
UPDATE uploads
SET status = @status, details = @details, updated_at = now()
WHERE id = @id
RETURNING *;

-- name: MarkUploadDeleted :execrows
-- Hides a file from its owner while its object is being removed.
UPDATE uploads
SET status = 'deleted', updated_at = now()
WHERE id = @id AND user_id = @user_id;

-- name: DeleteUpload :execrows
DELETE FROM uploads WHERE id = $1;
