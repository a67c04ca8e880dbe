-- +goose Up
-- Functions called in FROM: SETOF a table, RETURNS TABLE, OUT parameters, SETOF a scalar.
CREATE FUNCTION values_with_label(prefix text) RETURNS SETOF typed_values LANGUAGE sql STABLE AS $$ SELECT * FROM typed_values WHERE label LIKE prefix || '%' ORDER BY id $$;
CREATE FUNCTION label_stats(min_normal integer) RETURNS TABLE (label text, total bigint) LANGUAGE sql STABLE AS $$ SELECT label, count(*) FROM typed_values WHERE normal >= min_normal GROUP BY label $$;
CREATE FUNCTION code_parts(code text, OUT head text, OUT tail text) LANGUAGE sql IMMUTABLE AS $$ SELECT split_part(code, '-', 1), split_part(code, '-', 2) $$;
CREATE FUNCTION normals_up_to(n integer) RETURNS SETOF integer LANGUAGE sql IMMUTABLE AS $$ SELECT generate_series(1, n) $$;

-- +goose Down
DROP FUNCTION normals_up_to(integer);
DROP FUNCTION code_parts(text);
DROP FUNCTION label_stats(integer);
DROP FUNCTION values_with_label(text);
