"""Where the suite finds PostgreSQL, RGW and the s3uploader binary (environment set by `make test`)."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]


@dataclass(frozen=True)
class ServiceEnvironment:
    database_url: str
    s3_endpoint: str
    s3_access_key: str
    s3_secret_key: str
    s3_region: str


def services_required() -> bool:
    return os.environ.get("REQUIRE_SERVICES") == "1"


def service_environment() -> tuple[ServiceEnvironment | None, list[str]]:
    """The configured services, or None and the names of the missing variables."""
    names = ["TEST_DATABASE_URL", "TEST_S3_ENDPOINT", "TEST_S3_ACCESS_KEY", "TEST_S3_SECRET_KEY"]
    missing = [name for name in names if not os.environ.get(name)]
    if missing:
        return None, missing
    return ServiceEnvironment(
        database_url=os.environ["TEST_DATABASE_URL"],
        s3_endpoint=os.environ["TEST_S3_ENDPOINT"],
        s3_access_key=os.environ["TEST_S3_ACCESS_KEY"],
        s3_secret_key=os.environ["TEST_S3_SECRET_KEY"],
        s3_region=os.environ.get("TEST_S3_REGION") or "us-east-1",
    ), []


def server_binary() -> Path:
    configured = os.environ.get("S3UPLOADER_BIN")
    return Path(configured) if configured else REPO_ROOT / ".build" / "debug" / "s3uploader"
