"""Every part of an upload form is used or refused by name, with curl's own form syntaxes; and curl -OJ
saves a non-ASCII name readably."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from harness.client import HttpReply, _last_header_block, assert_problem

REFUSED = "https://s3uploader.dev/problems/form-part-refused"


@pytest.fixture
def two_files(tmp_path) -> Path:
    (tmp_path / "a.txt").write_bytes(b"alpha\n")
    (tmp_path / "b.txt").write_bytes(b"bravo\n")
    return tmp_path


def curl_form(base_url: str, token: str, folder: Path, *forms: str) -> HttpReply:
    """`curl -F form…` to POST /upload, run in `folder` so file names in the forms are relative."""
    return curl_form_to(base_url + "/upload", token, folder, *forms)


def curl_form_to(url: str, token: str, folder: Path, *forms: str) -> HttpReply:
    command = ["curl", "-sS", "-o", "body", "-D", "headers", "-H", f"Authorization: Bearer {token}"]
    for form in forms:
        command += ["-F", form]
    subprocess.run(command + [url], cwd=folder, check=True, capture_output=True, timeout=60)
    status, headers = _last_header_block((folder / "headers").read_text(errors="replace"))
    return HttpReply(status, headers, (folder / "body").read_bytes())


def test_several_files_in_one_part_are_refused(user, s3_server, leftovers, two_files):
    # curl sends `file=@a,b` as one part `file` whose body is a multipart/mixed holding both files.
    reply = curl_form(s3_server.base_url, user.token, two_files, "file=@a.txt,b.txt")
    problem = assert_problem(reply.status, reply.headers, reply.body, 400)
    assert (problem["type"], problem["part"]) == (REFUSED, "file"), problem
    assert '"file"' in problem["detail"] and "multipart/mixed" in problem["detail"], problem
    leftovers.assert_none(user.id)


@pytest.mark.parametrize("forms", [("file=@a.txt", "file2=@b.txt"), ("file2=@b.txt", "file=@a.txt")])
def test_another_file_part_is_refused_by_name(user, s3_server, leftovers, two_files, forms):
    reply = curl_form(s3_server.base_url, user.token, two_files, *forms)
    problem = assert_problem(reply.status, reply.headers, reply.body, 400)
    assert (problem["type"], problem["part"]) == (REFUSED, "file2"), problem
    assert '"file2"' in problem["detail"], problem
    leftovers.assert_none(user.id)


def test_a_second_file_part_named_file_is_refused(user, s3_server, leftovers, two_files):
    reply = curl_form(s3_server.base_url, user.token, two_files, "file=@a.txt", "file=@b.txt")
    problem = assert_problem(reply.status, reply.headers, reply.body, 400)
    assert (problem["type"], problem["part"]) == (REFUSED, "file"), problem
    leftovers.assert_none(user.id)


def test_text_fields_beside_the_file_are_accepted(user, s3_server, two_files):
    reply = curl_form(s3_server.base_url, user.token, two_files, "note=hello", "file=@a.txt", "tag=<b.txt")
    assert reply.status == 201, reply.body[:500]
    described = json.loads(reply.body)
    assert (described["file_name"], described["file_size"]) == ("a.txt", 6)


def test_curl_saves_a_non_ascii_name_readably(user, s3_server, two_files, tmp_path):
    name = "résumé – café.txt"
    reply = curl_form(s3_server.base_url, user.token, two_files, f'file=@a.txt;filename="{name}"')
    assert reply.status == 201, reply.body[:500]
    described = json.loads(reply.body)
    assert described["file_name"] == name
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    subprocess.run(["curl", "-sS", "-f", "-OJ", "-H", f"Authorization: Bearer {user.token}",
                    f"{s3_server.base_url}/files/{described['file_id']}/content"],
                   cwd=downloads, check=True, capture_output=True, timeout=60)
    assert [path.name for path in downloads.iterdir()] == ["resume - cafe.txt"]
    assert (downloads / "resume - cafe.txt").read_bytes() == b"alpha\n"


def test_the_chunk_form_refuses_a_second_file_and_keeps_nothing(user, s3_server, bucket, two_files):
    auth = ["-H", f"Authorization: Bearer {user.token}"]
    created = subprocess.run(
        ["curl", "-sS", *auth, "-H", "Content-Type: application/json",
         "--data", json.dumps({"main_service_file_id": 1, "original_file_name": "two.txt"}),
         s3_server.base_url + "/upload/init"], check=True, capture_output=True, timeout=60)
    session = json.loads(created.stdout)["data"]["upload_session_id"]
    reply = curl_form_to(s3_server.base_url + "/upload/chunk", user.token, two_files,
                         f"upload_session_id={session}", "chunk_index=0", "chunk=@a.txt", "extra=@b.txt")
    problem = assert_problem(reply.status, reply.headers, reply.body, 400)
    assert (problem["type"], problem["part"]) == (REFUSED, "extra"), problem
    assert bucket.objects(".tmp/") == {}, "the refused chunk was kept"
    completed = subprocess.run(
        ["curl", "-sS", *auth, "-H", "Content-Type: application/json",
         "--data", json.dumps({"upload_session_id": session, "total_chunks": 1}),
         s3_server.base_url + "/upload/complete"], check=True, capture_output=True, timeout=60)
    assert json.loads(completed.stdout)["missing_chunks"] == [0]
