"""MAIN_SERVICE_CALLBACK_URL: a completed chunked upload is announced through the signed-webhook jobs."""
from __future__ import annotations

import time

import requests

from harness.direct import FAST_JOBS, WEBHOOK_SECRET, WebhookReceiver, signature_is_valid


def test_completion_is_announced_signed(start_server, new_user):
    receiver = WebhookReceiver(failures=1)
    try:
        server = start_server("chunked-callback", MAIN_SERVICE_CALLBACK_URL=receiver.url, WEBHOOK_SECRET=WEBHOOK_SECRET,
                              WORKERS="1", **FAST_JOBS)
        user = new_user(server)
        base, headers = server.base_url, user.api.headers()
        session = requests.post(base + "/upload/init", headers=headers, timeout=30,
                                json={"main_service_file_id": 42, "original_file_name": "talk.mp3"}).json()["data"]["upload_session_id"]
        for index, data in enumerate([b"first ", b"second"]):
            reply = requests.post(base + "/upload/chunk", headers=headers, timeout=30,
                                  data={"upload_session_id": session, "chunk_index": str(index)}, files={"chunk": ("c", data)})
            assert reply.status_code == 200, reply.text
        done = requests.post(base + "/upload/complete", headers=headers, timeout=30,
                             json={"upload_session_id": session, "total_chunks": 2})
        assert done.status_code == 200, done.text
        file_id = done.json()["data"]["file_id"]
        deadline = time.monotonic() + 30
        while not receiver.deliveries() and time.monotonic() < deadline:
            time.sleep(0.2)
        deliveries = receiver.deliveries()
        assert len(deliveries) == 1, receiver.attempts
        event = deliveries[0]["event"]
        assert event["event"] == "upload.completed" and event["file_id"] == file_id
        assert event["main_service_file_id"] == 42 and event["upload_session_id"] == session
        assert event["file_path_on_upload_service"] == f"{user.id}/{file_id}/talk.mp3"
        assert event["size_bytes"] == len(b"first second")
        assert signature_is_valid(deliveries[0])
    finally:
        receiver.close()
