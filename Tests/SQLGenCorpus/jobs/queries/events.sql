-- name: RecordEvent :exec
INSERT INTO events (id, job_id, name, data, amount, happened_at) VALUES ($1, $2, $3, $4, $5, $6);

-- name: EventsOfJob :many
SELECT * FROM events WHERE job_id = $1 ORDER BY happened_at;

-- name: EventAmountTotal :one
SELECT sum(amount) AS total FROM events WHERE name = $1;

-- name: EventNames :many
SELECT DISTINCT name FROM events ORDER BY name;

-- name: LatestEvent :one
SELECT id, name, happened_at FROM events ORDER BY happened_at DESC LIMIT 1;

-- name: EventData :one
SELECT data FROM events WHERE id = $1;

-- name: EventsBetween :many
SELECT id FROM events WHERE happened_at >= @since AND happened_at < @until;

-- name: UpsertWorker :one
INSERT INTO workers (name, heartbeat, capacity) VALUES ($1, $2, $3)
ON CONFLICT (name) DO UPDATE SET heartbeat = EXCLUDED.heartbeat, capacity = EXCLUDED.capacity
RETURNING *;

-- name: StaleWorkers :many
SELECT name FROM workers WHERE heartbeat < now() - interval '1 minute';

-- name: WorkerCapacity :one
SELECT sum(capacity) AS capacity FROM workers;

-- name: RemoveWorker :execrows
DELETE FROM workers WHERE name = $1;

-- name: WorkerJobs :many
SELECT w.name, j.id AS job_id FROM workers w JOIN jobs j ON j.locked_by = w.name;
