#!/usr/bin/env bash
# Issue 5's benchmark, in one run on 127.0.0.1: job throughput of the PostgreSQL queue, requests/s of
# the presign (POST /upload JSON) and status (GET /consult-status) endpoints, next to a direct
# `SELECT 1` round trip on the same PostgreSQL (pgbench), at the same concurrency.
#
#   scripts/bench-jobs.sh
#
# Builds the release binary (or uses S3UPLOADER_BIN), starts a throwaway PostgreSQL, serves with the
# local backend and no in-process workers, then: (1) presigns, uploads (the local /objects endpoint)
# and confirms BENCH_JOBS files (1000), (2) starts `s3uploader worker --workers BENCH_WORKERS` (4) and
# times the drain, (3) runs wrk (installed with apt when missing; a Python load generator otherwise)
# for BENCH_SECONDS (5) with BENCH_CONNECTIONS (16) connections against each endpoint, and pgbench
# with the same number of clients on `SELECT 1`. Stops what it started; never fails on timing.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs_count="${BENCH_JOBS:-1000}"
workers="${BENCH_WORKERS:-4}"
seconds="${BENCH_SECONDS:-5}"
connections="${BENCH_CONNECTIONS:-16}"
work=$(mktemp -d /tmp/s3uploader-bench-jobs.XXXXXX)
chmod 755 "$work"
server_pid="" worker_pid=""

log() { echo "bench-jobs: $*" >&2; }
stop_pid() {
  local pid="$1"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
  stop_pid "$worker_pid"
  stop_pid "$server_pid"
  scripts/dev-postgres.sh stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

. scripts/lib/release-binary.sh
bin=$(release_binary s3uploader "${S3UPLOADER_BIN:-}") || exit 1
if ! command -v wrk >/dev/null && command -v apt-get >/dev/null; then
  log "installing wrk with apt..."
  (apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y wrk >/dev/null 2>&1; }) || true
fi
pgbench=$(command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | head -1)
python3 -c 'import requests' 2>/dev/null || python3 -m pip install --quiet --root-user-action=ignore requests >&2

log "starting PostgreSQL in $work/pg..."
scripts/dev-postgres.sh start "$work/pg" >/dev/null
database_url=$(scripts/dev-postgres.sh url "$work/pg")
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
"$bin" token --sub bench --key "$work/jwt.pem" > "$work/token"
token=$(cat "$work/token")
export DATABASE_URL="$database_url" STORAGE_BACKEND=local LOCAL_STORAGE_PATH="$work/objects" \
       JWT_PUBLIC_KEY_FILE="$work/jwt.pub.pem" JWT_ALGORITHMS=ES256 LOG_LEVEL=warning \
       JOB_POLL_INTERVAL_SECONDS=1 LOCAL_UPLOAD_SIGNING_SECRET=bench-signing-secret
HOST=127.0.0.1 PORT="$port" WORKERS=0 "$bin" serve > "$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 300); do curl -fsS "$base/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fsS "$base/readyz" >/dev/null || { log "server not ready"; tail -20 "$work/server.log" >&2; exit 1; }

# --- 1. queue BENCH_JOBS confirmed uploads, no worker running ---------------------------------------
log "presigning, uploading and confirming $jobs_count files..."
python3 - "$base" "$token" "$jobs_count" > "$work/file_id" <<'PY'
import sys
from concurrent.futures import ThreadPoolExecutor
import requests
base, token, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
session = requests.Session()
headers = {"Authorization": f"Bearer {token}"}
def one(index):
    data = f"bench file {index}\n".encode()
    grant = session.post(base + "/upload", headers=headers, timeout=30,
                         json={"file_name": f"f{index}", "extension": "txt", "len": len(data), "type": "text/plain"}).json()
    sent = session.post(grant["url"], data=grant["fields"], files={"file": ("f.txt", data, "text/plain")}, timeout=30)
    assert sent.status_code == 204, sent.text
    confirmed = session.post(base + "/confirm-upload", headers=headers, json={"file_id": grant["file_id"]}, timeout=30)
    assert confirmed.status_code == 202, confirmed.text
    return grant["file_id"]
with ThreadPoolExecutor(max_workers=16) as pool:
    ids = list(pool.map(one, range(count)))
print(ids[-1])
PY
file_id=$(cat "$work/file_id")
pending() { psql -X -qAt -d "$database_url" -c "SELECT count(*) FROM jobs WHERE kind = 'process_upload' AND status <> 'done'"; }
queued=$(pending)

