"""A confidential author's full name never reaches a role that may not see it (MoJ, IWG member, administrator):
not in the register or its search, the communication page, the API (list, search, detail, history), the
dashboard, notifications, e-mails, nor the audit pages the administrator may read. The MFA, PGO and auditor do
see it."""

import datetime as dt

import pytest
from django.core import mail
from django.test import Client

from communications import services
from communications.models import Notification, Party, Round
from iwg.calendar import local_date
from iwg.roles import ROLES_SEEING_CONFIDENTIAL_NAMES
from tests.factories import round_at
from tests.tokens import api_token

pytestmark = pytest.mark.django_db

FULL_NAME = "Aigerim Zhanabekovna Konfidentsialnaya"
SURNAME = "Konfidentsialnaya"
INITIALS = "A.Z.K."
SEEING = ("mfa", "pgo", "auditor")
NOT_SEEING = ("moj", "iwg", "admin")


@pytest.fixture
def case(users):
    """A communication on an IWG agenda (so the IWG member sees it) with a confidential author, a remedy of the
    MIA, and a note whose summary does not name the author."""
    round = round_at(users, Round.Status.ON_AGENDA)
    communication = round.communication
    party = services.party_add(
        actor=users["mfa"],
        communication=communication,
        role=Party.Role.AUTHOR,
        full_name=FULL_NAME,
        initials=INITIALS,
        is_confidential=True,
    )
    return {"round": round, "communication": communication, "party": party}


def page_client(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def api_client(user) -> Client:
    token = api_token(user)
    return Client(HTTP_ACCEPT_LANGUAGE="en", HTTP_AUTHORIZATION=f"Token {token}")


def test_the_roles_in_the_test_match_the_rule(users):
    assert {users[role].role for role in SEEING} == set(ROLES_SEEING_CONFIDENTIAL_NAMES)
    assert all(not users[role].sees_confidential_names for role in NOT_SEEING)


def _pages(case) -> list[str]:
    communication = case["communication"]
    return [
        "/communications/",
        f"/communications/?q={communication.number}",
        f"/communications/{communication.pk}/",
        "/dashboard/",
        "/",
        "/notifications/?all=1",
        f"/meetings/{case['round'].agenda_items.get().meeting_id}/",
    ]


def _api(case) -> list[str]:
    communication = case["communication"]
    return [
        "/api/v1/communications/",
        f"/api/v1/communications/?q={communication.number}",
        f"/api/v1/communications/{communication.pk}/",
        f"/api/v1/rounds/{case['round'].pk}/",
        "/api/v1/deadlines/",
        "/api/v1/notifications/",
        "/api/v1/stats/",
    ]


@pytest.mark.parametrize("role", NOT_SEEING)
def test_pages_and_api_show_only_initials_to_roles_not_entitled(users, case, role):
    user = users[role]
    leaks = []
    for url in _pages(case):
        response = page_client(user).get(url)
        assert response.status_code == 200, url
        if SURNAME in response.content.decode():
            leaks.append(url)
    for url in _api(case):
        response = api_client(user).get(url)
        assert response.status_code == 200, url
        if SURNAME in response.content.decode():
            leaks.append(url)
    assert not leaks, f"{role} sees the confidential name on {leaks}"
    detail = page_client(user).get(f"/communications/{case['communication'].pk}/").content.decode()
    assert INITIALS in detail


@pytest.mark.parametrize("role", SEEING)
def test_entitled_roles_see_the_full_name(users, case, role):
    user = users[role]
    assert FULL_NAME in page_client(user).get(f"/communications/{case['communication'].pk}/").content.decode()
    assert FULL_NAME in api_client(user).get(f"/api/v1/communications/{case['communication'].pk}/").content.decode()


@pytest.mark.parametrize("role", NOT_SEEING)
def test_searching_by_the_confidential_name_finds_nothing_for_roles_not_entitled(users, case, role):
    user = users[role]
    page = page_client(user).get("/communications/", {"q": SURNAME}).content.decode()
    assert case["communication"].number not in page
    api = api_client(user).get("/api/v1/communications/", {"q": SURNAME}).json()
    assert api["count"] == 0
    # by initials they do find it
    assert api_client(user).get("/api/v1/communications/", {"q": INITIALS}).json()["count"] == 1


@pytest.mark.parametrize("role", SEEING)
def test_searching_by_the_name_finds_it_for_entitled_roles(users, case, role):
    assert api_client(users[role]).get("/api/v1/communications/", {"q": SURNAME}).json()["count"] == 1
    page = page_client(users[role]).get("/communications/", {"q": SURNAME}).content.decode()
    assert case["communication"].number in page


def test_history_pages_and_api_hide_the_name_from_the_administrator_but_not_the_auditor(users, case):
    communication, party = case["communication"], case["party"]
    urls = [
        f"/audit/history/communications/party/{party.pk}/",
        f"/audit/history/communications/communication/{communication.pk}/",
        "/audit/activity/",
        f"/admin/communications/communication/{communication.pk}/change/",
        f"/admin/communications/communication/{communication.pk}/history/",
        "/admin/communications/event/",
    ]
    api_urls = [f"/api/v1/communications/{communication.pk}/history/", f"/api/v1/rounds/{case['round'].pk}/history/"]
    for url in urls:
        admin_page = page_client(users["admin"]).get(url)
        assert admin_page.status_code == 200, url
        assert SURNAME not in admin_page.content.decode(), url
        if not url.startswith("/admin/"):
            assert page_client(users["auditor"]).get(url).status_code == 200
    assert FULL_NAME in page_client(users["auditor"]).get(urls[0]).content.decode()
    for url in api_urls:
        response = api_client(users["admin"]).get(url)
        assert response.status_code == 200, url
        assert SURNAME not in response.content.decode(), url
    assert FULL_NAME in api_client(users["auditor"]).get(api_urls[0]).content.decode()


def test_notifications_and_emails_never_carry_the_name(users, case, django_capture_on_commit_callbacks):
    # given: the round's deadlines (MFA's and MoJ's) approach and run out
    mail.outbox.clear()
    # when: the sweep runs on days when reminders are due and later when deadlines are missed
    with django_capture_on_commit_callbacks(execute=True):
        for days in (0, 30, 200, 400):
            services.deadlines_sweep(today=local_date() + dt.timedelta(days=days))
    # then
    notifications = Notification.objects.all()
    assert {n.user.username for n in notifications} >= {"mfa", "moj"}
    for notification in notifications:
        assert SURNAME not in f"{notification.title} {notification.message}"
    assert mail.outbox, "the sweep sent no e-mail"
    for message in mail.outbox:
        assert SURNAME not in f"{message.subject} {message.body}"
        for alternative, _mime in getattr(message, "alternatives", []):
            assert SURNAME not in alternative
    for role in NOT_SEEING:
        assert SURNAME not in page_client(users[role]).get("/notifications/?all=1").content.decode()
