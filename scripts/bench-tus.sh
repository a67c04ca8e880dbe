#!/usr/bin/env bash
# tus throughput ÷ direct upload through `POST /upload`, measured side by side in one run (issue 6).
#
#   scripts/bench-tus.sh
#
# Builds the release binary, starts PostgreSQL and RGW in a temporary folder (or uses running ones with
# BENCH_USE_RUNNING=1 and TEST_DATABASE_URL / TEST_S3_*), then for each round: (a) curl -F posts the file
# to POST /upload, (b) a tus client creates an upload and PATCHes the file in BENCH_TUS_CHUNK_MIB pieces
# (8 by default). Prints both throughputs, the ratio tus ÷ direct and the server's peak RSS over idle.
# Fails only if an upload fails, never on timing.
#
# Knobs: BENCH_SIZE_MIB (1024), BENCH_ROUNDS (1), BENCH_TUS_CHUNK_MIB (8), S3UPLOADER_BIN, BENCH_USE_RUNNING.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
size_mib="${BENCH_SIZE_MIB:-1024}"
rounds="${BENCH_ROUNDS:-1}"
work=$(mktemp -d /tmp/s3uploader-bench.XXXXXX)
chmod 755 "$work"  # the postgres user must reach its data folder inside
server_pid="" sampler_pid="" started_pg="" started_rgw=""

log() { echo "bench: $*" >&2; }

cleanup() {
  [ -n "$sampler_pid" ] && kill "$sampler_pid" 2>/dev/null || true
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  [ -n "$started_rgw" ] && scripts/dev-s3.sh stop "$work/rgw" >/dev/null 2>&1 || true
  [ -n "$started_pg" ] && scripts/dev-postgres.sh stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- binary ------------------------------------------------------------------------------------------
if [ -n "${S3UPLOADER_BIN:-}" ]; then
  bin="$S3UPLOADER_BIN"
else
  log "release build (swift build -c release --product s3uploader)..."
  swift build -c release --product s3uploader >&2
  bin="$(swift build -c release --show-bin-path)/s3uploader"
fi
[ -x "$bin" ] || { log "no binary at $bin"; exit 1; }
python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
  -r Tests/EndToEnd/requirements.txt >&2

# --- services ----------------------------------------------------------------------------------------
if [ "${BENCH_USE_RUNNING:-}" = 1 ]; then
  admin_url="$TEST_DATABASE_URL"
  export S3_ENDPOINT_URL="$TEST_S3_ENDPOINT" S3_ACCESS_KEY="$TEST_S3_ACCESS_KEY" \
         S3_SECRET_KEY="$TEST_S3_SECRET_KEY" S3_REGION_NAME="${TEST_S3_REGION:-us-east-1}"
else
  log "starting PostgreSQL and RGW in $work..."
  started_pg=1
  scripts/dev-postgres.sh start "$work/pg" >/dev/null
  admin_url=$(scripts/dev-postgres.sh url "$work/pg")
  started_rgw=1
  scripts/dev-s3.sh start "$work/rgw" >/dev/null
  set -a; . "$work/rgw/env"; set +a
fi
suffix=$(python3 -c 'import secrets; print(secrets.token_hex(4))')
bucket="bench-$suffix"
database="bench_$suffix"
psql -X -q -v ON_ERROR_STOP=1 -d "$admin_url" -c "CREATE DATABASE \"$database\"" >/dev/null
database_url=$(python3 -c '
import sys; from urllib.parse import urlsplit, urlunsplit
p = urlsplit(sys.argv[1]); print(urlunsplit((p.scheme, p.netloc, "/" + sys.argv[2], p.query, p.fragment)))' \
  "$admin_url" "$database")
drop_database() { psql -X -q -d "$admin_url" -c "DROP DATABASE IF EXISTS \"$database\" WITH (FORCE)" >/dev/null 2>&1 || true; }

# One Python helper for S3 chores (boto3) and tokens (PyJWT): bench_py COMMAND ARGS...
bench_py() {
  python3 - "$@" <<'PY'
import hashlib, os, sys, time
cmd, args = sys.argv[1], sys.argv[2:]
def s3():
    import boto3
    from botocore.config import Config
    return boto3.client("s3", endpoint_url=os.environ["S3_ENDPOINT_URL"], region_name=os.environ["S3_REGION_NAME"],
        aws_access_key_id=os.environ["S3_ACCESS_KEY"], aws_secret_access_key=os.environ["S3_SECRET_KEY"],
        config=Config(signature_version="s3v4", s3={"addressing_style": "path"},
                      request_checksum_calculation="when_required", response_checksum_validation="when_required"))
if cmd == "payload":  # path size_mib → sha256; a random MiB stamped with its index, repeated
    block, digest = bytearray(os.urandom(1 << 20)), hashlib.sha256()
    with open(args[0], "wb") as out:
        for index in range(int(args[1])):
            block[:8] = index.to_bytes(8, "big"); out.write(block); digest.update(block)
    print(digest.hexdigest())
elif cmd == "create-bucket":
    s3().create_bucket(Bucket=args[0])
elif cmd == "presign-put":
    print(s3().generate_presigned_url("put_object", Params={"Bucket": args[0], "Key": args[1]}, ExpiresIn=3600))
elif cmd == "head-size":
    print(s3().head_object(Bucket=args[0], Key=args[1])["ContentLength"])
elif cmd == "drop-bucket":
    client = s3()
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=args[0]):
        for item in page.get("Contents", []):
            client.delete_object(Bucket=args[0], Key=item["Key"])
    for upload in client.list_multipart_uploads(Bucket=args[0]).get("Uploads", []):
        client.abort_multipart_upload(Bucket=args[0], Key=upload["Key"], UploadId=upload["UploadId"])
    client.delete_bucket(Bucket=args[0])
elif cmd == "token":  # secret sub
    import jwt
    now = int(time.time())
    print(jwt.encode({"sub": args[1], "iat": now, "exp": now + 7200}, args[0], algorithm="HS256"))
elif cmd == "free-port":
    import socket
    s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])
