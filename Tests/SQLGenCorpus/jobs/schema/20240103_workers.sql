CREATE TABLE workers (
    name       text PRIMARY KEY,
    heartbeat  timestamptz NOT NULL,
    capacity   smallint NOT NULL DEFAULT 1
);

---- create above / drop below ----

DROP TABLE workers;
