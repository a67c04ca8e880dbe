#!/usr/bin/env bash
# A throwaway S3 server for development and tests: single-node Ceph (1 monitor + 1 bluestore OSD on a sparse
# file + radosgw) on 127.0.0.1, no systemd, no mgr, free ports, stopped by the PIDs it recorded.
#
#   scripts/dev-s3.sh start [DIR]   starts (or reports the running one); writes DIR/env; ~30 s
#   scripts/dev-s3.sh stop  [DIR]   stops the processes recorded in DIR/pids
#   scripts/dev-s3.sh env   [DIR]   prints DIR/env of a running server
#
# DIR defaults to ./.data/rgw. DIR/env holds S3_ENDPOINT_URL, S3_ACCESS_KEY, S3_SECRET_KEY, S3_REGION_NAME
# for `source`. Env knobs: OSD_SIZE_GB (40, sparse: only written bytes use disk), OSD_MEM_MB (1024), S3_ACCESS_KEY / S3_SECRET_KEY.
#
# Two settings are not obvious: with `auth ... = none`, radosgw still asks the monitor for a 'secure'
# connection (cephx only), so `ms mon client mode = crc` is needed; and without `cluster addr = 127.0.0.1`
# the OSD binds 0.0.0.0.
set -euo pipefail
cmd="${1:-start}"
dir="${2:-${RGW_DIR:-./.data/rgw}}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
osd_size_gb="${OSD_SIZE_GB:-40}"
osd_mem_mb="${OSD_MEM_MB:-1024}"
access_key="${S3_ACCESS_KEY:-0555b35654ad1656d804}"
secret_key="${S3_SECRET_KEY:-h7GhxuBLTrlhVUyxSPUKUV8r/2EI4ngqJxD7iBdBYLhwluN30JaT3Q==}"

log() { echo "dev-s3: $*" >&2; }

install_ceph() {
  command -v radosgw >/dev/null && command -v ceph-osd >/dev/null && command -v ceph-mon >/dev/null \
    && command -v ceph >/dev/null && return
  log "installing Ceph (apt)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends ceph-mon ceph-osd radosgw ceph-common >/dev/null
}

# Two distinct free TCP ports on 127.0.0.1.
free_ports() {
  python3 -c '
import socket
socks = []
for _ in range(2):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))'
}

# True when every recorded PID is alive.
running() {
  [ -s "$dir/pids" ] && [ -f "$dir/env" ] || return 1
  local p
  for p in $(cat "$dir/pids"); do kill -0 "$p" 2>/dev/null || return 1; done
}

# Stops only the PIDs this script recorded (rgw, osd, mon: reverse start order), waiting for each to exit.
stop_all() {
  [ -f "$dir/pids" ] || return 0
  local p i
  for p in $(tac "$dir/pids"); do kill "$p" 2>/dev/null || true; done
  for p in $(cat "$dir/pids"); do
    for i in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$p" 2>/dev/null && kill -9 "$p" 2>/dev/null || true
  done
  rm -f "$dir/pids" "$dir/env"
}

# Appends the PID in a daemon's pid file to DIR/pids once the file appears.
record_pid() {
  local file="$1" i
  for i in $(seq 1 50); do [ -s "$file" ] && break; sleep 0.2; done
  [ -s "$file" ] || { log "no pid file $file"; return 1; }
  cat "$file" >> "$dir/pids"
}

