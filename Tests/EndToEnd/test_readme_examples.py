"""The README's presigned-upload and chunk API examples, run as written (bash, curl, python3) against a
server on the local backend: every variable they use is defined in them, and they do what they say."""
from __future__ import annotations

import hashlib
import re
import subprocess
import time
from pathlib import Path

import pytest
import requests

from harness.database import SessionDatabase

README = Path(__file__).resolve().parents[2] / "README.md"


def example(heading: str) -> str:
    """The first ```sh block under the README heading that starts with `heading`."""
    text = README.read_text()
    section = text[text.index("\n## " + heading):]
    return re.search(r"```sh\n(.*?)```", section, re.S).group(1)


@pytest.fixture(scope="module")
def readme_db(services):
    # A database of its own: the shared one's job workers belong to servers on other backends, and one of
    # them would take the presigned upload's processing job.
    created = SessionDatabase(services.database_url)
    yield created
    created.drop()


@pytest.fixture(scope="module")
def readme_server(start_server, readme_db, tmp_path_factory):
    return start_server("readme", backend="local", DATABASE_URL=readme_db.url,
                        LOCAL_STORAGE_PATH=str(tmp_path_factory.mktemp("readme-objects")))


def run(script: str, server, token: str, cwd: Path) -> str:
    # The examples are written for `make run`'s address.
    script = script.replace("http://127.0.0.1:8080", server.base_url).replace("localhost:8080", server.base_url)
    result = subprocess.run(["bash", "-e", "-c", script], cwd=cwd, capture_output=True, text=True, timeout=120,
                            env={"PATH": "/usr/local/bin:/usr/bin:/bin", "TOKEN": token})
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_presigned_example_uploads_confirms_and_completes(readme_server, tokens, tmp_path):
    token = tokens.valid("readme-presigned")
    output = run(example("Presigned direct uploads"), readme_server, token, tmp_path)
    assert "\n204\n" in "\n" + output, output  # the store took the form
    assert '"status":"uploaded"' in output, output  # confirmed
    file_id = __import__("json").loads((tmp_path / "grant.json").read_text())["file_id"]
    headers = {"Authorization": f"Bearer {token}"}
    deadline = time.monotonic() + 30
    while True:
        described = requests.get(f"{readme_server.base_url}/files/{file_id}", headers=headers, timeout=10)
        if described.status_code == 200 or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert described.status_code == 200, described.text
    assert described.json()["sha256"] == hashlib.sha256((tmp_path / "photo.jpg").read_bytes()).hexdigest()


def test_chunk_example_opens_a_session_and_names_the_missing_chunks(readme_server, tokens, tmp_path):
    (tmp_path / "part0").write_bytes(b"first chunk of talk.mp3")
    output = run(example("Chunked uploads"), readme_server, tokens.valid("readme-chunks"), tmp_path)
    assert '"chunk_index":0' in output, output  # $S named the session the example opened
    assert '"missing_chunks":[1,2,3,4,5,6]' in output, output
    assert '"files":[' in output, output
