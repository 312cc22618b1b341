"""Items 5 and 6 of issue 11: no second communication or second first-reply round for one number (refused with
a link to the case, also under 50 concurrent registrations on PostgreSQL); notes sharing an OHCHR reference are
flagged; a "Views adopted" note records the decision and moves the communication to follow-up."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection
from django.urls import reverse

from communications import services
from communications.models import Communication, Decision, NoteKind, Remedy, Round
from iwg.calendar import local_date
from tests.communications.test_views import note_data
from tests.factories import register_note

pytestmark = pytest.mark.django_db


def test_a_second_new_communication_note_is_refused_with_a_link(users):
    first = register_note(users, number="2137/2012")
    with pytest.raises(ValidationError) as refused:
        register_note(users, number="2137/2012")
    message = refused.value.message_dict["communication_number"][0]
    assert first.communication.get_absolute_url() in message
    assert Round.objects.filter(communication=first.communication).count() == 1
    # other kinds of note still link to the case
    register_note(users, number="2137/2012", kind=NoteKind.ADDITIONAL_INFORMATION)
    assert Round.objects.filter(communication=first.communication).count() == 2


def test_the_form_shows_the_link_to_the_existing_case(client, users):
    first = register_note(users, number="1234/2026")
    client.force_login(users["mfa"])
    response = client.post(reverse("communications:note_register"), note_data(registry_number="IN-NEW"))
    page = response.content.decode()
    assert response.status_code == 200
    assert f'href="{first.communication.get_absolute_url()}"' in page
    assert Communication.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_new_communication_notes_give_one_case(users):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's concurrency")
    outcomes: list[str] = []
    barrier = threading.Barrier(50)

    def register(index: int):
        try:
            barrier.wait(timeout=30)
            register_note(users, number="4512/2026", registry_number=f"IN-C{index:03d}")
            outcomes.append("created")
        except ValidationError as error:
            outcomes.append("refused" if "communication_number" in error.message_dict else repr(error))
        except Exception as error:  # noqa: BLE001
            outcomes.append(repr(error))
        finally:
            close_old_connections()

    threads = [threading.Thread(target=register, args=(index,)) for index in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(set(outcomes)) == ["created", "refused"], outcomes
    assert outcomes.count("created") == 1
    assert Communication.objects.filter(number="4512/2026").count() == 1
    assert Round.objects.filter(communication__number="4512/2026").count() == 1


def test_notes_with_the_same_ohchr_reference_are_flagged_not_refused(client, users):
    first = register_note(users, number="10/2024", ohchr_reference="G/SO 215/51 KAZ (7)")
    second = register_note(users, number="11/2024", ohchr_reference="G/SO 215/51 KAZ (7)")
    other = register_note(users, number="12/2024", ohchr_reference="G/SO 215/51 KAZ (8)")
    client.force_login(users["mfa"])
    page = client.get(first.communication.get_absolute_url()).content.decode()
    assert "Possible duplicate" in page and second.communication.get_absolute_url() in page
    assert "Possible duplicate" not in client.get(other.communication.get_absolute_url()).content.decode()


def test_a_views_adopted_note_records_the_decision_and_moves_to_follow_up(users):
    communication = register_note(users, number="20/2020").communication
    adopted = local_date() - dt.timedelta(days=40)
    note = register_note(
        users,
        number="20/2020",
        kind=NoteKind.VIEWS_ADOPTED,
        adopted_on=adopted,
        decision_symbol="CCPR/C/140/D/20/2020",
    )
    communication.refresh_from_db()
    decision = communication.decision
    assert (decision.kind, decision.adopted_on, decision.symbol) == (
        Decision.Kind.VIEWS_VIOLATION,
        adopted,
        "CCPR/C/140/D/20/2020",
    )
    assert decision.from_note == note
    assert communication.phase == Communication.Phase.FOLLOW_UP
    # the first-reply round is moot; the follow-up round goes on
    statuses = dict(communication.rounds.values_list("kind", "status"))
    assert statuses[NoteKind.NEW_COMMUNICATION] == Round.Status.CANCELLED
    assert statuses[NoteKind.VIEWS_ADOPTED] == Round.Status.REGISTERED
    # the MFA completes remedies and articles
    services.decision_record(
        actor=users["mfa"],
        communication=communication,
        kind=Decision.Kind.VIEWS_VIOLATION,
        adopted_on=adopted,
        symbol="CCPR/C/140/D/20/2020",
        articles_violated=["7", "14"],
        remedies=[{"kind": Remedy.Kind.REVIEW, "description": "Review", "responsible_agency": "PGO"}],
    )
    decision.refresh_from_db()
    assert decision.articles_violated == ["7", "14"] and decision.remedies.count() == 1
    assert Decision.objects.count() == 1
