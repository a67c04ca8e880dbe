"""Acceptance 2: every rejected or abandoned upload answers clearly and leaves nothing behind."""
from __future__ import annotations

import time

import pytest
import requests

from harness.client import assert_problem, assert_response_problem, curl_upload
from harness.payloads import MIB, write_payload
from harness.raw_http import BOUNDARY, PartialUpload, file_part_head


@pytest.fixture
def small_file(tmp_path):
    path = tmp_path / "small.bin"
    write_payload(path, 64 * 1024)
    return path


def upload_with(s3_server, token, path):
    return curl_upload(s3_server.base_url, token, path, file_name="rejected.bin")


@pytest.mark.parametrize("token_kind", ["none", "garbage", "expired", "alg_none", "wrong_audience", "wrong_secret"])
def test_upload_without_valid_token_is_401(token_kind, s3_server, tokens, leftovers, small_file):
    user_id = "user-unauthorised-" + token_kind
    token = {
        "none": None,
        "garbage": "not.a.jwt",
        "expired": tokens.expired(user_id),
        "alg_none": tokens.unsigned(user_id),
        "wrong_audience": tokens.wrong_audience(user_id),
        "wrong_secret": tokens.wrong_secret(user_id),
    }[token_kind]
    reply = upload_with(s3_server, token, small_file)
    assert_problem(reply.status, reply.headers, reply.body, 401)
    assert reply.headers.get("www-authenticate", "").startswith("Bearer"), reply.headers
    leftovers.assert_none(user_id)


def test_files_routes_need_a_token(s3_server):
    for path in ("/files", "/files/00000000-0000-0000-0000-000000000000",
                 "/files/00000000-0000-0000-0000-000000000000/content"):
        response = requests.get(s3_server.base_url + path, timeout=30)
        assert_response_problem(response, 401)
        assert response.headers.get("WWW-Authenticate", "").startswith("Bearer")


@pytest.mark.parametrize("content_type", ["application/octet-stream", "text/plain", "image/png"])
def test_non_multipart_body_is_415(user, s3_server, leftovers, content_type):
    # JSON is the presigned-upload request (issue 5); any other non-multipart body is refused.
    response = requests.post(s3_server.base_url + "/upload", data=b"raw file bytes",
                             headers=user.api.headers(**{"Content-Type": content_type}), timeout=30)
    assert_response_problem(response, 415)
    leftovers.assert_none(user.id)


def test_json_that_is_not_a_presign_request_is_422(user, s3_server, leftovers):
    response = requests.post(s3_server.base_url + "/upload", data=b'{"file": "nope"}',
                             headers=user.api.headers(**{"Content-Type": "application/json"}), timeout=30)
    assert_response_problem(response, 422)
    leftovers.assert_none(user.id)


def test_multipart_without_file_part_is_400(user, s3_server, leftovers):
    response = requests.post(s3_server.base_url + "/upload", files={"description": (None, "no file here")},
                             headers=user.api.headers(), timeout=30)
    assert_response_problem(response, 400)
    leftovers.assert_none(user.id)


def test_multipart_without_boundary_is_rejected(user, s3_server, leftovers):
    response = requests.post(s3_server.base_url + "/upload", data=b"whatever",
                             headers=user.api.headers(**{"Content-Type": "multipart/form-data"}), timeout=30)
    assert response.status_code in (400, 415), response.text  # malformed, or not a usable media type
    assert_response_problem(response, response.status_code)
    leftovers.assert_none(user.id)


def test_multipart_cut_short_is_400(user, s3_server, leftovers):
    body = file_part_head("truncated.bin") + b"x" * (6 * MIB)  # no closing delimiter: the body just ends
    response = requests.post(s3_server.base_url + "/upload", data=body, timeout=60, headers=user.api.headers(
        **{"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}))
    assert_response_problem(response, 400)
    leftovers.wait_until_none(user.id, timeout=30)


def test_client_hanging_up_mid_upload_leaves_nothing(user, s3_server, leftovers, measurements):
    upload = PartialUpload(s3_server.base_url, user.token, declared_size=50 * MIB)
    try:
        upload.send(20 * MIB)
        deadline = time.monotonic() + 30
        while leftovers.of(user.id).empty and time.monotonic() < deadline:
            time.sleep(0.2)
        started = leftovers.of(user.id)
        assert not started.empty, "after 20 MiB the server had neither an uploads row nor a multipart upload"
    finally:
        upload.close()
    seconds = leftovers.wait_until_none(user.id, timeout=60)
    measurements.append(f"client hang-up after {upload.sent / MIB:.0f} MiB of 50: cleaned up in {seconds:.1f} s")
    assert requests.get(s3_server.base_url + "/healthz", timeout=10).status_code == 200


@pytest.fixture(scope="module")
def limited_server(start_server):
    return start_server("s3-max-20mib", MAX_UPLOAD_BYTES=str(20 * MIB))


@pytest.fixture(scope="module")
def thirty_mib_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("over-limit") / "thirty.bin"
    write_payload(path, 30 * MIB)
    return path


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_file_over_max_upload_bytes_is_413(chunked, limited_server, new_user, leftovers, thirty_mib_file):
    user = new_user(limited_server)
    reply = curl_upload(limited_server.base_url, user.token, thirty_mib_file, file_name="too-big.bin",
                        chunked=chunked)
    assert_problem(reply.status, reply.headers, reply.body, 413)
    leftovers.wait_until_none(user.id, timeout=60)


def test_file_under_max_upload_bytes_is_accepted(limited_server, new_user, tmp_path):
    user = new_user(limited_server)
    path = tmp_path / "nineteen.bin"
    write_payload(path, 19 * MIB)
    reply = curl_upload(limited_server.base_url, user.token, path, file_name="fits.bin", chunked=True)
    assert reply.status == 201, reply.body[:500]
    assert reply.json()["file_size"] == 19 * MIB
