#!/usr/bin/env bash
# `make bench`: one release build, one PostgreSQL and one RGW, then every benchmark in turn, each
# printing its ratios measured side by side in the same run. Never fails on timing.
#   upload   1 GiB through POST /upload ÷ a direct presigned PUT, and peak RSS (scripts/bench.sh)
#   s3       S3Client PutObject/UploadPart ÷ boto3 (scripts/bench-s3.sh)
#   jobs     job drain rate, presign and status req/s beside SELECT 1 (scripts/bench-jobs.sh)
#   tus      tus PATCH upload ÷ POST /upload (scripts/bench-tus.sh)
#   sqlgen   sqlgen generate ÷ sqlc generate, incremental build after a .sql edit (scripts/bench-sqlgen.sh)
# BENCH_ONLY="upload tus" runs a subset.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh test
only="${BENCH_ONLY:-upload s3 jobs tus sqlgen}"

echo "bench: release build (s3uploader, s3bench, sqlgen)..." >&2
scripts/swift-build.sh -c release --product s3uploader >&2
scripts/swift-build.sh -c release --product s3bench >&2
scripts/swift-build.sh -c release --product sqlgen >&2
bin_dir="$(swift build -c release --show-bin-path)"
export S3UPLOADER_BIN="$bin_dir/s3uploader" S3BENCH_BIN="$bin_dir/s3bench" SQLGEN_BIN="$bin_dir/sqlgen"

work="$(mktemp -d /tmp/s3uploader-bench-all.XXXXXX)"
chmod 755 "$work"
trap 'scripts/dev-s3.sh stop "$work/rgw" || true; scripts/dev-postgres.sh stop "$work/postgres" || true; rm -rf "$work"' EXIT
scripts/dev-postgres.sh start "$work/postgres" >/dev/null
scripts/dev-s3.sh start "$work/rgw" >/dev/null
set -a; . "$work/postgres/env"; . "$work/rgw/env"; set +a
export BENCH_S3_PIDS_FILE="$work/rgw/pids" TEST_DATABASE_URL="$DATABASE_URL" TEST_S3_ENDPOINT="$S3_ENDPOINT_URL" TEST_S3_ACCESS_KEY="$S3_ACCESS_KEY" \
       TEST_S3_SECRET_KEY="$S3_SECRET_KEY" TEST_S3_REGION="${S3_REGION_NAME:-us-east-1}" BENCH_USE_RUNNING=1
unset DATABASE_URL

for name in $only; do
  echo; echo "=== bench: $name"
  case "$name" in
    upload) scripts/bench.sh ;;
    s3) scripts/bench-s3.sh ;;
    jobs) scripts/bench-jobs.sh ;;
    tus) scripts/bench-tus.sh ;;
    sqlgen) scripts/bench-sqlgen.sh ;;
    *) echo "bench: unknown benchmark $name" >&2 ;;
  esac || echo "bench: $name failed (exit $?)"
done
