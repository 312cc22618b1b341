"""The home page: what needs the signed-in user now, per role."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from communications import services
from communications.models import Deadline, DeadlineKind, Notification, Round
from iwg.calendar import local_date
from meetings import services as meeting_services
from portal import selectors as portal_selectors
from tests.factories import register_note, round_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_user(client, users):
    def sign_in(role):
        client.force_login(users[role])
        return client

    return sign_in


def home(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response


def section_rounds(response, key) -> list[Round]:
    return next(section["rounds"] for section in response.context["sections"] if section["key"] == key)


def test_home_requires_sign_in(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_mfa_sees_rounds_to_refer_and_positions_to_send(as_user, users):
    registered = round_at(users, Round.Status.REGISTERED)
    approved = round_at(users, Round.Status.POSITION_APPROVED)
    referred = round_at(users, Round.Status.REFERRED)
    response = home(as_user("mfa"))
    assert section_rounds(response, "to_refer") == [registered]
    assert section_rounds(response, "to_send") == [approved]
    content = response.content.decode()
    assert reverse("communications:round_refer", args=[registered.pk]) in content
    assert reverse("communications:position_send", args=[approved.pk]) in content
    assert referred.communication.number not in content.split("Nearest deadlines")[0]


def test_pgo_sees_referred_rounds_needing_an_analysis_first_the_urgent(as_user, users):
    referred = round_at(users, Round.Status.REFERRED)
    urgent = round_at(users, Round.Status.REFERRED, kind="interim_measures")
    round_at(users, Round.Status.REGISTERED)
    round_at(users, Round.Status.ANALYSIS_SUBMITTED)
    response = home(as_user("pgo"))
    assert section_rounds(response, "to_analyse") == [urgent, referred]
    assert [section["key"] for section in response.context["sections"]] == ["to_analyse"]
    assert reverse("communications:analysis_submit", args=[referred.pk]) in response.content.decode()


def test_moj_sees_rounds_ready_for_the_agenda_and_positions_to_approve(as_user, users):
    ready = round_at(users, Round.Status.ANALYSIS_SUBMITTED)
    round_at(users, Round.Status.ON_AGENDA)  # already on an agenda: not "ready"
    approved_by_iwg = round_at(users, Round.Status.IWG_APPROVED)
    response = home(as_user("moj"))
    assert section_rounds(response, "for_agenda") == [ready]
    assert section_rounds(response, "to_approve") == [approved_by_iwg]


def test_iwg_member_sees_the_items_of_upcoming_meetings(as_user, users):
    ready = round_at(users, Round.Status.ANALYSIS_SUBMITTED, number="3001/2026")
    upcoming = meeting_services.meeting_schedule(actor=users["moj"], starts_at=timezone.now() + dt.timedelta(days=5))
    meeting_services.agenda_item_add(actor=users["moj"], meeting=upcoming, round=ready)
    round_at(users, Round.Status.IWG_APPROVED, number="3002/2026")  # decided at a past meeting
    response = home(as_user("iwg"))
    assert response.context["queue"].meetings == [upcoming]
    content = response.content.decode()
    assert "3001/2026" in content and str(upcoming) in content
    assert "3002/2026" not in content
    assert response.context["sections"] == []


def test_overdue_and_this_week_deadlines_stand_out_in_colour_and_words(as_user, users):
    overdue = round_at(users, Round.Status.REFERRED, ohchr_date=local_date() - dt.timedelta(days=200))
    soon = round_at(users, Round.Status.REFERRED)
    soon_deadline = soon.deadlines.get(kind=DeadlineKind.PGO_ANALYSIS)
    services.deadline_change(
        actor=users["mfa"], deadline=soon_deadline, due_on=local_date() + dt.timedelta(days=3), reason="Test"
    )
    overdue_deadline = overdue.deadlines.get(kind=DeadlineKind.PGO_ANALYSIS)
    days_overdue = (local_date() - overdue_deadline.due_on).days
    response = home(as_user("pgo"))
    queue = response.context["queue"]
    assert queue.deadlines_scope == "agency"
    assert {deadline.responsible_agency.code for deadline in queue.deadlines} == {"PGO"}
    assert queue.overdue_count == 1 and queue.due_this_week_count == 1
    content = response.content.decode()
    assert f"Overdue by {days_overdue} days" in content
    assert 'badge text-bg-danger due-badge">Overdue by' in content
    assert "3 days left" in content


def test_auditors_see_the_deadlines_of_every_agency_and_no_work_queue(as_user, users):
    round_at(users, Round.Status.REFERRED)
    response = home(as_user("auditor"))
    queue = response.context["queue"]
    assert queue.deadlines_scope == "all"
    assert {deadline.responsible_agency.code for deadline in queue.deadlines} >= {"PGO", "MOJ", "MFA"}
    assert response.context["sections"] == []
    assert "Read-only access" in response.content.decode()


def test_unread_notifications_are_counted_and_linked(as_user, users):
    communication = register_note(users).communication
    Notification.objects.create(
        user=users["mfa"], kind="reminder", title="PGO analysis due soon", communication=communication
    )
    Notification.objects.create(user=users["mfa"], kind="escalation", title="Committee deadline missed")
    Notification.objects.create(user=users["mfa"], kind="info", title="Old news", read_at=timezone.now())
    Notification.objects.create(user=users["pgo"], kind="info", title="Someone else's notice")
    response = home(as_user("mfa"))
    assert response.context["queue"].unread_count == 2
    content = response.content.decode()
    assert "PGO analysis due soon" in content and "Committee deadline missed" in content
    assert "Old news" not in content and "Someone else" not in content
    assert 'href="/notifications/"' in content


def test_home_work_queue_counts_against_the_given_day(users):
    round = round_at(users, Round.Status.REFERRED)
    pgo_due = round.deadlines.get(kind=DeadlineKind.PGO_ANALYSIS).due_on
    before = portal_selectors.home_work_queue(user=users["pgo"], today=pgo_due - dt.timedelta(days=2))
    after = portal_selectors.home_work_queue(user=users["pgo"], today=pgo_due + dt.timedelta(days=1))
    assert (before.overdue_count, before.due_this_week_count) == (0, 1)
    assert (after.overdue_count, after.due_this_week_count) == (1, 0)
    assert before.deadlines[0].days_left == 2 and after.deadlines[0].days_left == -1


def _home_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        home(client)
    return len(queries)


@pytest.mark.parametrize("role", ["mfa", "pgo", "moj", "iwg", "auditor"])
def test_home_number_of_queries_does_not_grow(as_user, users, role, django_assert_max_num_queries):
    client = as_user(role)
    meeting = meeting_services.meeting_schedule(actor=users["moj"], starts_at=timezone.now() + dt.timedelta(days=5))
    for status in (Round.Status.REGISTERED, Round.Status.REFERRED, Round.Status.ANALYSIS_SUBMITTED):
        round_at(users, status)
    meeting_services.agenda_item_add(
        actor=users["moj"], meeting=meeting, round=round_at(users, Round.Status.ANALYSIS_SUBMITTED)
    )
    Notification.objects.create(user=users[role], kind="info", title="One")
    few = _home_queries(client)
    for status in (Round.Status.REGISTERED, Round.Status.REFERRED, Round.Status.ANALYSIS_SUBMITTED) * 3:
        round_at(users, status)
    meeting_services.agenda_item_add(
        actor=users["moj"], meeting=meeting, round=round_at(users, Round.Status.ANALYSIS_SUBMITTED)
    )
    Notification.objects.create(user=users[role], kind="info", title="Two")
    assert _home_queries(client) == few
    # session, user, the queues, remedies, meetings (+ items), deadline counts and list, notifications
    with django_assert_max_num_queries(14):  # +3: session saved on every request
        home(client)
    assert Deadline.objects.count() > 20


def test_iwg_member_sees_the_remedies_of_their_agency(as_user, users):
    from communications.models import Decision, NoteKind

    def views(agency, number):
        note = register_note(users, kind=NoteKind.VIEWS_ADOPTED, number=number)
        return services.decision_record(
            actor=users["mfa"],
            communication=note.communication,
            kind=Decision.Kind.VIEWS_VIOLATION,
            adopted_on=local_date() - dt.timedelta(days=5),
            remedies=[
                {"kind": "non_repetition", "description": f"Train the police ({agency})", "responsible_agency": agency}
            ],
        )

    mine = views("MIA", "4001/2026").remedies.get()
    views("SC", "4002/2026")
    response = home(as_user("iwg"))
    assert response.context["queue"].remedies == [mine]
    content = response.content.decode()
    assert "Train the police (MIA)" in content and "4002/2026" not in content
    assert reverse("communications:remedy_action", args=[mine.pk]) in content
