"""A real S3-compatible server on this machine for the tests: moto's server mode (`python -m moto.server`, from
the `moto[server]` package), started as its own process on a free loopback port and stopped at the end."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

BUCKET = "iwg-documents"
ACCESS_KEY, SECRET_KEY = "test-access-key", "test-secret-key"  # moto accepts any; the signatures are still real


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def object_store_url():
    """The address of a moto S3 server running for the whole session."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{url}/moto-api/", timeout=1)  # noqa: S310 (loopback)
                break
            except OSError:
                if process.poll() is not None:
                    pytest.fail("moto_server exited at start")
                time.sleep(0.05)
        else:
            pytest.fail("moto_server did not answer within 10 s")
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)


def s3_storage_settings(url: str, bucket: str = BUCKET) -> dict:
    """STORAGES["default"] as iwg/settings/base.py builds it when IWG_S3_BUCKET is set."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": url,
            "region_name": "us-east-1",
            "access_key": ACCESS_KEY,
            "secret_key": SECRET_KEY,
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 60,
            "file_overwrite": False,
            "addressing_style": "path",
            "signature_version": "s3v4",
        },
    }


@pytest.fixture
def object_store(object_store_url, settings):
    """Documents on the moto server: a fresh bucket for the test, emptied and removed at the end."""
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=object_store_url,
        region_name="us-east-1",
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )
    bucket = f"{BUCKET}-{time.monotonic_ns()}"
    client.create_bucket(Bucket=bucket)
    settings.STORAGES = {**settings.STORAGES, "default": s3_storage_settings(object_store_url, bucket)}
    client.bucket = bucket
    try:
        yield client
    finally:
        for item in client.list_objects_v2(Bucket=bucket).get("Contents", []):
            client.delete_object(Bucket=bucket, Key=item["Key"])
        client.delete_bucket(Bucket=bucket)
