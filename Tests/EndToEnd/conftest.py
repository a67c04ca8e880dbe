"""Fixtures of the end-to-end suite: a fresh database and bucket per session, real servers on free ports.

Services come from TEST_DATABASE_URL, TEST_S3_ENDPOINT, TEST_S3_ACCESS_KEY, TEST_S3_SECRET_KEY,
TEST_S3_REGION; the binary from S3UPLOADER_BIN (default .build/debug/s3uploader). Without them the suite
is skipped, unless REQUIRE_SERVICES=1, which turns the skip into a failure.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

import pytest

from harness.bucket import SessionBucket
from harness.client import ApiClient
from harness.database import SessionDatabase, UploadRows
from harness.leftovers import Leftovers
from harness.server_process import LIVE_SERVERS, ServerProcess
from harness.services import ServiceEnvironment, server_binary, service_environment, services_required
from harness.tokens import TokenMinter

MEASUREMENTS: list[str] = []


def unavailable(reason: str):
    if services_required():
        pytest.fail(f"REQUIRE_SERVICES=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def services() -> ServiceEnvironment:
    environment, missing = service_environment()
    if environment is None:
        unavailable("missing " + ", ".join(missing))
    return environment


@pytest.fixture(scope="session")
def binary(services) -> Path:
    path = server_binary()
    if not path.is_file():
        unavailable(f"no server binary at {path} (swift build --product s3uploader, or set S3UPLOADER_BIN)")
    return path


@pytest.fixture(scope="session")
def database(services):
    created = SessionDatabase(services.database_url)
    yield created
    created.drop()


@pytest.fixture(scope="session")
def rows(database) -> UploadRows:
    return UploadRows(database.url)


@pytest.fixture(scope="session")
def bucket(services):
    created = SessionBucket(services)
    yield created
    created.drop()


@pytest.fixture(scope="session")
def leftovers(rows, bucket) -> Leftovers:
    return Leftovers(rows, bucket)


@pytest.fixture(scope="session")
def tokens() -> TokenMinter:
    return TokenMinter()


@pytest.fixture(scope="session")
def measurements() -> list[str]:
    """Figures worth seeing in a passing run; printed in the terminal summary."""
    return MEASUREMENTS


@pytest.fixture(scope="session")
def start_server(binary, services, database, bucket, tokens, tmp_path_factory):
    """`start_server(name, backend="s3", **settings)` → a ready server; every one is stopped at session end.

    A setting given as None removes that variable from the default configuration."""
    started: list[ServerProcess] = []
    log_dir = tmp_path_factory.mktemp("server-logs")

    def start(name: str, backend: str = "s3", **settings: str | None) -> ServerProcess:
        configuration = {
            "DATABASE_URL": database.url,
            "STORAGE_BACKEND": backend,
            "JWT_HMAC_SECRET": tokens.secret,
            "JWT_ALGORITHMS": "HS256",
            "JWT_ISSUER": tokens.issuer,
            "JWT_AUDIENCE": tokens.audience,
        }
        if backend == "s3":
            configuration.update({
                "S3_ENDPOINT_URL": services.s3_endpoint,
                "S3_REGION_NAME": services.s3_region,
                "S3_BUCKET_NAME": bucket.name,
                "S3_ACCESS_KEY": services.s3_access_key,
                "S3_SECRET_KEY": services.s3_secret_key,
            })
        for variable, value in settings.items():
            if value is None:
                configuration.pop(variable, None)
            else:
                configuration[variable] = value
        server = ServerProcess(binary, configuration, log_dir / f"{name}.log", name)
        started.append(server)
        return server.start()

    yield start
    for server in started:
        server.stop()


@pytest.fixture(scope="session")
def s3_server(start_server) -> ServerProcess:
    return start_server("s3")


@dataclass
class User:
    id: str
    token: str
    api: ApiClient


@pytest.fixture
def new_user(tokens, s3_server):
    """`new_user(server=s3_server)` → a user nobody else has used, with a valid token."""
    def make(server: ServerProcess = s3_server) -> User:
        user_id = "user-" + secrets.token_hex(6)
        token = tokens.valid(user_id)
        return User(user_id, token, ApiClient(server.base_url, token))
    return make


@pytest.fixture
def user(new_user) -> User:
    return new_user()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.failed:
        for server in list(LIVE_SERVERS):
            report.sections.append((f"server log: {server.name} ({server.log_path})", server.log_tail()))


def pytest_terminal_summary(terminalreporter):
    if MEASUREMENTS:
        terminalreporter.section("measurements")
        for line in MEASUREMENTS:
            terminalreporter.write_line(line)
