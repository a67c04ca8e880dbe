-- name: CreateUpload :one
-- Records a file before its bytes move, so a crash leaves a row the reaper can find.
INSERT INTO uploads (id, user_id, file_name, content_type, storage_key, status)
VALUES (@id, @user_id, @file_name, @content_type, @storage_key, 'uploading')
RETURNING *;

-- name: SetMultipartUploadID :exec
-- Remembers the store's multipart upload so it can be aborted if this process dies.
UPDATE uploads
SET multipart_upload_id = @multipart_upload_id, updated_at = now()
WHERE id = @id;

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

-- name: DeleteUpload :execrows
DELETE FROM uploads WHERE id = $1;

-- name: GetUploadForUser :one
SELECT * FROM uploads
WHERE id = $1 AND user_id = $2;

-- name: ListUploadsForUser :many
-- The newest completed files of one user.
SELECT * FROM uploads
WHERE user_id = @user_id AND status = 'completed'
ORDER BY created_at DESC, id DESC
LIMIT @page_size;

-- name: ListUploadsForUserBefore :many
-- The page after a cursor (the last row's created_at and id), newest first.
SELECT * FROM uploads
WHERE user_id = @user_id
  AND status = 'completed'
  AND (created_at < @before_created_at OR (created_at = @before_created_at AND id < @before_id))
ORDER BY created_at DESC, id DESC
LIMIT @page_size;

-- name: MarkUploadDeleted :execrows
-- Hides a file from its owner while its object is being removed.
UPDATE uploads
SET status = 'deleted', updated_at = now()
WHERE id = @id AND user_id = @user_id;
