"""`s3uploader worker` processes sharing the PostgreSQL queue: a worker killed mid-job (SIGKILL) loses
nothing, and 1,000 confirmed uploads drain through 4 workers."""
from __future__ import annotations

import hashlib
import os
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from harness.database import SessionDatabase
from harness.direct import FAST_JOBS, DirectClient, WorkerProcess, jobs, post_form


@pytest.fixture
def own_db(services):
    created = SessionDatabase(services.database_url)
    yield created
    created.drop()


@pytest.fixture
def workers(binary, services, bucket, tmp_path):
    """`workers(name, db_url, count, **settings)` → a running `s3uploader worker`; all stopped afterwards."""
    started: list[WorkerProcess] = []

    def start(name: str, database_url: str, count: int = 1, **settings: str) -> WorkerProcess:
        environment = {
            "DATABASE_URL": database_url, "STORAGE_BACKEND": "s3", "S3_ENDPOINT_URL": services.s3_endpoint,
            "S3_REGION_NAME": services.s3_region, "S3_BUCKET_NAME": bucket.name,
            "S3_ACCESS_KEY": services.s3_access_key, "S3_SECRET_KEY": services.s3_secret_key, **FAST_JOBS, **settings,
        }
        worker = WorkerProcess(binary, environment, tmp_path / f"{name}.log", workers=count)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


def upload_and_confirm(client: DirectClient, data: bytes, name: str) -> str:
    grant = client.presign(name, "bin", len(data), "application/octet-stream").json()
    assert post_form(grant, data).status_code == 204
    confirmed = client.confirm(grant["file_id"])
    assert confirmed.status_code == 202, confirmed.text
    return grant["file_id"]


def test_killed_worker_job_completes_on_another_worker(start_server, own_db, workers, tokens, bucket):
    server = start_server("direct-no-workers", DATABASE_URL=own_db.url, WORKERS="0", **FAST_JOBS)
    client = DirectClient(server.base_url, tokens.valid("crash-" + os.urandom(4).hex()))
    slow = {"JOB_TEST_DELAY_MS": "3000", "JOB_VISIBILITY_TIMEOUT_SECONDS": "2"}
    doomed = workers("doomed", own_db.url, **slow)
    data = os.urandom(200_000)
    file_id = upload_and_confirm(client, data, "crash.bin")

    client.wait_for(file_id, statuses=("processing",), timeout=30)  # the doomed worker holds the job
    held = jobs(own_db.url, "kind = 'process_upload'")
    assert len(held) == 1 and held[0]["status"] == "running" and held[0]["attempts"] == "1"
    doomed.kill()
    killed_at = time.monotonic()

    workers("rescuer", own_db.url, **slow)
    final = client.wait_for(file_id, timeout=60)
    assert final["status"] == "completed", final
    assert time.monotonic() - killed_at >= 2, "taken over only after the visibility timeout"
    done = jobs(own_db.url, "kind = 'process_upload'")
    assert len(done) == 1 and done[0]["status"] == "done" and done[0]["attempts"] == "2"
    dest = [key for key in bucket.objects("dest/") if f"/{file_id}/" in key]
    assert len(dest) == 1 and bucket.object_sha256(dest[0]) == hashlib.sha256(data).hexdigest()
    assert not [key for key in bucket.objects("temp/") if f"/{file_id}/" in key]


def test_thousand_confirms_drain_with_four_workers(start_server, own_db, workers, tokens, bucket, measurements):
    server = start_server("direct-drain", DATABASE_URL=own_db.url, WORKERS="0", **FAST_JOBS)
    client = DirectClient(server.base_url, tokens.valid("bulk-" + os.urandom(4).hex()))
    count = 1000
    with ThreadPoolExecutor(max_workers=16) as pool:
        ids = list(pool.map(lambda index: upload_and_confirm(client, f"file {index}".encode(), f"f{index}.bin"), range(count)))
    queued = jobs(own_db.url, "kind = 'process_upload'")
    assert len(queued) == count and all(job["status"] == "queued" for job in queued)

    started = time.monotonic()
    workers("drain", own_db.url, count=4)
    deadline = started + 300
    while time.monotonic() < deadline:
        remaining = int(__import__("harness.database", fromlist=["psql"]).psql(
            own_db.url, "SELECT count(*) FROM jobs WHERE kind = 'process_upload' AND status <> 'done'")[0][0])
        if remaining == 0:
            break
        time.sleep(0.2)
    elapsed = time.monotonic() - started
    assert remaining == 0, f"{remaining} jobs left after {elapsed:.0f} s"
    measurements.append(f"1000 process_upload jobs drained by 4 workers in {elapsed:.1f} s ({count / elapsed:.0f} jobs/s, incl. worker start)")
    statuses = __import__("harness.database", fromlist=["psql"]).psql(
        own_db.url, "SELECT status::text, count(*) FROM uploads GROUP BY status")
    assert statuses == [["completed", str(count)]]
    assert all(job["attempts"] == "1" for job in jobs(own_db.url, "kind = 'process_upload'"))
    dest = [key for key in bucket.objects("dest/") if any(f"/{i}/" in key for i in ids[:5])]
    assert len(dest) == 5
