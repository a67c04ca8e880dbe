"""Outgoing webhooks: exactly one accepted delivery per final status, signed with HMAC-SHA256 over the
timestamp and body, even when the receiver fails the first two attempts."""
from __future__ import annotations

import os
import time

import pytest

from harness.database import SessionDatabase
from harness.direct import (FAST_JOBS, WEBHOOK_SECRET, WORKER_TOKEN, DirectClient, WebhookReceiver, jobs, post_form,
                            signature_is_valid, update_status)


@pytest.fixture
def receiver():
    created = WebhookReceiver(failures=2)
    yield created
    created.close()


@pytest.fixture
def webhook_db(services):
    created = SessionDatabase(services.database_url)
    yield created
    created.drop()


def test_one_signed_delivery_per_final_status_despite_failures(start_server, webhook_db, receiver, tokens):
    server = start_server("direct-webhooks", DATABASE_URL=webhook_db.url, WORKERS="2",
                          WEBHOOK_URL=receiver.url, WEBHOOK_SECRET=WEBHOOK_SECRET, **FAST_JOBS)
    user = "hooked-" + os.urandom(4).hex()
    client = DirectClient(server.base_url, tokens.valid(user))

    completed_ids = []
    for index in range(3):
        data = os.urandom(1000 + index)
        grant = client.presign(f"doc{index}", "pdf", len(data), "application/pdf").json()
        assert post_form(grant, data).status_code == 204
        assert client.confirm(grant["file_id"]).status_code == 202
        completed_ids.append(grant["file_id"])
    failed = client.presign("bad", "pdf", 10, "application/pdf").json()["file_id"]
    assert update_status(server.base_url, WORKER_TOKEN, failed, "error", "rejected by scanner").status_code == 200
    # A repeated update to the same status announces nothing new.
    assert update_status(server.base_url, WORKER_TOKEN, failed, "error", "rejected by scanner").status_code == 200

    for file_id in completed_ids:
        assert client.wait_for(file_id)["status"] == "completed"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(receiver.deliveries()) < 4:
        time.sleep(0.2)
    time.sleep(2)  # anything extra would arrive now

    deliveries = receiver.deliveries()
    announced = sorted((d["event"]["file_id"], d["event"]["status"]) for d in deliveries)
    assert announced == sorted([(i, "completed") for i in completed_ids] + [(failed, "error")])
    for delivery in deliveries:
        assert signature_is_valid(delivery), delivery
        assert not signature_is_valid(delivery, secret="some other secret")
        assert delivery["event"]["user_id"] == user
        attempts = [a for a in receiver.attempts if a["id"] == delivery["id"]]
        assert [a["accepted"] for a in attempts] == [False, False, True]
    error_event = next(d["event"] for d in deliveries if d["event"]["status"] == "error")
    assert error_event["details"] == "rejected by scanner" and error_event["event"] == "upload.error"
    hooks = jobs(webhook_db.url, "kind = 'deliver_webhook'")
    assert len(hooks) == 4 and all(h["status"] == "done" and h["attempts"] == "3" for h in hooks)
