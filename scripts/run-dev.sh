#!/usr/bin/env bash
# `make run`: serve on the embedded default (local disk under ./.data/objects, a throwaway PostgreSQL
# under ./.data/postgres, a development signing key) and print a ready-to-paste curl upload.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh run
swift build --product s3uploader
bin="$(swift build --show-bin-path)/s3uploader"

eval "$(scripts/dev-postgres.sh start .data/postgres | sed 's/^/export /')"
trap 'scripts/dev-postgres.sh stop .data/postgres' EXIT

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

MSG
"$bin" serve
