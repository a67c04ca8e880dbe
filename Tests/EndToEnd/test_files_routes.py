"""Acceptance 4: listing with cursors, ranges, Content-Disposition and DELETE on the files routes."""
from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
import requests

from harness.client import assert_response_problem


def upload_bytes(user, tmp_path, name: str, data: bytes) -> dict:
    path = tmp_path / f"upload-{len(list(tmp_path.iterdir()))}"
    path.write_bytes(data)
    reply = user.api.upload(path, file_name=name, content_type="application/octet-stream")
    assert reply.status == 201, reply.body[:500]
    return reply.json()


def test_list_is_newest_first_and_pages_by_cursor(user, tmp_path):
    uploaded = [upload_bytes(user, tmp_path, f"file-{i}.bin", f"content {i}".encode()) for i in range(5)]
    newest_first = [item["file_id"] for item in reversed(uploaded)]

    everything = user.api.list_files()
    assert everything.status_code == 200
    assert [item["file_id"] for item in everything.json()["files"]] == newest_first
    assert everything.json().get("next_cursor") is None

    pages, cursor = [], None
    for _ in range(5):
        response = user.api.list_files(limit=2, cursor=cursor)
        assert response.status_code == 200, response.text
        page = response.json()
        pages.append([item["file_id"] for item in page["files"]])
        cursor = page.get("next_cursor")
        if not cursor:
            break
    assert pages == [newest_first[0:2], newest_first[2:4], newest_first[4:5]]

    by_id = {item["file_id"]: item for item in everything.json()["files"]}
    for described in uploaded:
        listed = by_id[described["file_id"]]
        for field in ("file_name", "file_size", "content_type", "sha256"):
            assert listed[field] == described[field], field


@pytest.mark.parametrize("bad_query", [{"limit": "abc"}, {"limit": "-1"}, {"cursor": "not-a-cursor"}])
def test_bad_list_parameters_are_client_errors(bad_query, user, s3_server):
    response = requests.get(s3_server.base_url + "/files", params=bad_query, headers=user.api.headers(), timeout=30)
    assert response.status_code in (400, 422), response.text
    assert_response_problem(response, response.status_code)


def test_get_file_describes_it(user, tmp_path):
    described = upload_bytes(user, tmp_path, "described.bin", b"0123456789")
    response = user.api.file(described["file_id"])
    assert response.status_code == 200
    assert response.json() == described


def test_range_requests(user, tmp_path):
    data = bytes(range(256)) * 40  # 10240 bytes
    size = len(data)
    file_id = upload_bytes(user, tmp_path, "ranged.bin", data)["file_id"]

    whole = user.api.content(file_id)
    assert whole.status_code == 200
    assert whole.content == data
    assert int(whole.headers["Content-Length"]) == size

    head = user.api.content(file_id, "bytes=0-9")
    assert head.status_code == 206
    assert head.headers["Content-Range"] == f"bytes 0-9/{size}"
    assert head.content == data[:10]

    middle = user.api.content(file_id, "bytes=1000-1999")
    assert (middle.status_code, middle.headers["Content-Range"]) == (206, f"bytes 1000-1999/{size}")
    assert middle.content == data[1000:2000]

    tail = user.api.content(file_id, "bytes=-5")
    assert tail.status_code == 206
    assert tail.headers["Content-Range"] == f"bytes {size - 5}-{size - 1}/{size}"
    assert tail.content == data[-5:]

    open_ended = user.api.content(file_id, f"bytes={size - 3}-")
    assert (open_ended.status_code, open_ended.content) == (206, data[-3:])

    unsatisfiable = user.api.content(file_id, f"bytes={size}-")
    assert_response_problem(unsatisfiable, 416)
    assert unsatisfiable.headers.get("Content-Range") in (None, f"bytes */{size}")


def test_content_disposition_round_trips_a_unicode_name(user, bucket, tmp_path):
    name = "résumé €.txt"
    described = upload_bytes(user, tmp_path, name, "contenu en français\n".encode())
    assert described["file_name"] == name

    response = user.api.content(described["file_id"])
    assert response.status_code == 200
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment"), disposition
    encoded = re.search(r"filename\*=UTF-8''([^;\s]+)", disposition, re.IGNORECASE)
    assert encoded, disposition
    assert unquote(encoded.group(1), encoding="utf-8", errors="strict") == name
    fallback = re.search(r'filename="((?:[^"\\]|\\.)*)"', disposition)
    assert fallback, disposition
    assert all(32 <= ord(ch) < 127 for ch in fallback.group(1)), disposition


def test_delete_removes_file_and_object(user, bucket, rows, tmp_path):
    described = upload_bytes(user, tmp_path, "doomed.bin", b"short-lived")
    file_id = described["file_id"]
    key = rows.by_id(file_id)["storage_key"]
    assert key in bucket.objects(user.id + "/")

    deleted = user.api.delete(file_id)
    assert deleted.status_code == 204
    assert deleted.content == b""
    assert_response_problem(user.api.file(file_id), 404)
    assert_response_problem(user.api.content(file_id), 404)
    assert key not in bucket.objects(user.id + "/")
    assert user.api.list_files().json()["files"] == []
    assert_response_problem(user.api.delete(file_id), 404)  # documented: a second DELETE is 404


def test_malformed_file_id_is_404_or_400(user):
    response = user.api.file("not-a-uuid")
    assert response.status_code in (400, 404)
    assert_response_problem(response, response.status_code)
