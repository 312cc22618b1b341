"""The register's read model (communications/schedule.py): the denormalised next due date, urgent flag and first
received date stay equal to what they are derived from, whichever service changed it; overdue follows the date;
the count is capped; the year choices are cached and dropped when a note is saved."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communications import services
from communications.models import Communication, Deadline, DeadlineKind, NoteKind
from communications.schedule import (
    SCHEDULE_FIELDS,
    communication_schedule_refresh,
    communication_years_cached,
    schedule_expressions,
)
from communications.selectors import communication_list
from communications.views import CappedPaginator
from iwg.calendar import local_date
from tests.factories import register_note

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_user(client, users):
    def sign_in(role):
        client.force_login(users[role])
        return client

    return sign_in


FIELDS = SCHEDULE_FIELDS


def stored(communication: Communication) -> dict:
    return dict(Communication.objects.filter(pk=communication.pk).values(*FIELDS).get())


def recomputed(communication: Communication) -> dict:
    """The fields computed afresh by the ORM's definition (`schedule_expressions`, what a full refresh writes), to
    compare with what the signals' precompiled UPDATE stored."""
    before = stored(communication)
    Communication.objects.filter(pk=communication.pk).update(**schedule_expressions())
    after = stored(communication)
    Communication.objects.filter(pk=communication.pk).update(**before)
    return after


def nearest_obligation(communication: Communication) -> dt.date | None:
    pending = Deadline.objects.pending().filter(round__communication=communication)
    return min(
        (d.due_on for d in pending.exclude(kind=DeadlineKind.ADMISSIBILITY_REQUEST)),
        default=None,
    )


def test_the_derived_fields_follow_every_service_that_moves_a_deadline_or_a_round(users):
    # given a registered note: its round and deadlines
    note = register_note(users)
    communication, round = note.communication, note.opened_round
    assert stored(communication) == recomputed(communication)
    assert stored(communication)["next_due_on"] == nearest_obligation(communication)
    assert stored(communication)["first_received_on"] == note.registered_on

    # when the MFA refers the round and moves the nearest internal deadline
    services.round_refer(actor=users["mfa"], round=round)
    pgo = round.deadlines.get(kind=DeadlineKind.PGO_ANALYSIS)
    services.deadline_change(
        actor=users["mfa"],
        deadline=pgo,
        due_on=pgo.due_on + dt.timedelta(days=3),
        reason="x",
        expected_version=pgo.lock_version,
    )
    # then the register's fields moved with it
    assert stored(communication) == recomputed(communication)
    assert stored(communication)["next_due_on"] == nearest_obligation(communication)

    # when the round is cancelled, nothing is owed any more
    services.round_cancel(actor=users["mfa"], round=round, reason="withdrawn")
    assert stored(communication) == recomputed(communication)
    assert stored(communication)["next_due_on"] is None
    assert stored(communication)["next_due_kind"] == ""


def test_an_urgent_round_is_flagged_until_it_is_cancelled(users):
    note = register_note(users, kind=NoteKind.INTERIM_MEASURES)
    assert stored(note.communication)["has_urgent_round"] is True
    services.round_cancel(actor=users["mfa"], round=note.opened_round, reason="lifted")
    assert stored(note.communication)["has_urgent_round"] is False


def test_overdue_comes_from_the_next_due_date_and_the_sweep_leaves_the_fields_as_they_are(users):
    # given a communication whose nearest obligation passes
    note = register_note(users)
    communication = note.communication
    due = stored(communication)["next_due_on"]
    mfa = users["mfa"]

    def listed_overdue(today):
        return {c.pk: c.has_overdue for c in communication_list(user=mfa, filters={"overdue": True}, today=today)}

    assert listed_overdue(due) == {}
    assert listed_overdue(due + dt.timedelta(days=1)) == {communication.pk: True}

    # when the sweep marks it missed (a bulk write, no signal)
    with time_machine.travel(dt.datetime.combine(due + dt.timedelta(days=2), dt.time(9)), tick=False):
        services.deadlines_sweep(today=due + dt.timedelta(days=2))
    assert Deadline.objects.filter(round__communication=communication, status=Deadline.Status.MISSED).exists()
    # then the stored fields are still what the rows give
    assert stored(communication) == recomputed(communication)
    assert listed_overdue(due + dt.timedelta(days=2)) == {communication.pk: True}


