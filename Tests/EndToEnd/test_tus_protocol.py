"""tus 1.0 with tuspy (unmodified) and raw requests: resumption across client processes and a server
restart, checksum and offset errors, isolation, expiry."""
from __future__ import annotations

import base64
import hashlib
import subprocess
import sys
import time

import pytest
import requests

from harness.payloads import GIB, MIB, file_sha256, write_payload
from harness.server_process import RssSampler

TUS = {"Tus-Resumable": "1.0.0"}

# A tuspy client in its own process: argv = endpoint, upload url or "-", file, token, stop_at or "-".
CLIENT = r"""
import sys
from tusclient import client
endpoint, url, path, token, stop_at = sys.argv[1:6]
tus = client.TusClient(endpoint, headers={"Authorization": "Bearer " + token})
uploader = tus.uploader(path, url=None if url == "-" else url, chunk_size=5 * 1024 * 1024,
                        metadata={"filename": "tus.bin", "filetype": "application/x-tus"})
uploader.upload(stop_at=None if stop_at == "-" else int(stop_at))
print(uploader.url)
print(uploader.offset)
"""


def tuspy(server, user, path, url="-", stop_at=None) -> tuple[str, int]:
    result = subprocess.run(
        [sys.executable, "-c", CLIENT, server.base_url + "/tus/", url, str(path), user.token, str(stop_at or "-")],
        capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-2000:]
    url, offset = result.stdout.split()[-2:]
    return url, int(offset)


def head(user, url) -> requests.Response:
    return requests.head(url, headers=user.api.headers(**TUS), timeout=30)


def assert_finished(user, url, size, sha256, rows, bucket):
    reply = head(user, url)
    assert reply.status_code == 200 and int(reply.headers["Upload-Offset"]) == size
    file_id = reply.headers["Upload-File-Id"]
    assert requests.get(url, headers=user.api.headers(), timeout=30).json()["file_id"] == file_id
    row = rows.by_id(file_id)
    assert row["status"] == "completed" and int(row["size_bytes"]) == size and row["sha256"] == sha256
    assert row["file_name"] == "tus.bin"
    assert bucket.object_sha256(row["storage_key"]) == sha256
    assert bucket.objects(".tmp/tus/" + url.rsplit("/", 1)[-1]) == {}
    assert bucket.incomplete_uploads(row["storage_key"]) == []


def test_tuspy_uploads_64_mib_in_5_mib_chunks(s3_server, user, rows, bucket, tmp_path):
    path = tmp_path / "64.bin"
    sha256 = write_payload(path, 64 * MIB)
    url, offset = tuspy(s3_server, user, path)
    assert offset == 64 * MIB
    assert_finished(user, url, 64 * MIB, sha256, rows, bucket)


def test_interrupted_upload_resumes_from_a_new_process(s3_server, user, rows, bucket, tmp_path):
    path = tmp_path / "64.bin"
    sha256 = write_payload(path, 64 * MIB)
    url, offset = tuspy(s3_server, user, path, stop_at=30 * MIB)
    assert 30 * MIB <= offset < 64 * MIB
    assert int(head(user, url).headers["Upload-Offset"]) == offset
    url2, final = tuspy(s3_server, user, path, url=url)
    assert (url2, final) == (url, 64 * MIB)
    assert_finished(user, url, 64 * MIB, sha256, rows, bucket)


def test_upload_survives_a_server_restart(start_server, new_user, rows, bucket, tmp_path):
    first = start_server("tus-restart-1")
    user = new_user(first)
    path = tmp_path / "64.bin"
    sha256 = write_payload(path, 64 * MIB)
    url, offset = tuspy(first, user, path, stop_at=32 * MIB)
    first.stop()
    second = start_server("tus-restart-2")
    moved = second.base_url + url[len(first.base_url):]
    assert int(head(user, moved).headers["Upload-Offset"]) == offset
    _, final = tuspy(second, user, path, url=moved)
    assert final == 64 * MIB
    assert_finished(user, moved, 64 * MIB, sha256, rows, bucket)


