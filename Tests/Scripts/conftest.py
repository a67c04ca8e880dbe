"""A copy of the checkout's Makefile and scripts/ in a private folder, with a stand-in Swift toolchain.

The copy lives where a new user's clone often does: inside a folder only its owner may enter (like
/root, mode 700), which the `postgres` user can't traverse. `swift` is a stand-in that "builds" in an
instant and leaves a fake `s3uploader` where SwiftPM puts the real one; the fake `serve` records the
database it was given and whether it answers, so `make run` is exercised end to end without a build.

S3UPLOADER_CHECKOUT picks the tree whose scripts are tested (default: this repository), e.g. an older
revision exported with `git archive`.
"""

import os
import shutil
import stat
import subprocess
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SOURCE = Path(os.environ.get("S3UPLOADER_CHECKOUT", REPO))

FAKE_SWIFT = """\
#!/bin/sh
# Stands in for the Swift toolchain: records the call (and a build's environment) and "builds" the fake
# s3uploader instantly. Its files sit next to it: a build may run with a reduced environment.
tools="$(cd "$(dirname "$0")" && pwd)"
echo "swift $*" >> "$tools/calls.log"
bin="$PWD/.build/x86_64-unknown-linux-gnu/debug"
case " $* " in
*" --show-bin-path "*) echo "$bin"; exit 0 ;;
" build "*)
  env | sort > "$tools/build-env.$(grep -c '^swift build' "$tools/calls.log")"
  mkdir -p "$bin/S3Uploader.build" && cp "$tools/fake-s3uploader" "$bin/s3uploader" && ln -sfn x86_64-unknown-linux-gnu/debug .build/debug
  ;;
esac
exit 0
"""

FAKE_S3UPLOADER = """\
#!/bin/sh
# Stands in for the service: `token` prints one, `serve` checks the database it was given and exits.
case "$1" in
token) echo fake-token ;;
serve)
  echo "DATABASE_URL=$DATABASE_URL" > "$FAKE_SERVED"
  psql "$DATABASE_URL" -Atc "select 'answered ' || 42" >> "$FAKE_SERVED" 2>&1
  ;;
esac
"""


def _executable(path: Path, text: str) -> Path:
    path.write_text(text)
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


class Checkout:
    def __init__(self, root: Path, tools: Path):
        self.root = root
        self.tools = tools
        self.calls = tools / "calls.log"
        self.build_envs = lambda: [p.read_text() for p in sorted(tools.glob("build-env.*"))]
        self.served = tools / "served.txt"

    def env(self, **extra):
        env = dict(os.environ)
        env.update(
            PATH=f"{self.tools}:{env['PATH']}",
            FAKE_SERVED=str(self.served),
        )
        env.pop("DATABASE_URL", None)
        env.update(extra)
        return env

    def run(self, *args, timeout=180, **extra):
        return subprocess.run(
            list(args), cwd=self.root, env=self.env(**extra), capture_output=True, text=True, timeout=timeout
        )

    def make(self, target, **extra):
        return self.run("make", "--no-print-directory", target, **extra)

    def mark_built(self):
        """A .build left by an earlier build (so no first-build notice)."""
        (self.root / ".build/x86_64-unknown-linux-gnu/debug/S3Uploader.build").mkdir(parents=True, exist_ok=True)

    def postgres_pid(self, folder=".data/postgres"):
        pid_file = self.root / folder / "data/postmaster.pid"
        if not pid_file.exists():
            return None
        pid = int(pid_file.read_text().split()[0])
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        return pid


@pytest.fixture
def checkout(tmp_path):
    private = tmp_path / "home"
    private.mkdir()
    private.chmod(0o700)
    root = private / "s3uploader"
    root.mkdir()
    shutil.copy2(SOURCE / "Makefile", root / "Makefile")
    shutil.copytree(SOURCE / "scripts", root / "scripts")
    tools = tmp_path / "tools"
    tools.mkdir()
    _executable(tools / "swift", FAKE_SWIFT)
    _executable(tools / "fake-s3uploader", FAKE_S3UPLOADER)
    co = Checkout(root, tools)
    yield co
    # Whatever a test left running or relocated goes with it.
    for folder in (root / ".data/postgres", *root.glob("pg*")):
        if (folder / "data").exists() or (folder / "data").is_symlink():
            subprocess.run(["scripts/dev-postgres.sh", "stop", str(folder)], cwd=root, capture_output=True)
            target = (folder / "data").resolve()
            if (folder / "data").is_symlink() and str(target).startswith("/var/tmp/s3uploader-postgres/"):
                shutil.rmtree(target.parent, ignore_errors=True)


def needs_root_and_postgres():
    if os.geteuid() != 0:
        pytest.skip("runs PostgreSQL as the postgres user, which needs root")
    if not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")):
        pytest.skip("PostgreSQL is not installed (scripts/install-deps.sh test installs it)")
