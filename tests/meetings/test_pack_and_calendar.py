"""The meeting pack and minutes (PDF), the printable agenda, the meeting's invitation and the users' calendar feeds."""

import datetime as dt
import hashlib
import io
import sys

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from pypdf import PdfReader

from communications import services
from communications.models import Deadline, DeadlineKind, Round
from iwg.models import AccessEvent
from meetings import services as meeting_services
from meetings.models import AgendaItem
from tests.api.conftest import token_client
from tests.factories import position_version, register_note, round_at, submit_analysis

pytestmark = pytest.mark.django_db


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def meeting_with_items(users):
    """A planned meeting with three rounds put on the agenda in an order other than their committee deadlines."""
    today = timezone.localdate()
    rounds = []
    # transmitted 10, 60 and 30 days ago: the committee's deadlines fall in the order 2nd, 3rd, 1st
    for days, number in ((10, "101/2025"), (60, "102/2025"), (30, "103/2025")):
        note = register_note(
            users,
            number=number,
            ohchr_date=today - dt.timedelta(days=days),
            communication_fields={
                "subject": f"Subject {number}",
                "parties": [
                    {"role": "author", "full_name": "Erlan Zhaksybekov", "initials": "E.Z.", "is_confidential": True}
                ],
            },
        )
        round_ = note.opened_round
        services.round_refer(actor=users["mfa"], round=round_)
        submit_analysis(users, round_, summary=f"Analysis of {number}")
        services.position_draft(
            actor=users["moj"],
            round=round_,
            texts={"ru": f"Позиция государства по {number}"},
            expected_version=position_version(round_),
        )
        rounds.append(round_)
    meeting = meeting_services.meeting_schedule(
        actor=users["moj"], starts_at=timezone.now() + dt.timedelta(days=5), place="Astana, MoJ"
    )
    for round_ in rounds:
        meeting_services.agenda_item_add(actor=users["moj"], meeting=meeting, round=round_)
    return meeting


def test_meeting_pack_holds_kazakh_and_russian_text_and_every_item_by_nearest_deadline(users, meeting_with_items):
    # given a Kazakh-speaking MoJ secretary
    client = token_client(users["moj"])
    client.credentials(HTTP_AUTHORIZATION=client._credentials["HTTP_AUTHORIZATION"], HTTP_ACCEPT_LANGUAGE="kk")

    # when the pack is downloaded
    response = client.get(f"/api/v1/meetings/{meeting_with_items.pk}/pack/")

    # then it is a PDF in Kazakh with the Russian draft positions, every item in committee-deadline order
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert "Күн тәртібі" in text  # Kazakh: "agenda"
    assert "Позиция государства" in text  # Russian: the draft State position as typed
    positions = [text.index(f"Analysis of {number}") for number in ("102/2025", "103/2025", "101/2025")]
    assert positions == sorted(positions)
    assert "E.Z." in text and "Zhaksybekov" not in text
    assert "Astana, MoJ" in text
    reader = PdfReader(io.BytesIO(response.content))
    assert all("ҚҰПИЯ" in page.extract_text() for page in reader.pages)  # "confidential" on every page (kk)
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.EXPORT, object_id=str(meeting_with_items.pk)).exists()


