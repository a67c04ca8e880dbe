"""Test files on disk with known SHA-256, not all zeros, cheap to make at 1 GiB."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

MIB = 1 << 20
GIB = 1 << 30


def write_payload(path: Path, size: int) -> str:
    """Writes `size` bytes (a random 1 MiB block, each copy stamped with its index); returns the SHA-256 hex."""
    block = bytearray(os.urandom(min(size, MIB)) if size else b"")
    digest = hashlib.sha256()
    with open(path, "wb") as out:
        written, index = 0, 0
        while written < size:
            chunk_size = min(MIB, size - written)
            if len(block) >= 8:
                block[:8] = index.to_bytes(8, "big")
            chunk = bytes(block[:chunk_size])
            out.write(chunk)
            digest.update(chunk)
            written += chunk_size
            index += 1
    return digest.hexdigest()


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as source:
        while chunk := source.read(MIB):
            digest.update(chunk)
    return digest.hexdigest()
