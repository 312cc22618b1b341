"""Idle sessions end after SESSION_COOKIE_AGE even while a page polls in the background, an active person stays
signed in, and a read request writes nothing to the session (issue 14: no session write on a read)."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

PASSWORD = "test-Password-123"
POLL = {"HTTP_X_IWG_BACKGROUND": "1", "HTTP_HX_REQUEST": "true"}


@pytest.fixture
def clock():
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as traveller:
        yield traveller


def signed_in(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert client.post("/accounts/login/", {"login": user.username, "password": PASSWORD}).status_code == 302
    return client


def test_the_badge_poll_is_marked_as_background(users):
    client = Client()
    client.force_login(users["mfa"])
    page = client.get("/").content.decode()
    assert "X-IWG-Background" in page


def test_background_polls_do_not_keep_an_idle_session_alive(users, settings, clock):
    settings.SESSION_COOKIE_AGE = 30 * 60
    client = signed_in(users["mfa"])
    assert client.get("/").status_code == 200
    for _ in range(20):  # 40 minutes of the badge polling every 120 s, nobody at the keyboard
        clock.shift(120)
        response = client.get("/notifications/badge/", **POLL)
    assert response.status_code == 204 and response["HX-Redirect"] == "/accounts/login/"
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_person_at_work_stays_signed_in(users, settings, clock):
    settings.SESSION_COOKIE_AGE = 30 * 60
    client = signed_in(users["mfa"])
    for _ in range(20):  # 40 minutes of pages, one every 120 s
        clock.shift(120)
        assert client.get("/").status_code == 200
    clock.shift(25 * 60)
    assert client.get("/").status_code == 200


def test_an_idle_session_ends_even_if_polls_touch_it(users, settings, clock):
    settings.SESSION_COOKIE_AGE = 30 * 60
    client = signed_in(users["mfa"])
    client.get("/")
    clock.shift(31 * 60)
    response = client.get("/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_read_request_writes_nothing_to_the_session(users, clock):
    client = signed_in(users["mfa"])
    client.get("/")  # stamps the activity
    clock.shift(30)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/communications/").status_code == 200
    session_queries = [q["sql"] for q in queries.captured_queries if "django_session" in q["sql"]]
    assert session_queries == []  # neither written (nothing changed) nor read (the cache has it)
    clock.shift(61)
    with CaptureQueriesContext(connection) as queries:
        client.get("/communications/")
    writes = [q["sql"] for q in queries.captured_queries if "django_session" in q["sql"] and "SELECT" not in q["sql"]]
    assert len(writes) == 1  # the activity stamp, once a minute at most
