-- name: CopyTypedValues :copyfrom
INSERT INTO typed_values (small, normal, big, ratio, score, amount, flag, label, short_code, token, happened_at,
    local_at, day, payload, doc, docb, feeling, tags, counts, bigs, flags, scores, tokens, moments, feelings, waited,
    opens_at, client, network, waits, clients, cost, slots, ids, amounts, span, local_span, days)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23,
    $24, $25, $26, $27, $28, $29, $30, $31, $32, $33, $34,
    $35, $36, $37, $38);

-- name: InsertTypedValue :one
-- The same columns through bound (binary) parameters, to compare with what COPY stored.
INSERT INTO typed_values (small, normal, big, ratio, score, amount, flag, label, short_code, token, happened_at,
    local_at, day, payload, doc, docb, feeling, tags, counts, bigs, flags, scores, tokens, moments, feelings, waited,
    opens_at, client, network, waits, clients, cost, slots, ids, amounts, span, local_span, days)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23,
    $24, $25, $26, $27, $28, $29, $30, $31, $32, $33, $34,
    $35, $36, $37, $38)
RETURNING *;

-- name: CopyLabelsReversed :copyfrom
-- Parameters in another order than the columns.
INSERT INTO typed_values (normal, label) VALUES ($2, $1);

-- name: ListTypedValues :many
SELECT * FROM typed_values ORDER BY id;

-- name: TypedValueLabel :one
SELECT label FROM typed_values WHERE id = $1;

-- name: BatchInsertLabels :batchexec
INSERT INTO typed_values (short_code, label) VALUES ($1, $2);

-- name: BatchLabelByCode :batchone
SELECT id, label FROM typed_values WHERE short_code = $1;

-- name: BatchLabelsByNormal :batchmany
SELECT label FROM typed_values WHERE normal = $1 ORDER BY id;

-- name: CountTypedValues :one
SELECT count(*) FROM typed_values;

-- name: ClientsInNetwork :many
SELECT id, client FROM typed_values WHERE client << $1 ORDER BY id;

-- name: LongWaits :many
SELECT id, waited FROM typed_values WHERE waited > $1 AND opens_at < $2 ORDER BY id;

-- name: ValuesWithLabel :many
SELECT * FROM values_with_label($1);

-- name: CodeParts :one
SELECT head, tail FROM code_parts($1);

-- name: NormalsUpTo :many
SELECT n FROM normals_up_to($1) AS n;

-- name: LabelsOfCodes :many
SELECT c.code, c.position, t.label
FROM unnest(@codes::text[]) WITH ORDINALITY AS c(code, position)
LEFT JOIN typed_values t ON t.short_code = c.code
ORDER BY c.position;

-- name: ValuesCosting :many
SELECT id, cost FROM typed_values WHERE cost = $1::price_tag ORDER BY id;

-- name: ValuesInSlot :many
SELECT id, slots FROM typed_values WHERE slots @> $1::int4 AND days && $2 ORDER BY id;