def create(user, length, **headers) -> str:
    response = requests.post(user.api.base_url + "/tus/", headers=user.api.headers(**TUS, **{"Upload-Length": str(length)}, **headers),
                             timeout=30)
    assert response.status_code == 201, response.text
    return requests.compat.urljoin(user.api.base_url + "/tus/", response.headers["Location"])


def patch(user, url, offset, body, **headers) -> requests.Response:
    return requests.patch(url, data=body, timeout=120, headers=user.api.headers(
        **TUS, **{"Upload-Offset": str(offset), "Content-Type": "application/offset+octet-stream"}, **headers))


def test_checksum_offset_and_owner_errors(user, new_user):
    url = create(user, 10 * MIB)
    assert patch(user, url, 0, b"a" * MIB).status_code == 204
    bad = "sha256 " + base64.b64encode(hashlib.sha256(b"other").digest()).decode()
    assert patch(user, url, MIB, b"b" * (6 * MIB), **{"Upload-Checksum": bad}).status_code == 460
    assert int(head(user, url).headers["Upload-Offset"]) == MIB
    assert patch(user, url, 0, b"c").status_code == 409
    good = "sha1 " + base64.b64encode(hashlib.sha1(b"b" * (6 * MIB)).digest()).decode()
    assert patch(user, url, MIB, b"b" * (6 * MIB), **{"Upload-Checksum": good}).status_code == 204
    assert int(head(user, url).headers["Upload-Offset"]) == 7 * MIB
    other = new_user()
    assert head(other, url).status_code == 404
    assert patch(other, url, 7 * MIB, b"x").status_code == 404
    assert requests.delete(url, headers=other.api.headers(**TUS), timeout=30).status_code == 404


def test_expired_upload_is_gone_with_its_parts(start_server, new_user, bucket):
    server = start_server("tus-expiry", TUS_UPLOAD_EXPIRES_SECONDS="3", REAPER_INTERVAL_SECONDS="1",
                          CHUNKED_SESSION_EXPIRES_SECONDS="3600")
    user = new_user(server)
    url = create(user, 20 * MIB)
    assert patch(user, url, 0, b"z" * (9 * MIB)).status_code == 204  # one part + a tail object
    upload_id = url.rsplit("/", 1)[-1]
    assert bucket.objects(f".tmp/tus/{upload_id}") != {}
    assert bucket.incomplete_uploads(user.id + "/") != []
    time.sleep(6)
    assert head(user, url).status_code in (404, 410)
    assert bucket.objects(f".tmp/tus/{upload_id}") == {}
    assert bucket.incomplete_uploads(user.id + "/") == []


@pytest.mark.large
def test_one_gib_tus_upload_in_bounded_memory(start_server, new_user, rows, bucket, tmp_path, measurements):
    server = start_server("tus-rss")
    user = new_user(server)
    path = tmp_path / "one-gib.bin"
    sha256 = write_payload(path, GIB)
    url = create(user, GIB, **{"Upload-Metadata": "filename " + base64.b64encode(b"tus.bin").decode()})
    with RssSampler(server) as rss, open(path, "rb") as source:
        started = time.monotonic()
        offset = 0
        while chunk := source.read(8 * MIB):
            response = patch(user, url, offset, chunk)
            assert response.status_code == 204, response.text
            offset += len(chunk)
        seconds = time.monotonic() - started
    path.unlink()
    measurements.append(f"1 GiB tus upload in 8 MiB PATCHes: {seconds:.1f} s; RSS idle {rss.idle / MIB:.1f} MiB, "
                        f"peak {rss.peak / MIB:.1f} MiB, growth {rss.growth / MIB:.1f} MiB")
    assert rss.growth <= 64 * MIB, measurements[-1]
    assert_finished(user, url, GIB, sha256, rows, bucket)
