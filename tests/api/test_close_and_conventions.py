"""Leftovers of the house structure: closing a communication has a page and an API; the forms refuse the dates
the services refuse (one earliest date); the meetings views answer a refused service like communications do."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from communications.forms import SaneDateField
from communications.models import Communication, Round
from iwg.calendar import EARLIEST_DATE, earliest_date_message
from tests.factories import register_note, round_at

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_the_mfa_closes_a_communication_on_its_page(users):
    round = round_at(users, Round.Status.REFERRED)
    communication = round.communication
    client = client_for(users["mfa"])
    assert (
        reverse("communications:close", args=[communication.pk])
        in client.get(communication.get_absolute_url()).content.decode()
    )

    refused = client.post(reverse("communications:close", args=[communication.pk]), {"reason": ""})
    assert refused.status_code == 200 and "This field is required" in refused.content.decode()
    response = client.post(reverse("communications:close", args=[communication.pk]), {"reason": "Follow-up closed"})

    assert response.status_code == 302
    communication.refresh_from_db()
    round.refresh_from_db()
    assert communication.phase == Communication.Phase.CLOSED
    assert round.status == Round.Status.CANCELLED
    page = client.get(communication.get_absolute_url()).content.decode()
    assert reverse("communications:close", args=[communication.pk]) not in page


def test_only_the_mfa_may_close_a_communication(users):
    communication = register_note(users).communication
    client = client_for(users["pgo"])
    assert (
        reverse("communications:close", args=[communication.pk])
        not in client.get(communication.get_absolute_url()).content.decode()
    )
    assert client.post(reverse("communications:close", args=[communication.pk]), {"reason": "x"}).status_code == 403
    communication.refresh_from_db()
    assert communication.phase != Communication.Phase.CLOSED


def test_the_api_closes_a_communication_once(api, users):
    communication = register_note(users).communication
    url = f"/api/v1/communications/{communication.pk}/close/"

    assert api["mfa"].post(url, {}, format="json").status_code == 400
    assert api["pgo"].post(url, {"reason": "x"}, format="json").status_code == 403
    response = api["mfa"].post(url, {"reason": "Follow-up closed"}, format="json")
    assert response.status_code == 200
    assert response.json()["phase"] == Communication.Phase.CLOSED
    again = api["mfa"].post(url, {"reason": "again"}, format="json")
    assert again.status_code == 409


def test_forms_and_services_share_the_earliest_date():
    field = SaneDateField()
    assert field.widget.attrs["min"] == EARLIEST_DATE.isoformat()
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        field.clean((EARLIEST_DATE - dt.timedelta(days=1)).isoformat())
    assert refused.value.messages == [earliest_date_message()]
    assert field.clean(EARLIEST_DATE.isoformat()) == EARLIEST_DATE


def test_a_meeting_view_answers_a_refused_service_with_the_form_and_its_status(users):
    from meetings import services as meeting_services

    meeting = meeting_services.meeting_schedule(
        actor=users["moj"],
        number=7,
        starts_at=dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC),
        chair=users["moj"],
    )
    client = client_for(users["moj"])
    # the number is taken: the service refuses, the form shows why, nothing is scheduled
    response = client.post(
        reverse("meetings:schedule"),
        {"number": 7, "starts_at": "2026-12-02T10:00", "place": "Room 1", "format": "in_person"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert meeting.__class__.objects.filter(number=7).count() == 1
