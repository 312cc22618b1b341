"""What every signed-in request costs before the view's own work (issue 14): with the session and the user in the
cache, a read of the bare view (iwg/bench.py: middleware only) makes no query at all, and a change to the user is
still seen on the next request."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from iwg.auth_backends import CachedUserBackend
from iwg.roles import Role

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.iwg.bare_urls")]

PASSWORD = "test-Password-123"
BARE = "/bench/bare/"


@pytest.fixture
def clock():
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as traveller:
        yield traveller


def signed_in(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert client.post("/accounts/login/", {"login": user.username, "password": PASSWORD}).status_code == 302
    return client


def queries_of(client: Client, path: str = BARE) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def test_a_signed_in_read_makes_no_query_before_the_view(users, clock):
    client = signed_in(users["mfa"])
    client.get(BARE)  # the first request after signing in may stamp the activity
    clock.shift(30)
    assert queries_of(client) == []  # session and user both from the cache, nothing written
    clock.shift(20)
    assert queries_of(client) == []


def test_a_forced_sign_in_makes_no_query_either(users, clock):
    client = Client()
    client.force_login(users["pgo"])
    client.get(BARE)
    clock.shift(10)
    assert queries_of(client) == []


def test_the_activity_stamp_is_the_only_write_once_a_minute(users, clock):
    client = signed_in(users["mfa"])
    client.get(BARE)
    clock.shift(61)
    writes = [sql for sql in queries_of(client) if not sql.startswith("SELECT")]
    assert writes and all("django_session" in sql or sql in ("BEGIN", "COMMIT") or "SAVEPOINT" in sql for sql in writes)
    clock.shift(5)
    assert queries_of(client) == []


def test_a_saved_change_to_the_user_is_seen_on_the_next_request(users, clock):
    user = users["mfa"]
    client = signed_in(user)
    client.get(BARE)
    clock.shift(10)
    assert queries_of(client) == []
    user.role = Role.AUDITOR
    user.save()
    queries = queries_of(client)
    assert len(queries) == 1 and "iwg_user" in queries[0]  # read again once, then cached
    assert client.get("/").context["user"].role == Role.AUDITOR
    assert queries_of(client) == []


def test_a_deactivated_user_is_signed_out_at_once(users, clock):
    user = users["mfa"]
    client = signed_in(user)
    client.get("/")
    user.is_active = False
    user.save()
    response = client.get("/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_changed_password_ends_the_other_sessions(users, clock):
    user = users["mfa"]
    client = signed_in(user)
    client.get("/")
    user.set_password("another-Password-456")
    user.save()
    response = client.get("/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_without_the_user_cache_the_user_is_one_query(users, settings, clock):
    settings.IWG_USER_CACHE_SECONDS = 0
    client = signed_in(users["mfa"])
    client.get(BARE)
    clock.shift(10)
    queries = queries_of(client)
    assert len(queries) == 1 and "iwg_user" in queries[0]


def test_the_process_memory_copy_is_dropped_when_the_user_is_saved(users, settings, clock):
    settings.IWG_USER_LOCAL_CACHE_SECONDS = 60
    user = users["mfa"]
    client = signed_in(user)
    client.get(BARE)
    clock.shift(10)
    assert queries_of(client) == []
    user.language = "kk"
    user.save()
    assert client.get("/").context["user"].language == "kk"
    user.is_active = False
    user.save()
    response = client.get("/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_each_request_gets_its_own_copy_of_the_user(users, settings):
    settings.IWG_USER_LOCAL_CACHE_SECONDS = 60
    from iwg.auth_backends import CachedUserBackend

    backend = CachedUserBackend()
    first = backend.get_user(users["mfa"].pk)
    first.first_name = "changed in one request only"
    assert backend.get_user(users["mfa"].pk).first_name != "changed in one request only"


def test_with_two_factor_required_the_set_up_is_asked_until_seen_then_kept_in_the_session(users, settings, clock):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    settings.IWG_REQUIRE_2FA = True
    user = users["mfa"]
    client = Client()
    client.force_login(user)
    response = client.get(BARE)
    assert response.status_code == 302  # sent to set up two-factor sign-in
    clock.shift(10)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(BARE).status_code == 302
    assert [sql for sql in (q["sql"] for q in queries.captured_queries) if "mfa_authenticator" in sql]  # asked again
    TOTP.activate(user, generate_totp_secret())
    assert client.get(BARE).status_code == 200  # asked once more: yes, kept in the session
    clock.shift(10)
    assert queries_of(client) == []


def test_removing_an_authenticator_forgets_the_set_up_in_that_session(users, settings, clock):
    from allauth.mfa.signals import authenticator_removed
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    settings.IWG_REQUIRE_2FA = True
    user = users["mfa"]
    authenticator = TOTP.activate(user, generate_totp_secret()).instance
    client = Client()
    client.force_login(user)
    assert client.get(BARE).status_code == 200
    request = client.get(BARE).wsgi_request
    authenticator.delete()
    authenticator_removed.send(sender=type(authenticator), request=request, user=user, authenticator=authenticator)
    request.session.save()
    assert client.get(BARE).status_code == 302


def test_the_cached_user_carries_its_agency_and_a_renamed_agency_is_seen(users, django_assert_num_queries):
    """Every page's menu names the user's agency: cached with the user, it costs no query; an agency saved drops
    the cached users of that agency."""
    backend = CachedUserBackend()
    user = users["mfa"]
    backend.get_user(user.pk)
    with django_assert_num_queries(0):
        assert backend.get_user(user.pk).agency.code == "MFA"
    agency = user.agency
    agency.name = "Ministry of Foreign Affairs of the Republic of Kazakhstan"
    agency.save()
    assert backend.get_user(user.pk).agency.name == agency.name
