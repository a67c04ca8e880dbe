-- migrate:up
CREATE TYPE job_state AS ENUM ('queued', 'running', 'done', 'failed');

CREATE TABLE jobs (
    id           bigserial PRIMARY KEY,
    kind         text NOT NULL,
    payload      jsonb NOT NULL DEFAULT '{}',
    state        job_state NOT NULL DEFAULT 'queued',
    attempts     integer NOT NULL DEFAULT 0,
    max_attempts integer NOT NULL DEFAULT 5,
    run_at       timestamptz NOT NULL DEFAULT now(),
    locked_by    text,
    last_error   text,
    created_at   timestamptz NOT NULL DEFAULT now()
);

-- migrate:down
DROP TABLE jobs;
DROP TYPE job_state;
