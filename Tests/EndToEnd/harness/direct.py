"""Helpers of the presigned direct-upload suites (issue 5): the flow's calls, worker processes, a webhook receiver."""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import signal
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import requests

from .database import psql
from .server_process import free_port

WORKER_TOKEN = "e2e-worker-token-" + os.urandom(8).hex()
WEBHOOK_SECRET = "e2e-webhook-secret-" + os.urandom(8).hex()

# Quick retries and polling so failures and recoveries happen within seconds.
FAST_JOBS = {
    "WORKER_TOKEN": WORKER_TOKEN,
    "JOB_POLL_INTERVAL_SECONDS": "0.5",
    "JOB_RETRY_BASE_SECONDS": "0.2",
    "JOB_RETRY_MAX_SECONDS": "1",
}


class DirectClient:
    """Seed 000's endpoints for one user."""

    def __init__(self, base_url: str, token: str):
        self.base_url = base_url
        self.headers = {"Authorization": f"Bearer {token}"}

    def presign(self, file_name: str, extension: str, length: int, content_type: str, method: str | None = None):
        params = {"method": method} if method else None
        return requests.post(self.base_url + "/upload", params=params, headers=self.headers, timeout=30,
                             json={"file_name": file_name, "extension": extension, "len": length, "type": content_type})

    def confirm(self, file_id: str):
        return requests.post(self.base_url + "/confirm-upload", json={"file_id": file_id}, headers=self.headers, timeout=60)

    def status(self, file_id: str):
        return requests.get(self.base_url + "/consult-status", params={"file_id": file_id}, headers=self.headers, timeout=30)

    def wait_for(self, file_id: str, statuses=("completed", "error"), timeout: float = 60) -> dict:
        deadline = time.monotonic() + timeout
        body = {}
        while time.monotonic() < deadline:
            body = self.status(file_id).json()
            if body.get("status") in statuses:
                return body
            time.sleep(0.1)
        raise AssertionError(f"{file_id} never reached {statuses}; last: {body}")


def update_status(base_url: str, token: str, file_id: str, status: str, details: str | None = None):
    body = {"file_id": file_id, "status": status}
    if details is not None:
        body["details"] = details
    return requests.post(base_url + "/update-status", json=body, headers={"Authorization": f"Bearer {token}"}, timeout=30)


def post_form(grant: dict, data: bytes, file_name: str = "upload.bin") -> requests.Response:
    """What boto3's docs show for `generate_presigned_post`: `requests.post(url, data=fields, files=...)`."""
    content_type = grant["fields"].get("Content-Type", "application/octet-stream")
    return requests.post(grant["url"], data=grant["fields"], files={"file": (file_name, data, content_type)}, timeout=60)


class WorkerProcess:
    """`s3uploader worker` with `settings` as its environment; `kill()` sends SIGKILL."""

    def __init__(self, binary: Path, settings: dict[str, str], log_path: Path, workers: int = 1):
        self.log_path = log_path
        environment = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/tmp"),
                       "LOG_LEVEL": "info", **settings}
        log = open(log_path, "ab")
        self.process = subprocess.Popen([str(binary), "worker", "--workers", str(workers)], env=environment,
                                        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        log.close()

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()

    def log_tail(self, lines: int = 60) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


class WebhookReceiver:
    """An HTTP endpoint on 127.0.0.1 that fails the first `failures` attempts of each delivery (by
    X-Webhook-ID) with 500, then accepts; records every attempt."""

    def __init__(self, failures: int = 0):
        self.failures = failures
        self.attempts: list[dict] = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                delivery = self.headers.get("X-Webhook-ID", "")
                with receiver.lock:
                    previous = sum(1 for a in receiver.attempts if a["id"] == delivery)
                    accepted = previous >= receiver.failures
                    receiver.attempts.append({
                        "id": delivery, "body": body, "timestamp": self.headers.get("X-Webhook-Timestamp", ""),
                        "signature": self.headers.get("X-Webhook-Signature", ""), "accepted": accepted,
                    })
                self.send_response(200 if accepted else 500)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def deliveries(self) -> list[dict]:
        """Accepted attempts, bodies parsed."""
        with self.lock:
            return [dict(a, event=json.loads(a["body"])) for a in self.attempts if a["accepted"]]

    def close(self) -> None:
        self.server.shutdown()


def signature_is_valid(attempt: dict, secret: str = WEBHOOK_SECRET) -> bool:
    expected = "sha256=" + hmac.new(secret.encode(), attempt["timestamp"].encode() + b"." + attempt["body"],
                                    hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, attempt["signature"]) and abs(time.time() - int(attempt["timestamp"])) < 300


def jobs(database_url: str, where: str = "true") -> list[dict]:
    columns = ["id", "kind", "status", "attempts", "last_error", "payload"]
    rows = psql(database_url, f"SELECT {', '.join(c + '::text' for c in columns)} FROM jobs WHERE {where} ORDER BY created_at")
    return [dict(zip(columns, row)) for row in rows]
