"""Fixtures for the API tests: clients authenticated by token as each role, and a clean throttle cache."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from tests.tokens import api_token

ROLES = ["mfa", "pgo", "moj", "iwg", "auditor", "admin"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttling state lives in the cache (local memory in tests): every test starts with none."""
    cache.clear()
    yield
    cache.clear()


def token_client(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    token = api_token(user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


@pytest.fixture
def api(users):
    """`api["mfa"]` is a client signed in with the MFA officer's token; `api[None]` is anonymous."""

    class Clients(dict):
        def __missing__(self, role):
            client = APIClient(HTTP_ACCEPT_LANGUAGE="en") if role is None else token_client(users[role])
            self[role] = client
            return client

    return Clients()