write_conf() {
  cat > "$conf" <<CONF
[global]
fsid = $fsid
mon host = v2:127.0.0.1:$mon_port
public addr = 127.0.0.1
cluster addr = 127.0.0.1
ms bind ipv6 = false
auth cluster required = none
auth service required = none
auth client required = none
ms mon client mode = crc
run dir = $dir/run
admin socket = $dir/run/\$name.asok
log file = $dir/log/\$name.log
pid file = $dir/run/\$name.pid
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
mon allow pool size one = true
mon allow pool delete = true
mon warn on pool no redundancy = false
mon data avail warn = 5
osd crush chooseleaf type = 0
[mon]
mon data = $dir/mon/\$id
mon cluster log file = $dir/log/cluster.log
[osd]
osd data = $dir/osd/\$id
osd objectstore = bluestore
bluestore block path = $dir/osd/\$id/block.file
bluestore block create = true
bluestore block size = $((osd_size_gb * 1024 * 1024 * 1024))
bluestore fsck on mount = false
osd memory target = $((osd_mem_mb * 1024 * 1024))
osd op num shards = 1
osd op num threads per shard = 2
[client.rgw.a]
rgw frontends = beast endpoint=127.0.0.1:$rgw_port
rgw dns name = localhost
rgw thread pool size = 64
# Reclaim deleted objects within a minute (defaults: 2 h), so long test and bench runs don't fill the OSD.
rgw gc obj min wait = 30
rgw gc processor period = 30
rgw gc processor max time = 30
CONF
}

start() {
  if running; then cat "$dir/env"; return 0; fi
  install_ceph
  local t0; t0=$(date +%s)
  stop_all
  rm -rf "$dir"/{mon,osd,run,log,ceph.conf,monmap,env}
  mkdir -p "$dir"/{mon,osd,run,log}
  read -r rgw_port mon_port < <(free_ports)
  fsid=$(cat /proc/sys/kernel/random/uuid)
  conf="$dir/ceph.conf"
  write_conf
  : > "$dir/pids"
  local ceph="ceph -c $conf --connect-timeout 30"

  # monitor
  monmaptool --create --fsid "$fsid" --addv a "[v2:127.0.0.1:$mon_port]" "$dir/monmap" >/dev/null
  ceph-mon -c "$conf" --mkfs -i a --monmap "$dir/monmap"
  ceph-mon -c "$conf" -i a
  record_pid "$dir/run/mon.a.pid"
  $ceph mon dump >/dev/null 2>&1 || { sleep 2; $ceph mon dump >/dev/null; }

  # OSD (bluestore on a sparse file)
  local osd_uuid osd_id i
  osd_uuid=$(cat /proc/sys/kernel/random/uuid)
  osd_id=$($ceph osd new "$osd_uuid")
  mkdir -p "$dir/osd/$osd_id"
  ceph-osd -c "$conf" -i "$osd_id" --mkfs --osd-uuid "$osd_uuid" >"$dir/log/osd-mkfs.log" 2>&1 \
    || { tail -20 "$dir/log/osd-mkfs.log" >&2; exit 1; }
  ceph-osd -c "$conf" -i "$osd_id" 2>>"$dir/log/osd-start.log"
  record_pid "$dir/run/osd.$osd_id.pid"
  for i in $(seq 1 120); do $ceph osd stat 2>/dev/null | grep -q "1 up" && break; sleep 1; done
  $ceph osd stat 2>/dev/null | grep -q "1 up" || { log "the OSD did not come up; see $dir/log"; exit 1; }

  # radosgw (daemonizes once it is connected)
  timeout 120 radosgw -c "$conf" -n client.rgw.a \
    || { log "radosgw failed to start; see $dir/log/client.rgw.a.log"; exit 1; }
  record_pid "$dir/run/client.rgw.a.pid"
  for i in $(seq 1 120); do curl -s -o /dev/null "http://127.0.0.1:$rgw_port/" && break; sleep 1; done
  radosgw-admin -c "$conf" user create --uid=tester --display-name=tester \
    --access-key="$access_key" --secret="$secret_key" >/dev/null

  cat > "$dir/env" <<ENV
S3_ENDPOINT_URL=http://127.0.0.1:$rgw_port
S3_ACCESS_KEY=$access_key
S3_SECRET_KEY=$secret_key
S3_REGION_NAME=us-east-1
ENV
  log "RGW up in $(( $(date +%s) - t0 )) s (pids: $(tr '\n' ' ' < "$dir/pids"))"
  cat "$dir/env"
}

case "$cmd" in
start) start ;;
stop) stop_all ;;
env) running && cat "$dir/env" || { log "not running in $dir"; exit 1; } ;;
*) echo "usage: $0 start|stop|env [DIR]" >&2; exit 2 ;;
esac
