-- name: GetUser :one
-- Looks a user up by id.
SELECT * FROM users WHERE id = $1;

-- name: GetUserByEmail :one
SELECT * FROM users WHERE email = @email;

-- name: ListUsers :many
SELECT id, email, display_name FROM users ORDER BY created_at DESC LIMIT $1 OFFSET $2;

-- name: CreateUser :one
INSERT INTO users (email, display_name, bio, avatar, karma, rating, score, weight, is_admin, tags, lucky_numbers, settings, profile, birthday)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
RETURNING *;

-- name: UpdateUserBio :exec
UPDATE users SET bio = $1 WHERE id = $2;

-- name: UpdateDisplayName :execrows
UPDATE users SET display_name = sqlc.arg(display_name) WHERE id = sqlc.arg(id);

-- name: DeleteUser :execresult
DELETE FROM users WHERE id = $1;

-- name: CountUsers :one
SELECT count(*) FROM users;

-- name: CountAdmins :one
SELECT count(*) AS admins FROM users WHERE is_admin = $1;

-- name: UserEmails :many
SELECT email FROM users WHERE karma > $1;

-- name: UsersByIDs :many
SELECT id, email FROM users WHERE id = ANY($1::uuid[]);

-- name: UsersWithTag :many
SELECT id FROM users WHERE $1::text = ANY(tags);

-- name: SetUserTags :exec
UPDATE users SET tags = $1 WHERE id = $2;

-- name: SetSettings :one
UPDATE users SET settings = $1 WHERE id = $2 RETURNING settings;

-- name: UserSettingValue :one
SELECT settings ->> 'theme' AS theme FROM users WHERE id = $1;

-- name: UserSettingObject :one
SELECT settings -> 'notifications' AS notifications FROM users WHERE id = $1;

-- name: AddKarma :one
UPDATE users SET karma = karma + $1 WHERE id = $2 RETURNING karma;

-- name: UserKarmaStats :one
SELECT sum(karma) AS total, max(karma) AS best, min(karma) AS worst, avg(karma) AS mean FROM users;

-- name: UsersBornBetween :many
SELECT id, birthday FROM users WHERE birthday BETWEEN $1 AND $2;

-- name: SearchUsers :many
SELECT id, email FROM users WHERE email LIKE $1 OR display_name ILIKE $2;

-- name: UsersIn :many
SELECT id FROM users WHERE karma IN ($1, $2, $3);

-- name: LowerEmail :one
SELECT lower(email) AS email FROM users WHERE id = $1;

-- name: UserNameOrEmail :one
SELECT COALESCE(display_name, email) AS name FROM users WHERE id = $1;

-- name: UserDisplayNameOrDefault :one
SELECT COALESCE(display_name, 'anonymous') AS name FROM users WHERE id = $1;

-- name: UserBioNullIfEmpty :one
SELECT NULLIF(bio, '') AS bio FROM users WHERE id = $1;

-- name: UserKarmaLevel :one
SELECT CASE WHEN karma > 100 THEN 'high' WHEN karma > 10 THEN 'mid' ELSE 'low' END AS level FROM users WHERE id = $1;

-- name: UserExists :one
SELECT EXISTS (SELECT 1 FROM users WHERE email = $1) AS exists;

-- name: UserRatingAsText :one
SELECT rating::text AS rating_text FROM users WHERE id = $1;

-- name: UpsertUserByEmail :one
INSERT INTO users (email, display_name) VALUES ($1, $2)
ON CONFLICT (email) DO UPDATE SET display_name = EXCLUDED.display_name
RETURNING id, email, display_name;

-- name: TouchUsers :execrows
UPDATE users SET karma = karma WHERE created_at < $1;

-- name: UserAvatar :one
SELECT avatar FROM users WHERE id = $1;

-- name: UserScoreAndWeight :one
SELECT score, weight, rating FROM users WHERE id = $1;

-- name: UserLuckyNumbers :one
SELECT lucky_numbers FROM users WHERE id = $1;

-- name: UserProfile :one
SELECT profile FROM users WHERE id = $1;

-- name: UsersCreatedSince :many
SELECT id, created_at FROM users WHERE created_at >= $1 ORDER BY created_at;

-- name: NowAndUser :one
SELECT now() AS server_time, id FROM users WHERE id = $1;

-- name: UserEmailLength :one
SELECT length(email) AS email_length FROM users WHERE id = $1;

-- name: FilterUsers :many
SELECT id, email FROM users
WHERE (sqlc.narg(is_admin)::boolean IS NULL OR is_admin = sqlc.narg(is_admin))
  AND (sqlc.narg(min_karma)::int IS NULL OR karma >= sqlc.narg(min_karma));
