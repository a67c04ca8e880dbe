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


def read_head(connection: socket.socket) -> bytes:
    """Reads one response head, up to and including its blank line (and nothing after it)."""
    head = b""
    while not head.endswith(b"\r\n\r\n"):
        byte = connection.recv(1)
        if not byte:
            raise ConnectionError(f"connection closed after {head!r}")
        head += byte
    return head


def read_response(connection: socket.socket) -> tuple[int, bytes]:
    """Reads a final response framed by Content-Length, skipping any 1xx; returns (status, body)."""
    while True:
        head = read_head(connection)
        status = int(head.split(b" ", 2)[1])
        if status >= 200:
            break
    fields = dict(line.split(b":", 1) for line in head.split(b"\r\n")[1:] if b":" in line)
    length = int({name.strip().lower(): value for name, value in fields.items()}.get(b"content-length", b"0"))
    body = b""
    while len(body) < length:
        piece = connection.recv(length - len(body))
        if not piece:
            raise ConnectionError(f"connection closed {length - len(body)} bytes before the end of the body")
        body += piece
    return status, body
