"""`make run`, `make reset`, `make help` and the service scripts, as a new user meets them."""

import json
import os
import re
import subprocess
from pathlib import Path

from conftest import REPO, SOURCE, needs_root_and_postgres


def test_make_run_works_from_a_private_folder(checkout):
    needs_root_and_postgres()
    checkout.mark_built()
    result = checkout.make("run")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "unbound variable" not in output
    served = checkout.served.read_text()
    assert re.match(r"DATABASE_URL=postgres://postgres@127\.0\.0\.1:\d+/postgres", served), served
    assert "answered 42" in served, served  # the server it was given answered
    assert checkout.postgres_pid() is None, "make run left PostgreSQL running"


def test_dev_postgres_starts_stops_and_keeps_its_data_from_a_private_folder(checkout):
    needs_root_and_postgres()
    pg = "pg-private"

    def start():
        result = checkout.run("scripts/dev-postgres.sh", "start", pg)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout.strip().removeprefix("DATABASE_URL=")

    def psql(url, sql):
        return subprocess.run(["psql", url, "-Atc", sql], capture_output=True, text=True, timeout=30)

    url = start()
    assert psql(url, "create table kept (n int); insert into kept values (7)").returncode == 0
    assert checkout.run("scripts/dev-postgres.sh", "stop", pg).returncode == 0
    assert checkout.postgres_pid(pg) is None
    url = start()  # the same cluster again: kept between runs
    assert psql(url, "select n from kept").stdout.strip() == "7"
    checkout.run("scripts/dev-postgres.sh", "stop", pg)


def test_a_failing_database_start_says_why_once(checkout):
    needs_root_and_postgres()
    checkout.mark_built()
    # A cluster folder PostgreSQL can't use (as a half-copied or foreign data folder would be).
    data = checkout.root / ".data/postgres/data"
    data.mkdir(parents=True)
    (data / "PG_VERSION").write_text("9\n")
    result = checkout.run("scripts/run-dev.sh")
    assert result.returncode != 0
    assert "unbound variable" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("dev-postgres: "), lines
    assert not checkout.served.exists(), "the server started without a database"


def test_make_reset_clears_the_data_but_not_the_build(checkout):
    needs_root_and_postgres()
    checkout.mark_built()
    assert checkout.make("run").returncode == 0
    relocated = (checkout.root / ".data/postgres/data").resolve()
    assert relocated.exists()
    (checkout.root / ".data/objects").mkdir(parents=True, exist_ok=True)
    (checkout.root / ".data/objects/photo.jpg").write_bytes(b"bytes")
    (checkout.root / ".data/dev-jwt-key.pem").write_text("key")
    result = checkout.make("reset")
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (checkout.root / ".data").exists()
    assert not relocated.exists(), "the cluster kept outside the checkout was left behind"
    assert (checkout.root / ".build/debug/s3uploader").exists(), "make reset deleted the build"


def test_make_help_lists_the_targets_with_what_they_do(checkout):
    result = checkout.make("help")
    assert result.returncode == 0, result.stderr
    listed = dict(re.findall(r"^\s+([a-z-]+)\s{2,}(\S.*)$", result.stdout, re.M))
    for target in ("run", "test", "help", "reset", "generate", "bench", "services-up", "services-down",
                   "format", "lint", "clean"):
        assert target in listed, result.stdout
        assert len(listed[target]) > 10, listed[target]


def test_the_first_build_is_announced(checkout):
    needs_root_and_postgres()
    first = checkout.make("run")
    assert first.returncode == 0, first.stdout + first.stderr
    assert re.search(r"[Ff]irst build.*20 minutes", first.stderr), first.stderr
    again = checkout.make("run")  # .build exists now
    assert again.returncode == 0
    assert "20 minutes" not in again.stdout + again.stderr


def test_make_run_builds_with_the_same_environment_whatever_the_shell_exports(checkout):
    """SwiftPM reruns the sqlgen plugin's tool build and the generator when the environment differs from
    the last build's, so the TOKEN that `make run` asks you to export made the next `make run` recompile."""
    needs_root_and_postgres()
    checkout.mark_built()
    assert checkout.make("run", TOKEN="eyJ.first").returncode == 0
    assert checkout.make("run", TOKEN="eyJ.second", FILE_ID="42", COLUMNS="99").returncode == 0
    first, second = checkout.build_envs()
    assert "TOKEN=" not in first and "MAKEFLAGS" not in first, first
    assert first == second
    builds = [call for call in checkout.calls.read_text().splitlines() if "--show-bin-path" not in call]
    assert builds == ["swift build --product s3uploader"] * 2, builds


def test_check_warnings_fails_on_the_projects_own_warnings_only(checkout, tmp_path):
    root = checkout.root
    warning = f"{root}/Sources/Uploads/Streaming/StreamedPartWriter.swift:125:13: warning: initialization of immutable value 'digest' was never used"
    log = tmp_path / "build.log"
    log.write_text("\n".join([
        "[10/20] Compiling Uploads StreamedPartWriter.swift",
        warning, warning, warning,
        f"{root}/.build/checkouts/swift-nio/Sources/NIOCore/X.swift:1:1: warning: a dependency's own",
        "warning: 'swift-distributed-tracing': found 1 file(s) which are unhandled; explicitly declare them as resources",
        f"{root}/Tests/UploadsTests/A.swift:3:9: warning: variable 'x' was never mutated",
        "",
    ]))
    result = checkout.run("scripts/check-warnings.sh", str(log))
    assert result.returncode != 0
    printed = result.stdout.splitlines()
    assert printed == [
        "Sources/Uploads/Streaming/StreamedPartWriter.swift:125:13: warning: initialization of immutable value 'digest' was never used",
        "Tests/UploadsTests/A.swift:3:9: warning: variable 'x' was never mutated",
    ], result.stdout
    clean = tmp_path / "clean.log"
    clean.write_text("[1/1] Compiling Uploads A.swift\n" + warning.replace(str(root), "/elsewhere") + "\n")
    assert checkout.run("scripts/check-warnings.sh", str(clean)).returncode == 0


def test_make_test_checks_warnings_and_style():
    script = (SOURCE / "scripts/test.sh").read_text()
    assert "scripts/check-warnings.sh" in script
    assert "swift format lint" in script


def test_swift_format_configuration_matches_the_code():
    config = json.loads((SOURCE / ".swift-format").read_text())
    assert config["indentation"] == {"spaces": 4}
    assert 120 <= config["lineLength"] <= 150
    makefile = (SOURCE / "Makefile").read_text()
    assert re.search(r"^format:.*\n\tswift format format --in-place --recursive", makefile, re.M)
    assert re.search(r"^lint:.*\n\tswift format lint --strict --recursive", makefile, re.M)