PY
}

bench_py create-bucket "$bucket"
trap 'bench_py drop-bucket "$bucket" >/dev/null 2>&1 || true; drop_database; cleanup' EXIT

log "writing a ${size_mib} MiB payload..."
payload="$work/payload.bin"
payload_sha=$(bench_py payload "$payload" "$size_mib")
size_bytes=$((size_mib * 1024 * 1024))

# --- server ------------------------------------------------------------------------------------------
secret=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
port=$(bench_py free-port)
env -i PATH="$PATH" HOME="$HOME" HOST=127.0.0.1 PORT="$port" DATABASE_URL="$database_url" \
  STORAGE_BACKEND=s3 S3_ENDPOINT_URL="$S3_ENDPOINT_URL" S3_REGION_NAME="$S3_REGION_NAME" S3_BUCKET_NAME="$bucket" \
  S3_ACCESS_KEY="$S3_ACCESS_KEY" S3_SECRET_KEY="$S3_SECRET_KEY" JWT_HMAC_SECRET="$secret" JWT_ALGORITHMS=HS256 \
  MAX_UPLOAD_BYTES=$((size_bytes * 2)) LOG_LEVEL=warning "$bin" serve >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 300); do
  curl -fs -o /dev/null "http://127.0.0.1:$port/readyz" && break
  kill -0 "$server_pid" 2>/dev/null || { log "server exited:"; tail -30 "$work/server.log" >&2; exit 1; }
  sleep 0.2
done
curl -fs -o /dev/null "http://127.0.0.1:$port/readyz" || { log "server not ready"; tail -30 "$work/server.log" >&2; exit 1; }
token=$(bench_py token "$secret" bench-user)

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$server_pid/status"; }
idle_kib=$(rss_kib)
( peak=0; while kill -0 "$server_pid" 2>/dev/null; do
    now=$(awk '/^VmRSS:/ {print $2}' "/proc/$server_pid/status" 2>/dev/null || echo 0)
    [ "${now:-0}" -gt "$peak" ] && { peak=$now; echo "$peak" > "$work/peak"; }
    sleep 0.2
  done ) &
