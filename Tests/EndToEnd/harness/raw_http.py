"""Hand-written HTTP/1.1 requests for what curl and requests won't do, such as hanging up mid-body."""
from __future__ import annotations

import socket
from urllib.parse import urlsplit

BOUNDARY = "e2e-boundary-7f3a9c"


def file_part_head(file_name: str, field: str = "file") -> bytes:
    return (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{file_name}\"\r\n"
            f"Content-Type: application/octet-stream\r\n\r\n").encode()


def closing_delimiter() -> bytes:
    return f"\r\n--{BOUNDARY}--\r\n".encode()


class PartialUpload:
    """POST /upload declaring `declared_size` file bytes; `send(n)` streams some; `close()` hangs up."""

    def __init__(self, base_url: str, token: str, declared_size: int, file_name: str = "abandoned.bin"):
        address = urlsplit(base_url)
        head = file_part_head(file_name)
        length = len(head) + declared_size + len(closing_delimiter())
        self.socket = socket.create_connection((address.hostname, address.port), timeout=60)
        self.socket.sendall((
            f"POST /upload HTTP/1.1\r\nHost: {address.netloc}\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\nContent-Length: {length}\r\n\r\n"
        ).encode() + head)
        self.sent = 0

    def send(self, count: int) -> None:
        chunk = bytes(range(256)) * 4096  # 1 MiB, not zeros
        while count > 0:
            piece = chunk[: min(count, len(chunk))]
            self.socket.sendall(piece)
            self.sent += len(piece)
            count -= len(piece)

    def close(self) -> None:
        self.socket.close()
