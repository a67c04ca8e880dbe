"""Seed 000's presigned flow against RGW: presign → upload straight to S3 → confirm → workers move
temp/ → dest/ → completed; the refusals (size, ownership, tokens) and the reaper's expiry."""
from __future__ import annotations

import hashlib
import os
import subprocess
import time

import pytest
import requests

from harness.client import assert_response_problem
from harness.database import SessionDatabase
from harness.direct import FAST_JOBS, WORKER_TOKEN, DirectClient, post_form, update_status


@pytest.fixture(scope="module")
def direct_db(services):
    created = SessionDatabase(services.database_url)
    yield created
    created.drop()


@pytest.fixture(scope="module")
def direct_server(start_server, direct_db):
    return start_server("direct", DATABASE_URL=direct_db.url, WORKERS="2", **FAST_JOBS)


@pytest.fixture
def alice(tokens, direct_server):
    return DirectClient(direct_server.base_url, tokens.valid("alice-" + os.urandom(4).hex()))


def presign_ok(client: DirectClient, data: bytes, name="photo", ext=".png", content_type="image/png", method=None) -> dict:
    response = client.presign(name, ext, len(data), content_type, method)
    assert response.status_code == 201, response.text
    return response.json()


def test_full_flow_with_presigned_post(alice, bucket):
    data = os.urandom(300_000)
    grant = presign_ok(alice, data)
    file_id = grant["file_id"]
    assert grant["file_name"] == "photo.png"
    assert grant["fields"]["key"].startswith("temp/") and grant["fields"]["key"].endswith(f"/{file_id}/photo.png")
    assert {"policy", "x-amz-signature", "x-amz-credential", "x-amz-algorithm", "x-amz-date"} <= set(grant["fields"])
    assert alice.status(file_id).json()["status"] == "pending"

    uploaded = post_form(grant, data)
    assert uploaded.status_code == 204, uploaded.text
    confirmed = alice.confirm(file_id)
    assert confirmed.status_code == 202, confirmed.text
    assert confirmed.json() == {"file_id": file_id, "status": "uploaded"}

    final = alice.wait_for(file_id)
    assert final["status"] == "completed", final
    assert final["details"] is None
    dest = [key for key in bucket.objects("dest/") if f"/{file_id}/" in key]
    assert len(dest) == 1 and dest[0].endswith(f"/{file_id}/photo.png")
    assert bucket.object_sha256(dest[0]) == hashlib.sha256(data).hexdigest()
    assert not [key for key in bucket.objects("temp/") if f"/{file_id}/" in key]

    again = alice.confirm(file_id)  # idempotent
    assert again.status_code == 202 and again.json()["status"] == "completed"


def test_full_flow_with_curl_and_presigned_put(alice, bucket, tmp_path):
    data = os.urandom(70_000)
    grant = presign_ok(alice, data, name="notes.txt", ext="txt", content_type="text/plain", method="put")
    assert grant["method"] == "PUT" and grant["headers"]["Content-Type"] == "text/plain"
    path = tmp_path / "notes.txt"
    path.write_bytes(data)
    result = subprocess.run(["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "-X", "PUT", "-T", str(path),
                             "-H", "Content-Type: text/plain", grant["url"]], capture_output=True, text=True, timeout=60)
    assert result.stdout == "200", result.stderr
    assert alice.confirm(grant["file_id"]).status_code == 202
    assert alice.wait_for(grant["file_id"])["status"] == "completed"
    dest = [key for key in bucket.objects("dest/") if f"/{grant['file_id']}/" in key]
    assert bucket.object_sha256(dest[0]) == hashlib.sha256(data).hexdigest()


def test_presigned_files_have_their_sha256_like_every_other_file(alice):
    data = os.urandom(120_000)
    grant = presign_ok(alice, data, name="scan", ext=".pdf", content_type="application/pdf")
    assert post_form(grant, data).status_code == 204
    assert alice.confirm(grant["file_id"]).status_code == 202
    assert alice.wait_for(grant["file_id"])["status"] == "completed"
    listed = requests.get(f"{alice.base_url}/files/{grant['file_id']}", headers=alice.headers, timeout=30)
    assert listed.status_code == 200, listed.text
    assert listed.json()["sha256"] == hashlib.sha256(data).hexdigest()
    assert listed.json()["file_size"] == len(data)


def test_rgw_refuses_a_body_larger_than_len(alice, bucket):
    data = os.urandom(10_000)
    grant = presign_ok(alice, data)
    refused = post_form(grant, data + b"!")
    assert refused.status_code == 400 and b"EntityTooLarge" in refused.content
    refused = post_form(grant, data[:-1])
    assert refused.status_code == 400 and b"EntityTooSmall" in refused.content
    assert not [key for key in bucket.objects("temp/") if f"/{grant['file_id']}/" in key]
    problem = assert_response_problem(alice.confirm(grant["file_id"]), 409)
    assert problem["type"].endswith("/upload-not-received")


