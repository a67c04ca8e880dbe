"""A throwaway PostgreSQL database per test session, inspected with psql."""
from __future__ import annotations

import secrets
import subprocess
from urllib.parse import urlsplit, urlunsplit

FIELD_SEPARATOR = "\x1f"


def psql(url: str, sql: str) -> list[list[str]]:
    """Runs one statement; returns the rows as lists of text ('' for NULL)."""
    result = subprocess.run(
        ["psql", "-X", "-q", "-A", "-t", "-F", FIELD_SEPARATOR, "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql],
        capture_output=True, text=True, timeout=60,
    )
    if result.returncode != 0:
        raise RuntimeError(f"psql failed ({result.returncode}): {result.stderr.strip()}\nSQL: {sql}")
    return [line.split(FIELD_SEPARATOR) for line in result.stdout.splitlines() if line]


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


class SessionDatabase:
    """Creates `e2e_<random>` next to the database of `admin_url`; `drop()` removes it."""

    def __init__(self, admin_url: str):
        self.admin_url = admin_url
        self.name = "e2e_" + secrets.token_hex(6)
        psql(admin_url, f'CREATE DATABASE "{self.name}"')
        self.url = with_database(admin_url, self.name)

    def drop(self) -> None:
        psql(self.admin_url, f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


class UploadRows:
    """Reads the `uploads` table of the server's database."""

    COLUMNS = ["id", "user_id", "file_name", "size_bytes", "sha256", "storage_key", "status", "multipart_upload_id"]

    def __init__(self, url: str):
        self.url = url

    def for_user(self, user_id: str) -> list[dict[str, str]]:
        escaped = user_id.replace("'", "''")
        rows = psql(self.url, f"SELECT {', '.join(c + '::text' for c in self.COLUMNS)} FROM uploads "
                              f"WHERE user_id = '{escaped}' ORDER BY created_at")
        return [dict(zip(self.COLUMNS, row)) for row in rows]

    def by_id(self, file_id: str) -> dict[str, str] | None:
        escaped = file_id.lower().replace("'", "''")
        rows = psql(self.url, f"SELECT {', '.join(c + '::text' for c in self.COLUMNS)} FROM uploads "
                              f"WHERE id::text = '{escaped}'")
        return dict(zip(self.COLUMNS, rows[0])) if rows else None
