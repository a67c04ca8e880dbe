-- +goose Up
-- Every column type sqlgen maps to a Swift type, all nullable: the :copyfrom (COPY text format) and
-- the binary-parameter paths must store the same values, NULLs included.
CREATE TYPE mood AS ENUM ('happy', 'sad', 'it''s "complicated"');
CREATE TYPE price_tag AS (currency text, cents bigint, note text, feeling mood, seen_on date);

CREATE TABLE typed_values (
    id          bigserial PRIMARY KEY,
    small       smallint,
    normal      integer,
    big         bigint,
    ratio       real,
    score       double precision,
    amount      numeric(20, 6),
    flag        boolean,
    label       text,
    short_code  varchar(20) UNIQUE,
    token       uuid,
    happened_at timestamptz,
    local_at    timestamp,
    day         date,
    payload     bytea,
    doc         json,
    docb        jsonb,
    feeling     mood,
    tags        text[],
    counts      integer[],
    bigs        bigint[],
    flags       boolean[],
    scores      double precision[],
    tokens      uuid[],
    moments     timestamptz[],
    feelings    mood[],
    waited      interval,
    opens_at    time,
    client      inet,
    network     cidr,
    waits       interval[],
    clients     inet[],
    cost        price_tag,
    slots       int4range,
    ids         int8range,
    amounts     numrange,
    span        tstzrange,
    local_span  tsrange,
    days        daterange
);

-- +goose Down
DROP TABLE typed_values;
DROP TYPE price_tag;
DROP TYPE mood;
