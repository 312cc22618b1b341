"""Query-count pins: every list endpoint (and the detail endpoints that list related rows) answers in a fixed
number of queries however many rows there are, so an N+1 cannot creep in."""

import datetime as dt

import pytest
from django.utils import timezone

from communications import services
from communications.models import Decision, Notification, Round
from iwg.calendar import local_date
from meetings import services as meeting_services
from tests.factories import register_note, round_at

pytestmark = pytest.mark.django_db

ROWS = 12


@pytest.fixture
def many_communications(users):
    """ROWS communications with parties (one confidential), joined numbers, symbols and open deadlines."""
    notes = []
    for index in range(ROWS):
        note = register_note(
            users,
            ohchr_date=local_date() - dt.timedelta(days=10 + 20 * index),
            communication_fields={
                "subject": f"Subject {index}",
                "symbols": [f"CCPR/C/{index}/D"],
                "parties": [
                    {"role": "author", "full_name": f"Author {index}"},
                    {"role": "victim", "full_name": f"Victim {index}", "is_confidential": True},
                ],
            },
        )
        services.communication_join_number(
            actor=users["mfa"], communication=note.communication, number=f"{8000 + index}/2026"
        )
        notes.append(note)
    return notes


@pytest.mark.parametrize("role", ["mfa", "moj"])  # names, and initials for a confidential party
def test_communications_list_queries_do_not_grow_with_rows(
    api, many_communications, role, django_assert_max_num_queries
):
    client = api[role]  # signs in (creates the token) before counting
    with django_assert_max_num_queries(5):
        response = client.get("/api/v1/communications/?limit=100&q=&ordering=-number")
    assert len(response.json()["results"]) == ROWS


def test_communications_search_queries_do_not_grow_with_rows(api, many_communications, django_assert_max_num_queries):
    client = api["moj"]  # signs in (creates the token) before counting
    with django_assert_max_num_queries(5):
        response = client.get("/api/v1/communications/?q=Author&overdue=false&status=registered")
    assert response.json()["count"] >= 1


def test_deadlines_list_queries_do_not_grow_with_rows(api, many_communications, django_assert_max_num_queries):
    client = api["pgo"]  # signs in (creates the token) before counting
    with django_assert_max_num_queries(3):
        response = client.get("/api/v1/deadlines/?limit=100")
    assert len(response.json()["results"]) > ROWS * 3


def test_meetings_list_queries_do_not_grow_with_rows(api, users, django_assert_max_num_queries):
    for number in range(1, ROWS + 1):
        meeting_services.meeting_schedule(
            actor=users["moj"], starts_at=timezone.now() + dt.timedelta(days=number), number=number, chair=users["moj"]
        )
    client = api["iwg"]  # signs in (creates the token) before counting
    with django_assert_max_num_queries(3):
        response = client.get("/api/v1/meetings/")
    assert len(response.json()["results"]) == ROWS


def test_notifications_list_queries_do_not_grow_with_rows(
    api, users, many_communications, django_assert_max_num_queries
):
    for note in many_communications:
        deadline = note.opened_round.deadlines.first()
        Notification.objects.create(
            user=users["pgo"], kind="reminder", title="Due soon", communication=note.communication, deadline=deadline
        )
    client = api["pgo"]  # signs in (creates the token) before counting
    with django_assert_max_num_queries(3):
        response = client.get("/api/v1/notifications/?unread=true")
    assert len(response.json()["results"]) == ROWS


def test_communication_detail_queries_do_not_grow_with_rounds(api, users, django_assert_max_num_queries):
    first = round_at(users, Round.Status.SENT)
    for _ in range(3):
        round_at(
            users, Round.Status.POSITION_APPROVED, number=first.communication.number, kind="additional_information"
        )
    decision = services.decision_record(
        actor=users["mfa"],
        communication=first.communication,
        kind=Decision.Kind.VIEWS_VIOLATION,
        adopted_on=local_date(),
        remedies=[{"kind": "review", "description": f"Remedy {i}", "responsible_agency": "SC"} for i in range(4)],
    )
    for remedy in decision.remedies.all():
        services.remedy_action_record(actor=users["mfa"], remedy=remedy, taken_on=local_date(), description="Done")
        services.remedy_grade(
            actor=users["mfa"], remedy=remedy, grade="B", assessed_on=local_date(), state_assessment="in_progress"
        )
    client = api["auditor"]  # signs in (creates the token) before counting
    with django_assert_max_num_queries(17):
        response = client.get(f"/api/v1/communications/{first.communication_id}/")
    assert len(response.json()["rounds"]) == 4 and len(response.json()["decision"]["remedies"]) == 4


def test_meeting_detail_queries_do_not_grow_with_the_agenda(api, users, django_assert_max_num_queries):
    rounds = [round_at(users, Round.Status.ANALYSIS_SUBMITTED) for _ in range(ROWS // 2)]
    meeting = meeting_services.meeting_schedule(actor=users["moj"], starts_at=timezone.now() - dt.timedelta(hours=1))
    items = [meeting_services.agenda_item_add(actor=users["moj"], meeting=meeting, round=r) for r in rounds]
    meeting_services.meeting_record_held(
        actor=users["moj"],
        meeting=meeting,
        participants=[users["moj"], users["pgo"], users["iwg"]],
        decisions={item.pk: ("defer", "") for item in items},
    )
    for role in ("moj", "iwg"):
        client = api[role]  # signs in (creates the token) before counting
        with django_assert_max_num_queries(6):
            response = client.get(f"/api/v1/meetings/{meeting.pk}/")
        assert len(response.json()["agenda_items"]) == len(rounds)


@pytest.mark.parametrize("kind", ["communications", "rounds", "meetings"])
def test_history_queries_are_one_per_kind_of_row_not_per_row(
    api, users, many_communications, kind, django_assert_max_num_queries
):
    round = round_at(users, Round.Status.SENT)
    for index in range(ROWS):
        services.party_add(
            actor=users["mfa"], communication=round.communication, role="counsel", full_name=f"Counsel {index}"
        )
    meeting = round.agenda_items.get().meeting
    target = {"communications": round.communication_id, "rounds": round.pk, "meetings": meeting.pk}[kind]
    client = api["auditor"]  # signs in (creates the token) before counting
    with django_assert_max_num_queries(16):
        response = client.get(f"/api/v1/{kind}/{target}/history/")
    assert len(response.json()) > 5
