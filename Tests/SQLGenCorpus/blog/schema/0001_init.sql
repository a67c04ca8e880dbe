-- +goose Up
CREATE TYPE post_status AS ENUM ('draft', 'published', 'archived');

CREATE TABLE users (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email       text NOT NULL UNIQUE,
    display_name varchar(100),
    bio         text,
    avatar      bytea,
    karma       integer NOT NULL DEFAULT 0,
    rating      numeric(6, 2),
    score       double precision,
    weight      real,
    is_admin    boolean NOT NULL DEFAULT false,
    tags        text[] NOT NULL DEFAULT '{}',
    lucky_numbers integer[],
    settings    jsonb NOT NULL DEFAULT '{}',
    profile     json,
    birthday    date,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamp
);

CREATE TABLE posts (
    id          bigserial PRIMARY KEY,
    author_id   uuid NOT NULL REFERENCES users (id),
    title       text NOT NULL,
    body        text NOT NULL,
    status      post_status NOT NULL DEFAULT 'draft',
    views       bigint NOT NULL DEFAULT 0,
    small_rank  smallint,
    published_at timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE comments (
    id          bigserial PRIMARY KEY,
    post_id     bigint NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    author_id   uuid REFERENCES users (id),
    parent_id   bigint REFERENCES comments (id),
    body        text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tags (
    id   serial PRIMARY KEY,
    name text NOT NULL UNIQUE
);

CREATE TABLE post_tags (
    post_id bigint NOT NULL REFERENCES posts (id),
    tag_id  integer NOT NULL REFERENCES tags (id),
    PRIMARY KEY (post_id, tag_id)
);

-- +goose Down
DROP TABLE post_tags;
DROP TABLE tags;
DROP TABLE comments;
DROP TABLE posts;
DROP TABLE users;
DROP TYPE post_status;
