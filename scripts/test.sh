#!/usr/bin/env bash
# `make test`: installs what is missing, starts a throwaway PostgreSQL and a single-node Ceph RGW,
# runs every test (Swift unit + integration, then the end-to-end suite with real clients), and stops
# the services even when a test fails.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/first-build.sh
scripts/install-deps.sh test

work="$(mktemp -d /tmp/s3uploader-test.XXXXXX)"
chmod 755 "$work"
build=""
cleanup() {
  # A service that fails to start ends the run here: the build must not go on alone.
  [ -z "$build" ] || kill "$build" 2>/dev/null || true
  scripts/dev-seaweedfs.sh stop "$work/seaweedfs" || true
  scripts/dev-s3.sh stop "$work/rgw" || true
  scripts/dev-postgres.sh stop "$work/postgres" || true
  # The OSD's store grows to gigabytes; runs that leave it behind fill the disk, and ceph-mon then
  # refuses to start (ENOSPC below 5% free).
  rm -rf "$work"
}
trap cleanup EXIT

# Build while the services start.
first_build_notice
scripts/swift-build.sh --build-tests >"$work/build.log" 2>&1 &
build=$!
scripts/dev-postgres.sh start "$work/postgres" >/dev/null
scripts/dev-s3.sh start "$work/rgw" >/dev/null
scripts/dev-seaweedfs.sh start "$work/seaweedfs" >/dev/null

status=0
# The development scripts themselves (make run from a private folder, make reset, make help, ...).
python3 -m pytest -q Tests/Scripts || status=$?

wait "$build" || { build=""; tail -n 60 "$work/build.log"; echo "make test: the build failed" >&2; exit 1; }
build=""
# The build stays warning-free: a warning in the project's own code fails the run.
scripts/check-warnings.sh "$work/build.log" || status=1
# Style (.swift-format): a finding fails the run (`make lint` lists them, `make format` fixes most);
# LINT_STRICT=0 only reports them.
if ! swift format lint --strict --recursive --parallel Sources codegen Tests Plugins Package.swift >"$work/lint.log" 2>&1; then
  cat "$work/lint.log" >&2
  echo "make test: $(grep -c 'warning:\|error:' "$work/lint.log") style finding(s); \`make lint\` lists them, \`make format\` fixes most" >&2
  [ "${LINT_STRICT:-1}" = 0 ] || status=1
fi

set -a
. "$work/postgres/env"
. "$work/rgw/env"
set +a
export TEST_DATABASE_URL="$DATABASE_URL" TEST_S3_ENDPOINT="$S3_ENDPOINT_URL" TEST_S3_ACCESS_KEY="$S3_ACCESS_KEY" \
       TEST_S3_SECRET_KEY="$S3_SECRET_KEY" TEST_S3_REGION="${S3_REGION_NAME:-us-east-1}" REQUIRE_SERVICES=1
unset DATABASE_URL
# SeaweedFS, the stricter second S3 target (read in a subshell: its env file uses the same S3_* names).
read -r TEST_SEAWEEDFS_ENDPOINT TEST_SEAWEEDFS_ACCESS_KEY TEST_SEAWEEDFS_SECRET_KEY < <(
  . "$work/seaweedfs/env"; echo "$S3_ENDPOINT_URL $S3_ACCESS_KEY $S3_SECRET_KEY")
export TEST_SEAWEEDFS_ENDPOINT TEST_SEAWEEDFS_ACCESS_KEY TEST_SEAWEEDFS_SECRET_KEY

swift test --skip-build || status=$?
scripts/check-regeneration.sh || status=$?
S3UPLOADER_BIN="$(swift build --show-bin-path)/s3uploader" scripts/e2e.sh || status=$?
exit $status
