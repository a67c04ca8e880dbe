-- +goose Up
-- Background work (DESIGN §4): a job is inserted in the same transaction as the state change that
-- causes it (transactional outbox) and taken by workers with FOR UPDATE SKIP LOCKED.
CREATE TYPE job_kind AS ENUM ('process_upload', 'deliver_webhook', 'reap_uploads');

-- queued: waiting for `run_at`; running: held by `locked_by` until `locked_until` (the visibility
-- timeout: after it, any worker may take the job again); done; error: attempts exhausted.
CREATE TYPE job_status AS ENUM ('queued', 'running', 'done', 'error');

CREATE TABLE jobs (
    id           uuid PRIMARY KEY,
    kind         job_kind NOT NULL,
    payload      jsonb NOT NULL,
    status       job_status NOT NULL DEFAULT 'queued',
    attempts     int4 NOT NULL DEFAULT 0,
    max_attempts int4 NOT NULL DEFAULT 5,
    run_at       timestamptz NOT NULL DEFAULT now(),
    locked_by    text,
    locked_until timestamptz,
    last_error   text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz
);

-- The claim query scans only unfinished jobs.
CREATE INDEX jobs_queued_run_at ON jobs (run_at) WHERE status = 'queued';
CREATE INDEX jobs_running_locked_until ON jobs (locked_until) WHERE status = 'running';
-- At most one unfinished periodic reaper job.
CREATE UNIQUE INDEX jobs_one_pending_reaper ON jobs (kind) WHERE kind = 'reap_uploads' AND status IN ('queued', 'running');

-- Idle workers LISTEN on `jobs`; the notification is sent when the inserting transaction commits.
CREATE FUNCTION notify_jobs() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('jobs', '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER jobs_notify AFTER INSERT ON jobs FOR EACH STATEMENT EXECUTE FUNCTION notify_jobs();

-- Presigned direct uploads: when an unconfirmed `pending` upload expires.
ALTER TABLE uploads ADD COLUMN expires_at timestamptz;
CREATE INDEX uploads_pending_expiry ON uploads (expires_at) WHERE status = 'pending';

-- +goose Down
DROP INDEX uploads_pending_expiry;
ALTER TABLE uploads DROP COLUMN expires_at;
DROP TRIGGER jobs_notify ON jobs;
DROP FUNCTION notify_jobs();
DROP TABLE jobs;
DROP TYPE job_status;
DROP TYPE job_kind;
