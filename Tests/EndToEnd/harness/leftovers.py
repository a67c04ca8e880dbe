"""What an upload left behind for one user: rows, objects under the user's prefix, open multipart uploads."""
from __future__ import annotations

import time
from dataclasses import dataclass

from .bucket import SessionBucket
from .database import UploadRows


@dataclass
class Remains:
    rows: list[dict]
    objects: dict[str, int]
    multipart_uploads: list[dict]

    @property
    def empty(self) -> bool:
        return not (self.rows or self.objects or self.multipart_uploads)

    def describe(self) -> str:
        return (f"rows={[(r['id'], r['status']) for r in self.rows]} objects={list(self.objects)} "
                f"multipart_uploads={[(u['Key'], u['UploadId']) for u in self.multipart_uploads]}")


class Leftovers:
    def __init__(self, rows: UploadRows, bucket: SessionBucket):
        self.rows = rows
        self.bucket = bucket

    def of(self, user_id: str) -> Remains:
        prefix = user_id + "/"
        return Remains(self.rows.for_user(user_id), self.bucket.objects(prefix), self.bucket.incomplete_uploads(prefix))

    def assert_none(self, user_id: str) -> None:
        remains = self.of(user_id)
        assert remains.empty, f"left behind for {user_id}: {remains.describe()}"

    def wait_until_none(self, user_id: str, timeout: float = 60.0) -> float:
        """Polls until nothing is left; returns the seconds it took, fails after `timeout`."""
        start = time.monotonic()
        while True:
            remains = self.of(user_id)
            if remains.empty:
                return time.monotonic() - start
            if time.monotonic() - start > timeout:
                raise AssertionError(f"still left after {timeout:.0f} s for {user_id}: {remains.describe()}")
            time.sleep(0.5)
