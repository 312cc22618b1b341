"""A flood of anonymous refused requests does not grow the access trail without bound: they are counted per
address, part of the site and minute. Every refusal of a signed-in user and every failed sign-in keeps its row."""

import datetime as dt

import pytest
import time_machine
from django.test import Client

from iwg.models import AccessEvent

pytestmark = pytest.mark.django_db


def test_a_hundred_anonymous_refusals_write_a_bounded_number_of_rows(users):
    client = Client(enforce_csrf_checks=True)
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, 5, tzinfo=dt.UTC), tick=False):
        answers = {client.post("/accounts/login/", {"login": "x", "password": "y"}).status_code for _ in range(100)}
    assert answers == {403}  # no CSRF token
    rows = AccessEvent.objects.filter(kind=AccessEvent.Kind.REFUSED)
    assert rows.count() == 1
    assert rows.get().count == 100
    assert rows.get().ip_address == "127.0.0.1" and rows.get().user is None


def test_anonymous_refusals_are_counted_per_minute_and_part_of_the_site(users):
    client = Client(enforce_csrf_checks=True)
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, 5, tzinfo=dt.UTC), tick=False) as clock:
        for _ in range(3):
            client.post("/accounts/login/", {})
            client.post("/communications/notes/new/", {})
        clock.shift(60)
        client.post("/accounts/login/", {})
    counts = sorted(AccessEvent.objects.filter(kind=AccessEvent.Kind.REFUSED).values_list("count", flat=True))
    assert counts == [1, 3, 3]


def test_every_refusal_of_a_signed_in_user_keeps_its_row(users):
    client = Client()
    client.force_login(users["pgo"])
    for _ in range(5):
        assert client.get("/audit/activity/").status_code == 403
    rows = AccessEvent.objects.filter(kind=AccessEvent.Kind.REFUSED, user=users["pgo"])
    assert rows.count() == 5 and {row.count for row in rows} == {1}


def test_every_failed_sign_in_keeps_its_row(users):
    client = Client()
    for _ in range(5):
        client.post("/accounts/login/", {"login": "mfa", "password": "wrong"})
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.SIGN_IN_FAILED).count() == 5
