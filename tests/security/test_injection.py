"""Script and markup typed into any text field are shown as text: the payload goes into the text fields of the
main forms and API endpoints, then every page that shows them is rendered and must carry it escaped, never as
markup. (tests/browser/test_injection.py checks the same in a real browser: no dialog, no error.)"""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from communications import services
from communications.models import DeadlineKind, Decision, Party, Round
from iwg.calendar import local_date
from meetings import services as meeting_services
from meetings.models import AgendaItem
from tests.factories import position_version, register_note, round_at, submit_analysis
from tests.tokens import api_token

pytestmark = pytest.mark.django_db

PAYLOAD = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'"
RAW = ("<script>alert(1)", "<img src=x")
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;"


def api(user) -> Client:
    token = api_token(user)
    return Client(HTTP_AUTHORIZATION=f"Token {token}", HTTP_ACCEPT_LANGUAGE="en")


def page(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def build_hostile_case(users) -> dict:
    """A communication whose every free-text field holds the payload, entered through the forms' services and the
    API, taken through the path to a follow-up; plus a cancelled round and a meeting with the payload."""
    mfa, moj = users["mfa"], users["moj"]
    note = register_note(users, summary=PAYLOAD)
    round = note.opened_round
    communication = round.communication
    # pages: the MFA's edit form and party form
    client = page(mfa)
    version = communication.lock_version
    response = client.post(
        f"/communications/{communication.pk}/edit/",
        {"subject": PAYLOAD, "articles_invoked": PAYLOAD, "lock_version": version, "expected_version": version},
    )
    assert response.status_code in (200, 302)
    response = client.post(
        f"/communications/{communication.pk}/parties/", {"party-role": "author", "party-full_name": PAYLOAD}
    )
    assert response.status_code == 302
    communication.refresh_from_db()  # the edit above moved its version on
    services.communication_update(
        actor=mfa, communication=communication, expected_version=communication.lock_version, subject=PAYLOAD
    )
    services.round_refer(actor=mfa, round=round)
    submit_analysis(users, round, summary=PAYLOAD)
    meeting = meeting_services.meeting_schedule(
        actor=moj, starts_at=timezone.now() - dt.timedelta(hours=2), place=PAYLOAD
    )
    item = meeting_services.agenda_item_add(actor=moj, meeting=meeting, round=round)
    # API: the position text
    response = api(moj).post(
        f"/api/v1/rounds/{round.pk}/position/",
        {"texts": {"en": PAYLOAD}, "expected_version": position_version(round)},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    meeting_services.meeting_record_held(
        actor=moj,
        meeting=meeting,
        participants=[moj, {"name": PAYLOAD}],
        decisions={item.pk: (AgendaItem.Decision.APPROVE_POSITION, PAYLOAD)},
        minutes_summary=PAYLOAD,
    )
    # API: an extension's reason
    deadline = round.deadlines.get(kind=DeadlineKind.COMMITTEE)
    response = api(mfa).post(
        f"/api/v1/deadlines/{deadline.pk}/extensions/",
        {
            "new_due_on": str(deadline.due_on + dt.timedelta(days=30)),
            "reference": PAYLOAD,
            "reason": PAYLOAD,
            "expected_version": deadline.lock_version,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    decision = services.decision_record(
        actor=mfa,
        communication=communication,
        kind=Decision.Kind.VIEWS_VIOLATION,
        adopted_on=local_date(),
        summary=PAYLOAD,
        remedies=[{"kind": "review", "description": PAYLOAD, "responsible_agency": "MIA"}],
    )
    remedy = decision.remedies.get()
    # API: a follow-up action's description
    response = api(mfa).post(
        f"/api/v1/remedies/{remedy.pk}/actions/",
        {"taken_on": str(local_date()), "description": PAYLOAD},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    cancelled = round_at(users, Round.Status.REGISTERED)
    services.round_cancel(actor=mfa, round=cancelled, reason=PAYLOAD)
    assert Party.objects.filter(full_name=PAYLOAD).exists()
    return {"communication": communication, "meeting": meeting, "cancelled": cancelled.communication, "round": round}


def test_the_payload_is_shown_as_text_on_every_page_that_shows_it(users):
    case = build_hostile_case(users)
    communication = case["communication"]
    pages = {
        "mfa": [
            f"/communications/{communication.pk}/",
            f"/communications/{case['cancelled'].pk}/",
            "/communications/",
            "/communications/?q=script",
            f"/communications/{communication.pk}/edit/",
            f"/meetings/{case['meeting'].pk}/",
            "/meetings/",
            "/",
            "/dashboard/",
            "/notifications/?all=1",
        ],
        "auditor": [
            f"/audit/history/communications/communication/{communication.pk}/",
            f"/audit/history/communications/round/{case['round'].pk}/",
            f"/audit/history/meetings/meeting/{case['meeting'].pk}/",
            "/audit/activity/",
        ],
        "iwg": [f"/communications/{communication.pk}/", f"/meetings/{case['meeting'].pk}/"],
    }
    raw_found, shown = [], 0
    for role, urls in pages.items():
        for url in urls:
            response = page(users[role]).get(url)
            assert response.status_code == 200, (role, url)
            html = response.content.decode()
            if any(raw in html for raw in RAW):
                raw_found.append(f"{role} {url}")
            shown += ESCAPED in html
    assert not raw_found, f"the payload is markup on {raw_found}"
    assert shown >= 8  # the payload really is on the pages, escaped


def test_the_api_returns_the_payload_as_data_never_as_html(users):
    case = build_hostile_case(users)
    response = api(users["mfa"]).get(f"/api/v1/communications/{case['communication'].pk}/")
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["subject"] == PAYLOAD  # stored verbatim, not mangled; JSON is not rendered as HTML
