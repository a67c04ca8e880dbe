-- name: AddComment :one
INSERT INTO comments (post_id, author_id, parent_id, body) VALUES ($1, $2, $3, $4) RETURNING *;

-- name: ListComments :many
SELECT * FROM comments WHERE post_id = $1 ORDER BY created_at;

-- name: CountComments :one
SELECT count(*) FROM comments WHERE post_id = $1;

-- name: CommentWithAuthor :one
SELECT c.id, c.body, u.email AS author_email
FROM comments c
LEFT JOIN users u ON u.id = c.author_id
WHERE c.id = $1;

-- name: CommentAuthorEmbedded :many
SELECT sqlc.embed(comments), sqlc.embed(posts)
FROM comments
JOIN posts ON posts.id = comments.post_id
WHERE comments.post_id = $1;

-- name: DeleteComment :execrows
DELETE FROM comments WHERE id = $1 AND author_id = $2;

-- name: EditComment :exec
UPDATE comments SET body = $2 WHERE id = $1;

-- name: RootComments :many
SELECT id, body FROM comments WHERE parent_id IS NULL AND post_id = $1;

-- name: CommentsSince :many
SELECT id FROM comments WHERE created_at > sqlc.arg(since)::timestamptz;

-- name: LastCommentAt :one
SELECT max(created_at) AS last_at FROM comments WHERE post_id = $1;
