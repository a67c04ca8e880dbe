"""Bearer tokens for the server's HS256 configuration, good ones and each kind of bad one."""
from __future__ import annotations

import base64
import json
import secrets
import time

import jwt


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class TokenMinter:
    def __init__(self, issuer: str = "e2e-issuer", audience: str = "s3uploader-e2e"):
        self.secret = secrets.token_hex(32)  # 64 bytes of text: above the 32-byte minimum
        self.issuer = issuer
        self.audience = audience

    def claims(self, sub: str, **overrides) -> dict:
        now = int(time.time())
        claims = {"sub": sub, "iss": self.issuer, "aud": self.audience, "iat": now, "nbf": now - 5, "exp": now + 3600}
        claims.update(overrides)
        return {name: value for name, value in claims.items() if value is not None}

    def valid(self, sub: str) -> str:
        return jwt.encode(self.claims(sub), self.secret, algorithm="HS256")

    def expired(self, sub: str) -> str:
        past = int(time.time()) - 7200
        return jwt.encode(self.claims(sub, iat=past, nbf=past, exp=past + 60), self.secret, algorithm="HS256")

    def wrong_audience(self, sub: str) -> str:
        return jwt.encode(self.claims(sub, aud="some-other-service"), self.secret, algorithm="HS256")

    def wrong_secret(self, sub: str) -> str:
        return jwt.encode(self.claims(sub), secrets.token_hex(32), algorithm="HS256")

    def unsigned(self, sub: str) -> str:
        """`alg: none` with an empty signature, the classic downgrade."""
        header = _b64url(json.dumps({"alg": "none", "typ": "JWT"}).encode())
        payload = _b64url(json.dumps(self.claims(sub)).encode())
        return f"{header}.{payload}."
