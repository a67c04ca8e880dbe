"""Acceptance 1: files of every interesting size arrive byte for byte in the bucket, described by a row."""
from __future__ import annotations

import re
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

import pytest

from harness.payloads import GIB, MIB, write_payload
from harness.server_process import RssSampler

RSS_GROWTH_LIMIT = 64 * MIB


def assert_uploaded(user, reply, *, file_name, size, sha256, content_type, rows, bucket):
    """Checks the 201 JSON, the `uploads` row, the object in the bucket and a streamed download."""
    assert reply.status == 201, f"{reply.status}: {reply.body[:500]!r}"
    described = reply.json()
    assert uuid.UUID(described["file_id"])
    assert described["file_name"] == file_name
    assert described["file_size"] == size
    assert described["sha256"] == sha256
    assert described["content_type"] == content_type
    assert datetime.fromisoformat(described["upload_time"].replace("Z", "+00:00")).tzinfo is not None
    file_id = described["file_id"]

    row = rows.by_id(file_id)
    assert row is not None, f"no uploads row for {file_id}"
    assert row["user_id"] == user.id
    assert row["status"] == "completed"
    assert int(row["size_bytes"]) == size
    assert row["sha256"].lower() == sha256
    key = row["storage_key"]
    assert key.lower() == f"{user.id}/{file_id}/{file_name}".lower()  # the id may be spelled in either case

    assert bucket.objects(key) == {key: size}
    assert bucket.object_sha256(key) == sha256
    status, streamed_sha256, streamed_size = user.api.content_sha256(file_id)
    assert (status, streamed_size, streamed_sha256) == (200, size, sha256)
    return described


@pytest.mark.parametrize("size", [
    0, 1, 5 * MIB - 1, 5 * MIB + 1,
    pytest.param(100 * MIB, marks=pytest.mark.large),
], ids=lambda size: f"{size}B")
def test_upload_of_size_lands_in_bucket(size, user, rows, bucket, tmp_path):
    path = tmp_path / "payload.bin"
    sha256 = write_payload(path, size)
    file_name = f"data-{size}.bin"
    reply = user.api.upload(path, file_name=file_name, content_type="application/x-e2e")
    path.unlink()  # pytest keeps the last runs' temp folders: don't leave big files in them
    assert_uploaded(user, reply, file_name=file_name, size=size, sha256=sha256,
                    content_type="application/x-e2e", rows=rows, bucket=bucket)


def test_default_content_type_and_file_name_come_from_curl(user, rows, bucket, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_bytes(b"plain text\n")
    reply = user.api.upload(path)  # curl names the part after the file and guesses text/plain
    described = reply.json() if reply.status == 201 else {}
    assert reply.status == 201, reply.body[:500]
    assert described["file_name"] == "notes.txt"
    assert re.match(r"text/plain", described["content_type"]), described


@pytest.mark.large
@pytest.mark.parametrize("signing", ["signed", "unsigned"])  # buffered parts / streamed parts
def test_one_gib_upload_streams_in_bounded_memory(signing, start_server, new_user, rows, bucket, tmp_path, measurements):
    # A fresh process: idle RSS is the server's own, not earlier tests'.
    server = start_server(f"s3-rss-{signing}", S3_PAYLOAD_SIGNING=signing)
    user = new_user(server)
    path = tmp_path / "one-gib.bin"
    sha256 = write_payload(path, GIB)
    with RssSampler(server) as rss:
        started = time.monotonic()
        reply = user.api.upload(path, file_name="one-gib.bin", content_type="application/octet-stream")
        seconds = time.monotonic() - started
    path.unlink()
    measurements.append(
        f"1 GiB upload ({signing}): {seconds:.1f} s ({GIB / seconds / 1e6:.0f} MB/s); server RSS idle {rss.idle / MIB:.1f} MiB, peak {rss.peak / MIB:.1f} MiB, "
        f"growth {rss.growth / MIB:.1f} MiB (limit {RSS_GROWTH_LIMIT / MIB:.0f}), {rss.samples} samples")
    assert_uploaded(user, reply, file_name="one-gib.bin", size=GIB, sha256=sha256,
                    content_type="application/octet-stream", rows=rows, bucket=bucket)
    assert rss.samples > 0
    assert rss.growth <= RSS_GROWTH_LIMIT, measurements[-1]


def test_parallel_uploads_all_land(user, rows, bucket, tmp_path):
    payloads = []
    for index in range(3):
        path = tmp_path / f"parallel-{index}.bin"
        payloads.append((path, f"parallel-{index}.bin", write_payload(path, 12 * MIB + index)))
    with ThreadPoolExecutor(max_workers=len(payloads)) as pool:
        replies = list(pool.map(lambda p: user.api.upload(p[0], file_name=p[1], content_type="application/x-e2e"),
                                payloads))
    for (path, file_name, sha256), reply in zip(payloads, replies):
        assert_uploaded(user, reply, file_name=file_name, size=path.stat().st_size, sha256=sha256,
                        content_type="application/x-e2e", rows=rows, bucket=bucket)
