"""One communication's whole path, the committees' deadlines, history rows carrying the actor, and two
concurrent attempts at the same step."""

import datetime as dt
import threading

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone

from communications import services
from communications.models import (
    Communication,
    DeadlineKind,
    Decision,
    Event,
    NoteKind,
    Remedy,
    Round,
)
from iwg.calendar import local_date
from iwg.errors import InvalidTransition
from meetings import services as meeting_services
from meetings.models import AgendaItem
from tests.factories import pdf_file, position_version, register_note, round_at

pytestmark = pytest.mark.django_db


def _all_history_records():
    records = []
    for model in apps.get_models():
        if model.__name__.startswith("Historical"):
            records.extend(model.objects.all())
    return records


def test_full_path_from_note_to_sent_position_then_views_and_follow_up(users):
    mfa, pgo, moj = users["mfa"], users["pgo"], users["moj"]
    today = local_date()
    # MFA registers the note and refers it.
    note = register_note(users, committee="CCPR", number="2521/2015", ohchr_date=today - dt.timedelta(days=40))
    round = note.opened_round
    services.round_refer(actor=mfa, round=round)
    # PGO submits its analysis.
    services.analysis_submit(
        actor=pgo,
        round=round,
        document=pdf_file(),
        summary="Remedies not exhausted",
        admissibility_conclusion="inadmissible",
        merits_conclusion="no_violation",
    )
    # MoJ schedules, puts on the agenda, the IWG approves; the position is drafted and approved.
    meeting = meeting_services.meeting_schedule(actor=moj, starts_at=timezone.now() - dt.timedelta(hours=1))
    item = meeting_services.agenda_item_add(actor=moj, meeting=meeting, round=round)
    services.position_draft(
        actor=moj,
        round=round,
        texts={"ru": "Позиция государства", "en": "State position"},
        expected_version=position_version(round),
    )
    meeting_services.meeting_record_held(
        actor=moj,
        meeting=meeting,
        participants=[moj, pgo, mfa],
        decisions={item.pk: (AgendaItem.Decision.APPROVE_POSITION, "")},
    )
    services.position_approve(actor=moj, round=round)
    # MFA sends it.
    services.position_send(actor=mfa, round=round, registry_number="OUT-2521", sent_on=today)
    round.refresh_from_db()
    assert round.status == Round.Status.SENT
    assert round.deadlines.get(kind=DeadlineKind.COMMITTEE).status == "met"

    # The committee adopts Views; the MFA records them with remedies and the follow-up note opens a round.
    communication = Communication.objects.get(pk=note.communication_id)
    decision = services.decision_record(
        actor=mfa,
        communication=communication,
        kind=Decision.Kind.VIEWS_VIOLATION,
        adopted_on=today,
        symbol="CCPR/C/130/D/2521/2015",
        articles_violated=["9(3)"],
        remedies=[
            {"kind": Remedy.Kind.COMPENSATION, "description": "Compensation", "responsible_agency": "MOF"},
            {"kind": Remedy.Kind.PUBLICATION, "description": "Publish the Views", "responsible_agency": "MOJ"},
        ],
    )
    follow_up = register_note(
        users, committee="CCPR", number="2521/2015", kind=NoteKind.VIEWS_ADOPTED, ohchr_date=today
    )
    follow_up_round = follow_up.opened_round
    assert follow_up_round.deadlines.get(kind=DeadlineKind.COMMITTEE).due_on == today + dt.timedelta(days=180)
    services.round_refer(actor=mfa, round=follow_up_round)
    services.analysis_submit(
        actor=pgo,
        round=follow_up_round,
        document=pdf_file(),
        summary="Compensation paid",
        admissibility_conclusion="not_applicable",
        merits_conclusion="not_applicable",
    )
    meeting2 = meeting_services.meeting_schedule(actor=moj, starts_at=timezone.now() - dt.timedelta(minutes=30))
    item2 = meeting_services.agenda_item_add(actor=moj, meeting=meeting2, round=follow_up_round)
    services.position_draft(
        actor=mfa,
        round=follow_up_round,
        texts={"en": "Measures taken"},
        expected_version=position_version(follow_up_round),
    )
    meeting_services.meeting_record_held(
        actor=moj, meeting=meeting2, decisions={item2.pk: (AgendaItem.Decision.NOTE_IMPLEMENTATION, "")}
    )
    services.position_approve(actor=moj, round=follow_up_round)
    services.position_send(actor=mfa, round=follow_up_round, registry_number="OUT-2521-FU", sent_on=today)
    remedy = decision.remedies.get(kind=Remedy.Kind.COMPENSATION)
    services.remedy_action_record(
        actor=mfa,
        remedy=remedy,
        taken_on=today,
        description="Paid",
        status="implemented",
        expected_version=remedy.lock_version,
    )
    services.remedy_grade(actor=mfa, remedy=remedy, grade="A", assessed_on=today, state_assessment="implemented")

    communication.refresh_from_db()
    assert communication.phase == Communication.Phase.FOLLOW_UP
    assert Round.objects.get(pk=follow_up_round.pk).status == Round.Status.SENT
    timeline = list(Event.objects.filter(communication=communication).values_list("kind", flat=True))
    for expected in [
        Event.Kind.NOTE_REGISTERED,
        Event.Kind.ROUND_OPENED,
        Event.Kind.REFERRED,
        Event.Kind.ANALYSIS_SUBMITTED,
        Event.Kind.PUT_ON_AGENDA,
        Event.Kind.IWG_DECISION,
        Event.Kind.POSITION_APPROVED,
        Event.Kind.POSITION_SENT,
        Event.Kind.DECISION_RECORDED,
        Event.Kind.REMEDY_ACTION,
        Event.Kind.REMEDY_GRADED,
    ]:
        assert expected in timeline, expected

    # Every history row written along the way names the user who acted.
    records = _all_history_records()
    assert len(records) > 40
    actors = {users["mfa"].pk, users["pgo"].pk, users["moj"].pk}
    missing = [r for r in records if r.history_user_id not in actors and r.__class__.__name__ != "HistoricalUser"]
    assert missing == []
    assert all(r.history_change_reason for r in records if r.__class__.__name__ != "HistoricalUser")


