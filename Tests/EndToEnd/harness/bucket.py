"""A throwaway bucket per test session on RGW, inspected with boto3."""
from __future__ import annotations

import hashlib
import secrets

import boto3
from botocore.config import Config

from .services import ServiceEnvironment


def s3_client(services: ServiceEnvironment):
    return boto3.client(
        "s3",
        endpoint_url=services.s3_endpoint,
        aws_access_key_id=services.s3_access_key,
        aws_secret_access_key=services.s3_secret_key,
        region_name=services.s3_region,
        config=Config(
            signature_version="s3v4",
            s3={"addressing_style": "path"},
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
            retries={"max_attempts": 3},
        ),
    )


class SessionBucket:
    """Creates `e2e-<random>`; `inspect` methods answer what the server left in it; `drop()` empties and deletes it."""

    def __init__(self, services: ServiceEnvironment):
        self.client = s3_client(services)
        self.name = "e2e-" + secrets.token_hex(6)
        self.client.create_bucket(Bucket=self.name)

    def objects(self, prefix: str = "") -> dict[str, int]:
        """Key → size of every object under `prefix`."""
        found: dict[str, int] = {}
        for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.name, Prefix=prefix):
            for item in page.get("Contents", []):
                found[item["Key"]] = item["Size"]
        return found

    def incomplete_uploads(self, prefix: str = "") -> list[dict]:
        """Multipart uploads started and neither completed nor aborted under `prefix`."""
        uploads: list[dict] = []
        kwargs = {"Bucket": self.name, "Prefix": prefix}
        while True:
            page = self.client.list_multipart_uploads(**kwargs)
            uploads.extend(page.get("Uploads", []))
            if not page.get("IsTruncated"):
                return uploads
            kwargs["KeyMarker"] = page["NextKeyMarker"]
            kwargs["UploadIdMarker"] = page["NextUploadIdMarker"]

    def object_sha256(self, key: str) -> str:
        digest = hashlib.sha256()
        body = self.client.get_object(Bucket=self.name, Key=key)["Body"]
        for chunk in body.iter_chunks(1 << 20):
            digest.update(chunk)
        return digest.hexdigest()

    def part_count(self, key: str) -> int:
        """Parts the object was completed from (its ETag's `-N` suffix), 0 for a single PutObject."""
        etag = self.client.head_object(Bucket=self.name, Key=key)["ETag"].strip('"')
        return int(etag.rsplit("-", 1)[1]) if "-" in etag else 0

    def drop(self) -> None:
        for upload in self.incomplete_uploads():
            self.client.abort_multipart_upload(Bucket=self.name, Key=upload["Key"], UploadId=upload["UploadId"])
        for key in self.objects():
            self.client.delete_object(Bucket=self.name, Key=key)
        self.client.delete_bucket(Bucket=self.name)
