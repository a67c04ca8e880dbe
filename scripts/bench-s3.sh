#!/usr/bin/env bash
# S3 client throughput next to boto3's, against the same RGW in one run: PutObject (BENCH_PUT_COUNT objects of
# BENCH_PUT_MIB MiB) and UploadPart (BENCH_PARTS parts of BENCH_PART_MIB MiB), BENCH_CONCURRENCY requests in
# flight, both clients signing payloads (SHA-256). Rounds alternate Swift/boto3; the best round of each counts.
#
#   scripts/bench-s3.sh
#
# Builds `s3bench` in release mode, starts RGW in a temporary folder (scripts/dev-s3.sh) unless
# BENCH_USE_RUNNING=1 (then TEST_S3_ENDPOINT/TEST_S3_ACCESS_KEY/TEST_S3_SECRET_KEY are used), and stops what it
# started. Knobs: BENCH_ROUNDS (2), S3BENCH_BIN (skip the build). Never fails on timing, only on errors.
set -euo pipefail
cd "$(dirname "$0")/.."
export BENCH_PUT_MIB="${BENCH_PUT_MIB:-16}" BENCH_PUT_COUNT="${BENCH_PUT_COUNT:-16}" \
       BENCH_PART_MIB="${BENCH_PART_MIB:-16}" BENCH_PARTS="${BENCH_PARTS:-16}" BENCH_CONCURRENCY="${BENCH_CONCURRENCY:-4}"
rounds="${BENCH_ROUNDS:-2}"
work=$(mktemp -d /tmp/s3bench.XXXXXX)
started_rgw=""
log() { echo "bench-s3: $*" >&2; }
cleanup() {
  [ -n "$started_rgw" ] && scripts/dev-s3.sh stop "$work/rgw" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

. scripts/lib/release-binary.sh
bin=$(release_binary s3bench "${S3BENCH_BIN:-}") || exit 1
python3 -c 'import boto3' 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check boto3 >&2

if [ "${BENCH_USE_RUNNING:-}" = 1 ]; then
  export S3_ENDPOINT_URL="$TEST_S3_ENDPOINT" S3_ACCESS_KEY="$TEST_S3_ACCESS_KEY" S3_SECRET_KEY="$TEST_S3_SECRET_KEY" \
         S3_REGION_NAME="${TEST_S3_REGION:-us-east-1}"
else
  log "starting RGW in $work/rgw..."
  started_rgw=1
  scripts/dev-s3.sh start "$work/rgw" >/dev/null
  set -a; . "$work/rgw/env"; set +a
fi

boto3_bench() {
  python3 - <<'PY'
import json, os, time, uuid
from concurrent.futures import ThreadPoolExecutor
import boto3
from botocore.config import Config

env = os.environ
mib = 1024 * 1024
put_size, put_count = int(env["BENCH_PUT_MIB"]) * mib, int(env["BENCH_PUT_COUNT"])
part_size, parts = int(env["BENCH_PART_MIB"]) * mib, int(env["BENCH_PARTS"])
concurrency = int(env["BENCH_CONCURRENCY"])
s3 = boto3.client(
    "s3", endpoint_url=env["S3_ENDPOINT_URL"], aws_access_key_id=env["S3_ACCESS_KEY"],
    aws_secret_access_key=env["S3_SECRET_KEY"], region_name=env.get("S3_REGION_NAME", "us-east-1"),
    config=Config(s3={"addressing_style": "path", "payload_signing_enabled": True}, max_pool_connections=concurrency,
                  request_checksum_calculation="when_required", response_checksum_validation="when_required",
                  retries={"max_attempts": 3, "mode": "standard"}))
bucket = "boto3bench-" + uuid.uuid4().hex[:12]
s3.create_bucket(Bucket=bucket)
put_body, part_body = os.urandom(put_size), os.urandom(part_size)
s3.put_object(Bucket=bucket, Key="warmup", Body=b"w")

def timed(count, job):
    start = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(job, range(count)))
    return time.perf_counter() - start, results

put_seconds, _ = timed(put_count, lambda i: s3.put_object(Bucket=bucket, Key=f"put/{i}", Body=put_body))
upload_id = s3.create_multipart_upload(Bucket=bucket, Key="multipart")["UploadId"]
part_seconds, etags = timed(parts, lambda i: s3.upload_part(
    Bucket=bucket, Key="multipart", UploadId=upload_id, PartNumber=i + 1, Body=part_body)["ETag"])
s3.complete_multipart_upload(Bucket=bucket, Key="multipart", UploadId=upload_id,
    MultipartUpload={"Parts": [{"PartNumber": i + 1, "ETag": e} for i, e in enumerate(etags)]})
keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]
s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in keys]})
s3.delete_bucket(Bucket=bucket)
print(json.dumps({"client": "boto3", "put_mib_s": round(put_size * put_count / mib / put_seconds, 1),
                  "part_mib_s": round(part_size * parts / mib / part_seconds, 1),
                  "put_seconds": round(put_seconds, 3), "part_seconds": round(part_seconds, 3)}))
PY
}

log "PutObject ${BENCH_PUT_COUNT}x${BENCH_PUT_MIB} MiB, UploadPart ${BENCH_PARTS}x${BENCH_PART_MIB} MiB, concurrency ${BENCH_CONCURRENCY}, ${rounds} round(s) against $S3_ENDPOINT_URL"
: > "$work/results"
for round in $(seq 1 "$rounds"); do
  "$bin" | tee -a "$work/results" >&2
  boto3_bench | tee -a "$work/results" >&2
done

python3 - "$work/results" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
best = {c: {k: max(r[k] for r in rows if r["client"] == c) for k in ("put_mib_s", "part_mib_s")} for c in ("swift", "boto3")}
print(f"{'operation':<12} {'S3Client MiB/s':>15} {'boto3 MiB/s':>12} {'ratio':>7}")
for key, name in (("put_mib_s", "PutObject"), ("part_mib_s", "UploadPart")):
    swift, boto = best["swift"][key], best["boto3"][key]
    print(f"{name:<12} {swift:>15.1f} {boto:>12.1f} {swift / boto:>7.2f}")
PY
