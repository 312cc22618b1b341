"""The IWG meeting pages: who may read and act, hostile input, and bounded query counts."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from communications import selectors as communication_selectors
from communications.models import Round
from iwg.calendar import ALMATY
from meetings import services
from meetings.models import AgendaItem, Meeting
from tests.factories import pdf_file, round_at

pytestmark = pytest.mark.django_db

OTHER_ROLES = ["mfa", "pgo", "iwg", "auditor", "admin"]
ALL_ROLES = ["moj", *OTHER_ROLES]


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def schedule(users, *, days: float = 3, **kwargs) -> Meeting:
    return services.meeting_schedule(
        actor=users["moj"], starts_at=timezone.now() + dt.timedelta(days=days), place="Room 301", **kwargs
    )


@pytest.fixture
def ready_round(users):
    return round_at(users, Round.Status.ANALYSIS_SUBMITTED)


@pytest.fixture
def planned(users):
    return schedule(users)


@pytest.fixture
def started(users):
    """A planned meeting that began two hours ago (it can be recorded as held)."""
    return schedule(users, days=-1 / 12)


# ---------------------------------------------------------------------------------------------------------------
# Reading: list, calendar, meeting page


@pytest.mark.parametrize("role", ALL_ROLES)
def test_meeting_list_is_readable_by_every_role(users, planned, role):
    response = client_for(users[role]).get(reverse("meetings:list"))

    assert response.status_code == 200
    assert str(planned) in response.content.decode()
    assert ("Schedule a meeting" in response.content.decode()) is (role == "moj")


@pytest.mark.parametrize(
    "url",
    ["/meetings/", "/meetings/calendar/", "/meetings/1/", "/meetings/new/", "/dashboard/", "/audit/activity/"],
)
def test_anonymous_visitor_is_sent_to_sign_in(db, url):
    response = Client().get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    "query",
    [
        "?status=bogus",
        "?year=abc",
        "?year=99999999999999999999999",
        "?year=-1",
        "?page=abc",
        "?page=999999999999999999999",
        "?page=-5",
        "?status=held&year=2026",
    ],
)
def test_meeting_list_ignores_hostile_filters(users, planned, query):
    response = client_for(users["iwg"]).get(reverse("meetings:list") + query)

    assert response.status_code == 200


def test_meeting_list_filters_by_status(users, planned):
    cancelled = schedule(users, days=10)
    services.meeting_cancel(actor=users["moj"], meeting=cancelled, reason="No quorum")

    page = client_for(users["iwg"]).get(reverse("meetings:list") + "?status=cancelled").content.decode()

    assert str(cancelled) in page
    assert str(planned) not in page


def test_meeting_list_query_count_does_not_grow_with_meetings(users, django_assert_max_num_queries):
    # given 30 meetings with a chair, three of them with an agenda item
    for index in range(30):
        schedule(users, days=index + 1, chair=users["moj"])
    for meeting in Meeting.objects.all()[:3]:
        services.agenda_item_add(
            actor=users["moj"], meeting=meeting, round=round_at(users, Round.Status.ANALYSIS_SUBMITTED)
        )
    client = client_for(users["iwg"])

    # then
    with django_assert_max_num_queries(13):  # +3: the session is saved on every request (inactivity timeout)
        response = client.get(reverse("meetings:list"))
    assert response.status_code == 200
    assert response.content.decode().count('class="badge text-bg-primary"') == 25  # one page


def test_calendar_shows_the_meetings_of_the_requested_month(users):
    march = services.meeting_schedule(
        actor=users["moj"], starts_at=dt.datetime(2026, 3, 18, 10, 0, tzinfo=ALMATY), place="Room 301", number=40
    )
    april = services.meeting_schedule(
        actor=users["moj"], starts_at=dt.datetime(2026, 4, 15, 10, 0, tzinfo=ALMATY), number=41
    )

    response = client_for(users["iwg"]).get(reverse("meetings:calendar") + "?month=2026-03")

    assert response.status_code == 200
    assert [meeting.pk for meeting in response.context["month_meetings"]] == [march.pk]
    assert march.get_absolute_url() in response.content.decode()
    assert april.get_absolute_url() not in response.content.decode()
    assert "?month=2026-02" in response.content.decode() and "?month=2026-04" in response.content.decode()


def test_calendar_meeting_late_in_the_evening_stays_on_its_almaty_day(users):
    # 23:30 in Almaty is 18:30 UTC the same day; 00:30 on 1 April is still 31 March in UTC
    late = services.meeting_schedule(
        actor=users["moj"], starts_at=dt.datetime(2026, 4, 1, 0, 30, tzinfo=ALMATY), number=42
    )

    response = client_for(users["iwg"]).get(reverse("meetings:calendar") + "?month=2026-04")

    assert [meeting.pk for meeting in response.context["month_meetings"]] == [late.pk]


def test_calendar_month_and_weekday_names_follow_the_language(users):
    users["iwg"].language = "ru"
    users["iwg"].save()
    response = client_for(users["iwg"]).get(reverse("meetings:calendar") + "?month=2026-03")

    page = response.content.decode()
    assert "Март 2026" in page
    assert ">Пн<" in page


def test_calendar_marks_public_holidays(users):
    response = client_for(users["iwg"]).get(reverse("meetings:calendar") + "?month=2026-01")

    first_week = response.context["weeks"][0]
    new_year = next(cell for cell in first_week if cell["date"] == dt.date(2026, 1, 1))
    assert new_year["is_holiday"] and not new_year["is_working_day"]
    assert "Public holiday" in response.content.decode()


@pytest.mark.parametrize(
    "month",
    [
        "2026-13",
        "2026-00",
        "abcd",
        "99999-01",
        "0000-01",
        "2026-1",
        "2026-02-01",
        "%00",
        "1989-12",
        "2101-01",
        "-2026-01",
    ],
)
def test_calendar_survives_a_bad_month_parameter(users, month):
    response = client_for(users["iwg"]).get(reverse("meetings:calendar"), {"month": month})

    assert response.status_code == 200
    assert response.context["month_invalid"] is True
    assert "is not valid" in response.content.decode()


def test_calendar_query_count_does_not_grow_with_meetings(users, django_assert_max_num_queries):
    for day in range(1, 21):
        services.meeting_schedule(
            actor=users["moj"], starts_at=dt.datetime(2026, 5, day, 10, tzinfo=ALMATY), chair=users["moj"]
        )
    client = client_for(users["iwg"])

    with django_assert_max_num_queries(11):  # +3: session saved on every request
        response = client.get(reverse("meetings:calendar") + "?month=2026-05")
    assert len(response.context["month_meetings"]) == 20


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_meeting_page_is_read_only_for_other_roles(users, planned, ready_round, role):
    services.agenda_item_add(actor=users["moj"], meeting=planned, round=ready_round)

    response = client_for(users[role]).get(planned.get_absolute_url())

    page = response.content.decode()
    assert response.status_code == 200
    assert ready_round.communication.get_absolute_url() in page
    for action in ("Change details", "Record as held", "Cancel the meeting", "Add to the agenda", ">Remove"):
        assert action not in page
    assert (reverse("audit:history", args=["meetings", "meeting", planned.pk]) in page) is (
        role in ("auditor", "admin")
    )


def test_meeting_page_offers_the_secretary_the_rounds_ready_nearest_deadline_first(users, planned):
    later = round_at(users, Round.Status.ANALYSIS_SUBMITTED, ohchr_date=timezone.localdate() - dt.timedelta(days=5))
    sooner = round_at(users, Round.Status.ANALYSIS_SUBMITTED, ohchr_date=timezone.localdate() - dt.timedelta(days=90))
    not_ready = round_at(users, Round.Status.REFERRED)

    response = client_for(users["moj"]).get(planned.get_absolute_url())

    assert [r.pk for r in response.context["ready_rounds"]] == [sooner.pk, later.pk]
    assert not_ready.pk not in [r.pk for r in response.context["ready_rounds"]]
    assert "Change details" in response.content.decode()


def test_meeting_page_hides_agenda_items_of_communications_the_user_may_not_see(
    users, planned, ready_round, monkeypatch
):
    services.agenda_item_add(actor=users["moj"], meeting=planned, round=ready_round)
    visible_to = communication_selectors.communication_visible_to
    hidden = ready_round.communication
    monkeypatch.setattr(
        communication_selectors,
        "communication_visible_to",
        lambda user: visible_to(user).exclude(pk=hidden.pk) if user.username == "iwg" else visible_to(user),
    )

    iwg_page = client_for(users["iwg"]).get(planned.get_absolute_url()).content.decode()
    mfa_page = client_for(users["mfa"]).get(planned.get_absolute_url()).content.decode()

    assert hidden.number not in iwg_page
    assert hidden.number in mfa_page
    listing = client_for(users["iwg"]).get(reverse("meetings:list"))
    assert next(m for m in listing.context["page"].object_list if m.pk == planned.pk).item_count == 0


@pytest.mark.parametrize("pk", [999999, 99999999999999999999999])
def test_unknown_meeting_is_not_found(users, pk):
    client = client_for(users["moj"])

    assert client.get(f"/meetings/{pk}/").status_code == 404
    assert client.get(f"/meetings/{pk}/edit/").status_code == 404
    assert client.post(f"/meetings/{pk}/agenda/", {"round": 1}).status_code == 404


def test_meeting_page_query_count_does_not_grow_with_agenda_and_participants(users, django_assert_max_num_queries):
    # given a held meeting and a planned one, each with six items, participants and guests
    rounds = [round_at(users, Round.Status.ANALYSIS_SUBMITTED) for _ in range(6)]
    meeting = schedule(users, days=-0.1)
    for round in rounds:
        services.agenda_item_add(actor=users["moj"], meeting=meeting, round=round)
    services.meeting_record_held(
        actor=users["moj"],
        meeting=meeting,
        participants=[users[name] for name in ALL_ROLES] + [{"name": f"Guest {i}"} for i in range(5)],
        decisions={item.pk: (AgendaItem.Decision.DEFER, "") for item in meeting.agenda_items.all()},
        minutes_file=pdf_file("minutes.pdf"),
    )
    planned_meeting = schedule(users)
    for round in rounds:
        services.agenda_item_add(actor=users["moj"], meeting=planned_meeting, round=Round.objects.get(pk=round.pk))

    for viewer, target in (("auditor", meeting), ("moj", planned_meeting), ("iwg", planned_meeting)):
        client = client_for(users[viewer])
        with django_assert_max_num_queries(15):  # +3: session saved on every request
            response = client.get(target.get_absolute_url())
        assert len(response.context["meeting"].agenda_items.all()) == 6


def test_no_page_has_inline_scripts_or_handlers(users, planned, started):
    client = client_for(users["moj"])
    for url in (
        reverse("meetings:list"),
        reverse("meetings:calendar"),
        planned.get_absolute_url(),
        reverse("meetings:schedule"),
        reverse("meetings:update", args=[planned.pk]),
        reverse("meetings:record_held", args=[started.pk]),
        reverse("meetings:cancel", args=[planned.pk]),
    ):
        page = client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", page), url
        assert not re.search(r"\son[a-z]+=", page), url


# ---------------------------------------------------------------------------------------------------------------
# Schedule and edit


def test_secretary_schedules_a_meeting_with_the_next_number_in_almaty_time(users, planned):
    response = client_for(users["moj"]).post(
        reverse("meetings:schedule"),
        {
            "number": "",
            "starts_at": "2026-03-18T10:00",
            "place": "Room 12",
            "format": "hybrid",
            "chair": users["iwg"].pk,
        },
    )

    meeting = Meeting.objects.get(number=planned.number + 1)
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert meeting.starts_at == dt.datetime(2026, 3, 18, 5, 0, tzinfo=dt.UTC)
    assert (meeting.place, meeting.format, meeting.chair) == ("Room 12", "hybrid", users["iwg"])


def test_scheduling_a_taken_number_shows_the_error_beside_the_number(users, planned):
    response = client_for(users["moj"]).post(
        reverse("meetings:schedule"), {"number": planned.number, "starts_at": "2026-03-18T10:00", "format": "online"}
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["number"] == [f"Meeting No. {planned.number} already exists."]
    assert 'id="id_number_error"' in response.content.decode()
    assert Meeting.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"number": "-5"}, "number"),
        ({"number": "0"}, "number"),
        ({"number": str(10**30)}, "number"),
        ({"number": "abc"}, "number"),
        ({"starts_at": "2026-02-30T10:00"}, "starts_at"),
        ({"starts_at": "99999-01-01T10:00"}, "starts_at"),
        ({"starts_at": "0001-01-01T00:00"}, "starts_at"),
        ({"starts_at": ""}, "starts_at"),
        ({"starts_at": "'; DROP TABLE meetings_meeting; --"}, "starts_at"),
        ({"chair": "999999"}, "chair"),
        ({"chair": "x"}, "chair"),
        ({"format": "bogus"}, "format"),
        ({"place": "x" * 500}, "place"),
    ],
)
def test_scheduling_refuses_hostile_input_beside_the_field(users, data, field):
    payload = {"number": "", "starts_at": "2026-03-18T10:00", "place": "Room", "format": "in_person", **data}

    response = client_for(users["moj"]).post(reverse("meetings:schedule"), payload)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_other_roles_may_not_schedule_or_edit(users, planned, role):
    client = client_for(users[role])

    assert client.get(reverse("meetings:schedule")).status_code == 403
    assert client.post(reverse("meetings:schedule"), {"starts_at": "2026-03-18T10:00"}).status_code == 403
    assert client.get(reverse("meetings:update", args=[planned.pk])).status_code == 403
    assert client.post(reverse("meetings:update", args=[planned.pk]), {}).status_code == 403
    assert Meeting.objects.count() == 1


def test_secretary_changes_a_planned_meeting(users, planned):
    client = client_for(users["moj"])
    form = client.get(reverse("meetings:update", args=[planned.pk])).context["form"]
    assert form.initial["expected_version"] == planned.lock_version

    response = client.post(
        reverse("meetings:update", args=[planned.pk]),
        {
            "starts_at": "2026-12-01T15:30",
            "place": "Room 7",
            "format": "online",
            "chair": users["moj"].pk,
            "expected_version": planned.lock_version,
        },
    )

    planned.refresh_from_db()
    assert response.status_code == 302
    assert (planned.place, planned.format, planned.chair) == ("Room 7", "online", users["moj"])
    assert timezone.localtime(planned.starts_at, ALMATY).strftime("%Y-%m-%d %H:%M") == "2026-12-01 15:30"


def test_stale_edit_is_refused_with_a_clear_message(users, planned):
    client = client_for(users["moj"])
    loaded_version = planned.lock_version
    # someone else saves first
    services.meeting_update(actor=users["moj"], meeting=planned, expected_version=loaded_version, place="Room 9")

    response = client.post(
        reverse("meetings:update", args=[planned.pk]),
        {"starts_at": "2026-12-01T15:30", "place": "Room 7", "format": "online", "expected_version": loaded_version},
    )

    planned.refresh_from_db()
    assert response.status_code == 409
    assert "Someone else changed this record after you opened it" in response.content.decode()
    assert planned.place == "Room 9"


def test_a_held_meeting_cannot_be_edited(users, started):
    services.meeting_record_held(actor=users["moj"], meeting=started, decisions={})
    client = client_for(users["moj"])

    response = client.get(reverse("meetings:update", args=[started.pk]), follow=True)

    assert response.redirect_chain[-1][0] == started.get_absolute_url()
    assert "Only a planned meeting can be changed." in response.content.decode()


# ---------------------------------------------------------------------------------------------------------------
# Agenda


def test_secretary_puts_a_ready_round_on_the_agenda(users, planned, ready_round):
    response = client_for(users["moj"]).post(
        reverse("meetings:agenda_add", args=[planned.pk]), {"round": ready_round.pk}
    )

    assert response.status_code == 302
    assert planned.agenda_items.get().round == ready_round
    assert Round.objects.get(pk=ready_round.pk).status == Round.Status.ON_AGENDA


def test_agenda_change_through_htmx_returns_the_agenda_fragment(users, planned, ready_round):
    client = client_for(users["moj"])

    added = client.post(
        reverse("meetings:agenda_add", args=[planned.pk]), {"round": ready_round.pk}, HTTP_HX_REQUEST="true"
    )
    item = planned.agenda_items.get()
    removed = client.post(reverse("meetings:agenda_remove", args=[planned.pk, item.pk]), HTTP_HX_REQUEST="true")

    for response in (added, removed):
        page = response.content.decode()
        assert response.status_code == 200
        assert page.startswith('<section id="agenda-section"') and "<html" not in page
    assert "is on the agenda" in added.content.decode()
    assert "is off the agenda" in removed.content.decode()
    assert not planned.agenda_items.exists()
    assert Round.objects.get(pk=ready_round.pk).status == Round.Status.ANALYSIS_SUBMITTED


def test_a_round_without_analysis_cannot_go_on_the_agenda_and_says_why(users, planned):
    referred = round_at(users, Round.Status.REFERRED)

    response = client_for(users["moj"]).post(
        reverse("meetings:agenda_add", args=[planned.pk]), {"round": referred.pk}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    assert "legal analysis is not in yet" in response.content.decode()
    assert not planned.agenda_items.exists()


@pytest.mark.parametrize("value", ["abc", "", "-1", str(10**30)])
def test_hostile_round_value_is_reported_not_crashed(users, planned, value):
    response = client_for(users["moj"]).post(
        reverse("meetings:agenda_add", args=[planned.pk]), {"round": value}, follow=True
    )

    assert response.status_code == 200
    assert "Choose a round to put on the agenda." in response.content.decode()


def test_unknown_round_or_item_of_another_meeting_is_not_found(users, planned, ready_round):
    other = schedule(users, days=5)
    item = services.agenda_item_add(actor=users["moj"], meeting=other, round=ready_round)
    client = client_for(users["moj"])

    assert client.post(reverse("meetings:agenda_add", args=[planned.pk]), {"round": 999999}).status_code == 404
    assert client.post(reverse("meetings:agenda_remove", args=[planned.pk, item.pk])).status_code == 404
    assert other.agenda_items.count() == 1


def test_agenda_actions_are_post_only(users, planned, ready_round):
    item = services.agenda_item_add(actor=users["moj"], meeting=planned, round=ready_round)
    client = client_for(users["moj"])

    assert client.get(reverse("meetings:agenda_add", args=[planned.pk])).status_code == 405
    assert client.get(reverse("meetings:agenda_remove", args=[planned.pk, item.pk])).status_code == 405


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_other_roles_may_not_change_the_agenda(users, planned, ready_round, role):
    item = services.agenda_item_add(actor=users["moj"], meeting=planned, round=round_at(users, "analysis_submitted"))
    client = client_for(users[role])

    assert client.post(reverse("meetings:agenda_add", args=[planned.pk]), {"round": ready_round.pk}).status_code == 403
    assert client.post(reverse("meetings:agenda_remove", args=[planned.pk, item.pk])).status_code == 403
    assert planned.agenda_items.count() == 1


def test_actions_need_the_csrf_token(users, planned, ready_round):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["moj"])

    response = client.post(reverse("meetings:agenda_add", args=[planned.pk]), {"round": ready_round.pk})

    assert response.status_code == 403
    assert not planned.agenda_items.exists()


# ---------------------------------------------------------------------------------------------------------------
# Record as held, minutes, cancel


def test_secretary_records_a_meeting_held_with_participants_minutes_and_decisions(users, started, ready_round):
    from communications import services as communication_services

    communication_services.position_draft(
        actor=users["moj"], round=ready_round, texts={"en": "The position."}, expected_version=0
    )
    item = services.agenda_item_add(actor=users["moj"], meeting=started, round=ready_round)

    response = client_for(users["moj"]).post(
        reverse("meetings:record_held", args=[started.pk]),
        {
            "participants": [users["moj"].pk, users["pgo"].pk],
            "guests": "A. Seitkali, Supreme Court\n\n  B. Nurlanov  ",
            "minutes_file": pdf_file("minutes.pdf"),
            "minutes_summary": "Position approved.",
            f"decision_{item.pk}": AgendaItem.Decision.APPROVE_POSITION,
            f"notes_{item.pk}": "Unanimous",
        },
    )

    started.refresh_from_db()
    item.refresh_from_db()
    assert response.status_code == 302
    assert started.status == Meeting.Status.HELD
    assert started.minutes.original_name == "minutes.pdf"
    assert sorted(started.participants.values_list("name", flat=True)) == sorted(
        [str(users["moj"]), str(users["pgo"]), "A. Seitkali, Supreme Court", "B. Nurlanov"]
    )
    assert (item.decision, item.decision_notes) == (AgendaItem.Decision.APPROVE_POSITION, "Unanimous")
    assert Round.objects.get(pk=ready_round.pk).status == Round.Status.IWG_APPROVED


def test_minutes_are_downloaded_by_readers_of_the_meeting(users, started):
    services.meeting_record_held(
        actor=users["moj"], meeting=started, decisions={}, minutes_file=pdf_file("minutes-7.pdf")
    )

    response = client_for(users["iwg"]).get(reverse("meetings:minutes", args=[started.pk]))

    assert response.status_code == 200
    assert 'attachment; filename="minutes-7.pdf"' in response["Content-Disposition"]
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body.startswith(b"%PDF")


def test_a_meeting_without_minutes_has_no_download(users, planned):
    assert client_for(users["iwg"]).get(reverse("meetings:minutes", args=[planned.pk])).status_code == 404


def test_record_held_names_each_missing_decision_beside_its_item(users, started, ready_round):
    item = services.agenda_item_add(actor=users["moj"], meeting=started, round=ready_round)

    response = client_for(users["moj"]).post(
        reverse("meetings:record_held", args=[started.pk]), {f"decision_{item.pk}": "", "guests": ""}
    )

    assert response.status_code == 200
    assert f"decision_{item.pk}" in response.context["form"].errors
    assert f'id="id_decision_{item.pk}_error"' in response.content.decode()
    assert Meeting.objects.get(pk=started.pk).status == Meeting.Status.PLANNED


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("minutes.pdf", b"not a pdf at all", content_type="application/pdf"),
        SimpleUploadedFile("minutes.exe", b"MZ\x90\x00" + b"\x00" * 100, content_type="application/octet-stream"),
        SimpleUploadedFile("empty.pdf", b"", content_type="application/pdf"),
    ],
    ids=["text-named-pdf", "executable", "empty"],
)
def test_record_held_refuses_a_file_that_is_not_a_document_beside_the_file(users, started, upload):
    response = client_for(users["moj"]).post(
        reverse("meetings:record_held", args=[started.pk]), {"minutes_file": upload}
    )

    assert response.status_code == 200
    assert "minutes_file" in response.context["form"].errors
    assert Meeting.objects.get(pk=started.pk).status == Meeting.Status.PLANNED


def test_record_held_refuses_an_unknown_decision_and_too_long_guest_lines(users, started, ready_round):
    item = services.agenda_item_add(actor=users["moj"], meeting=started, round=ready_round)

    response = client_for(users["moj"]).post(
        reverse("meetings:record_held", args=[started.pk]),
        {f"decision_{item.pk}": "approve_everything", "guests": "x" * 300, "participants": ["999999"]},
    )

    errors = response.context["form"].errors
    assert {f"decision_{item.pk}", "guests", "participants"} <= set(errors)


def test_a_meeting_that_has_not_started_cannot_be_recorded_held(users, planned):
    client = client_for(users["moj"])

    detail = client.get(planned.get_absolute_url()).content.decode()
    response = client.post(reverse("meetings:record_held", args=[planned.pk]), {})

    assert "can be recorded as held once it has started" in detail
    assert response.status_code == 200
    assert "The meeting has not taken place yet." in response.content.decode()
    assert Meeting.objects.get(pk=planned.pk).status == Meeting.Status.PLANNED


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_other_roles_may_not_record_held_or_cancel(users, started, role):
    client = client_for(users[role])

    assert client.get(reverse("meetings:record_held", args=[started.pk])).status_code == 403
    assert client.post(reverse("meetings:record_held", args=[started.pk]), {}).status_code == 403
    assert client.get(reverse("meetings:cancel", args=[started.pk])).status_code == 403
    assert client.post(reverse("meetings:cancel", args=[started.pk]), {"reason": "x"}).status_code == 403
    assert Meeting.objects.get(pk=started.pk).status == Meeting.Status.PLANNED


def test_secretary_cancels_a_meeting_with_a_reason_and_its_rounds_wait_again(users, planned, ready_round):
    services.agenda_item_add(actor=users["moj"], meeting=planned, round=ready_round)

    response = client_for(users["moj"]).post(reverse("meetings:cancel", args=[planned.pk]), {"reason": "No quorum"})

    planned.refresh_from_db()
    assert response.status_code == 302
    assert (planned.status, planned.cancellation_reason) == (Meeting.Status.CANCELLED, "No quorum")
    assert Round.objects.get(pk=ready_round.pk).status == Round.Status.ANALYSIS_SUBMITTED
    assert "No quorum" in client_for(users["iwg"]).get(planned.get_absolute_url()).content.decode()


@pytest.mark.parametrize("reason", ["", "   ", "x" * 3000])
def test_cancelling_needs_a_reasonable_reason_beside_the_field(users, planned, reason):
    response = client_for(users["moj"]).post(reverse("meetings:cancel", args=[planned.pk]), {"reason": reason})

    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert Meeting.objects.get(pk=planned.pk).status == Meeting.Status.PLANNED


def test_a_cancelled_or_held_meeting_offers_no_actions_and_refuses_them(users, planned):
    services.meeting_cancel(actor=users["moj"], meeting=planned, reason="No quorum")
    client = client_for(users["moj"])

    page = client.get(planned.get_absolute_url()).content.decode()
    again = client.post(reverse("meetings:cancel", args=[planned.pk]), {"reason": "Again"}, follow=True)

    assert "Cancel the meeting" not in page and "Record as held" not in page
    assert "This meeting is “Cancelled”." in again.content.decode()
