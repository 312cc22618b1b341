"""Auditors' pages: the history of one record and the activity log across every tracked model."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from communications.models import Party, Round
from iwg.history import tracked_save
from meetings import services as meeting_services
from meetings.models import Meeting
from tests.factories import register_note, round_at

pytestmark = pytest.mark.django_db

READERS = ["auditor", "admin"]
NOT_READERS = ["mfa", "pgo", "moj", "iwg"]


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def history_url(obj) -> str:
    return reverse("audit:history", args=[obj._meta.app_label, obj._meta.model_name, obj.pk])


@pytest.fixture
def meeting(users):
    meeting = meeting_services.meeting_schedule(
        actor=users["moj"], starts_at=timezone.now() + dt.timedelta(days=3), place="Room A"
    )
    return meeting_services.meeting_update(
        actor=users["moj"], meeting=meeting, expected_version=meeting.lock_version, place="Room B"
    )


# ---------------------------------------------------------------------------------------------------------------
# History of one record


@pytest.mark.parametrize("role", READERS)
def test_history_shows_who_when_and_each_changed_field_old_and_new(users, meeting, role):
    response = client_for(users[role]).get(history_url(meeting))

    page = response.content.decode()
    assert response.status_code == 200
    newest, created = response.context["rows"]
    assert newest.user == users["moj"] and newest.reason == "Meeting details changed"
    assert [(c.label, c.old, c.new) for c in newest.changes] == [("place", "Room A", "Room B")]
    assert created.kind == "+" and ("place", "—", "Room A") in [(c.label, c.old, c.new) for c in created.changes]
    assert '<del class="old">Room A</del>' in page and '<ins class="new">Room B</ins>' in page
    assert "lock version" not in page  # bookkeeping is not shown


def test_history_shows_changes_made_by_the_system_as_system(users, meeting):
    meeting.place = "Room C"
    tracked_save(meeting, actor=None, reason="Nightly check")

    response = client_for(users["auditor"]).get(history_url(meeting))

    newest = response.context["rows"][0]
    assert newest.user is None and newest.reason == "Nightly check"
    assert "<em>System</em>" in response.content.decode()


def test_history_shows_readable_values_for_choices_and_related_records(users, meeting):
    meeting_services.meeting_update(
        actor=users["moj"], meeting=meeting, expected_version=meeting.lock_version, format="online", chair=users["iwg"]
    )

    changes = client_for(users["auditor"]).get(history_url(meeting)).context["rows"][0].changes

    assert {(c.label, c.old, c.new) for c in changes} == {
        ("chair", "—", str(users["iwg"])),
        ("format", "In person", "Online"),
    }


@pytest.mark.parametrize("role", NOT_READERS)
def test_history_is_refused_to_other_roles(users, meeting, role):
    assert client_for(users[role]).get(history_url(meeting)).status_code == 403


@pytest.mark.parametrize(
    "path",
    [
        "/audit/history/communications/event/1/",  # not tracked
        "/audit/history/auth/group/1/",  # not an audited app
        "/audit/history/meetings/historicalmeeting/1/",  # the history table itself
        "/audit/history/nosuchapp/nosuchmodel/1/",
        "/audit/history/meetings/meeting/999999/",
        "/audit/history/meetings/meeting/99999999999999999999999/",
    ],
)
def test_history_of_unknown_kinds_or_records_is_not_found(users, meeting, path):
    assert client_for(users["auditor"]).get(path).status_code == 404


def test_history_of_a_deleted_record_stays_readable(users, meeting):
    round = round_at(users, Round.Status.ANALYSIS_SUBMITTED)
    item = meeting_services.agenda_item_add(actor=users["moj"], meeting=meeting, round=round)
    url = history_url(item)
    meeting_services.agenda_item_remove(actor=users["moj"], item=item)

    response = client_for(users["auditor"]).get(url)

    assert response.status_code == 200
    assert [row.kind for row in response.context["rows"]] == ["-", "+"]
    assert response.context["rows"][0].reason == "Removed from the agenda"
    assert response.context["deleted"] is True


def test_confidential_name_in_history_is_shown_only_to_roles_entitled_to_it(users):
    note = register_note(
        users,
        communication_fields={"parties": [{"role": "author", "full_name": "Elena Zhukova", "is_confidential": True}]},
    )
    party = Party.objects.get(communication=note.communication)

    auditor_page = client_for(users["auditor"]).get(history_url(party)).content.decode()
    admin_page = client_for(users["admin"]).get(history_url(party)).content.decode()

    assert "Elena Zhukova" in auditor_page
    assert "Elena Zhukova" not in admin_page and "E.Z." in admin_page


def test_meeting_page_links_auditors_to_its_history(users, meeting):
    page = client_for(users["auditor"]).get(meeting.get_absolute_url()).content.decode()

    assert history_url(meeting) in page


# ---------------------------------------------------------------------------------------------------------------
# Activity log


@pytest.mark.parametrize("role", READERS)
def test_activity_log_lists_changes_of_every_kind_newest_first(users, meeting, role):
    round_at(users, Round.Status.REFERRED)

    response = client_for(users[role]).get(reverse("audit:activity"))

    rows = response.context["rows"]
    assert response.status_code == 200
    assert [row.when for row in rows] == sorted((row.when for row in rows), reverse=True)
    assert {"meetings.meeting", "communications.round", "communications.deadline"} <= {row.model_key for row in rows}


@pytest.mark.parametrize("role", NOT_READERS)
def test_activity_log_is_refused_to_other_roles(users, role):
    assert client_for(users[role]).get(reverse("audit:activity")).status_code == 403


def test_activity_log_shows_each_changed_field(users, meeting):
    response = client_for(users["auditor"]).get(reverse("audit:activity"), {"kind": "meetings.meeting"})

    newest = response.context["rows"][0]
    assert newest.object_label == str(meeting)
    assert [(c.label, c.old, c.new) for c in newest.changes] == [("place", "Room A", "Room B")]


def test_activity_log_filters_by_user_agency_kind_and_dates(users, meeting):
    round_at(users, Round.Status.REFERRED)
    meeting.place = "Room C"
    tracked_save(meeting, actor=None, reason="Nightly check")
    client = client_for(users["auditor"])

    def keys(**params):
        rows = client.get(reverse("audit:activity"), params).context["rows"]
        return {(row.model_key, getattr(row.user, "username", None)) for row in rows}

    assert keys(who=users["moj"].pk) == {("meetings.meeting", "moj")}
    assert {user for _key, user in keys(agency=users["mfa"].agency_id)} == {"mfa"}
    assert keys(who="system", kind="meetings.meeting") == {("meetings.meeting", None)}
    assert {key for key, _user in keys(kind="communications.round")} == {"communications.round"}
    today = timezone.localdate()
    assert keys(since=today.isoformat(), until=today.isoformat())
    assert keys(since=(today + dt.timedelta(days=1)).isoformat()) == set()
    assert keys(until=(today - dt.timedelta(days=1)).isoformat()) == set()


@pytest.mark.parametrize(
    "params",
    [
        {"who": "999999"},
        {"who": "'; DROP TABLE iwg_user; --"},
        {"agency": "abc"},
        {"kind": "communications.event"},
        {"kind": "auth.user"},
        {"since": "2026-02-30"},
        {"since": "0001-01-01"},
        {"until": "9999-12-31"},
        {"since": "2026-05-01", "until": "2026-04-01"},
        {"page": "abc"},
        {"page": "99999999999999999999"},
        {"page": "-1"},
    ],
)
def test_activity_log_reports_bad_filters_without_failing(users, meeting, params):
    response = client_for(users["auditor"]).get(reverse("audit:activity"), params)

    assert response.status_code == 200
    if "page" not in params:
        assert response.context["form"].errors


def test_activity_log_query_count_does_not_grow_with_rows(users, django_assert_max_num_queries):
    # given changes on many records of several kinds
    for _ in range(4):
        round_at(users, Round.Status.ANALYSIS_SUBMITTED)
    for number in range(30):
        meeting = meeting_services.meeting_schedule(
            actor=users["moj"], starts_at=timezone.now() + dt.timedelta(days=number + 1), chair=users["moj"]
        )
        meeting_services.meeting_update(
            actor=users["moj"], meeting=meeting, expected_version=meeting.lock_version, place=f"Room {number}"
        )
    client = client_for(users["auditor"])

    with django_assert_max_num_queries(43):
        response = client.get(reverse("audit:activity"))
    with django_assert_max_num_queries(43):
        second = client.get(reverse("audit:activity"), {"page": 2})

    assert len(response.context["rows"]) == 50 and len(second.context["rows"]) == 50
    assert response.context["page"].paginator.count > 100


def test_history_page_query_count_does_not_grow_with_changes(users, django_assert_max_num_queries):
    meeting = meeting_services.meeting_schedule(actor=users["moj"], starts_at=timezone.now() + dt.timedelta(days=3))
    for number in range(25):
        meeting = meeting_services.meeting_update(
            actor=users["moj"],
            meeting=meeting,
            expected_version=meeting.lock_version,
            place=f"Room {number}",
            chair=users["iwg" if number % 2 else "moj"],
        )

    client = client_for(users["auditor"])

    with django_assert_max_num_queries(15):
        response = client.get(history_url(meeting))
    assert len(response.context["rows"]) == 26


def test_nothing_on_the_audit_pages_is_editable(users, meeting):
    client = client_for(users["auditor"])
    for url in (history_url(meeting), reverse("audit:activity")):
        page = client.get(url).content.decode()
        main = page[page.index('<main id="main"') :]
        assert 'method="post"' not in main
        assert client.post(url, {"place": "Room X"}).status_code == 405
    assert Meeting.objects.get(pk=meeting.pk).place == "Room B"
