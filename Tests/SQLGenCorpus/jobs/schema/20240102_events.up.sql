CREATE TABLE events (
    id         uuid PRIMARY KEY,
    job_id     bigint REFERENCES jobs (id) ON DELETE SET NULL,
    name       text NOT NULL,
    data       bytea,
    amount     numeric,
    happened_at timestamptz NOT NULL
);
