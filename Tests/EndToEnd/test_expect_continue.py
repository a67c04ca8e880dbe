"""`Expect: 100-continue`: the server asks for the body only when a handler reads it."""
from __future__ import annotations

import hashlib
import json
import os
import re
import socket
import subprocess
from urllib.parse import urlsplit

from harness.payloads import MIB, file_sha256, write_payload
from harness.raw_http import BOUNDARY, closing_delimiter, file_part_head, read_head, read_response


def send_upload_head(base_url: str, token: str, content_length: int) -> socket.socket:
    address = urlsplit(base_url)
    connection = socket.create_connection((address.hostname, address.port), timeout=10)
    connection.sendall((
        f"POST /upload HTTP/1.1\r\nHost: {address.netloc}\r\nAuthorization: Bearer {token}\r\n"
        f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\nContent-Length: {content_length}\r\n"
        "Expect: 100-continue\r\n\r\n"
    ).encode())
    return connection


def test_an_upload_gets_100_continue_before_it_sends_its_body(user, s3_server):
    content = os.urandom(3 * MIB)
    body = file_part_head("expected.bin") + content + closing_delimiter()
    with send_upload_head(s3_server.base_url, user.token, len(body)) as connection:
        # Nothing of the body has been sent: a server that waits for it times out here.
        interim = read_head(connection)
        assert interim.split(b"\r\n")[0] == b"HTTP/1.1 100 Continue", interim
        connection.sendall(body)
        status, answer = read_response(connection)
    assert status == 201, answer
    created = json.loads(answer)
    assert created["sha256"] == hashlib.sha256(content).hexdigest()
    assert user.api.content_sha256(created["file_id"]) == (200, created["sha256"], len(content))


def test_a_refused_upload_is_answered_without_asking_for_its_body(s3_server, tokens, leftovers):
    user_id = "user-expect-refused"
    with send_upload_head(s3_server.base_url, tokens.expired(user_id), 3 * MIB) as connection:
        first = read_head(connection)
    assert first.split(b"\r\n")[0].startswith(b"HTTP/1.1 401"), first
    leftovers.assert_none(user_id)


def test_curl_is_told_to_continue(user, s3_server, tmp_path):
    # curl sends `Expect: 100-continue` with bodies over 1 MiB and, unanswered, waits a second first.
    path = tmp_path / "curl.bin"
    write_payload(path, 2 * MIB)
    result = subprocess.run(
        ["curl", "-sS", "-v", "-H", f"Authorization: Bearer {user.token}", "-F", f"file=@{path}",
         s3_server.base_url + "/upload"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert re.search(r"^> Expect: 100-continue", result.stderr, re.MULTILINE), result.stderr
    assert re.search(r"^< HTTP/1.1 100 Continue", result.stderr, re.MULTILINE), result.stderr
    assert "Done waiting for 100-continue" not in result.stderr
    assert json.loads(result.stdout)["sha256"] == file_sha256(path)
