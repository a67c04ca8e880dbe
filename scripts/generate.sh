#!/usr/bin/env bash
# `make generate`: a readable copy of what the build plugin generates, in .generated/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh build
scripts/swift-build.sh --product sqlgen
"$(swift build --show-bin-path)/sqlgen" generate --config sqlgen.yaml --output .generated/Database
echo "generated code: .generated/Database"
