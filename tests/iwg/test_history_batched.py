"""Batched history (iwg.history.history_batched): a service step's historical records are the same as saved one
by one (who, why, what), inserted with one statement per history model."""

import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from communications.models import Communication, Deadline, Party, Round
from iwg.history import history_batched, tracked_save
from iwg.texts import parse_stored, render_stored
from tests.factories import pdf_file, register_note

pytestmark = pytest.mark.django_db


def test_note_register_leaves_one_record_per_row_with_its_actor_and_reason(users):
    note = register_note(users, communication_fields={"parties": [{"role": "author", "full_name": "A. Author"}]})
    communication, round = note.communication, note.opened_round
    created = {
        "communication": communication.history.filter(history_type="+"),
        "party": Party.history.filter(communication_id=communication.pk, history_type="+"),
        "round": round.history.filter(history_type="+"),
        "deadlines": Deadline.history.filter(round_id=round.pk, history_type="+"),
    }
    assert created["communication"].count() == 1
    assert created["party"].count() == 1
    assert created["round"].count() == 1
    assert created["deadlines"].count() == round.deadlines.count() > 0
    for records in created.values():
        for record in records:
            assert record.history_user_id == users["mfa"].pk
            assert record.history_change_reason
    reason = round.history.get().history_change_reason  # kept as data (iwg.texts), rendered for the reader
    assert parse_stored(reason).code == "round_opened"
    with translation.override("en"):  # rendered in the reader's language
        assert render_stored(reason) == "Round opened by the incoming note"


def test_the_records_are_inserted_once_per_model_at_the_end_of_the_block(users):
    communication = register_note(users).communication
    with transaction.atomic(), CaptureQueriesContext(connection) as queries, history_batched():
        for index in range(3):
            tracked_save(
                Party(communication=communication, role="victim", full_name=f"V {index}"), actor=None, reason="r"
            )
        assert Party.history.filter(communication_id=communication.pk).count() == 0  # not yet
    history_inserts = [
        q for q in queries.captured_queries if q["sql"].startswith('INSERT INTO "communications_historicalparty"')
    ]
    assert len(history_inserts) == 1
    assert Party.history.filter(communication_id=communication.pk, history_change_reason="r").count() == 3


def test_a_failed_step_leaves_no_record(users):
    communication = register_note(users).communication
    with pytest.raises(RuntimeError), transaction.atomic(), history_batched():
        tracked_save(Party(communication=communication, role="victim", full_name="V"), actor=None, reason="lost")
        raise RuntimeError
    assert not Party.history.filter(history_change_reason="lost").exists()
    assert Communication.objects.filter(pk=communication.pk).exists()
    assert Round.objects.filter(communication=communication).exists()


def test_the_records_of_several_models_are_inserted_in_one_statement(users):
    # given a step that saves parties and a round
    communication = register_note(users).communication
    with transaction.atomic(), CaptureQueriesContext(connection) as queries, history_batched():
        tracked_save(Party(communication=communication, role="victim", full_name="V 1"), actor=None, reason="r")
        round = communication.rounds.get()
        round.is_urgent = True
        tracked_save(round, actor=users["mfa"], reason="urgent")
    # then one statement wrote the records of both models, each with its who and why
    history_writes = [
        q["sql"]
        for q in queries.captured_queries
        if re.match(r'(WITH \w+ AS \()?INSERT INTO "\w+_historical', q["sql"])
    ]
    assert len(history_writes) == 1
    assert history_writes[0].startswith("WITH ")
    assert "communications_historicalparty" in history_writes[0]
    assert "communications_historicalround" in history_writes[0]
    party_record = Party.history.get(communication_id=communication.pk, full_name="V 1")
    assert (party_record.history_type, party_record.history_user_id, party_record.history_change_reason) == (
        "+",
        None,
        "r",
    )
    round_record = round.history.first()  # the newest
    assert (round_record.is_urgent, round_record.history_user_id, round_record.history_change_reason) == (
        True,
        users["mfa"].pk,
        "urgent",
    )


def test_a_note_registered_with_a_document_keeps_its_records_in_order(users):
    # given a note registered with a document: its record as created, then the one with the document added
    note = register_note(users, documents=[pdf_file()])
    # then the first record has no document, the next has it, in this order by date and by id
    records = list(note.history.order_by("history_id"))
    assert [record.history_type for record in records] == ["+", "~"]
    assert records[0].history_date < records[1].history_date
    assert [list(record.documents.values_list("document_id", flat=True)) for record in records] == [
        [],
        [note.documents.get().pk],
    ]
