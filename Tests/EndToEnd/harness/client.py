"""Talking to the server as users would: curl for uploads, requests for everything else."""
from __future__ import annotations

import hashlib
import json
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import requests


@dataclass
class HttpReply:
    status: int
    headers: dict[str, str] = field(default_factory=dict)  # lower-cased names
    body: bytes = b""
    curl_exit: int = 0

    def json(self):
        return json.loads(self.body)


def _last_header_block(raw: str) -> tuple[int, dict[str, str]]:
    blocks = [block for block in raw.replace("\r\n", "\n").split("\n\n") if block.startswith("HTTP/")]
    if not blocks:
        return 0, {}
    lines = blocks[-1].split("\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    return status, headers


def curl_upload(base_url: str, token: str | None, path: Path, *, file_name: str | None = None,
                content_type: str | None = None, chunked: bool = False, timeout: float = 600) -> HttpReply:
    """`curl -F file=@path` to POST /upload; `chunked` sends without Content-Length."""
    form = f'file=@"{path}"'
    if file_name is not None:
        form += f';filename="{file_name}"'
    if content_type is not None:
        form += f";type={content_type}"
    with tempfile.TemporaryDirectory() as scratch:
        body_path, header_path = Path(scratch, "body"), Path(scratch, "headers")
        command = ["curl", "-sS", "-o", str(body_path), "-D", str(header_path), "-F", form]
        if token is not None:
            command += ["-H", f"Authorization: Bearer {token}"]
        if chunked:
            command += ["-H", "Transfer-Encoding: chunked"]
        command.append(base_url + "/upload")
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        status, headers = _last_header_block(header_path.read_text(errors="replace") if header_path.exists() else "")
        body = body_path.read_bytes() if body_path.exists() else b""
        if status == 0:
            raise AssertionError(f"curl got no response (exit {result.returncode}): {result.stderr.strip()}")
        return HttpReply(status, headers, body, result.returncode)


def assert_problem(status: int, headers, body: bytes, expected_status: int) -> dict:
    """Asserts an RFC 9457 problem document with `expected_status`; returns it."""
    assert status == expected_status, f"expected {expected_status}, got {status}: {body[:500]!r}"
    content_type = headers.get("content-type", "")
    assert content_type.startswith("application/problem+json"), f"content-type {content_type!r}"
    problem = json.loads(body)
    for name in ("type", "title", "status", "detail"):
        assert name in problem, f"problem without {name!r}: {problem}"
    assert problem["status"] == expected_status, problem
    return problem


def assert_response_problem(response: requests.Response, expected_status: int) -> dict:
    return assert_problem(response.status_code, {k.lower(): v for k, v in response.headers.items()},
                          response.content, expected_status)


class ApiClient:
    """The files API for one bearer token (or none)."""

    def __init__(self, base_url: str, token: str | None):
        self.base_url = base_url
        self.token = token

    def headers(self, **extra: str) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        headers.update(extra)
        return headers

    def upload(self, path: Path, **options) -> HttpReply:
        return curl_upload(self.base_url, self.token, path, **options)

    def list_files(self, limit: int | None = None, cursor: str | None = None) -> requests.Response:
        params = {key: value for key, value in (("limit", limit), ("cursor", cursor)) if value is not None}
        return requests.get(self.base_url + "/files", params=params, headers=self.headers(), timeout=30)

    def file(self, file_id: str) -> requests.Response:
        return requests.get(f"{self.base_url}/files/{file_id}", headers=self.headers(), timeout=30)

    def content(self, file_id: str, byte_range: str | None = None) -> requests.Response:
        extra = {"Range": byte_range} if byte_range else {}
        return requests.get(f"{self.base_url}/files/{file_id}/content", headers=self.headers(**extra), timeout=60)

    def content_sha256(self, file_id: str) -> tuple[int, str, int]:
        """Streams the content; returns (status, sha256 hex, bytes read)."""
        digest, count = hashlib.sha256(), 0
        with requests.get(f"{self.base_url}/files/{file_id}/content", headers=self.headers(),
                          stream=True, timeout=600) as response:
            for chunk in response.iter_content(1 << 20):
                digest.update(chunk)
                count += len(chunk)
            return response.status_code, digest.hexdigest(), count

    def delete(self, file_id: str) -> requests.Response:
        return requests.delete(f"{self.base_url}/files/{file_id}", headers=self.headers(), timeout=60)
