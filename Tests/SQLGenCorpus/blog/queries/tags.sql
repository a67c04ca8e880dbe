-- name: CreateTag :one
INSERT INTO tags (name) VALUES ($1) ON CONFLICT (name) DO NOTHING RETURNING id;

-- name: UpsertTag :one
INSERT INTO tags (name) VALUES ($1) ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING *;

-- name: TagPost :exec
INSERT INTO post_tags (post_id, tag_id) VALUES ($1, $2) ON CONFLICT DO NOTHING;

-- name: UntagPost :execrows
DELETE FROM post_tags WHERE post_id = $1 AND tag_id = $2;

-- name: ListTags :many
SELECT * FROM tags ORDER BY name;

-- name: TagsOfPost :many
SELECT t.* FROM tags t JOIN post_tags pt ON pt.tag_id = t.id WHERE pt.post_id = $1;

-- name: TagUsage :many
SELECT t.name, count(pt.post_id) AS uses FROM tags t LEFT JOIN post_tags pt ON pt.tag_id = t.id GROUP BY t.name;

-- name: TagNameUpper :one
SELECT upper(name) AS upper_name FROM tags WHERE id = $1;

-- name: TagsLike :many
SELECT name FROM tags WHERE name LIKE $1 || '%';

-- name: RenameTag :one
UPDATE tags SET name = $1 WHERE id = $2 RETURNING id, name;