sampler_pid=$!

# --- rounds ------------------------------------------------------------------------------------------
chunk_mib="${BENCH_TUS_CHUNK_MIB:-8}"
best_direct=0 best_tus=0
mbps() { python3 -c "import sys; print(f'{int(sys.argv[1]) / float(sys.argv[2]) / 1e6:.1f}')" "$size_bytes" "$1"; }
tus_upload() {  # base_url token path chunk_mib expected_sha → seconds
  python3 - "$@" <<'PY'
import base64, sys, time, requests
base, token, path, chunk_mib, expected = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
import os
size = os.path.getsize(path)
session = requests.Session()
auth = {"Authorization": "Bearer " + token, "Tus-Resumable": "1.0.0"}
started = time.monotonic()
created = session.post(base + "/tus/", headers={**auth, "Upload-Length": str(size),
                       "Upload-Metadata": "filename " + base64.b64encode(b"tus-bench.bin").decode()})
assert created.status_code == 201, created.text
url = requests.compat.urljoin(base + "/tus/", created.headers["Location"])
offset = 0
with open(path, "rb") as source:
    while chunk := source.read(chunk_mib << 20):
        reply = session.patch(url, data=chunk, headers={**auth, "Upload-Offset": str(offset),
                              "Content-Type": "application/offset+octet-stream"})
        assert reply.status_code == 204, reply.text
        offset += len(chunk)
seconds = time.monotonic() - started
file_id = session.head(url, headers=auth).headers["Upload-File-Id"]
described = session.get(f"{base}/files/{file_id}", headers=auth).json()
assert described["sha256"] == expected, described
print(f"{seconds:.3f}")
PY
}
for round in $(seq 1 "$rounds"); do
  read -r code seconds < <(curl -sS -o "$work/service.out" -w '%{http_code} %{time_total}\n' \
    -H "Authorization: Bearer $token" -F "file=@$payload;filename=round-$round.bin;type=application/octet-stream" \
    "http://127.0.0.1:$port/upload")
  [ "$code" = 201 ] || { log "POST /upload answered $code: $(head -c 500 "$work/service.out")"; exit 1; }
  grep -q "\"$payload_sha\"" "$work/service.out" || { log "sha256 mismatch: $(cat "$work/service.out")"; exit 1; }
  direct=$(mbps "$seconds")
  log "round $round: POST /upload ${seconds}s = ${direct} MB/s"

  seconds=$(tus_upload "http://127.0.0.1:$port" "$token" "$payload" "$chunk_mib" "$payload_sha")
  tus=$(mbps "$seconds")
  log "round $round: tus in ${chunk_mib} MiB PATCHes ${seconds}s = ${tus} MB/s"

  best_direct=$(python3 -c "import sys; print(max(map(float, sys.argv[1:])))" "$best_direct" "$direct")
  best_tus=$(python3 -c "import sys; print(max(map(float, sys.argv[1:])))" "$best_tus" "$tus")
done
kill "$sampler_pid" 2>/dev/null || true; wait "$sampler_pid" 2>/dev/null || true; sampler_pid=""
peak_kib=$(cat "$work/peak" 2>/dev/null || echo "$idle_kib")
[ "$peak_kib" -ge "$idle_kib" ] || peak_kib=$idle_kib

python3 - "$size_mib" "$rounds" "$best_direct" "$best_tus" "$idle_kib" "$peak_kib" "$chunk_mib" <<'PY'
import sys
size_mib, rounds, direct, tus, idle, peak, chunk = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), sys.argv[7]
print(f"payload              {size_mib} MiB, best of {rounds} round(s)")
print(f"POST /upload         {direct:8.1f} MB/s")
print(f"tus ({chunk} MiB PATCHes) {tus:8.1f} MB/s")
print(f"ratio tus / direct   {tus / direct if direct else 0.0:8.3f}")
print(f"server RSS           idle {idle / 1024:.1f} MiB, peak {peak / 1024:.1f} MiB, peak - idle {(peak - idle) / 1024:.1f} MiB")
PY
