-- name: CopyClockReadings :copyfrom
INSERT INTO clock_readings (local_at, device, device8, alarms, seen_by) VALUES ($1, $2, $3, $4, $5);

-- name: InsertClockReading :one
-- The same columns through bound (binary) parameters.
INSERT INTO clock_readings (local_at, device, device8, alarms, seen_by) VALUES ($1, $2, $3, $4, $5)
RETURNING *;

-- name: ListClockReadings :many
SELECT * FROM clock_readings ORDER BY id;

-- name: ReadingsOfDevice :many
-- A MAC address compared with a parameter, and a timetz range.
SELECT id, local_at FROM clock_readings WHERE device = $1 AND local_at < $2 ORDER BY id;
