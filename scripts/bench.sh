#!/usr/bin/env bash
# `make bench`: a 1 GiB upload through the service next to a direct presigned PUT to the same RGW, in one run.
#
#   scripts/bench.sh
#
# Builds the release binary, starts PostgreSQL and RGW in a temporary folder (scripts/dev-postgres.sh,
# scripts/dev-s3.sh), then for each round: (a) curl PUTs the file to a presigned URL, (b) curl -F posts
# the same file to POST /upload. Prints both throughputs, the ratio service ÷ direct (target ≥ 0.95) and
# the server's peak RSS over idle. Stops everything it started. Fails only if an upload fails, never on timing.
#
# Knobs: BENCH_SIZE_MIB (1024), BENCH_ROUNDS (1; best round of each kind is reported),
# S3UPLOADER_BIN (skip the release build and use this binary), BENCH_USE_RUNNING=1 (use the services
# in TEST_DATABASE_URL / TEST_S3_* instead of starting new ones).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/bench-server.sh

best_direct=0 best_service=0
for round in $(seq 1 "$rounds"); do
  url=$(bench_py presign-put "$bucket" "direct/round-$round.bin")
  read -r code seconds < <(curl -sS -o "$work/direct.out" -w '%{http_code} %{time_total}\n' -T "$payload" "$url")
  [ "$code" = 200 ] || { log "direct PUT answered $code: $(head -c 500 "$work/direct.out")"; exit 1; }
  direct=$(mbps "$seconds")
  log "round $round: direct presigned PUT ${seconds}s = ${direct} MB/s"

  seconds=$(service_upload "$round")
  service=$(mbps "$seconds")
  log "round $round: service POST /upload ${seconds}s = ${service} MB/s"

  best_direct=$(max_of "$best_direct" "$direct")
  best_service=$(max_of "$best_service" "$service")
done
stop_sampler

python3 - "$size_mib" "$rounds" "$best_direct" "$best_service" "$idle_kib" "$peak_kib" <<'PY'
import sys
size_mib, rounds, direct, service, idle, peak = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
ratio = service / direct if direct else 0.0
print(f"payload            {size_mib} MiB, best of {rounds} round(s)")
print(f"direct PUT (RGW)   {direct:8.1f} MB/s")
print(f"service /upload    {service:8.1f} MB/s")
print(f"ratio              {ratio:8.3f}  (target >= 0.95: {'met' if ratio >= 0.95 else 'NOT met'})")
print(f"server RSS         idle {idle / 1024:.1f} MiB, peak {peak / 1024:.1f} MiB, peak - idle {(peak - idle) / 1024:.1f} MiB")
PY
