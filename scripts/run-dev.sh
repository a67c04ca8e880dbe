#!/usr/bin/env bash
# `make run`: serve on the embedded default (local disk under ./.data/objects, a development PostgreSQL
# under ./.data/postgres, a development signing key) and print a ready-to-paste curl upload.
# Everything under .data is kept between runs; `make reset` clears it.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/first-build.sh
scripts/install-deps.sh run
first_build_notice
scripts/swift-build.sh --product s3uploader
bin="$(swift build --show-bin-path)/s3uploader"

# dev-postgres.sh says why when it can't start; set -e then stops here.
trap 'scripts/dev-postgres.sh stop .data/postgres' EXIT
scripts/dev-postgres.sh start .data/postgres >/dev/null
set -a; . .data/postgres/env; set +a

token=$("$bin" token --sub demo-user --key .data/dev-jwt-key.pem)
export STORAGE_BACKEND="${STORAGE_BACKEND:-local}"
export LOCAL_STORAGE_PATH="${LOCAL_STORAGE_PATH:-.data/objects}"
export JWT_PUBLIC_KEY_FILE=.data/dev-jwt-key.pub.pem JWT_ALGORITHMS=ES256
export HOST="${HOST:-127.0.0.1}" PORT="${PORT:-8080}"
base="http://$HOST:$PORT"

cat <<MSG

  s3uploader is starting on $base (storage: $STORAGE_BACKEND, database: $DATABASE_URL)
  A token for user "demo-user" (24 h; mint more with: $bin token --sub NAME):

  export TOKEN=$token
  curl -sS -H "Authorization: Bearer \$TOKEN" -F file=@README.md $base/upload
  curl -sS -H "Authorization: Bearer \$TOKEN" $base/files
  curl -sS -H "Authorization: Bearer \$TOKEN" -OJ $base/files/FILE_ID/content

  The database, the files and the key under .data are kept between runs; \`make reset\` clears them.

MSG
"$bin" serve
