#!/usr/bin/env bash
# Runs the end-to-end acceptance suite (Tests/EndToEnd) against the real s3uploader binary.
#
#   scripts/e2e.sh [pytest args...]
#
# Needs TEST_DATABASE_URL, TEST_S3_ENDPOINT, TEST_S3_ACCESS_KEY, TEST_S3_SECRET_KEY (TEST_S3_REGION
# optional), set by `make test`; without them the suite is skipped (fails with REQUIRE_SERVICES=1).
# S3UPLOADER_BIN picks the binary (default .build/debug/s3uploader). Exits with pytest's code.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
  -r Tests/EndToEnd/requirements.txt >&2 || echo "e2e: pip install failed; trying with what is installed" >&2
exec python3 -m pytest -q Tests/EndToEnd "$@"
