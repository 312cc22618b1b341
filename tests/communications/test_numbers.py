"""Item 4 of issue 11: a communication number is `number/year`, the year plausible for the committee; one number per
entry (joined numbers are separate entries); anything else is refused with a translated error by the services, the
forms and the API, and nothing is written."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from communications import numbers, services
from communications.forms import NoteRegisterForm
from communications.models import Communication, Deadline, JoinedNumber, NoteVerbale
from iwg.calendar import local_date
from tests.api.conftest import token_client
from tests.communications.test_views import note_data
from tests.factories import register_note

pytestmark = pytest.mark.django_db

BAD = ["abc; DROP TABLE", "2137", "2137/12", "2137-2012", "0/2012", "2137/2012; 2138/2012", "2137/2012 and 2138/2012"]


@pytest.mark.parametrize(
    "committee, number, ok",
    [
        ("CCPR", "2137/2012", True),
        ("CCPR", " 2137 / 2012 ", True),
        ("CCPR", "1402/2008", False),  # before the Optional Protocol was in force for Kazakhstan
        ("CEDAW", "12/2003", True),
        ("CRC", "5/1991", False),  # before 1992
        ("CAT", f"1/{local_date().year + 1}", False),  # a year still to come
        ("CAT", f"1/{local_date().year}", True),
        *[("CCPR", bad, False) for bad in BAD],
    ],
)
def test_number_error_checks_form_and_year_per_committee(committee, number, ok):
    assert (numbers.number_error(committee, number) is None) is ok


def test_the_refusal_is_translated():
    with translation.override("ru"):
        ru = numbers.number_error("CCPR", "abc; DROP TABLE")
    with translation.override("en"):
        en = numbers.number_error("CCPR", "abc; DROP TABLE")
    assert ru != en and "2137/2012" in ru


def test_sort_key_is_numeric_by_year_then_number():
    ordered = sorted(["1402/2020", "150/2020", "210/2019", "2/2021"], key=numbers.sort_key)
    assert ordered == ["210/2019", "150/2020", "1402/2020", "2/2021"]


@pytest.mark.parametrize("number", BAD)
def test_note_register_refuses_a_bad_number_and_writes_nothing(users, number):
    before = (Communication.objects.count(), NoteVerbale.objects.count(), Deadline.objects.count())
    with pytest.raises(ValidationError) as refused:
        register_note(users, number=number)
    assert "communication_number" in refused.value.message_dict
    assert (Communication.objects.count(), NoteVerbale.objects.count(), Deadline.objects.count()) == before


def test_note_register_stores_the_number_normalised(users):
    note = register_note(users, number=" 2137 / 2012 ")
    assert note.communication.number == "2137/2012"


def test_communication_create_and_join_number_refuse_bad_numbers(users):
    with pytest.raises(ValidationError) as refused:
        services.communication_create(actor=users["mfa"], committee_code="CCPR", number="abc; DROP TABLE")
    assert "number" in refused.value.message_dict
    communication = register_note(users, number="2137/2012").communication
    with pytest.raises(ValidationError):
        services.communication_join_number(
            actor=users["mfa"], communication=communication, number="2138/2012, 2139/2012"
        )
    assert not JoinedNumber.objects.exists()
    services.communication_join_number(actor=users["mfa"], communication=communication, number="2138/2012")
    assert list(communication.joined_numbers.values_list("number", flat=True)) == ["2138/2012"]


def test_the_form_refuses_a_bad_number_on_its_field():
    form = NoteRegisterForm(data=note_data(communication_number="abc; DROP TABLE"))
    assert not form.is_valid()
    assert "communication_number" in form.errors


def test_the_page_keeps_what_was_typed_and_says_why(client, users):
    client.force_login(users["mfa"])
    response = client.post(reverse("communications:note_register"), note_data(communication_number="abc; DROP TABLE"))
    assert response.status_code == 200
    assert "abc; DROP TABLE" in response.content.decode()
    assert not Communication.objects.exists()


def test_the_api_refuses_a_bad_number_in_the_readers_language(users):
    client = token_client(users["mfa"])
    today = local_date()
    body = {
        "committee": "CCPR",
        "communication_number": "abc; DROP TABLE",
        "kind": "new_communication",
        "registry_number": "IN-1",
        "received_date": str(today),
        "ohchr_date": str(today - dt.timedelta(days=3)),
    }
    with translation.override("en"):  # the request activates Russian in this thread; restore English after it
        response = client.post("/api/v1/notes/", body, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert "communication_number" in fields
    assert "номер" in str(fields["communication_number"]).lower()
    assert not Communication.objects.exists()