# --- 2. drain them with one worker process ---------------------------------------------------------
"$bin" worker --workers "$workers" > "$work/worker.log" 2>&1 &
worker_pid=$!
start=$(date +%s.%N)
while [ "$(pending)" != 0 ]; do
  kill -0 "$worker_pid" 2>/dev/null || { log "worker exited"; tail -20 "$work/worker.log" >&2; exit 1; }
  sleep 0.05
done
drain=$(python3 -c "print(f'{$(date +%s.%N) - $start:.2f}')")
completed=$(psql -X -qAt -d "$database_url" -c "SELECT count(*) FROM uploads WHERE status = 'completed'")
stop_pid "$worker_pid"; worker_pid=""

# --- 3. HTTP endpoints and SELECT 1 at the same concurrency ----------------------------------------
presign_body='{"file_name":"bench","extension":"txt","len":10,"type":"text/plain"}'
http_rps() {  # http_rps METHOD PATH [BODY] → requests/s
  local method="$1" path="$2" body="${3:-}"
  if command -v wrk >/dev/null; then
    cat > "$work/request.lua" <<LUA
wrk.method = "$method"
wrk.headers["Authorization"] = "Bearer $token"
wrk.headers["Content-Type"] = "application/json"
${body:+wrk.body = '$body'}
LUA
    wrk -t 2 -c "$connections" -d "${seconds}s" -s "$work/request.lua" "$base$path" 2>&1 | tee -a "$work/wrk.log" |
      awk '/Requests\/sec/ {print $2}'
  else
    python3 - "$method" "$base$path" "$token" "$body" "$connections" "$seconds" <<'PY'
import asyncio, sys, time
method, url, token, body, connections, seconds = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), float(sys.argv[6])
from urllib.parse import urlsplit
parts = urlsplit(url)
target = parts.path + (("?" + parts.query) if parts.query else "")
request = (f"{method} {target} HTTP/1.1\r\nHost: {parts.netloc}\r\nAuthorization: Bearer {token}\r\n"
           f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n{body}").encode()
async def client(deadline, counts):
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    while time.monotonic() < deadline:
        writer.write(request)
        head = await reader.readuntil(b"\r\n\r\n")
        length = next(int(l.split(b":")[1]) for l in head.split(b"\r\n") if l.lower().startswith(b"content-length"))
        await reader.readexactly(length)
        counts[0] += 1
    writer.close()
async def main():
    counts = [0]
    start = time.monotonic()
    await asyncio.gather(*(client(start + seconds, counts) for _ in range(connections)))
    print(f"{counts[0] / (time.monotonic() - start):.0f}")
asyncio.run(main())
PY
  fi
}
log "load: presign, status, SELECT 1 ($connections connections, ${seconds}s each)..."
presign_rps=$(http_rps POST /upload "$presign_body")
status_rps=$(http_rps GET "/consult-status?file_id=$file_id")
echo "SELECT 1;" > "$work/select1.sql"
select_tps=$("$pgbench" -n -c "$connections" -j 2 -T "$seconds" -f "$work/select1.sql" "$database_url" 2>/dev/null |
  awk '/^tps/ {print int($3)}')
select_latency=$("$pgbench" -n -c 1 -T 2 -f "$work/select1.sql" "$database_url" 2>/dev/null | awk '/latency average/ {print $4}')
status_latency=$(curl -s -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $token" "$base/consult-status?file_id=$file_id")

printf '\n%-46s %s\n' "bench-jobs ($(basename "$bin"), $connections connections)" "result"
printf '%-46s %s\n' "jobs queued / completed" "$queued / $completed"
printf '%-46s %s\n' "drain with $workers workers (s)" "$drain"
printf '%-46s %s\n' "jobs/s" "$(python3 -c "print(f'{$queued / max($drain, 0.001):.0f}')")"
printf '%-46s %s\n' "POST /upload (presign) requests/s" "${presign_rps:-?}"
printf '%-46s %s\n' "GET /consult-status requests/s" "${status_rps:-?}"
printf '%-46s %s\n' "PostgreSQL SELECT 1 transactions/s (pgbench)" "${select_tps:-?}"
printf '%-46s %s\n' "status ÷ SELECT 1" "$(python3 -c "print(f'{${status_rps:-0} / max(${select_tps:-1}, 1):.2f}')")"
printf '%-46s %s\n' "SELECT 1 latency, 1 client (ms)" "${select_latency:-?}"
printf '%-46s %s\n' "one status request with curl (ms)" "$(python3 -c "print(f'{$status_latency * 1000:.1f}')")"
