#!/usr/bin/env python3
"""Dev aid: compares `sqlgen describe` with sqlc's JSON for one corpus set (the test does the same in Swift).
usage: compare.py SET_DIR SQLGEN_BIN"""
import json, os, subprocess, sys

SPELLINGS = {"integer": "int4", "bigint": "int8", "smallint": "int2", "double precision": "float8", "real": "float4",
             "boolean": "bool", "timestamp with time zone": "timestamptz", "timestamp without time zone": "timestamp",
             "character varying": "varchar", "serial": "int4", "bigserial": "int8", "decimal": "numeric"}

def sqlc_type(t):
    s = t.get("schema", "")
    n = SPELLINGS.get(t["name"], t["name"])
    return n if s in ("", "pg_catalog", "public") else f"{s}.{n}"

def norm_sqlc(q):
    return {
        "cmd": q["cmd"],
        "params": [dict(number=p["number"], name=p["column"]["name"], type=sqlc_type(p["column"]["type"]),
                        not_null=p["column"]["not_null"], is_array=p["column"]["is_array"]) for p in q.get("params", [])],
        "columns": [dict(name=c["name"], table=(c.get("table") or {}).get("name") or None, type=sqlc_type(c["type"]),
                         not_null=c["not_null"], is_array=c["is_array"]) for c in q.get("columns", [])],
    }

def main():
    d, binary = sys.argv[1], sys.argv[2]
    subprocess.run(["sqlc", "generate"], cwd=d, check=True)
    sq = {q["name"]: norm_sqlc(q) for q in json.load(open(os.path.join(d, ".sqlc/codegen.json")))["queries"]}
    out = subprocess.run([binary, "describe", "--schema", "schema", "--queries", "queries"], cwd=d, capture_output=True, text=True)
    if out.returncode: sys.exit(out.stderr)
    out = out.stdout
    sg = {q["name"]: q for q in json.loads(out)["queries"]}
    diffs = 0
    for name, a in sq.items():
        b = sg.get(name)
        if b is None: print(f"{name}: missing in sqlgen"); diffs += 1; continue
        if a["cmd"] != b["cmd"]: print(f"{name}: cmd {a['cmd']} vs {b['cmd']}")
        for kind in ("params", "columns"):
            x, y = a[kind], b[kind]
            if len(x) != len(y): print(f"{name}: {kind} count {len(x)} vs {len(y)}: {x} vs {y}"); diffs += 1; continue
            for i, (p, r) in enumerate(zip(x, y)):
                for k in p:
                    if p[k] != r.get(k):
                        print(f"{name}: {kind}[{i}].{k}: sqlc={p[k]!r} sqlgen={r.get(k)!r}"); diffs += 1
    print(f"{len(sq)} queries, {diffs} differences")

main()
