"""Acceptance 5: the same round trip with STORAGE_BACKEND=local."""
from __future__ import annotations

import hashlib

import pytest
import requests

from harness.client import assert_response_problem
from harness.payloads import MIB, write_payload


@pytest.fixture(scope="module")
def local_storage(tmp_path_factory):
    return tmp_path_factory.mktemp("local-objects")


@pytest.fixture(scope="module")
def local_server(start_server, local_storage):
    # No job workers: this server shares the e2e database with servers on the S3 backend, and its workers
    # would claim their jobs (the one reaper among them) and look for their objects on local disk.
    return start_server("local", backend="local", LOCAL_STORAGE_PATH=str(local_storage), WORKERS="0")


def stored_files(root):
    """SHA-256 hex → paths of the regular files under `root`."""
    found: dict[str, list] = {}
    for path in root.rglob("*"):
        if path.is_file():
            found.setdefault(hashlib.sha256(path.read_bytes()).hexdigest(), []).append(path)
    return found


def test_local_round_trip(local_server, local_storage, new_user, rows, tmp_path):
    user = new_user(local_server)
    path = tmp_path / "local.bin"
    sha256 = write_payload(path, 6 * MIB + 123)

    reply = user.api.upload(path, file_name="local.bin", content_type="application/octet-stream")
    assert reply.status == 201, reply.body[:500]
    described = reply.json()
    file_id = described["file_id"]
    assert (described["file_size"], described["sha256"]) == (6 * MIB + 123, sha256)
    assert rows.by_id(file_id)["status"] == "completed"
    assert len(stored_files(local_storage).get(sha256, [])) == 1, "the bytes are not on disk exactly once"

    listing = user.api.list_files()
    assert [item["file_id"] for item in listing.json()["files"]] == [file_id]
    assert user.api.content_sha256(file_id) == (200, sha256, 6 * MIB + 123)
    ranged = user.api.content(file_id, "bytes=0-9")
    assert ranged.status_code == 206
    assert ranged.content == path.read_bytes()[:10]

    assert user.api.delete(file_id).status_code == 204
    assert_response_problem(user.api.file(file_id), 404)
    assert sha256 not in stored_files(local_storage)


def test_local_rejected_upload_leaves_no_file(local_server, local_storage, new_user, rows):
    user = new_user(local_server)
    before = stored_files(local_storage)
    response = requests.post(local_server.base_url + "/upload", files={"other": (None, "x")},
                             headers=user.api.headers(), timeout=30)
    assert_response_problem(response, 400)
    assert rows.for_user(user.id) == []
    assert stored_files(local_storage) == before
