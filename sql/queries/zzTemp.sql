-- name: Bad :one
SELECT nope FROM uploads;
