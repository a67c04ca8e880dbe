#!/usr/bin/env bash
# `make bench`: a 1 GiB upload through the service next to a direct presigned PUT to the same RGW, in one run.
#
#   scripts/bench.sh
#
# Builds the release binary, starts PostgreSQL and RGW in a temporary folder (scripts/dev-postgres.sh,
# scripts/dev-s3.sh), then for each round: (a) curl PUTs the file to a presigned URL, (b) curl -F posts
# the same file to POST /upload on a server sending part bodies unsigned (UNSIGNED-PAYLOAD, like the
# presigned PUT), (c) the same on a second server that signs them (S3_PAYLOAD_SIGNING=signed).
# Prints the throughputs, the ratios service ÷ direct (target ≥ 0.95), the server's peak RSS over idle,
# and where the CPU went: seconds spent by the server and by the S3 side (RGW + OSD + monitor) per
# upload, and how busy the machine's cores were. Stops everything it started. Fails only if an upload
# fails, never on timing.
#
# Knobs: BENCH_SIZE_MIB (1024), BENCH_ROUNDS (1; best round of each kind is reported),
# S3UPLOADER_BIN (skip the release build and use this binary), BENCH_USE_RUNNING=1 (use the services
# in TEST_DATABASE_URL / TEST_S3_* instead of starting new ones).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/bench-server.sh

read -r signed_pid signed_port < <(start_server "$work/server-signed.log" S3_PAYLOAD_SIGNING=signed) \
  || { log "signed server did not start"; exit 1; }
extra_servers="$signed_pid"
cores=$(nproc)

# measure KIND COMMAND... → runs COMMAND (which prints seconds) and appends
# "KIND seconds server_cpu s3_cpu busy_share" to $work/measurements
measure() {
  local kind=$1 seconds b0 b1 s0 s1 v0 v1; shift
  s0=$(cpu_ticks "$server_pid" "$signed_pid"); v0=$(cpu_ticks $(s3_pids)); b0=$(busy_ticks)
  seconds=$("$@") || exit 1
  s1=$(cpu_ticks "$server_pid" "$signed_pid"); v1=$(cpu_ticks $(s3_pids)); b1=$(busy_ticks)
  echo "$kind $seconds $(seconds_of $((s1 - s0))) $(seconds_of $((v1 - v0))) $(seconds_of $((b1 - b0)))" >> "$work/measurements"
  log "$kind: ${seconds}s = $(mbps "$seconds") MB/s"
}
direct_put() {  # URL
  local code seconds
  read -r code seconds < <(curl -sS -o "$work/direct.out" -w '%{http_code} %{time_total}\n' -T "$payload" "$1")
  [ "$code" = 200 ] || { log "direct PUT answered $code: $(head -c 500 "$work/direct.out")"; exit 1; }
  echo "$seconds"
}

for round in $(seq 1 "$rounds"); do
  measure direct direct_put "$(bench_py presign-put "$bucket" "direct/round-$round.bin")"
  measure service service_upload "$round"
  measure signed service_upload "signed-$round" "$signed_port"
done
stop_sampler

python3 - "$work/measurements" "$size_bytes" "$size_mib" "$rounds" "$idle_kib" "$peak_kib" "$cores" "$s3_pids_file" <<'PY'
import sys
path, size, size_mib, rounds, idle, peak, cores, pids_file = sys.argv[1:9]
size, idle, peak, cores = int(size), int(idle), int(peak), int(cores)
best = {}
for line in open(path):
    kind, seconds, server, s3, busy = line.split()
    row = dict(seconds=float(seconds), server=float(server), s3=float(s3), busy=float(busy))
    if kind not in best or row["seconds"] < best[kind]["seconds"]:
        best[kind] = row
def mbps(row): return size / row["seconds"] / 1e6
def cpu(row, server=True):
    s3 = f"S3 side {row['s3']:.2f} s" if pids_file else "S3 side unknown"
    mine = f"server {row['server']:.2f} s, " if server else ""
    share = row["busy"] / (row["seconds"] * cores) * 100
    return f"CPU {mine}{s3}; {cores} cores {share:.0f}% busy"
direct, service, signed = best["direct"], best["service"], best["signed"]
print(f"payload                       {size_mib} MiB, best of {rounds} round(s)")
print(f"direct presigned PUT (RGW)    {mbps(direct):7.1f} MB/s   {cpu(direct, server=False)}")
print(f"service POST /upload          {mbps(service):7.1f} MB/s   {cpu(service)}")
print(f"  ratio service / direct      {mbps(service) / mbps(direct):7.3f}   (target >= 0.95: {'met' if mbps(service) >= 0.95 * mbps(direct) else 'NOT met'}; part bodies UNSIGNED-PAYLOAD like the presigned PUT)")
print(f"service, signed part bodies   {mbps(signed):7.1f} MB/s   {cpu(signed)}")
print(f"  ratio signed / direct       {mbps(signed) / mbps(direct):7.3f}   (S3_PAYLOAD_SIGNING=signed: a SHA-256 pass here and one in RGW)")
print(f"server RSS                    idle {idle / 1024:.1f} MiB, peak {peak / 1024:.1f} MiB, peak - idle {(peak - idle) / 1024:.1f} MiB")
PY
