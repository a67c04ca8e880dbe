-- name: CreateTusUpload :one
INSERT INTO tus_uploads (id, user_id, file_name, content_type, upload_length, metadata, storage_key, expires_at)
VALUES (@id, @user_id, @file_name, @content_type, sqlc.narg(upload_length), sqlc.narg(metadata), @storage_key, @expires_at)
RETURNING *;

-- name: GetTusUpload :one
-- An upload of one user (another user's upload looks missing).
SELECT * FROM tus_uploads
WHERE id = @id AND user_id = @user_id;

-- name: LockTusUpload :exec
-- Serializes PATCH/DELETE on one upload across every instance, until the transaction ends.
SELECT pg_advisory_xact_lock(@lock_key::bigint);

-- name: SetTusMultipartUploadID :exec
-- Committed on its own (outside the PATCH transaction) so the reaper can always abort the upload.
UPDATE tus_uploads
SET multipart_upload_id = @multipart_upload_id, updated_at = now()
WHERE id = @id;

-- name: SaveTusProgress :one
-- Advances the offset after the store has the bytes, only from the offset the PATCH started at.
UPDATE tus_uploads
SET upload_offset = @new_offset,
    upload_length = sqlc.narg(upload_length),
    parts = @parts,
    tail_key = sqlc.narg(tail_key),
    tail_bytes = @tail_bytes,
    expires_at = @expires_at,
    updated_at = now()
WHERE id = @id AND upload_offset = @expected_offset
RETURNING *;

-- name: FinishTusUpload :one
UPDATE tus_uploads
SET upload_offset = @new_offset,
    upload_length = @new_offset,
    parts = '',
    tail_key = NULL,
    tail_bytes = 0,
    multipart_upload_id = NULL,
    file_id = @file_id,
    updated_at = now()
WHERE id = @id
RETURNING *;

-- name: DeleteTusUpload :exec
DELETE FROM tus_uploads WHERE id = @id;

-- name: ListExpiredTusUploads :many
-- Unfinished uploads past their expiry, oldest first.
SELECT * FROM tus_uploads
WHERE file_id IS NULL AND expires_at < now()
ORDER BY expires_at
LIMIT @page_size;
