"""The API's token endpoint obeys the same lockout as the sign-in page (django-axes): after the set number of
wrong passwords even the right one gets no token, and the failures and the lockout are in the access audit."""

import pytest
from django.core.cache import cache
from django.test import Client

from iwg.models import AccessEvent

pytestmark = pytest.mark.django_db

URL = "/api/v1/auth/token/"
PASSWORD = "test-Password-123"


@pytest.fixture(autouse=True)
def _lockout_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    cache.clear()  # the token endpoint's throttle counts in the cache
    yield
    cache.clear()


def token_request(username, password):
    return Client(HTTP_ACCEPT_LANGUAGE="en").post(
        URL, {"username": username, "password": password}, content_type="application/json"
    )


def test_wrong_passwords_lock_the_account_out_of_the_api_too(users):
    answers = [token_request("pgo", "wrong").status_code for _ in range(3)]
    assert answers == [401, 401, 429]  # the third failure reaches the limit
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.SIGN_IN_FAILED, username="pgo").count() == 3

    response = token_request("pgo", PASSWORD)

    assert response.status_code == 429, response.content
    assert response.json()["error"]["code"] == "locked_out"
    assert "token" not in response.json()
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.LOCKED_OUT, username="pgo").exists()
    # the sign-in page is locked for that user as well
    page = Client().post("/accounts/login/", {"login": "pgo", "password": PASSWORD})
    assert page.status_code == 429
    # another user is not affected
    assert "token" in token_request("moj", PASSWORD).json()


def test_a_right_password_before_the_limit_gets_a_token(users):
    token_request("mfa", "wrong")
    assert "token" in token_request("mfa", PASSWORD).json()
