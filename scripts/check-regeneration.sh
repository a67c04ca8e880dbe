#!/usr/bin/env bash
# Shows that the build plugin follows sql/queries: adds a query file, edits it, deletes it, running
# `swift build` after each step and checking the generated Swift each time. Part of `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
probe=sql/queries/zz_regeneration_probe.sql
trap 'rm -f "$probe"' EXIT

generated() { cat "$(swift build --show-bin-path)/../../plugins/outputs"/*/Database/destination/SQLGenPlugin/Generated/*.swift 2>/dev/null || true; }
build() { scripts/swift-build.sh --target Database >/tmp/check-regeneration.log 2>&1 || { cat /tmp/check-regeneration.log; exit 1; }; }
expect() {  # expect present|absent PATTERN WHAT
  if generated | grep -q "$2"; then found=present; else found=absent; fi
  if [ "$found" != "$1" ]; then echo "check-regeneration: FAILED: $3 ($2 is $found)"; exit 1; fi
  echo "check-regeneration: ok: $3"
}

cat >"$probe" <<'SQL'
-- name: RegenerationProbe :one
SELECT count(*) FROM uploads WHERE user_id = $1;
SQL
start=$(date +%s.%N); build
expect present "func regenerationProbe(userID: String) async throws -> Int64?" "an added query file generates its function"

cat >"$probe" <<'SQL'
-- name: RegenerationProbe :many
SELECT id, file_name FROM uploads WHERE user_id = @owner ORDER BY created_at DESC;
SQL
t0=$(date +%s.%N); build; t1=$(date +%s.%N)
expect present "func regenerationProbe(owner: String) async throws -> \[RegenerationProbeRow\]" "an edited query changes the generated function"
echo "check-regeneration: incremental swift build after editing one .sql file: $(python3 -c "print(f'{$t1-$t0:.1f}')") s"

rm -f "$probe"; build
expect absent "regenerationProbe" "a deleted query file removes its function"
