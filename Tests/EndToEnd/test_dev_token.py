"""The README's path: `s3uploader token` mints a key pair and a token the server accepts (ES256)."""
from __future__ import annotations

import subprocess

import jwt

from harness.client import ApiClient, assert_problem


def mint(binary, key, sub, *extra):
    result = subprocess.run([str(binary), "token", "--sub", sub, "--key", str(key), *extra],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_dev_token_is_accepted_by_a_server_using_its_public_key(binary, start_server, tmp_path):
    key = tmp_path / "dev-key.pem"
    token = mint(binary, key, "dev-user", "--issuer", "dev-issuer", "--audience", "dev-audience")
    public_key = tmp_path / "dev-key.pub.pem"
    assert public_key.is_file(), sorted(p.name for p in tmp_path.iterdir())
    assert jwt.get_unverified_header(token)["alg"] == "ES256"
    claims = jwt.decode(token, public_key.read_text(), algorithms=["ES256"], audience="dev-audience",
                        issuer="dev-issuer")
    assert claims["sub"] == "dev-user"
    key_before = key.read_bytes()
    mint(binary, key, "dev-user")
    assert key.read_bytes() == key_before, "an existing key must be reused, not replaced"

    server = start_server("es256", JWT_HMAC_SECRET=None, JWT_PUBLIC_KEY_FILE=str(public_key),
                          JWT_ALGORITHMS="ES256", JWT_ISSUER="dev-issuer", JWT_AUDIENCE="dev-audience")
    path = tmp_path / "hello.txt"
    path.write_bytes(b"hello\n")
    reply = ApiClient(server.base_url, token).upload(path)
    assert reply.status == 201, reply.body[:500]
    assert reply.json()["file_name"] == "hello.txt"

    other_key = tmp_path / "other-key.pem"
    foreign = mint(binary, other_key, "dev-user", "--issuer", "dev-issuer", "--audience", "dev-audience")
    rejected = ApiClient(server.base_url, foreign).upload(path)
    assert_problem(rejected.status, rejected.headers, rejected.body, 401)
