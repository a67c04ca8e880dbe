-- +goose Up
-- Full-text search: a generated tsvector column and stored queries.
CREATE TABLE articles (
    id        bigserial PRIMARY KEY,
    title     text NOT NULL,
    body      text NOT NULL DEFAULT '',
    search    tsvector GENERATED ALWAYS AS (setweight(to_tsvector('english', title), 'A') || to_tsvector('english', body)) STORED,
    keywords  tsvector,
    alert     tsquery
);

-- +goose Down
DROP TABLE articles;