def test_the_register_count_is_capped_and_says_more_than(as_user, users, monkeypatch):
    for _ in range(3):
        register_note(users)
    monkeypatch.setattr(CappedPaginator, "COUNT_CAP", 2)
    response = as_user("mfa").get(reverse("communications:list"), {"per_page": 25}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["paginator"].capped
    assert "More than 2 communications found" in response.content.decode()
    assert len(response.context["page_obj"].object_list) == 3  # the rows are all there; only the count is capped

    monkeypatch.setattr(CappedPaginator, "COUNT_CAP", 3)
    response = as_user("mfa").get(reverse("communications:list"), HTTP_ACCEPT_LANGUAGE="en")
    assert not response.context["paginator"].capped
    assert response.context["paginator"].count == 3


def test_a_full_refresh_writes_what_the_signals_write(users):
    notes = [register_note(users), register_note(users, kind=NoteKind.INTERIM_MEASURES)]
    expected = {note.communication_id: stored(note.communication) for note in notes}
    Communication.objects.update(next_due_on=None, next_due_kind="", has_urgent_round=False, first_received_on=None)
    assert communication_schedule_refresh() == 2
    assert {note.communication_id: stored(note.communication) for note in notes} == expected


def test_the_year_choices_are_cached_and_a_new_note_drops_them(users):
    register_note(users, received_on=local_date() - dt.timedelta(days=1))
    years = communication_years_cached()
    assert years == [(local_date() - dt.timedelta(days=1)).year]
    # when a note of an earlier year is registered, the cache is dropped and the year appears
    earlier = dt.date(local_date().year - 3, 5, 5)
    register_note(users, received_on=earlier, ohchr_date=earlier - dt.timedelta(days=3))
    assert earlier.year in communication_years_cached()


@pytest.mark.parametrize("filters", [{"agency": "PGO"}, {"q": "Person"}, {"round_status": "registered"}, {}])
def test_register_filters_keep_a_fixed_number_of_queries(as_user, users, filters, django_assert_max_num_queries):
    for index in range(3):
        register_note(users, communication_fields={"parties": [{"role": "author", "full_name": f"Person {index}"}]})
    client = as_user("mfa")
    # session, user, years (cached afterwards), count, page, joined numbers, parties (+3: session saved)
    with django_assert_max_num_queries(11):
        response = client.get(reverse("communications:list"), {**filters, "per_page": 100})
    assert response.status_code == 200
    assert len(response.context["page_obj"].object_list) == 3


@pytest.mark.parametrize("year", [1900, 2026, 9999])
def test_the_year_filter_takes_every_year_the_schema_allows(users, year):
    round = register_note(users).opened_round
    received = Communication.objects.get(pk=round.communication_id).first_received_on
    rows = communication_list(user=users["mfa"], filters={"year": str(year)})
    assert list(rows.values_list("pk", flat=True)) == ([round.communication_id] if received.year == year else [])


def test_the_capped_count_reads_ids_only_in_no_order(users):
    register_note(users)
    paginator = CappedPaginator(communication_list(user=users["mfa"], filters={"sort": "deadline"}), 25)
    with CaptureQueriesContext(connection) as queries:
        assert paginator.count == 1
    (sql,) = [query["sql"] for query in queries.captured_queries]
    # The rows' annotations (the current round's status is a subquery per row) and the sort are the page's, not
    # the count's: counting 1 001 rows must not compute them.
    assert "ORDER BY" not in sql
    assert "status" not in sql.split("WHERE")[0]


def agencies_of(communication: Communication) -> set[str]:
    kept = Communication.objects.values_list("answering_agencies", flat=True).get(pk=communication.pk)
    return set(kept.strip(",").split(",")) - {""}


def agencies_from_rows(communication: Communication) -> set[str]:
    from communications.models import Remedy

    deadlines = Deadline.objects.pending().filter(round__communication=communication)
    remedies = Remedy.objects.filter(decision__communication=communication).exclude(status=Remedy.Status.IMPLEMENTED)
    return set(deadlines.values_list("responsible_agency__code", flat=True)) | set(
        remedies.values_list("responsible_agency__code", flat=True)
    )


def test_the_agencies_with_work_follow_deadlines_and_remedies(users):
    from communications.models import Decision, Remedy

    communication = register_note(users).communication
    assert agencies_of(communication) == agencies_from_rows(communication) >= {"MFA", "PGO", "MOJ"}

    def listed(code: str) -> bool:
        return communication.pk in {c.pk for c in communication_list(user=users["mfa"], filters={"agency": code})}

    assert listed("PGO") and not listed("MOF")
    services.decision_record(
        actor=users["mfa"],
        communication=Communication.objects.get(pk=communication.pk),
        kind=Decision.Kind.VIEWS_VIOLATION,
        adopted_on=local_date() - dt.timedelta(days=30),
        articles_violated=["7"],
        remedies=[{"kind": Remedy.Kind.COMPENSATION, "description": "Compensation", "responsible_agency": "MOF"}],
    )
    assert "MOF" in agencies_of(communication) and listed("MOF")
    assert agencies_of(communication) == agencies_from_rows(communication)
    remedy = Remedy.objects.get(decision__communication=communication)
    services.remedy_action_record(
        actor=users["mfa"],
        remedy=remedy,
        taken_on=local_date(),
        description="Paid in full.",
        status=Remedy.Status.IMPLEMENTED,
        expected_version=remedy.lock_version,
    )
    assert "MOF" not in agencies_of(communication) and not listed("MOF")
    assert agencies_of(communication) == agencies_from_rows(communication)
    assert stored(communication) == recomputed(communication)


def test_a_save_of_a_communication_never_writes_the_read_model_it_holds_in_memory(users):
    communication = register_note(users).communication
    stale = Communication.objects.get(pk=communication.pk)
    # the deadlines move after the instance was read
    Deadline.objects.filter(round__communication=communication).update(due_on=F("due_on") + dt.timedelta(days=5))
    communication_schedule_refresh(communication_ids=[communication.pk])
    expected = stored(communication)
    assert expected["next_due_on"] == stale.next_due_on + dt.timedelta(days=5)
    stale.subject = "Edited after the deadlines changed"
    stale.save()
    assert stored(communication) == expected


def test_the_round_status_filter_follows_every_round_of_the_case(users):
    note = register_note(users)
    communication = note.communication

    def listed(status: str) -> bool:
        found = communication_list(user=users["mfa"], filters={"round_status": status})
        return communication.pk in {c.pk for c in found}

    first = communication.rounds.get()
    assert listed(first.status) and not listed("on_agenda")
    second = register_note(users, number=communication.number, kind=NoteKind.ADDITIONAL_INFORMATION)
    statuses = set(communication.rounds.values_list("status", flat=True))
    assert second.communication_id == communication.pk and all(listed(status) for status in statuses)
    assert stored(communication) == recomputed(communication)
