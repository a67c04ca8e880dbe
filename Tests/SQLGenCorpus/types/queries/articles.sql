-- name: CreateArticle :one
INSERT INTO articles (title, body, keywords, alert) VALUES ($1, $2, $3, $4)
RETURNING *;

-- name: CopyArticles :copyfrom
INSERT INTO articles (title, body, keywords, alert) VALUES ($1, $2, $3, $4);

-- name: SearchArticles :many
-- Ranked full-text search with the query as the user typed it.
SELECT id, title, ts_rank(search, websearch_to_tsquery('english', @terms)) AS rank
FROM articles
WHERE search @@ websearch_to_tsquery('english', @terms)
ORDER BY rank DESC, id;

-- name: ArticlesMatchingTheirAlert :many
SELECT id, alert FROM articles WHERE keywords @@ alert ORDER BY id;

-- name: ParsedQuery :one
SELECT to_tsquery('english', @query) AS parsed;
