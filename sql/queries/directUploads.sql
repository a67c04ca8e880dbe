-- name: GetUpload :one
SELECT * FROM uploads WHERE id = $1;

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