def test_confirm_after_wrong_size_upload_is_422_and_deletes_temp(alice, bucket):
    data = os.urandom(5_000)
    grant = presign_ok(alice, data, method="put")  # a presigned PUT can't pin the size
    put = __import__("requests").put(grant["url"], data=data * 2, headers={"Content-Type": "image/png"}, timeout=60)
    assert put.status_code == 200, put.text
    problem = assert_response_problem(alice.confirm(grant["file_id"]), 422)
    assert problem["type"].endswith("/upload-mismatch")
    assert not [key for key in bucket.objects("temp/") if f"/{grant['file_id']}/" in key]
    assert alice.status(grant["file_id"]).json()["status"] == "pending"


def test_another_users_upload_is_404_and_user_tokens_cannot_update(alice, tokens, direct_server):
    grant = presign_ok(alice, b"abc")
    mallory = DirectClient(direct_server.base_url, tokens.valid("mallory"))
    assert_response_problem(mallory.confirm(grant["file_id"]), 404)
    assert_response_problem(mallory.status(grant["file_id"]), 404)
    user_token = alice.headers["Authorization"].split()[1]
    response = update_status(direct_server.base_url, user_token, grant["file_id"], "completed")
    assert_response_problem(response, 401)
    assert "Bearer" in response.headers.get("WWW-Authenticate", "")
    assert_response_problem(update_status(direct_server.base_url, WORKER_TOKEN, "6d0a2a8e-0000-4000-8000-000000000000", "error"), 404)
    assert alice.status(grant["file_id"]).json()["status"] == "pending"


def test_update_status_follows_the_allowed_transitions(alice, direct_server):
    grant = presign_ok(alice, b"abc")
    base = direct_server.base_url
    problem = assert_response_problem(update_status(base, WORKER_TOKEN, grant["file_id"], "completed"), 409)
    assert problem["type"].endswith("/status-transition-not-allowed")
    assert_response_problem(update_status(base, WORKER_TOKEN, grant["file_id"], "bogus"), 422)
    ok = update_status(base, WORKER_TOKEN, grant["file_id"], "error", "rejected by an external scanner")
    assert ok.status_code == 200, ok.text
    assert alice.status(grant["file_id"]).json()["details"] == "rejected by an external scanner"


def test_validation_and_allow_list(start_server, direct_db, tokens):
    server = start_server("direct-allow-list", DATABASE_URL=direct_db.url, WORKERS="0",
                          UPLOAD_ALLOWED_EXTENSIONS="pdf, .PNG", MAX_UPLOAD_BYTES="1000")
    client = DirectClient(server.base_url, tokens.valid("validator"))
    problem = assert_response_problem(client.presign("a", ".exe", 10, "application/octet-stream"), 422)
    assert problem["type"].endswith("/extension-not-allowed") and problem["allowed_extensions"] == ["pdf", "png"]
    assert_response_problem(client.presign("a", "png", 1001, "image/png"), 413)
    problem = assert_response_problem(client.presign("", "", -5, "not a type"), 422)
    assert {e["field"] for e in problem["errors"]} == {"file_name", "extension", "len", "type"}
    assert client.presign("a", "PNG", 1000, "image/png").status_code == 201


@pytest.fixture
def reaper_db(services):
    # A database of its own: the queued reaper job carries the interval of the deployment that queued it.
    created = SessionDatabase(services.database_url)
    yield created
    created.drop()


def test_reaper_expires_unconfirmed_uploads(start_server, reaper_db, tokens, bucket):
    server = start_server("direct-reaper", DATABASE_URL=reaper_db.url, WORKERS="1", PRESIGN_EXPIRES_SECONDS="2",
                          CONFIRM_GRACE_SECONDS="0", REAPER_INTERVAL_SECONDS="1", **FAST_JOBS)
    client = DirectClient(server.base_url, tokens.valid("forgetful"))
    data = b"never confirmed"
    grant = presign_ok(client, data, name="x.txt", ext="txt", content_type="text/plain")
    assert post_form(grant, data).status_code == 204
    assert [key for key in bucket.objects("temp/") if f"/{grant['file_id']}/" in key]
    final = client.wait_for(grant["file_id"], statuses=("expired",), timeout=30)
    assert final["status"] == "expired"
    assert not [key for key in bucket.objects("temp/") if f"/{grant['file_id']}/" in key]
    assert_response_problem(client.confirm(grant["file_id"]), 410)
