-- name: CopyShapes :copyfrom
INSERT INTO shapes (anchor, edge, bounds, guide, reach, route, outline, stops, tiles)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9);

-- name: InsertShape :one
-- The same columns through bound (binary) parameters.
INSERT INTO shapes (anchor, edge, bounds, guide, reach, route, outline, stops, tiles)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
RETURNING *;

-- name: ListShapes :many
SELECT * FROM shapes ORDER BY id;

-- name: ShapesAround :many
-- Geometric operators, with the probe's type given by a cast.
SELECT id, anchor FROM shapes
WHERE bounds @> sqlc.arg(probe)::point AND reach @> sqlc.arg(probe)::point
ORDER BY id;
