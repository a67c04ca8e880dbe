-- Queuing work: called by JobQueue only, inside the transaction of the change that causes the job.

-- name: EnqueueJob :one
-- Adds a job; call it inside the transaction of the change that causes it.
INSERT INTO jobs (id, kind, payload, max_attempts, run_at)
VALUES (@id, @kind, @payload, @max_attempts, now() + @delay_seconds * interval '1 second')
RETURNING *;

-- name: EnqueueReaperIfAbsent :execrows
-- Schedules the periodic reaper unless one is already queued or running; a queued one due later than
-- asked is brought forward, so the reaper runs as often as the most demanding instance asks.
INSERT INTO jobs (id, kind, payload, max_attempts, run_at)
VALUES (@id, 'reap_uploads', '{}', 1, now() + @delay_seconds * interval '1 second')
ON CONFLICT (kind) WHERE kind = 'reap_uploads' AND status IN ('queued', 'running')
DO UPDATE SET run_at = LEAST(jobs.run_at, EXCLUDED.run_at);
