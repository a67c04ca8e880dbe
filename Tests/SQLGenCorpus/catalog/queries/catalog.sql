-- name: CreateItem :one
INSERT INTO inventory.items (code, unit, quantity, label) VALUES ($1, $2, $3, $4) RETURNING *;

-- name: GetItem :one
SELECT * FROM inventory.items WHERE id = $1;

-- name: ItemsByUnit :many
SELECT id, code FROM inventory.items WHERE unit = $1;

-- name: ItemByCode :one
SELECT id, quantity FROM inventory.items WHERE code = $1;

-- name: AddMeasurement :exec
INSERT INTO measurements (item_id, value, taken_on) VALUES ($1, $2, $3);

-- name: MeasurementsOfItem :many
SELECT id, value, taken_on FROM measurements_2024 WHERE item_id = $1;

-- name: AllMeasurements :many
SELECT * FROM measurements ORDER BY taken_on;

-- name: AddItemNote :one
INSERT INTO item_notes (body, item_id) VALUES ($1, $2) RETURNING id, body, item_id;

-- name: NotesOfItem :many
SELECT id, body FROM item_notes WHERE item_id = $1;

-- name: ItemTotals :many
SELECT * FROM item_totals ORDER BY item_id;

-- name: ItemLabel :one
SELECT item_label(code) AS label FROM inventory.items WHERE id = $1;

-- name: ItemWeight :one
SELECT weight FROM inventory.items WHERE id = $1;
