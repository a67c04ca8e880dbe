-- name: ListOwnedMultipartUploadIDs :many
-- Multipart uploads that an unfinished upload still owns, which the multipart reaper must leave alone
-- however old they are: active tus uploads (not completed, not expired; the tus reaper aborts expired
-- ones), chunk sessions not completed and touched within `chunked_session_idle_seconds` (idle ones
-- are removed by the session reaper), and streaming uploads still `uploading` (the stale-upload reaper
-- aborts those whose server died).
SELECT multipart_upload_id FROM tus_uploads
WHERE multipart_upload_id IS NOT NULL AND file_id IS NULL AND expires_at > now()
UNION
SELECT multipart_upload_id FROM chunked_upload_sessions
WHERE multipart_upload_id IS NOT NULL AND file_id IS NULL
  AND updated_at > now() - @chunked_session_idle_seconds * interval '1 second'
UNION
SELECT multipart_upload_id FROM uploads
WHERE multipart_upload_id IS NOT NULL AND status = 'uploading';
