-- name: CopyAvailability :copyfrom
INSERT INTO availability (seats, days, prices, windows, tickets) VALUES ($1, $2, $3, $4, $5);

-- name: InsertAvailability :one
-- The same columns through bound parameters (multirange literals).
INSERT INTO availability (seats, days, prices, windows, tickets) VALUES ($1, $2, $3, $4, $5)
RETURNING *;

-- name: ListAvailability :many
SELECT * FROM availability ORDER BY id;

-- name: AvailabilityWithSeat :many
SELECT id, seats FROM availability WHERE seats @> sqlc.arg(seat)::int4 ORDER BY id;
