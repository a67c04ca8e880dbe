"""Streamed parts: with object data sent unsigned, a large file's parts are read by S3 while they arrive.

The form's Content-Length tells where the file most likely ends; the bytes up to 1 MiB before that go
out as 64 MiB parts without part buffers. A file that ends earlier than that (bytes after it in the form)
is completed with a padded last part and then cut back on the S3 side with UploadPartCopy."""
from __future__ import annotations

import hashlib
import os
import time

import pytest
import requests

from harness.payloads import MIB, write_payload
from harness.raw_http import BOUNDARY, PartialUpload, closing_delimiter, file_part_head
from test_upload_sizes import assert_uploaded


@pytest.fixture(scope="module")
def streaming_server(start_server):
    return start_server("s3-unsigned", S3_PAYLOAD_SIGNING="unsigned")


@pytest.mark.parametrize("size, parts", [
    (9 * MIB, 2),                      # one streamed part of 8 MiB, the rest buffered
    pytest.param(100 * MIB, 3, marks=pytest.mark.large),  # 64 MiB + 35 MiB streamed, then the tail
], ids=lambda value: f"{value}")
def test_large_file_is_streamed_in_big_parts(size, parts, streaming_server, new_user, rows, bucket, tmp_path):
    user = new_user(streaming_server)
    path = tmp_path / "streamed.bin"
    sha256 = write_payload(path, size)
    reply = user.api.upload(path, file_name="streamed.bin", content_type="application/x-e2e")
    path.unlink()
    described = assert_uploaded(user, reply, file_name="streamed.bin", size=size, sha256=sha256,
                                content_type="application/x-e2e", rows=rows, bucket=bucket)
    assert bucket.part_count(rows.by_id(described["file_id"])["storage_key"]) == parts


def test_file_followed_by_more_bytes_is_cut_back_to_its_size(streaming_server, new_user, rows, bucket, leftovers):
    """Three MiB of epilogue after the form: the file ends inside its streamed part, which is padded,
    completed, then replaced by a copy of its first bytes."""
    user = new_user(streaming_server)
    content = os.urandom(20 * MIB + 12345)
    body = file_part_head("cut.bin") + content + closing_delimiter() + b"epilogue " * (3 * MIB // 9)
    response = requests.post(streaming_server.base_url + "/upload", data=body, timeout=120, headers=user.api.headers(
        **{"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}))
    assert response.status_code == 201, response.text[:500]
    described = response.json()
    assert described["file_size"] == len(content)
    assert described["sha256"] == hashlib.sha256(content).hexdigest()
    key = rows.by_id(described["file_id"])["storage_key"]
    assert bucket.objects(key) == {key: len(content)}
    assert bucket.object_sha256(key) == described["sha256"]
    assert bucket.incomplete_uploads(user.id + "/") == []


def test_client_hanging_up_mid_streamed_part_leaves_nothing(streaming_server, new_user, leftovers, measurements):
    user = new_user(streaming_server)
    upload = PartialUpload(streaming_server.base_url, user.token, declared_size=200 * MIB)
    try:
        upload.send(90 * MIB)  # the first 64 MiB part is stored, the second is being streamed
        deadline = time.monotonic() + 30
        while not leftovers.of(user.id).multipart_uploads and time.monotonic() < deadline:
            time.sleep(0.2)
        assert leftovers.of(user.id).multipart_uploads, "no multipart upload after 90 MiB"
    finally:
        upload.close()
    seconds = leftovers.wait_until_none(user.id, timeout=60)
    measurements.append(f"hang-up mid streamed part after {upload.sent / MIB:.0f} MiB of 200: cleaned up in {seconds:.1f} s")
    assert requests.get(streaming_server.base_url + "/healthz", timeout=10).status_code == 200
