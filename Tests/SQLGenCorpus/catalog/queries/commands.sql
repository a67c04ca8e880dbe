-- name: CopyItems :copyfrom
INSERT INTO inventory.items (code, unit, quantity, label) VALUES ($1, $2, $3, $4);

-- name: CopyNotes :copyfrom
INSERT INTO notes (body) VALUES (@body);

-- name: BatchRelabel :batchexec
UPDATE inventory.items SET label = $1 WHERE id = $2;

-- name: BatchGetItem :batchone
SELECT id, code, label FROM inventory.items WHERE id = $1;

-- name: BatchItemsByUnit :batchmany
SELECT id FROM inventory.items WHERE unit = $1 ORDER BY id;

-- name: DeleteNotesResult :execresult
DELETE FROM notes WHERE id = $1;

-- name: ItemsWithNotes :many
SELECT sqlc.embed(i), sqlc.embed(n)
FROM inventory.items i
LEFT JOIN item_notes n ON n.item_id = i.id;

-- name: LabelOrDefault :many
SELECT id FROM inventory.items WHERE label = COALESCE(sqlc.narg(label), label);

-- name: ItemsByIDs :many
SELECT id, code FROM inventory.items WHERE id = ANY(sqlc.slice(ids)::int[]);

-- name: OptionalUnitFilter :many
SELECT id FROM inventory.items
WHERE (sqlc.narg(unit)::inventory.unit IS NULL OR unit = sqlc.narg(unit));

-- name: RelabelUnlessNull :one
-- COALESCE(@label, label): passing nil keeps the label.
UPDATE inventory.items SET label = COALESCE(@new_label, label) WHERE id = @id RETURNING label;
