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
