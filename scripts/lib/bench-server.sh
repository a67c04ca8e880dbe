# Shared by the upload benchmarks (scripts/bench.sh, scripts/bench-tus.sh); sourced, not run.
# Builds or takes the release binary, starts PostgreSQL and RGW (or uses running ones with
# BENCH_USE_RUNNING=1), makes a bucket and the payload, starts the server and samples its RSS.
# Leaves: $bin $work $port $token $payload $payload_sha $size_bytes $size_mib $rounds $bucket
# $server_pid $idle_kib, and the functions below.
root=$(pwd)
size_mib="${BENCH_SIZE_MIB:-1024}"
rounds="${BENCH_ROUNDS:-1}"
work=$(mktemp -d /tmp/s3uploader-bench.XXXXXX)
chmod 755 "$work"  # the postgres user must reach its data folder inside
server_pid="" sampler_pid="" started_pg="" started_rgw=""

log() { echo "bench: $*" >&2; }

cleanup() {
  [ -n "$sampler_pid" ] && kill "$sampler_pid" 2>/dev/null || true
  for extra in $extra_servers; do kill -TERM "$extra" 2>/dev/null || true; done
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
. scripts/lib/release-binary.sh
bin=$(release_binary s3uploader "${S3UPLOADER_BIN:-}") || exit 1
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
extra_servers=""

# start_server LOG [VAR=VALUE...] → prints "PID PORT" of a server ready on a free port, on the bench's
# database and bucket, with the extra variables (e.g. S3_PAYLOAD_SIGNING=signed).
start_server() {
  local log_file=$1 port pid; shift
  port=$(bench_py free-port)
  env -i PATH="$PATH" HOME="$HOME" HOST=127.0.0.1 PORT="$port" DATABASE_URL="$database_url" \
    STORAGE_BACKEND=s3 S3_ENDPOINT_URL="$S3_ENDPOINT_URL" S3_REGION_NAME="$S3_REGION_NAME" S3_BUCKET_NAME="$bucket" \
    S3_ACCESS_KEY="$S3_ACCESS_KEY" S3_SECRET_KEY="$S3_SECRET_KEY" JWT_HMAC_SECRET="$secret" JWT_ALGORITHMS=HS256 \
    MAX_UPLOAD_BYTES=$((size_bytes * 2)) LOG_LEVEL=warning ${BENCH_SERVER_ENV:-} "$@" "$bin" serve >"$log_file" 2>&1 &
  pid=$!
  for _ in $(seq 1 300); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/readyz" && break
    kill -0 "$pid" 2>/dev/null || { log "server exited:"; tail -30 "$log_file" >&2; return 1; }
    sleep 0.2
  done
  curl -fs -o /dev/null "http://127.0.0.1:$port/readyz" || { log "server not ready"; tail -30 "$log_file" >&2; return 1; }
  echo "$pid $port"
}

# The server measured: object bodies unsigned unless S3_PAYLOAD_SIGNING says otherwise, like the
# presigned PUT it is compared with (UNSIGNED-PAYLOAD).
read -r server_pid port < <(start_server "$work/server.log" S3_PAYLOAD_SIGNING="${S3_PAYLOAD_SIGNING:-unsigned}") \
  || { log "server did not start"; exit 1; }
token=$(bench_py token "$secret" bench-user)

# --- CPU accounting ----------------------------------------------------------------------------------
# The S3 side's processes (RGW, OSD, monitor) when known: started here, or BENCH_S3_PIDS_FILE.
s3_pids_file="${BENCH_S3_PIDS_FILE:-}"
[ -n "$started_rgw" ] && s3_pids_file="$work/rgw/pids"
# cpu_ticks PID... → user+system clock ticks of those processes (0 for unknown ones)
cpu_ticks() {
  local total=0 pid t
  for pid in "$@"; do
    t=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)
    total=$((total + t))
  done
  echo "$total"
}
s3_pids() { [ -n "$s3_pids_file" ] && [ -s "$s3_pids_file" ] && cat "$s3_pids_file" || true; }
# busy_ticks → clock ticks the whole machine spent busy (all cores)
busy_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat; }
ticks_per_second=$(getconf CLK_TCK)
seconds_of() { python3 -c "import sys; print(f'{int(sys.argv[1]) / int(sys.argv[2]):.2f}')" "$1" "$ticks_per_second"; }

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$server_pid/status"; }
idle_kib=$(rss_kib)
( peak=0; while kill -0 "$server_pid" 2>/dev/null; do
    now=$(awk '/^VmRSS:/ {print $2}' "/proc/$server_pid/status" 2>/dev/null || echo 0)
    [ "${now:-0}" -gt "$peak" ] && { peak=$now; echo "$peak" > "$work/peak"; }
    sleep 0.2
  done ) &
sampler_pid=$!

mbps() { python3 -c "import sys; print(f'{int(sys.argv[1]) / float(sys.argv[2]) / 1e6:.1f}')" "$size_bytes" "$1"; }
max_of() { python3 -c "import sys; print(max(map(float, sys.argv[1:])))" "$@"; }

# service_upload ROUND [PORT] → seconds of `curl -F file=@payload` to POST /upload (checks 201 and the sha256)
service_upload() {
  local code seconds
  read -r code seconds < <(curl -sS -o "$work/service.out" -w '%{http_code} %{time_total}\n' \
    -H "Authorization: Bearer $token" -F "file=@$payload;filename=round-$1.bin;type=application/octet-stream" \
    "http://127.0.0.1:${2:-$port}/upload")
  [ "$code" = 201 ] || { log "POST /upload answered $code: $(head -c 500 "$work/service.out")"; exit 1; }
  grep -q "\"$payload_sha\"" "$work/service.out" || { log "sha256 mismatch: $(cat "$work/service.out")"; exit 1; }
  echo "$seconds"
}

# stop_sampler → sets $peak_kib, the server's peak RSS while the rounds ran
stop_sampler() {
  kill "$sampler_pid" 2>/dev/null || true; wait "$sampler_pid" 2>/dev/null || true; sampler_pid=""
  peak_kib=$(cat "$work/peak" 2>/dev/null || echo "$idle_kib")
  [ "$peak_kib" -ge "$idle_kib" ] || peak_kib=$idle_kib
}
