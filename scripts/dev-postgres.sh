#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for development and tests: initdb in a folder, 127.0.0.1 on a free port,
# stopped by the PID it recorded.
#
#   scripts/dev-postgres.sh start [DIR]   starts (reusing DIR's cluster if there is one); writes DIR/env
#   scripts/dev-postgres.sh stop  [DIR]   stops the postmaster recorded in DIR
#   scripts/dev-postgres.sh url   [DIR]   prints the DATABASE_URL of a running cluster
#
# DIR defaults to ./.data/postgres. DIR/env holds `DATABASE_URL=...` for `source`.
set -euo pipefail
cmd="${1:-start}"
dir="${2:-${PG_DIR:-./.data/postgres}}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"

pg_bin() {
  local b
  for b in /usr/lib/postgresql/*/bin; do [ -x "$b/initdb" ] && { echo "$b"; return; }; done
  return 1
}

install_postgres() {
  pg_bin >/dev/null 2>&1 && return
  echo "dev-postgres: installing PostgreSQL (apt)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends postgresql >/dev/null
}

as_owner() {  # initdb and postgres refuse to run as root
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

running_pid() {
  [ -f "$dir/data/postmaster.pid" ] || return 1
  local pid; pid=$(head -1 "$dir/data/postmaster.pid")
  kill -0 "$pid" 2>/dev/null && echo "$pid"
}

case "$cmd" in
start)
  install_postgres
  bin=$(pg_bin)
  if pid=$(running_pid); then cat "$dir/env"; exit 0; fi
  if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    as_owner "$bin/initdb" -D "$dir/data" --auth=trust --username=postgres --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
  fi
  port=$(free_port)
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=off -c max_connections=500" >/dev/null \
    || { tail -20 "$dir/postgres.log" >&2; exit 1; }
  echo "DATABASE_URL=postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable" > "$dir/env"
  cat "$dir/env"
  ;;
stop)
  if pid=$(running_pid); then
    kill -INT "$pid"
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  ;;
url)
  running_pid >/dev/null || { echo "dev-postgres: not running in $dir" >&2; exit 1; }
  sed -n 's/^DATABASE_URL=//p' "$dir/env"
  ;;
*) echo "usage: $0 start|stop|url [DIR]" >&2; exit 2 ;;
esac
