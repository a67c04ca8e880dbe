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
-- Records a chunk: a temporary object (`storage_key`) or parts of the session's multipart upload
-- (`parts`). A chunk sent again under the same index replaces the previous one: its temporary
-- object's key is returned so the object can be removed, and whether it was parts.
WITH previous AS (
    SELECT storage_key, parts FROM chunked_upload_chunks
    WHERE session_id = @session_id AND chunk_index = @chunk_index
)
INSERT INTO chunked_upload_chunks (session_id, chunk_index, storage_key, size_bytes, parts)
VALUES (@session_id, @chunk_index, sqlc.narg(storage_key), @size_bytes, @parts)
ON CONFLICT (session_id, chunk_index)
DO UPDATE SET storage_key = EXCLUDED.storage_key, size_bytes = EXCLUDED.size_bytes, parts = EXCLUDED.parts,
              created_at = now()
RETURNING (SELECT storage_key FROM previous) AS previous_key,
          COALESCE((SELECT parts <> '' FROM previous), false) AS replaced_parts;

-- name: SetChunkedUploadMultipartUpload :one
-- Records the session's multipart upload unless another request recorded one first (then no row:
-- that request's upload wins and the caller aborts its own).
UPDATE chunked_upload_sessions
SET storage_key = @storage_key, multipart_upload_id = @multipart_upload_id
WHERE id = @id AND multipart_upload_id IS NULL
RETURNING multipart_upload_id;

-- name: ClearChunkedUploadMultipartUpload :exec
-- Forgets the session's multipart upload (completed or aborted).
UPDATE chunked_upload_sessions
SET storage_key = NULL, multipart_upload_id = NULL, stale_parts = false
WHERE id = @id;

-- name: MarkChunkedUploadStaleParts :exec
-- The session's multipart upload may now hold parts that no chunk lists.
UPDATE chunked_upload_sessions
SET stale_parts = true
WHERE id = @id;

-- name: DeletePartChunk :exec
-- Forgets one chunk kept as parts (a failed resend may have overwritten some of them).
DELETE FROM chunked_upload_chunks
WHERE session_id = @session_id AND chunk_index = @chunk_index AND parts <> '';

-- name: DeletePartChunks :exec
-- Forgets every chunk kept as parts (their multipart upload is gone).
DELETE FROM chunked_upload_chunks
WHERE session_id = @session_id AND parts <> '';

-- name: ListChunks :many
SELECT * FROM chunked_upload_chunks
WHERE session_id = @session_id
ORDER BY chunk_index;

-- name: ChunkBytes :one
-- Bytes of a session's chunks other than `chunk_index` (to enforce the size limit while a chunk arrives).
SELECT COALESCE(sum(size_bytes), 0)::bigint AS total FROM chunked_upload_chunks
WHERE session_id = @session_id AND chunk_index <> @chunk_index;

-- name: SetChunkedUploadFile :exec
-- The session became this file (its multipart upload, if any, was completed or aborted).
UPDATE chunked_upload_sessions
SET file_id = @file_id, multipart_upload_id = NULL, updated_at = now()
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
