-- name: UnnestCodes :many
-- unnest in the select list: a row per element, typed as the element (which may be NULL).
SELECT unnest(@codes::text[]) AS code;

-- name: DaySeries :many
-- generate_series on dates runs on timestamptz.
SELECT generate_series(@first_day::date, @last_day::date, interval '1 day') AS day;

-- name: NumberSeries :many
SELECT n, n * 2 AS doubled FROM generate_series(1, @count::int) AS n;
