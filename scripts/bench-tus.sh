#!/usr/bin/env bash
# tus throughput ÷ direct upload through `POST /upload`, measured side by side in one run (issue 6).
#
#   scripts/bench-tus.sh
#
# Builds the release binary, starts PostgreSQL and RGW in a temporary folder (or uses running ones with
# BENCH_USE_RUNNING=1 and TEST_DATABASE_URL / TEST_S3_*), then for each round: (a) curl -F posts the file
# to POST /upload, (b) a tus client creates an upload and PATCHes the file in BENCH_TUS_CHUNK_MIB pieces
# (8 by default). Prints both throughputs, the ratio tus ÷ direct and the server's peak RSS over idle.
# Fails only if an upload fails, never on timing.
#
# Knobs: BENCH_SIZE_MIB (1024), BENCH_ROUNDS (1), BENCH_TUS_CHUNK_MIB (8), S3UPLOADER_BIN, BENCH_USE_RUNNING.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/bench-server.sh

chunk_mib="${BENCH_TUS_CHUNK_MIB:-8}"
best_direct=0 best_tus=0
tus_upload() {  # base_url token path chunk_mib expected_sha → seconds
  python3 - "$@" <<'PY'
import base64, sys, time, requests
base, token, path, chunk_mib, expected = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
import os
size = os.path.getsize(path)
session = requests.Session()
auth = {"Authorization": "Bearer " + token, "Tus-Resumable": "1.0.0"}
started = time.monotonic()
created = session.post(base + "/tus/", headers={**auth, "Upload-Length": str(size),
                       "Upload-Metadata": "filename " + base64.b64encode(b"tus-bench.bin").decode()})
assert created.status_code == 201, created.text
url = requests.compat.urljoin(base + "/tus/", created.headers["Location"])
offset = 0
with open(path, "rb") as source:
    while chunk := source.read(chunk_mib << 20):
        reply = session.patch(url, data=chunk, headers={**auth, "Upload-Offset": str(offset),
                              "Content-Type": "application/offset+octet-stream"})
        assert reply.status_code == 204, reply.text
        offset += len(chunk)
seconds = time.monotonic() - started
file_id = session.head(url, headers=auth).headers["Upload-File-Id"]
described = session.get(f"{base}/files/{file_id}", headers=auth).json()
assert described["sha256"] == expected, described
print(f"{seconds:.3f}")
PY
}
for round in $(seq 1 "$rounds"); do
  seconds=$(service_upload "$round")
  direct=$(mbps "$seconds")
  log "round $round: POST /upload ${seconds}s = ${direct} MB/s"

  seconds=$(tus_upload "http://127.0.0.1:$port" "$token" "$payload" "$chunk_mib" "$payload_sha")
  tus=$(mbps "$seconds")
  log "round $round: tus in ${chunk_mib} MiB PATCHes ${seconds}s = ${tus} MB/s"

  best_direct=$(max_of "$best_direct" "$direct")
  best_tus=$(max_of "$best_tus" "$tus")
done
stop_sampler

python3 - "$size_mib" "$rounds" "$best_direct" "$best_tus" "$idle_kib" "$peak_kib" "$chunk_mib" <<'PY'
import sys
size_mib, rounds, direct, tus, idle, peak, chunk = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), sys.argv[7]
print(f"payload              {size_mib} MiB, best of {rounds} round(s)")
print(f"POST /upload         {direct:8.1f} MB/s")
print(f"tus ({chunk} MiB PATCHes) {tus:8.1f} MB/s")
print(f"ratio tus / direct   {tus / direct if direct else 0.0:8.3f}")
print(f"server RSS           idle {idle / 1024:.1f} MiB, peak {peak / 1024:.1f} MiB, peak - idle {(peak - idle) / 1024:.1f} MiB")
PY
