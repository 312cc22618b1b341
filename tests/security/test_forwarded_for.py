"""X-Forwarded-For is written by whoever sends the request: with the default IWG_NUM_PROXIES (0) a client's header
changes neither the token endpoint's throttle nor the address in the access trail; behind configured proxies the
address the nearest proxy vouches for is used, and only from the proxies named in IWG_TRUSTED_PROXIES."""

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory, override_settings

from iwg.addresses import client_ip
from iwg.models import AccessEvent

pytestmark = pytest.mark.django_db

URL = "/api/v1/auth/token/"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_a_forged_forwarded_for_does_not_escape_the_token_throttle(users):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    answers = [
        client.post(
            URL,
            {"username": "pgo", "password": "wrong"},
            content_type="application/json",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt}",
        ).status_code
        for attempt in range(30)
    ]
    assert answers.count(429) >= 20, answers  # 10/minute from the one real address
    assert set(answers) == {401, 429}


def test_a_forged_forwarded_for_is_not_written_in_the_access_trail(users):
    Client().post("/accounts/login/", {"login": "mfa", "password": "wrong"}, HTTP_X_FORWARDED_FOR="198.51.100.77")
    failed = AccessEvent.objects.get(kind=AccessEvent.Kind.SIGN_IN_FAILED)
    assert failed.ip_address == "127.0.0.1"


def _request(remote_addr, forwarded=None):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_behind_one_proxy_the_address_it_appended_is_the_client():
    with override_settings(IWG_NUM_PROXIES=1, IWG_TRUSTED_PROXIES=[]):
        # The client forged the first entry; nginx appended the real peer last.
        assert client_ip(_request("10.0.0.2", "1.2.3.4, 192.0.2.9")) == "192.0.2.9"
        assert client_ip(_request("10.0.0.2")) == "10.0.0.2"
        assert client_ip(_request("10.0.0.2", "not-an-address")) == "10.0.0.2"


def test_the_header_is_believed_only_from_trusted_proxies():
    with override_settings(IWG_NUM_PROXIES=1, IWG_TRUSTED_PROXIES=["10.0.0.0/8"]):
        assert client_ip(_request("10.1.2.3", "192.0.2.9")) == "192.0.2.9"
        assert client_ip(_request("198.51.100.1", "192.0.2.9")) == "198.51.100.1"


def test_by_default_the_header_is_ignored():
    assert client_ip(_request("192.0.2.1", "203.0.113.5")) == "192.0.2.1"
