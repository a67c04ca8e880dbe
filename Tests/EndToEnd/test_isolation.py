"""Acceptance 3: one user's files are invisible to another, exactly as if they did not exist."""
from __future__ import annotations

import uuid

from harness.client import assert_response_problem


def test_other_users_file_is_not_found(new_user, bucket, rows, tmp_path):
    owner, stranger = new_user(), new_user()
    path = tmp_path / "private.txt"
    path.write_bytes(b"owner's secret\n")
    reply = owner.api.upload(path, file_name="private.txt")
    assert reply.status == 201, reply.body[:500]
    file_id = reply.json()["file_id"]

    missing_id = str(uuid.uuid4())
    for probe in (stranger.api.file, stranger.api.content, stranger.api.delete):
        foreign = assert_response_problem(probe(file_id), 404)
        missing = assert_response_problem(probe(missing_id), 404)
        assert (foreign["type"], foreign["title"]) == (missing["type"], missing["title"]), probe.__name__
    listing = stranger.api.list_files()
    assert listing.status_code == 200
    assert listing.json()["files"] == []

    # the owner still has it, untouched by the stranger's DELETE
    assert owner.api.file(file_id).status_code == 200
    assert owner.api.content(file_id).content == b"owner's secret\n"
    assert rows.by_id(file_id)["storage_key"] in bucket.objects(owner.id + "/")
    assert [item["file_id"] for item in owner.api.list_files().json()["files"]] == [file_id]
