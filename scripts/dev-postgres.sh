#!/usr/bin/env bash
# A PostgreSQL cluster for development and tests (kept until `remove`): initdb in a folder, 127.0.0.1 on a
# free port, stopped by the PID it recorded.
#
#   scripts/dev-postgres.sh start  [DIR]   starts (reusing DIR's cluster if there is one); writes DIR/env
#   scripts/dev-postgres.sh stop   [DIR]   stops the postmaster recorded in DIR
#   scripts/dev-postgres.sh url    [DIR]   prints the DATABASE_URL of a running cluster
#   scripts/dev-postgres.sh remove [DIR]   stops it and deletes the cluster and DIR (every row is lost)
#
# DIR defaults to ./.data/postgres. DIR/env holds `DATABASE_URL=...` for `source`.
#
# As root, initdb and the server run as the `postgres` user, who must be able to reach the data folder.
# A checkout in a private folder (/root is mode 700) is out of its reach: the cluster then lives in a
# folder of its own under /var/tmp (one per DIR) and DIR/data is a link to it. A failed start prints one
# line saying why and exits non-zero.
set -euo pipefail
cmd="${1:-start}"
dir="${2:-${PG_DIR:-./.data/postgres}}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
relocated_root=/var/tmp/s3uploader-postgres

fail() { echo "dev-postgres: $*" >&2; exit 1; }

pg_bin() {
  local b
  for b in /usr/lib/postgresql/*/bin; do [ -x "$b/initdb" ] && { echo "$b"; return; }; done
  return 1
}

install_postgres() {
  pg_bin >/dev/null 2>&1 && return
  echo "dev-postgres: installing PostgreSQL (apt)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql; } >/dev/null 2>&1 \
    || fail "PostgreSQL is not installed and apt-get could not install it (try: apt-get install postgresql)"
}

as_root() { [ "$(id -u)" = 0 ]; }

as_owner() {  # initdb and postgres refuse to run as root; "/" because the caller's folder may be private
  if as_root; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

# True when the server's user can create files in folder $1 (every parent must be traversable).
owner_reaches() {
  if as_root; then chown postgres "$1" && (cd / && runuser -u postgres -- test -x "$1" -a -w "$1"); else test -w "$1"; fi
}

# The folder the server writes to (data/, its log, its socket): DIR itself, or, when DIR is out of the
# server user's reach, a folder under /var/tmp named after DIR, which DIR/data then links to.
cluster_home() {
  if [ -L "$dir/data" ]; then dirname "$(readlink "$dir/data")"; return; fi
  if owner_reaches "$dir" || [ -d "$dir/data" ]; then echo "$dir"; return; fi
  echo "$relocated_root/$(basename "$(dirname "$(dirname "$dir")")")-$(printf %s "$dir" | sha256sum | cut -c1-12)"
}

prepare_home() {
  local home="$1"
  [ "$home" = "$dir" ] && return
  mkdir -p "$relocated_root" && chmod 755 "$relocated_root"
  mkdir -p "$home"
  if as_root; then chown postgres "$home"; fi
  chmod 700 "$home"
  ln -sfn "$home/data" "$dir/data"
  owner_reaches "$home" || fail "neither $dir nor $home is writable by the postgres user"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

running_pid() {
  [ -f "$dir/data/postmaster.pid" ] || return 1
  local pid; pid=$(head -1 "$dir/data/postmaster.pid")
  kill -0 "$pid" 2>/dev/null && echo "$pid"
}

# The first line of log $1 that says what went wrong (else its last line).
first_error() {
  grep -m1 -E 'error:|FATAL|PANIC' "$1" 2>/dev/null || grep -m1 -iE 'could not|denied|no such' "$1" 2>/dev/null \
    || tail -n1 "$1" 2>/dev/null || true
}

stop() {
  local pid
  if pid=$(running_pid); then
    kill -INT "$pid"
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
}

start() {
  install_postgres
  local bin home port socket_dir log pid
  bin=$(pg_bin)
  if pid=$(running_pid); then cat "$dir/env"; return 0; fi
  home=$(cluster_home)
  prepare_home "$home"
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    as_owner "$bin/initdb" -D "$home/data" --auth=trust --username=postgres --encoding=UTF8 --locale=C.UTF-8 \
      >"$dir/initdb.log" 2>&1 || fail "initdb failed: $(first_error "$dir/initdb.log") (log: $dir/initdb.log)"
  fi
  port=$(free_port)
  log="$home/postgres.log"
  # Clients use TCP; the socket is only for psql -h. A socket path longer than the kernel's 107 bytes
  # would stop the server, so a deep folder simply gets none.
  socket_dir="$home"; [ ${#home} -le 80 ] || socket_dir=""
  as_owner "$bin/pg_ctl" -D "$home/data" -l "$log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$socket_dir' -c fsync=off -c max_connections=500" \
    >"$dir/pg_ctl.log" 2>&1 || {
      [ -s "$log" ] || log="$dir/pg_ctl.log"
      fail "PostgreSQL did not start: $(first_error "$log") (log: $log)"
    }
  echo "DATABASE_URL=postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable" > "$dir/env"
  cat "$dir/env"
}

remove() {
  stop
  if [ -L "$dir/data" ]; then
    local home; home=$(dirname "$(readlink "$dir/data")")
    case "$home" in "$relocated_root"/*) rm -rf "$home" ;; esac
  fi
  rm -rf "$dir"
}

case "$cmd" in
start) start ;;
stop) stop ;;
remove) remove ;;
url)
  running_pid >/dev/null || fail "not running in $dir"
  sed -n 's/^DATABASE_URL=//p' "$dir/env"
  ;;
*) echo "usage: $0 start|stop|url|remove [DIR]" >&2; exit 2 ;;
esac
