-- Queries sqlc 1.31 rejects (so they are not in the sqlc comparison), compiled and run like the rest.

-- name: LabelStats :many
-- RETURNS TABLE columns in FROM (sqlc: column "label" does not exist).
SELECT label, total FROM label_stats(@min_normal);
