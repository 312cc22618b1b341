"""An expired API token authenticates nobody, costs no extra query per request, and its row is removed by the daily
clean-up with a TOKEN_REVOKED access event."""

import datetime as dt

import pytest
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from iwg import tasks
from iwg.models import AccessEvent

pytestmark = pytest.mark.django_db


def client_with(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_an_expired_token_is_refused_and_removed_by_the_daily_clean_up(users):
    used_row, expired = AuthToken.objects.create(user=users["mfa"], expiry=dt.timedelta(hours=1))
    unused_row, _unused = AuthToken.objects.create(user=users["mfa"], expiry=dt.timedelta(hours=1))
    live_row, live = AuthToken.objects.create(user=users["mfa"])
    AuthToken.objects.filter(pk__in=[used_row.pk, unused_row.pk]).update(
        expiry=timezone.now() - dt.timedelta(minutes=1)
    )

    assert client_with(expired).get("/api/v1/communications/").status_code == 401
    assert client_with(live).get("/api/v1/communications/").status_code == 200

    # the used one went when it was refused; the daily clean-up removes the one nobody presents again
    assert tasks.api_tokens_remove_expired() == 1
    assert list(AuthToken.objects.values_list("pk", flat=True)) == [live_row.pk]
    event = AccessEvent.objects.get(kind=AccessEvent.Kind.TOKEN_REVOKED)
    assert event.user == users["mfa"] and "expired" in event.detail
    assert tasks.api_tokens_remove_expired() == 0  # a second run changes nothing


def test_authenticating_reads_only_the_presented_token(users):
    _row, token = AuthToken.objects.create(user=users["mfa"])
    for _ in range(3):
        AuthToken.objects.create(user=users["mfa"])
    client = client_with(token)
    client.get("/api/v1/auth/token/")  # warm up anything cached per process
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/communications/?limit=1")
    assert sum("knox_authtoken" in q["sql"] for q in queries.captured_queries) == 1
