-- name: EnqueueJob :one
-- Adds a job to the queue; it runs at run_at or later.
INSERT INTO jobs (kind, payload, run_at, priority) VALUES (@kind, @payload, @run_at, @priority) RETURNING id;

-- name: ClaimJob :one
-- Locks the next runnable job for this worker (FOR UPDATE SKIP LOCKED).
UPDATE jobs SET state = 'running', locked_by = @worker, attempts = attempts + 1
WHERE id = (
    SELECT id FROM jobs
    WHERE state = 'queued' AND run_at <= now()
    ORDER BY priority DESC, run_at
    LIMIT 1
    FOR UPDATE SKIP LOCKED
)
RETURNING *;

-- name: CompleteJob :execrows
UPDATE jobs SET state = 'done', locked_by = NULL WHERE id = $1 AND locked_by = $2;

-- name: FailJob :one
UPDATE jobs
SET state = CASE WHEN attempts >= max_attempts THEN 'failed'::job_state ELSE 'queued'::job_state END,
    last_error = @error,
    run_at = now() + make_interval(secs => @backoff_seconds),
    locked_by = NULL
WHERE id = @id
RETURNING state, attempts;

-- name: JobsByState :many
SELECT id, kind, state FROM jobs WHERE state = $1 ORDER BY id;

-- name: CountJobsByState :many
SELECT state, count(*) AS jobs FROM jobs GROUP BY state ORDER BY state;

-- name: GetJob :one
SELECT * FROM jobs WHERE id = $1;

-- name: JobPayloadField :one
SELECT payload ->> 'upload_id' AS upload_id FROM jobs WHERE id = $1;

-- name: DeleteFinishedJobs :execresult
DELETE FROM jobs WHERE state = 'done' AND created_at < $1;

-- name: FilterJobs :many
SELECT id, kind FROM jobs
WHERE (sqlc.narg(kind)::text IS NULL OR kind = sqlc.narg(kind))
  AND (sqlc.narg(state)::job_state IS NULL OR state = sqlc.narg(state))
ORDER BY id
LIMIT sqlc.arg(max_rows);

-- name: RetryFailedJobs :execrows
UPDATE jobs SET state = 'queued', attempts = 0 WHERE state = 'failed' AND kind = ANY(@kinds::text[]);

-- name: OldestQueuedJob :one
SELECT min(run_at) AS oldest FROM jobs WHERE state = 'queued';

-- name: JobErrors :many
SELECT id, last_error FROM jobs WHERE last_error IS NOT NULL AND kind = $1;

-- name: RescheduleJob :exec
UPDATE jobs SET run_at = $1 WHERE id = $2;

-- name: JobsWithEvents :many
SELECT j.id, j.kind, e.name AS event_name, e.happened_at
FROM jobs j
LEFT JOIN events e ON e.job_id = j.id
WHERE j.id = $1;