# Expected committee deadlines for a note dated 31 August 2025 (end of month: 6 months → 28 February).
TRANSMITTED = dt.date(2025, 8, 31)
SIX_MONTHS, THREE_MONTHS, TWO_MONTHS = dt.date(2026, 2, 28), dt.date(2025, 11, 30), dt.date(2025, 10, 31)
EXPECTED = {
    NoteKind.NEW_COMMUNICATION: {
        "CCPR": SIX_MONTHS,
        "CAT": SIX_MONTHS,
        "CERD": THREE_MONTHS,
        "CEDAW": SIX_MONTHS,
        "CRPD": SIX_MONTHS,
        "CRC": SIX_MONTHS,
    },
    NoteKind.INTERIM_MEASURES: dict.fromkeys(["CCPR", "CAT", "CERD", "CEDAW", "CRPD", "CRC"], dt.date(2025, 9, 7)),
    NoteKind.PROTECTION_MEASURES: dict.fromkeys(["CCPR", "CAT", "CERD", "CEDAW", "CRPD", "CRC"], dt.date(2025, 9, 7)),
    NoteKind.ADDITIONAL_INFORMATION: {
        "CCPR": TWO_MONTHS,
        "CAT": TWO_MONTHS,
        "CERD": THREE_MONTHS,
        "CEDAW": TWO_MONTHS,
        "CRPD": TWO_MONTHS,
        "CRC": TWO_MONTHS,
    },
    NoteKind.VIEWS_ADOPTED: {
        "CCPR": dt.date(2026, 2, 27),
        "CAT": dt.date(2025, 11, 29),
        "CERD": dt.date(2025, 11, 29),
        "CEDAW": SIX_MONTHS,
        "CRPD": SIX_MONTHS,
        "CRC": SIX_MONTHS,
    },
    NoteKind.FOLLOW_UP_REMINDER: dict.fromkeys(["CCPR", "CAT", "CERD", "CEDAW", "CRPD", "CRC"], TWO_MONTHS),
}
CASES = [(kind, committee, due) for kind, by_committee in EXPECTED.items() for committee, due in by_committee.items()]


@pytest.mark.parametrize(("kind", "committee", "expected_due"), CASES)
def test_committee_deadline_for_each_committee_and_kind(users, kind, committee, expected_due):
    note = register_note(users, committee=committee, kind=kind, ohchr_date=TRANSMITTED)
    deadline = note.opened_round.deadlines.get(kind=DeadlineKind.COMMITTEE)
    assert deadline.due_on == expected_due
    assert deadline.basis


@pytest.mark.parametrize("committee", ["CCPR", "CAT", "CEDAW", "CRPD", "CRC"])
def test_admissibility_request_deadline_two_months_except_cerd(users, committee):
    note = register_note(users, committee=committee, ohchr_date=TRANSMITTED)
    assert note.opened_round.deadlines.get(kind=DeadlineKind.ADMISSIBILITY_REQUEST).due_on == TWO_MONTHS


def test_cerd_has_no_separate_admissibility_deadline(users):
    note = register_note(users, committee="CERD", ohchr_date=TRANSMITTED)
    assert not note.opened_round.deadlines.filter(kind=DeadlineKind.ADMISSIBILITY_REQUEST).exists()


def test_date_set_in_the_note_overrides_the_time_limit(users):
    note = register_note(
        users,
        committee="CAT",
        kind=NoteKind.INTERIM_MEASURES,
        ohchr_date=TRANSMITTED,
        reply_requested_by=dt.date(2025, 9, 3),
    )
    assert note.opened_round.deadlines.get(kind=DeadlineKind.COMMITTEE).due_on == dt.date(2025, 9, 3)


def test_time_limits_are_data_an_administrator_can_change(users):
    from communications.models import TimeLimit

    TimeLimit.objects.filter(
        committee__code="CCPR", note_kind=NoteKind.NEW_COMMUNICATION, deadline_kind="committee"
    ).update(months=4)
    note = register_note(users, committee="CCPR", ohchr_date=TRANSMITTED)
    assert note.opened_round.deadlines.get(kind=DeadlineKind.COMMITTEE).due_on == dt.date(2025, 12, 31)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("step", ["refer", "send"])
def test_two_concurrent_attempts_at_the_same_step_exactly_one_wins(users, step):
    round = round_at(users, Round.Status.REGISTERED if step == "refer" else Round.Status.POSITION_APPROVED)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            if step == "refer":
                services.round_refer(actor=users["mfa"], round=round)
            else:
                services.position_send(
                    actor=users["mfa"], round=round, registry_number=f"OUT-RACE-{index}", sent_on=local_date()
                )
            outcomes.append("won")
        except InvalidTransition as error:
            outcomes.append(f"refused: {error}")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert outcomes.count("won") == 1, outcomes
    assert "refused: " in [o[:9] for o in outcomes], outcomes
    assert len(outcomes) == 2
    kind = Event.Kind.REFERRED if step == "refer" else Event.Kind.POSITION_SENT
    assert Event.objects.filter(round=round, kind=kind).count() == 1
    if step == "send":
        from communications.models import NoteVerbale

        assert NoteVerbale.objects.filter(direction="outgoing", communication=round.communication).count() == 1
