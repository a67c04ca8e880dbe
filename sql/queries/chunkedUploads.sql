-- name: CreateChunkedUploadSession :one
INSERT INTO chunked_upload_sessions (id, user_id, file_name, main_service_file_id)
VALUES (@id, @user_id, @file_name, sqlc.narg(main_service_file_id))
RETURNING *;

-- name: GetChunkedUploadSession :one
-- A session of one user (another user's session looks missing).
SELECT * FROM chunked_upload_sessions
WHERE id = @id AND user_id = @user_id;

-- name: LockChunkedUploadSession :one
-- Holds the session row for the rest of the transaction (complete and delete take it).
SELECT * FROM chunked_upload_sessions
WHERE id = @id AND user_id = @user_id
FOR UPDATE;

-- name: UpsertChunk :one
-- Records a chunk; a chunk sent again under the same index replaces the previous one, whose key is
-- returned so its object can be removed.
WITH previous AS (
    SELECT storage_key FROM chunked_upload_chunks
    WHERE session_id = @session_id AND chunk_index = @chunk_index
)
INSERT INTO chunked_upload_chunks (session_id, chunk_index, storage_key, size_bytes)
VALUES (@session_id, @chunk_index, @storage_key, @size_bytes)
ON CONFLICT (session_id, chunk_index)
DO UPDATE SET storage_key = EXCLUDED.storage_key, size_bytes = EXCLUDED.size_bytes, created_at = now()
RETURNING (SELECT storage_key FROM previous) AS previous_key;

-- name: ListChunks :many
SELECT * FROM chunked_upload_chunks
WHERE session_id = @session_id
ORDER BY chunk_index;

-- name: ChunkBytes :one
-- Bytes of a session's chunks other than `chunk_index` (to enforce the size limit while a chunk arrives).
SELECT COALESCE(sum(size_bytes), 0)::bigint AS total FROM chunked_upload_chunks
WHERE session_id = @session_id AND chunk_index <> @chunk_index;

-- name: SetChunkedUploadFile :exec
UPDATE chunked_upload_sessions
SET file_id = @file_id, updated_at = now()
WHERE id = @id;

-- name: DeleteChunks :exec
DELETE FROM chunked_upload_chunks WHERE session_id = @session_id;

-- name: DeleteChunkedUploadSession :exec
DELETE FROM chunked_upload_sessions WHERE id = @id;

-- name: TouchChunkedUploadSession :exec
-- Marks activity (a chunk arrived), which postpones the session's expiry.
UPDATE chunked_upload_sessions
SET updated_at = now()
WHERE id = @id;

-- name: ListStaleChunkedUploadSessions :many
-- Sessions never completed and idle since `idle_before`, oldest first.
SELECT * FROM chunked_upload_sessions
WHERE file_id IS NULL AND updated_at < @idle_before
ORDER BY updated_at
LIMIT @page_size;
