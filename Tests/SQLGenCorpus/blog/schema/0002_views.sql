-- +goose Up
CREATE VIEW published_posts AS
SELECT p.id, p.title, p.author_id, u.email AS author_email, p.published_at
FROM posts p
JOIN users u ON u.id = p.author_id
WHERE p.status = 'published';

ALTER TABLE posts ADD COLUMN summary text;
ALTER TABLE users DROP COLUMN updated_at;

-- +goose Down
ALTER TABLE users ADD COLUMN updated_at timestamp;
ALTER TABLE posts DROP COLUMN summary;
DROP VIEW published_posts;
