"""Redis down: the sign-in page, two-factor sign-in, the token endpoint, the lockout and the pages keep working
(the cache degrades to no cache and says so in the log; sessions and the lockout live in the database). Tested on
a real Redis server started for the test and then stopped, with the cache configured as the settings configure
it whenever REDIS_URL is set."""

import importlib
import logging
import os
import socket
import subprocess
import time

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core.cache import cache
from django.test import Client

from iwg.models import AccessEvent

pytestmark = [pytest.mark.django_db, pytest.mark.redis]
PASSWORD = "test-Password-123"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def configured_caches(redis_url: str) -> dict:
    """CACHES as iwg/settings/base.py builds it when REDIS_URL is set (production builds it the same way)."""
    import iwg.settings.base as base

    saved = os.environ.get("REDIS_URL")
    os.environ["REDIS_URL"] = redis_url
    try:
        return importlib.reload(base).CACHES
    finally:
        if saved is None:
            os.environ.pop("REDIS_URL")
        else:
            os.environ["REDIS_URL"] = saved
        importlib.reload(base)


@pytest.fixture
def redis_gone(settings, tmp_path):
    """A throwaway redis-server: the cache is configured on it, shown to work, then the server is stopped."""
    port = _free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        settings.CACHES = configured_caches(f"redis://127.0.0.1:{port}/0")
        cache.set("probe", "there")
        assert cache.get("probe") == "there"  # the cache really is that Redis
    finally:
        server.kill()
        server.wait(timeout=10)
    yield
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def test_sign_in_and_pages_work_while_redis_is_down(users, redis_gone, caplog):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    with caplog.at_level(logging.WARNING):
        assert client.get("/accounts/login/").status_code == 200
        assert client.post("/accounts/login/", {"login": "mfa", "password": PASSWORD}).status_code == 302
        assert client.get("/").status_code == 200
        assert client.get("/communications/").status_code == 200
    assert any(record.name.startswith("iwg.cache") for record in caplog.records)


def test_two_factor_sign_in_works_while_redis_is_down(users, redis_gone):
    secret = generate_totp_secret()
    TOTP.activate(users["moj"], secret)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = client.post("/accounts/login/", {"login": "moj", "password": PASSWORD})
    assert response.status_code == 302 and "/accounts/2fa/authenticate" in response["Location"]
    code = format_hotp_value(hotp_value(secret, next(iter(yield_hotp_counters_from_time()))))
    assert client.post("/accounts/2fa/authenticate/", {"code": code}).status_code == 302
    assert client.get("/").status_code == 200


def test_the_token_endpoint_works_while_redis_is_down(users, redis_gone):
    response = Client().post(
        "/api/v1/auth/token/", {"username": "pgo", "password": PASSWORD}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    token = response.json()["token"]
    assert Client(HTTP_AUTHORIZATION=f"Token {token}").get("/api/v1/stats/").status_code == 200


def test_the_lockout_holds_while_redis_is_down(users, redis_gone, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    for _ in range(3):
        client.post("/accounts/login/", {"login": "pgo", "password": "wrong"})
    assert client.post("/accounts/login/", {"login": "pgo", "password": PASSWORD}).status_code == 429
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.LOCKED_OUT, username="pgo").exists()
