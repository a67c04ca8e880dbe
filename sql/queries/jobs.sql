-- name: ClaimJobs :many
-- Takes up to `limit` due jobs for `worker`: queued ones whose time has come and running ones whose
-- visibility timeout passed (their worker died). Rows locked by another claim are skipped.
UPDATE jobs
SET status = 'running',
    attempts = attempts + 1,
    locked_by = @worker,
    locked_until = now() + @visibility_seconds * interval '1 second',
    updated_at = now()
WHERE id IN (
    SELECT candidate.id FROM jobs AS candidate
    WHERE (candidate.status = 'queued' AND candidate.run_at <= now())
       OR (candidate.status = 'running' AND candidate.locked_until < now())
    ORDER BY candidate.run_at
    LIMIT @batch_size
    FOR UPDATE SKIP LOCKED
)
RETURNING *;

-- name: ExtendJobLock :execrows
-- Keeps a long job invisible to other workers while `worker` still holds it.
UPDATE jobs
SET locked_until = now() + @visibility_seconds * interval '1 second', updated_at = now()
WHERE id = @id AND locked_by = @worker AND status = 'running';

-- name: CompleteJob :execrows
-- 0 rows: the job is no longer held by `worker` (its visibility timeout passed and another took it).
UPDATE jobs
SET status = 'done', locked_by = NULL, locked_until = NULL, last_error = NULL, updated_at = now(), finished_at = now()
WHERE id = @id AND locked_by = @worker AND status = 'running';

-- name: RetryJob :execrows
-- Puts a failed attempt back in the queue after a backoff delay.
UPDATE jobs
SET status = 'queued',
    run_at = now() + @delay_seconds * interval '1 second',
    last_error = @last_error,
    locked_by = NULL,
    locked_until = NULL,
    updated_at = now()
WHERE id = @id AND locked_by = @worker AND status = 'running';

-- name: FailJob :execrows
-- The final attempt failed: the job ends in `error` with its last message.
UPDATE jobs
SET status = 'error', last_error = @last_error, locked_by = NULL, locked_until = NULL, updated_at = now(), finished_at = now()
WHERE id = @id AND locked_by = @worker AND status = 'running';

-- name: GetJob :one
SELECT * FROM jobs WHERE id = $1;

-- name: CountUnfinishedJobs :one
SELECT count(*) FROM jobs WHERE status IN ('queued', 'running');

-- name: DeleteFinishedJobs :execrows
-- Forgets done jobs finished more than `age_seconds` ago (failed ones stay for inspection).
DELETE FROM jobs
WHERE status = 'done' AND finished_at < now() - @age_seconds * interval '1 second';
