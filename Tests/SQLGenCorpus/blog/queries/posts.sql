-- name: CreatePost :one
INSERT INTO posts (author_id, title, body, status, small_rank)
VALUES (@author_id, @title, @body, @status, @small_rank)
RETURNING *;

-- name: GetPost :one
SELECT * FROM posts WHERE id = $1;

-- name: ListPostsByStatus :many
SELECT id, title, status FROM posts WHERE status = $1 ORDER BY id;

-- name: ListPostsWithStatuses :many
SELECT id, status FROM posts WHERE status = ANY(@statuses::post_status[]);

-- name: PublishPost :one
UPDATE posts SET status = 'published', published_at = now() WHERE id = $1 RETURNING id, published_at;

-- name: SetPostStatus :execrows
UPDATE posts SET status = @status WHERE id = @id AND status <> @status;

-- name: IncrementViews :exec
UPDATE posts SET views = views + 1 WHERE id = $1;

-- name: DeletePost :exec
DELETE FROM posts WHERE id = $1;

-- name: PostWithAuthor :one
SELECT p.id, p.title, u.email, u.display_name
FROM posts p
JOIN users u ON u.id = p.author_id
WHERE p.id = $1;

-- name: PostsWithOptionalComment :many
SELECT p.id, p.title, c.id AS comment_id, c.body AS comment_body
FROM posts p
LEFT JOIN comments c ON c.post_id = p.id
WHERE p.author_id = $1;

-- name: CommentsWithOptionalPost :many
SELECT c.id, p.title
FROM posts p
RIGHT JOIN comments c ON c.post_id = p.id;

-- name: FullJoinPostsComments :many
SELECT p.id AS post_id, c.id AS comment_id
FROM posts p
FULL JOIN comments c ON c.post_id = p.id;

-- name: PostAndAuthorEmbedded :one
SELECT sqlc.embed(posts), sqlc.embed(users)
FROM posts
JOIN users ON users.id = posts.author_id
WHERE posts.id = $1;

-- name: PostCommentCounts :many
SELECT p.id, count(c.id) AS comment_count
FROM posts p
LEFT JOIN comments c ON c.post_id = p.id
GROUP BY p.id
ORDER BY comment_count DESC;

-- name: AuthorsWithManyPosts :many
SELECT author_id, count(*) AS total FROM posts GROUP BY author_id HAVING count(*) > $1;

-- name: TotalViews :one
SELECT sum(views) AS total_views FROM posts;

-- name: AverageRank :one
SELECT avg(small_rank) AS average_rank FROM posts;

-- name: LatestPostPerAuthor :many
SELECT DISTINCT ON (author_id) author_id, id, created_at FROM posts ORDER BY author_id, created_at DESC;

-- name: PostsAfterCursor :many
SELECT id, created_at FROM posts
WHERE (created_at, id) < (@before_created_at, @before_id)
ORDER BY created_at DESC, id DESC
LIMIT @page_size;

-- name: PostTitlesUnion :many
SELECT title AS text FROM posts
UNION
SELECT body FROM comments;

-- name: PostIDsIntersect :many
SELECT post_id FROM post_tags WHERE tag_id = $1
INTERSECT
SELECT id FROM posts WHERE status = 'published';

-- name: PostIDsExcept :many
SELECT id FROM posts
EXCEPT
SELECT post_id FROM comments;

-- name: PostsWithCTE :many
WITH recent AS (
    SELECT id, title FROM posts WHERE created_at > $1
)
SELECT id, title FROM recent ORDER BY id;

-- name: CommentThread :many
WITH RECURSIVE thread AS (
    SELECT id, parent_id, body, 1 AS depth FROM comments WHERE comments.id = $1
    UNION ALL
    SELECT c.id, c.parent_id, c.body, t.depth + 1 FROM comments c JOIN thread t ON c.parent_id = t.id
)
SELECT id, parent_id, body, depth FROM thread;

-- name: PostsWithCommentSubquery :many
SELECT id, title, (SELECT count(*) FROM comments WHERE comments.post_id = posts.id) AS comment_count FROM posts;

-- name: PostsInSubqueryFilter :many
SELECT id FROM posts WHERE author_id IN (SELECT id FROM users WHERE is_admin);

-- name: PostsFromDerivedTable :many
SELECT t.id, t.title FROM (SELECT id, title FROM posts WHERE views > $1) AS t;

-- name: PostTitleArray :one
SELECT ARRAY(SELECT title FROM posts WHERE author_id = $1)::text[] AS titles;

-- name: PostTitlesAgg :one
SELECT array_agg(title) AS titles FROM posts WHERE author_id = $1;

-- name: PostTitlesJoined :one
SELECT string_agg(title, ', ') AS titles FROM posts WHERE author_id = $1;

-- name: PostAgeSeconds :one
SELECT extract(epoch FROM now() - created_at)::float8 AS age FROM posts WHERE id = $1;

-- name: PostsPage :many
SELECT id, title FROM posts ORDER BY id LIMIT sqlc.arg(page_size) OFFSET sqlc.arg(page_offset);

-- name: PostsByOptionalStatus :many
SELECT id, title FROM posts
WHERE (sqlc.narg(status)::post_status IS NULL OR status = sqlc.narg(status))
ORDER BY id;

-- name: PostsByOptionalAuthor :many
SELECT id FROM posts WHERE author_id = COALESCE(sqlc.narg(author_id), author_id);

-- name: UpdatePostTitleOptional :one
UPDATE posts SET title = COALESCE(sqlc.narg(title), title), body = COALESCE(sqlc.narg(body), body)
WHERE id = sqlc.arg(id)
RETURNING id, title, body;

-- name: PostSummaryOrBody :one
SELECT COALESCE(summary, body) AS excerpt FROM posts WHERE id = $1;

-- name: PublishedPosts :many
SELECT * FROM published_posts ORDER BY published_at DESC;

-- name: PublishedPostsByAuthorEmail :many
SELECT id, title FROM published_posts WHERE author_email = $1;

-- name: PostStatusCounts :many
SELECT status, count(*) AS total FROM posts GROUP BY status;

-- name: PostExists :one
SELECT EXISTS(SELECT 1 FROM posts WHERE id = $1);

-- name: PostIsPublished :one
SELECT status = 'published' AS is_published FROM posts WHERE id = $1;

-- name: PostRankTimesTwo :one
SELECT small_rank * 2 AS doubled FROM posts WHERE id = $1;

-- name: PostViewsPlus :one
SELECT views + $2 AS future_views FROM posts WHERE id = $1;

-- name: InsertPostsFromSelect :execrows
INSERT INTO posts (author_id, title, body)
SELECT id, 'welcome', 'hello' FROM users WHERE is_admin = $1;

-- name: DeleteOldDrafts :many
DELETE FROM posts WHERE status = 'draft' AND created_at < $1 RETURNING id;

-- name: DeleteCommentsOfAuthor :execrows
DELETE FROM comments USING posts WHERE comments.post_id = posts.id AND posts.author_id = $1;

-- name: UpdateViewsFrom :execrows
UPDATE posts SET views = u.karma FROM users u WHERE u.id = posts.author_id AND u.email = $1;

-- name: PostsWithTags :many
SELECT p.id, t.name
FROM posts p
JOIN post_tags pt ON pt.post_id = p.id
JOIN tags t ON t.id = pt.tag_id
WHERE t.name = ANY(@tag_names::text[]);
