"""Item 7 of issue 11: historical entries. A ministry enters its past cases; a note whose steps are already done is
registered as historical: its round and deadlines are recorded as met (on the day the reply was sent) or closed,
and nothing reminds, escalates or counts as overdue (sweep, dashboard, home queues, register flags)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from communications import selectors, services
from communications.models import Deadline, DeadlineKind, Event, NoteKind, Notification, Round
from iwg.calendar import local_date
from tests.api.conftest import token_client
from tests.communications.test_views import note_data
from tests.factories import register_note

pytestmark = pytest.mark.django_db


def register_past(users, *, number, kind=NoteKind.NEW_COMMUNICATION, ohchr_date, replied_on=None, **extra):
    return register_note(
        users,
        number=number,
        kind=kind,
        ohchr_date=ohchr_date,
        received_on=ohchr_date + dt.timedelta(days=5),
        historical=True,
        replied_on=replied_on,
        **extra,
    )


def test_a_historical_note_with_its_reply_date_records_the_round_sent_and_deadlines_met(users):
    note = register_past(users, number="1/2011", ohchr_date=dt.date(2011, 3, 1), replied_on=dt.date(2011, 12, 20))
    round = note.opened_round
    assert note.is_historical and round.is_historical
    assert round.status == Round.Status.SENT and round.replied_on == dt.date(2011, 12, 20)
    assert not round.is_urgent
    committee = round.deadlines.get(kind=DeadlineKind.COMMITTEE)
    assert committee.status == Deadline.Status.MET
    assert committee.met_late is (dt.date(2011, 12, 20) > committee.due_on)
    others = round.deadlines.exclude(kind__in=[DeadlineKind.COMMITTEE, DeadlineKind.DISPATCH])
    assert others.exists() and set(others.values_list("status", flat=True)) == {Deadline.Status.CANCELLED}
    assert not round.deadlines.filter(status__in=[Deadline.Status.OPEN, Deadline.Status.MISSED]).exists()
    event = round.events.get(kind=Event.Kind.POSITION_SENT)
    assert event.parameters["code"] == "historical_round_replied"
    # history keeps why
    assert "historical_met" in committee.history.first().history_change_reason


def test_a_historical_note_without_a_reply_date_closes_the_round(users):
    note = register_past(users, number="2/2014", kind=NoteKind.VIEWS_ADOPTED, ohchr_date=dt.date(2014, 7, 25))
    round = note.opened_round
    assert round.status == Round.Status.CANCELLED
    assert set(round.deadlines.values_list("status", flat=True)) == {Deadline.Status.CANCELLED}


def test_nothing_reminds_escalates_or_counts_as_overdue(users):
    for year in range(2011, 2021):
        register_past(
            users, number=f"{year - 2000}/{year}", ohchr_date=dt.date(year, 2, 1), replied_on=dt.date(year, 10, 1)
        )
        register_past(
            users, number=f"{year - 1900}/{year}", kind=NoteKind.VIEWS_ADOPTED, ohchr_date=dt.date(year, 5, 1)
        )
    live = register_note(users, number="7/2026")  # a live case still gets its deadlines
    today = local_date()
    assert Deadline.objects.overdue(today=today).count() == 0
    services.deadlines_sweep(today=today)
    historical_rounds = Round.objects.filter(is_historical=True)
    assert historical_rounds.count() == 20
    assert not Notification.objects.filter(deadline__round__in=historical_rounds).exists()
    assert selectors.dashboard_figures(user=users["mfa"], today=today)["overdue_deadlines"] == 0
    assert list(selectors.overdue_deadline_list(user=users["mfa"], today=today)) == []
    for role in ("mfa", "pgo", "moj"):
        queue = selectors.home_work_queue(user=users[role], today=today)
        queued = {round.pk for rounds in queue.sections.values() for round in rounds}
        assert not queued & set(historical_rounds.values_list("pk", flat=True))
    rows = {row.pk: row for row in selectors.communication_list(user=users["mfa"])}
    assert not any(rows[pk].has_overdue for pk in historical_rounds.values_list("communication_id", flat=True))
    assert live.opened_round.deadlines.filter(status=Deadline.Status.OPEN).exists()


def test_a_reply_date_needs_the_historical_flag_and_a_plausible_date(users):
    with pytest.raises(ValidationError) as refused:
        register_note(users, number="3/2020", replied_on=local_date())
    assert "replied_on" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        register_past(users, number="3/2020", ohchr_date=dt.date(2020, 3, 1), replied_on=dt.date(2020, 1, 1))
    assert "replied_on" in refused.value.message_dict


def test_the_form_checkbox_registers_a_historical_entry(client, users):
    client.force_login(users["mfa"])
    data = note_data(
        communication_number="4/2016",
        ohchr_date="2016-02-01",
        received_on="2016-02-05",
        historical="on",
        replied_on="2016-08-01",
    )
    response = client.post(reverse("communications:note_register"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    round = Round.objects.get(communication__number="4/2016")
    assert round.is_historical and round.status == Round.Status.SENT


def test_the_api_field_registers_a_historical_entry(users):
    body = {
        "committee": "CCPR",
        "communication_number": "5/2015",
        "kind": "new_communication",
        "registry_number": "IN-H5",
        "received_date": "2015-03-05",
        "ohchr_date": "2015-03-01",
        "historical": True,
        "replied_on": "2015-09-01",
    }
    response = token_client(users["mfa"]).post("/api/v1/notes/", body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["round"]["is_historical"] is True
    assert response.json()["round"]["status"] == Round.Status.SENT