def test_minutes_pdf_after_the_meeting_has_each_decision(users, meeting_with_items):
    client = token_client(users["moj"])
    assert client.get(f"/api/v1/meetings/{meeting_with_items.pk}/minutes/").status_code == 409
    meeting_with_items.starts_at = timezone.now() - dt.timedelta(hours=1)
    meeting_with_items.save()
    items = list(meeting_with_items.agenda_items.all())
    meeting_services.meeting_record_held(
        actor=users["moj"],
        meeting=meeting_with_items,
        participants=[users["moj"], users["pgo"]],
        decisions={
            items[0].pk: (AgendaItem.Decision.APPROVE_POSITION, ""),
            items[1].pk: (AgendaItem.Decision.MORE_ANALYSIS, "Ask about the appeal"),
            items[2].pk: (AgendaItem.Decision.DEFER, ""),
        },
    )
    response = client.get(f"/api/v1/meetings/{meeting_with_items.pk}/minutes/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    for label in ("Approve the draft position", "Ask for more analysis", "Defer", "Ask about the appeal"):
        assert label in text
    assert users["pgo"].get_full_name() in text


def test_meeting_page_offers_pack_printable_agenda_and_invitation(users, meeting_with_items, client):
    client.force_login(users["iwg"])
    page = client.get(meeting_with_items.get_absolute_url()).content.decode()
    for name in ("meetings:pack", "meetings:agenda_print", "meetings:invitation"):
        assert reverse(name, args=[meeting_with_items.pk]) in page
    agenda = client.get(reverse("meetings:agenda_print", args=[meeting_with_items.pk])).content.decode()
    assert "css/print.css" in agenda and "Subject 102/2025" in agenda
    pdf = client.get(reverse("meetings:pack", args=[meeting_with_items.pk]))
    assert pdf["Content-Type"] == "application/pdf"


def test_pack_without_pango_says_unavailable_instead_of_failing(users, meeting_with_items, client, monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    client.force_login(users["moj"])
    page = client.get(meeting_with_items.get_absolute_url()).content.decode()
    assert "unavailable on this server" in page
    response = token_client(users["moj"]).get(f"/api/v1/meetings/{meeting_with_items.pk}/pack/")
    assert response.status_code == 503 and response.json()["error"]["code"] == "pdf_unavailable"


def test_pack_of_an_unknown_meeting_is_404(users):
    assert token_client(users["moj"]).get("/api/v1/meetings/999999/pack/").status_code == 404


# ---------------------------------------------------------------------------------------------------------------
# Calendar


def _events(content: bytes) -> list:
    return [component for component in Calendar.from_ical(content).walk("VEVENT")]


def test_calendar_feed_parses_and_holds_each_deadline_of_the_users_agency(users, meeting_with_items):
    # given pending deadlines of several agencies, MoJ's among them
    client = token_client(users["moj"])
    expected = set(
        Deadline.objects.pending().filter(responsible_agency=users["moj"].agency).values_list("pk", flat=True)
    )
    others = set(Deadline.objects.exclude(responsible_agency=users["moj"].agency).values_list("pk", flat=True))
    assert expected and others

    # when the MoJ secretary reads the feed
    response = client.get("/api/v1/calendar/")

    # then icalendar parses it; it holds each MoJ deadline, none of another agency, and the planned meeting
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    events = _events(response.content)
    uids = {str(event["UID"]) for event in events}
    assert {f"deadline-{pk}@iwg-tracker" for pk in expected} <= uids
    assert not {f"deadline-{pk}@iwg-tracker" for pk in others} & uids
    assert f"meeting-{meeting_with_items.pk}@iwg-tracker" in uids
    meeting_event = next(event for event in events if str(event["UID"]).startswith("meeting-"))
    assert str(meeting_event.decoded("DTSTART").tzinfo) == "Asia/Almaty"
    assert b"Zhaksybekov" not in response.content and b"E.Z." not in response.content


def test_calendar_titles_follow_the_users_language(users, meeting_with_items):
    users["moj"].language = "ru"
    users["moj"].save()
    from django.utils import translation

    from meetings.calendar_feed import user_calendar

    events = _events(user_calendar(user=users["moj"]))
    titles = " ".join(str(event["SUMMARY"]) for event in events)
    with translation.override("ru"):
        expected = str(DeadlineKind.IWG_CONSIDERATION.label)
    assert expected != "IWG consideration" and expected in titles
    assert "Заседание МРГ" in titles


def _feed_path(response) -> str:
    page = response.content.decode()
    url = page.split('id="feed-url"')[1].split('value="')[1].split('"')[0]
    return url.replace("http://testserver", "")


def test_secret_feed_address_works_without_sign_in_and_reset_invalidates_it(users, meeting_with_items, client):
    client.force_login(users["moj"])
    path = _feed_path(client.post(reverse("profile"), {"calendar_feed": "make"}))
    anonymous = client.__class__()
    first = anonymous.get(path)
    assert first.status_code == 200, (path, first.content[:300])
    assert any(str(event["UID"]).startswith("deadline-") for event in _events(first.content))
    new_path = _feed_path(client.post(reverse("profile"), {"calendar_feed": "reset"}))
    assert new_path != path
    assert anonymous.get(path).status_code == 404
    assert anonymous.get(new_path).status_code == 200
    assert anonymous.get("/meetings/calendar/feed/guessed-token.ics").status_code == 404


def test_the_feed_secret_is_stored_hashed_and_shown_once(users, client):
    from iwg.models import CalendarFeedToken

    client.force_login(users["pgo"])
    assert 'id="feed-url"' not in client.get(reverse("profile")).content.decode()  # none made yet
    made = client.post(reverse("profile"), {"calendar_feed": "make"})
    assert "no-store" in made["Cache-Control"]
    secret = _feed_path(made).rsplit("/", 1)[1].removesuffix(".ics")
    assert len(secret) >= 40
    # Not readable in the database: no column of the row holds the secret.
    row = CalendarFeedToken.objects.get(user=users["pgo"])
    stored = [str(getattr(row, field.attname)) for field in CalendarFeedToken._meta.concrete_fields]
    assert not any(secret in value for value in stored)
    assert row.digest == hashlib.sha256(secret.encode()).hexdigest()
    # Shown once: the profile page afterwards says an address exists, without it.
    later = client.get(reverse("profile")).content.decode()
    assert secret not in later and 'id="feed-url"' not in later
    assert "calendar-feed" in later
    # The old menu address leads to the profile page.
    assert client.get(reverse("meetings:calendar_feed"))["Location"].startswith(reverse("profile"))


def test_meeting_invitation_is_one_event_in_almaty_time(users, meeting_with_items):
    response = token_client(users["iwg"]).get(f"/api/v1/meetings/{meeting_with_items.pk}/calendar/")
    (event,) = _events(response.content)
    assert event.decoded("DTSTART") == meeting_with_items.starts_at.replace(microsecond=0)
    assert str(event.decoded("DTSTART").tzinfo) == "Asia/Almaty"
    assert "Astana, MoJ" in str(event["LOCATION"])


def test_a_met_deadline_is_not_in_the_feed(users):
    round_ = round_at(users, Round.Status.REFERRED)
    submit_analysis(users, round_)
    pgo_deadline = round_.deadlines.get(kind=DeadlineKind.PGO_ANALYSIS)
    assert pgo_deadline.status == Deadline.Status.MET
    content = token_client(users["pgo"]).get("/api/v1/calendar/").content
    assert f"deadline-{pgo_deadline.pk}@".encode() not in content


def test_calendar_feed_query_count_does_not_grow_with_deadlines(users, django_assert_max_num_queries):
    for _ in range(4):
        round_at(users, Round.Status.REFERRED)
    client = token_client(users["moj"])
    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/calendar/")
    assert len([e for e in _events(response.content) if str(e["UID"]).startswith("deadline-")]) >= 4
