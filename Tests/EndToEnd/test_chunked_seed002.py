"""Seed 002's chunk API with curl: chunks of mixed sizes out of order, one twice, then complete."""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import time
from pathlib import Path

import pytest
import requests

from harness.client import assert_response_problem
from harness.payloads import GIB, MIB
from harness.server_process import RssSampler

SIZES = [1, 100, 12 * MIB, 5 * MIB, 3 * MIB + 7, 64 * 1024, 6 * MIB]


def curl_json(*args: str) -> tuple[int, dict]:
    result = subprocess.run(["curl", "-sS", "-w", "\n%{http_code}", *args], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    body, _, status = result.stdout.rpartition("\n")
    return int(status), (json.loads(body) if body.strip() else {})


def init(user, file_name: str) -> str:
    status, reply = curl_json("-X", "POST", "-H", f"Authorization: Bearer {user.token}", "-H", "Content-Type: application/json",
                              "--data", json.dumps({"main_service_file_id": 7, "original_file_name": file_name}),
                              user.api.base_url + "/upload/init")
    assert status == 201, reply
    assert reply["status"] == "success" and reply["message"]
    return reply["data"]["upload_session_id"]


def send_chunk(user, session: str, index: int, path: Path) -> tuple[int, dict]:
    return curl_json("-H", f"Authorization: Bearer {user.token}", "-F", f"upload_session_id={session}",
                     "-F", f"chunk_index={index}", "-F", f"chunk=@{path}", user.api.base_url + "/upload/chunk")


def complete(user, session: str, total: int) -> tuple[int, dict]:
    return curl_json("-X", "POST", "-H", f"Authorization: Bearer {user.token}", "-H", "Content-Type: application/json",
                     "--data", json.dumps({"upload_session_id": session, "total_chunks": total}),
                     user.api.base_url + "/upload/complete")


def test_seed002_flow_with_curl(user, rows, bucket, tmp_path):
    chunks = []
    for index, size in enumerate(SIZES):
        path = tmp_path / f"chunk-{index}"
        path.write_bytes(os.urandom(size))
        chunks.append(path)
    whole = hashlib.sha256(b"".join(path.read_bytes() for path in chunks)).hexdigest()
    session = init(user, "episode.mp3")

    wrong = tmp_path / "wrong"
    wrong.write_bytes(b"not this")
    assert send_chunk(user, session, 3, wrong)[0] == 200
    for index in [5, 3, 0, 6, 2, 1, 4]:
        status, reply = send_chunk(user, session, index, chunks[index])
        assert status == 200, reply
        assert reply["status"] == "success"
    # Chunks of at least 5 MiB went straight into the session's multipart upload; the four smaller
    # ones wait in temporary objects.
    assert len(bucket.objects(".tmp/chunks/")) == 4
    uploads = bucket.incomplete_uploads(f"{user.id}/")
    assert len(uploads) == 1
    parts = bucket.client.list_parts(Bucket=bucket.name, Key=uploads[0]["Key"], UploadId=uploads[0]["UploadId"])["Parts"]
    assert sorted(part["Size"] for part in parts) == sorted(SIZES[index] for index in (2, 3, 6))

    status, reply = complete(user, session, len(SIZES))
    assert status == 200, reply
    data = reply["data"]
    file_id = data["file_id"]
    assert data["file_path_on_upload_service"] == f"{user.id}/{file_id}/episode.mp3"
    assert data["sha256"] == whole
    assert data["file_size"] == sum(SIZES)

    row = rows.by_id(file_id)
    assert row["status"] == "completed" and row["sha256"] == whole and int(row["size_bytes"]) == sum(SIZES)
    key = row["storage_key"]
    assert bucket.object_sha256(key) == whole
    assert_nothing_left(user, bucket)

    listed = requests.get(user.api.base_url + "/files", headers=user.api.headers(), timeout=30).json()
    assert [f["file_id"] for f in listed["files"]] == [file_id]
    seed_listing = requests.get(user.api.base_url + "/upload/files", headers=user.api.headers(), timeout=30).json()
    assert seed_listing["files"] == [key]


def assert_nothing_left(user, bucket):
    """No temporary chunk object and no multipart upload (of the session or of a chunk) is left."""
    assert bucket.objects(".tmp/") == {}, "temporary chunks left behind"
    assert bucket.incomplete_uploads(".tmp/") == [], "multipart uploads of temporary chunks left behind"
    assert bucket.incomplete_uploads(f"{user.id}/") == [], "the session's multipart upload was left behind"


def test_big_chunks_then_a_small_last_one_complete_in_place(user, rows, bucket, tmp_path):
    sizes = [6 * MIB, 12 * MIB, 1]
    chunks = []
    for index, size in enumerate(sizes):
        path = tmp_path / f"chunk-{index}"
        path.write_bytes(os.urandom(size))
        chunks.append(path)
    whole = hashlib.sha256(b"".join(path.read_bytes() for path in chunks)).hexdigest()
    session = init(user, "regular.bin")
    for index in [1, 2, 0]:
        status, reply = send_chunk(user, session, index, chunks[index])
        assert status == 200, reply
    assert len(bucket.objects(".tmp/chunks/")) == 1, "only the 1-byte chunk is a temporary object"

    status, reply = complete(user, session, len(sizes))
    assert status == 200, reply
    data = reply["data"]
    assert data["sha256"] == whole and data["file_size"] == sum(sizes)
    row = rows.by_id(data["file_id"])
    assert row["status"] == "completed" and row["sha256"] == whole
    assert bucket.object_sha256(row["storage_key"]) == whole
    assert set(bucket.objects(f"{user.id}/")) == {row["storage_key"]}
    assert_nothing_left(user, bucket)


@pytest.mark.large
def test_one_gib_in_chunks_streams_in_bounded_memory(start_server, new_user, rows, bucket, tmp_path, measurements):
    """1 GiB as 100 MiB chunks (parts straight into the session's upload) and a 24 MiB last one."""
    server = start_server("chunked-rss")  # fresh process: idle RSS is the server's own
    user = new_user(server)
    chunk_size = 100 * MIB
    sizes = [chunk_size] * (GIB // chunk_size) + [GIB % chunk_size]
    digest = hashlib.sha256()
    session = init(user, "one-gib.bin")
    with RssSampler(server) as rss:
        started = time.monotonic()
        for index, size in enumerate(sizes):
            path = tmp_path / "chunk"
            data = os.urandom(MIB) * (size // MIB)
            path.write_bytes(data)
            digest.update(data)
            del data
            status, reply = send_chunk(user, session, index, path)
            assert status == 200, reply
        assert bucket.objects(".tmp/chunks/") == {}, "every chunk went straight into the multipart upload"
        status, reply = complete(user, session, len(sizes))
        seconds = time.monotonic() - started
    assert status == 200, reply
    measurements.append(
        f"1 GiB in 100 MiB chunks: {seconds:.1f} s ({GIB / seconds / 1e6:.0f} MB/s, complete included); server RSS idle "
        f"{rss.idle / MIB:.1f} MiB, peak {rss.peak / MIB:.1f} MiB, growth {rss.growth / MIB:.1f} MiB (limit 64)")
    assert reply["data"]["file_size"] == GIB
    assert reply["data"]["sha256"] == digest.hexdigest()
    assert rows.by_id(reply["data"]["file_id"])["status"] == "completed"
    assert_nothing_left(user, bucket)
    assert rss.growth <= 64 * MIB, measurements[-1]


def test_missing_chunk_is_named(user, bucket, tmp_path):
    session = init(user, "a.bin")
    path = tmp_path / "one"
    path.write_bytes(b"x")
    for index in [0, 1, 3]:
        assert send_chunk(user, session, index, path)[0] == 200
    response = requests.post(user.api.base_url + "/upload/complete", headers=user.api.headers(),
                             json={"upload_session_id": session, "total_chunks": 4}, timeout=30)
    problem = assert_response_problem(response, 422)
    assert problem["missing_chunks"] == [2]
    assert "2" in problem["detail"]
    # Deleting the session removes its temporary chunks.
    deleted = requests.delete(user.api.base_url + "/upload/file", headers=user.api.headers(),
                              json={"upload_session_id": session}, timeout=30)
    assert deleted.status_code == 200, deleted.text
    assert bucket.objects(".tmp/") == {}


def test_abandoned_session_is_reaped(start_server, new_user, bucket, tmp_path):
    server = start_server("chunked-reaper", CHUNKED_SESSION_EXPIRES_SECONDS="4", REAPER_INTERVAL_SECONDS="1")
    try:
        user = new_user(server)
        before = set(bucket.objects(".tmp/chunks/"))
        session = init(user, "left.bin")
        path = tmp_path / "chunk"
        path.write_bytes(os.urandom(1000))
        assert send_chunk(user, session, 0, path)[0] == 200
        big = tmp_path / "big"
        big.write_bytes(os.urandom(6 * MIB))
        assert send_chunk(user, session, 1, big)[0] == 200
        ours = set(bucket.objects(".tmp/chunks/")) - before
        assert len(ours) == 1
        assert len(bucket.incomplete_uploads(f"{user.id}/")) == 1, "the big chunk is a part of the session's upload"
        deadline = time.monotonic() + 30
        while (ours & set(bucket.objects(".tmp/chunks/")) or bucket.incomplete_uploads(f"{user.id}/")) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert not ours & set(bucket.objects(".tmp/chunks/")), "the abandoned chunk is still there"
        assert bucket.incomplete_uploads(f"{user.id}/") == [], "the abandoned session's multipart upload is still there"
        status, _ = complete(user, session, 1)
        assert status == 404
    finally:
        server.stop()  # its short idle limit would reap other tests' sessions in the shared database
