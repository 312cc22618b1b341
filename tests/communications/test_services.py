"""Each service four ways: the allowed step, an illegal step, a repeat, and a role that may not."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from communications import services
from communications.models import (
    Communication,
    Deadline,
    DeadlineKind,
    Decision,
    Event,
    LegalAnalysis,
    NoteKind,
    NoteVerbale,
    Remedy,
    Round,
    StatePosition,
)
from iwg.calendar import local_date
from iwg.errors import ConcurrentEdit, InvalidTransition, PermissionRefused
from tests.factories import next_number, pdf_file, position_version, register_note, round_at, submit_analysis

pytestmark = pytest.mark.django_db
TODAY = local_date


def counts():
    """A fingerprint of everything a refused service must leave untouched."""
    return (
        Communication.objects.count(),
        NoteVerbale.objects.count(),
        Round.objects.count(),
        Deadline.objects.count(),
        Event.objects.count(),
        LegalAnalysis.objects.count(),
        StatePosition.objects.count(),
        Decision.objects.count(),
        Remedy.objects.count(),
        list(Round.objects.order_by("id").values_list("status", flat=True)),
        list(Deadline.objects.order_by("id").values_list("status", "due_on")),
    )


# --- note_register -------------------------------------------------------------------------------------------


def test_note_register_creates_communication_round_and_deadlines(users):
    note = register_note(users, committee="CCPR", number="2137/2012", ohchr_date=dt.date(2026, 1, 15))
    round = note.opened_round
    assert note.communication.number == "2137/2012"
    assert note.communication.transmitted_on == dt.date(2026, 1, 15)
    assert round.status == Round.Status.REGISTERED
    kinds = set(round.deadlines.values_list("kind", flat=True))
    assert {DeadlineKind.COMMITTEE, DeadlineKind.PGO_ANALYSIS, DeadlineKind.DISPATCH} <= kinds
    committee_deadline = round.deadlines.get(kind=DeadlineKind.COMMITTEE)
    assert committee_deadline.due_on == dt.date(2026, 7, 15)
    assert "rule 92" in committee_deadline.basis
    assert Event.objects.filter(communication=note.communication, kind=Event.Kind.ROUND_OPENED).count() == 1


def test_note_register_links_an_existing_communication_by_number_within_committee(users):
    first = register_note(users, committee="CCPR", number="100/2020")
    second = register_note(users, committee="CCPR", number="100/2020", kind=NoteKind.ADDITIONAL_INFORMATION)
    other_committee = register_note(users, committee="CAT", number="100/2020")
    assert second.communication == first.communication
    assert other_committee.communication != first.communication
    assert first.communication.rounds.count() == 2


def test_note_register_internal_deadlines_fall_on_working_days_before_the_committee_deadline(users):
    from iwg.calendar import WorkingCalendar

    note = register_note(users, committee="CCPR", ohchr_date=dt.date(2026, 3, 1))
    calendar = WorkingCalendar()
    committee_due = note.opened_round.deadlines.get(kind=DeadlineKind.COMMITTEE).due_on
    for deadline in note.opened_round.deadlines.exclude(
        kind__in=[DeadlineKind.COMMITTEE, DeadlineKind.ADMISSIBILITY_REQUEST]
    ):
        assert calendar.is_working_day(deadline.due_on), deadline
        assert deadline.due_on < committee_due


def test_note_register_accepts_internal_deadlines_set_by_hand(users):
    chosen = TODAY() + dt.timedelta(days=20)
    note = register_note(users, internal_due_dates={DeadlineKind.PGO_ANALYSIS: chosen})
    deadline = note.opened_round.deadlines.get(kind=DeadlineKind.PGO_ANALYSIS)
    assert deadline.due_on == chosen
    assert deadline.set_manually


def test_note_register_informational_kind_opens_no_round(users):
    register_note(users, number="7/2020")
    before = Round.objects.count()
    note = register_note(users, number="7/2020", kind=NoteKind.EXTENSION_GRANTED)
    assert Round.objects.count() == before
    assert not hasattr(note, "opened_round") or note.opened_round is None


def test_note_register_with_bad_input_explains_and_changes_nothing(users):
    before = counts()
    with pytest.raises(ValidationError) as error:
        services.note_register(
            actor=users["mfa"],
            committee_code="XYZ",
            communication_number="",
            kind="nonsense",
            registry_number="",
            received_on=TODAY() + dt.timedelta(days=3),
            ohchr_date=TODAY() + dt.timedelta(days=5),
        )
    assert set(error.value.message_dict) >= {
        "committee",
        "communication_number",
        "kind",
        "registry_number",
        "received_on",
    }
    assert counts() == before


def test_note_register_repeat_of_the_same_registry_number_is_refused(users):
    register_note(users, registry_number="IN-1")
    before = counts()
    with pytest.raises(ValidationError) as error:
        register_note(users, registry_number="IN-1")
    assert "registry_number" in error.value.message_dict
    assert counts() == before


@pytest.mark.parametrize("role", ["pgo", "moj", "iwg", "auditor", "admin"])
def test_note_register_refused_for_roles_other_than_mfa(users, role):
    before = counts()
    with pytest.raises(PermissionRefused):
        services.note_register(
            actor=users[role],
            committee_code="CCPR",
            communication_number=next_number(),
            kind=NoteKind.NEW_COMMUNICATION,
            registry_number="IN-X",
            received_on=TODAY(),
            ohchr_date=TODAY(),
        )
    assert counts() == before


def test_discontinuance_closes_the_communication_and_cancels_open_rounds(users):
    note = register_note(users, number="55/2019")
    register_note(users, number="55/2019", kind=NoteKind.DISCONTINUANCE)
    communication = Communication.objects.get(pk=note.communication_id)
    assert communication.phase == Communication.Phase.CLOSED
    assert Round.objects.get(pk=note.opened_round.pk).status == Round.Status.CANCELLED
    assert not Deadline.objects.filter(round=note.opened_round, status=Deadline.Status.OPEN).exists()


# --- round_refer ---------------------------------------------------------------------------------------------


def test_round_refer_moves_round_and_records_event(users):
    round = round_at(users, Round.Status.REGISTERED)
    services.round_refer(actor=users["mfa"], round=round)
    round.refresh_from_db()
    assert round.status == Round.Status.REFERRED
    assert round.referred_at is not None
    assert round.events.filter(kind=Event.Kind.REFERRED, actor=users["mfa"]).exists()


def test_round_refer_repeat_is_refused(users):
    round = round_at(users, Round.Status.REFERRED)
    before = counts()
    with pytest.raises(InvalidTransition, match="already been referred"):
        services.round_refer(actor=users["mfa"], round=round)
    assert counts() == before


def test_round_refer_of_a_sent_round_is_illegal(users):
    round = round_at(users, Round.Status.SENT)
    before = counts()
    with pytest.raises(InvalidTransition):
        services.round_refer(actor=users["mfa"], round=round)
    assert counts() == before


@pytest.mark.parametrize("role", ["pgo", "moj", "iwg", "auditor", "admin"])
def test_round_refer_refused_for_other_roles(users, role):
    round = round_at(users, Round.Status.REGISTERED)
    before = counts()
    with pytest.raises(PermissionRefused):
        services.round_refer(actor=users[role], round=round)
    assert counts() == before


# --- analysis_submit -----------------------------------------------------------------------------------------


def test_analysis_submit_moves_round_and_meets_the_pgo_deadline_on_time(users):
    round = round_at(users, Round.Status.REFERRED)
    analysis = submit_analysis(users, round)
    round.refresh_from_db()
    assert round.status == Round.Status.ANALYSIS_SUBMITTED
    assert analysis.version == 1 and not analysis.is_late
    deadline = round.deadlines.get(kind=DeadlineKind.PGO_ANALYSIS)
    assert deadline.status == Deadline.Status.MET and not deadline.met_late


def test_analysis_upload_after_deadline_is_flagged_late(users):
    round = round_at(users, Round.Status.REFERRED)
    deadline = round.deadlines.get(kind=DeadlineKind.PGO_ANALYSIS)
    Deadline.objects.filter(pk=deadline.pk).update(due_on=TODAY() - dt.timedelta(days=3))
    analysis = submit_analysis(users, round)
    deadline.refresh_from_db()
    assert analysis.is_late
    assert deadline.status == Deadline.Status.MET and deadline.met_late


def test_analysis_before_referral_is_refused(users):
    round = round_at(users, Round.Status.REGISTERED)
    before = counts()
    with pytest.raises(InvalidTransition, match="not been referred"):
        submit_analysis(users, round)
    assert counts() == before


def test_analysis_repeat_adds_a_version_and_keeps_the_old_one(users):
    round = round_at(users, Round.Status.REFERRED)
    first = submit_analysis(users, round, summary="First")
    second = submit_analysis(users, round, summary="Second")
    assert (first.version, second.version) == (1, 2)
    assert LegalAnalysis.objects.filter(round=round).count() == 2
    assert first.document_id != second.document_id
    assert LegalAnalysis.objects.get(pk=first.pk).summary == "First"


def test_analysis_after_iwg_decision_is_refused(users):
    round = round_at(users, Round.Status.IWG_APPROVED)
    with pytest.raises(InvalidTransition):
        submit_analysis(users, round)


@pytest.mark.parametrize("role", ["mfa", "moj", "iwg", "auditor", "admin"])
def test_analysis_refused_for_roles_other_than_pgo(users, role):
    round = round_at(users, Round.Status.REFERRED)
    before = counts()
    with pytest.raises(PermissionRefused):
        services.analysis_submit(
            actor=users[role],
            round=round,
            document=pdf_file(),
            summary="x",
            admissibility_conclusion="admissible",
            merits_conclusion="violation",
        )
    assert counts() == before


def test_analysis_with_a_renamed_executable_is_refused_and_nothing_stored(users, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    round = round_at(users, Round.Status.REFERRED)
    before = counts()
    fake = SimpleUploadedFile("analysis.pdf", b"MZ\x90\x00" + b"\x00" * 200, content_type="application/pdf")
    with pytest.raises(ValidationError, match="Only PDF, DOCX or ODT"):
        submit_analysis(users, round, document=fake)
    assert counts() == before
    stored = [path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()] if settings.MEDIA_ROOT.exists() else []
    assert stored == []


# --- position_draft / approve / send ---------------------------------------------------------------------------


def test_position_draft_then_stale_edit_is_refused(users):
    round = round_at(users, Round.Status.ANALYSIS_SUBMITTED)
    position = services.position_draft(
        actor=users["moj"], round=round, texts={"en": "v1"}, expected_version=position_version(round)
    )
    services.position_draft(actor=users["mfa"], round=round, texts={"en": "v2"}, expected_version=position.lock_version)
    with pytest.raises(ConcurrentEdit):
        services.position_draft(
            actor=users["pgo"], round=round, texts={"en": "v3"}, expected_version=position.lock_version
        )
    assert StatePosition.objects.get(round=round).texts.get(language="en").text == "v2"


def test_position_approve_needs_the_iwg_decision(users):
    round = round_at(users, Round.Status.ANALYSIS_SUBMITTED)
    services.position_draft(
        actor=users["moj"], round=round, texts={"en": "text"}, expected_version=position_version(round)
    )
    before = counts()
    with pytest.raises(InvalidTransition, match="after the IWG"):
        services.position_approve(actor=users["moj"], round=round)
    assert counts() == before


def test_position_approve_links_the_iwg_decision_and_meets_its_deadline(users):
    round = round_at(users, Round.Status.IWG_APPROVED)
    position = services.position_approve(actor=users["moj"], round=round)
    assert position.status == StatePosition.Status.APPROVED
    assert position.approved_by_decision is not None
    assert position.approved_by_decision.round_id == round.pk
    assert round.deadlines.get(kind=DeadlineKind.POSITION_APPROVAL).status == Deadline.Status.MET
    with pytest.raises(InvalidTransition):
        services.position_approve(actor=users["moj"], round=round)


@pytest.mark.parametrize("role", ["mfa", "pgo", "iwg", "auditor", "admin"])
def test_position_approve_refused_for_roles_other_than_moj(users, role):
    round = round_at(users, Round.Status.IWG_APPROVED)
    with pytest.raises(PermissionRefused):
        services.position_approve(actor=users[role], round=round)


def test_sending_a_position_that_is_not_approved_is_refused(users):
    round = round_at(users, Round.Status.IWG_APPROVED)
    before = counts()
    with pytest.raises(InvalidTransition, match="only an approved position"):
        services.position_send(actor=users["mfa"], round=round, registry_number="OUT-1", sent_on=TODAY())
    assert counts() == before


def test_position_send_creates_outgoing_note_and_closes_deadlines(users):
    round = round_at(users, Round.Status.POSITION_APPROVED)
    note = services.position_send(actor=users["mfa"], round=round, registry_number="OUT-77", sent_on=TODAY())
    round.refresh_from_db()
    assert round.status == Round.Status.SENT
    assert round.outgoing_note == note
    assert note.direction == NoteVerbale.Direction.OUTGOING
    assert round.position.sent_on == TODAY()
    assert not round.deadlines.filter(status=Deadline.Status.OPEN).exists()
    committee = round.deadlines.get(kind=DeadlineKind.COMMITTEE)
    assert committee.status == Deadline.Status.MET and not committee.met_late
    before = counts()
    with pytest.raises(InvalidTransition):
        services.position_send(actor=users["mfa"], round=round, registry_number="OUT-78", sent_on=TODAY())
    assert counts() == before


@pytest.mark.parametrize("role", ["pgo", "moj", "iwg", "auditor", "admin"])
def test_position_send_refused_for_roles_other_than_mfa(users, role):
    round = round_at(users, Round.Status.POSITION_APPROVED)
    with pytest.raises(PermissionRefused):
        services.position_send(actor=users[role], round=round, registry_number="OUT-9", sent_on=TODAY())


# --- deadlines ---------------------------------------------------------------------------------------------


def test_deadline_extend_moves_committee_deadline_recomputes_internal_ones_and_keeps_history(users):
    round = round_at(users, Round.Status.REFERRED, ohchr_date=dt.date(2026, 6, 1))
    committee = round.deadlines.get(kind=DeadlineKind.COMMITTEE)
    pgo = round.deadlines.get(kind=DeadlineKind.PGO_ANALYSIS)
    old_committee_due, old_pgo_due = committee.due_on, pgo.due_on
    services.deadline_extend(
        actor=users["mfa"],
        deadline=committee,
        new_due_on=old_committee_due + dt.timedelta(days=60),
        reference="G/SO 215/51 ext",
        reason="Extension granted by the Special Rapporteur",
        expected_version=committee.lock_version,
    )
    committee.refresh_from_db()
    pgo.refresh_from_db()
    assert committee.due_on == old_committee_due + dt.timedelta(days=60)
    assert pgo.due_on > old_pgo_due
    assert committee.extensions.get().previous_due_on == old_committee_due
    assert old_committee_due in set(committee.history.values_list("due_on", flat=True))
    with pytest.raises(ValidationError):  # repeat with the same date is not a later date
        services.deadline_extend(
            actor=users["mfa"],
            deadline=committee,
            new_due_on=committee.due_on,
            reference="",
            reason="again",
            expected_version=committee.lock_version,
        )


def test_deadline_extend_keeps_internal_deadlines_set_by_hand(users):
    chosen = TODAY() + dt.timedelta(days=15)
    note = register_note(users, internal_due_dates={DeadlineKind.PGO_ANALYSIS: chosen})
    committee = note.opened_round.deadlines.get(kind=DeadlineKind.COMMITTEE)
    services.deadline_extend(
        actor=users["mfa"],
        deadline=committee,
        new_due_on=committee.due_on + dt.timedelta(days=30),
        reference="ref",
        reason="granted",
        expected_version=committee.lock_version,
    )
    assert note.opened_round.deadlines.get(kind=DeadlineKind.PGO_ANALYSIS).due_on == chosen


def test_deadline_extend_of_a_met_deadline_is_illegal_and_other_roles_refused(users):
    round = round_at(users, Round.Status.SENT)
    committee = round.deadlines.get(kind=DeadlineKind.COMMITTEE)
    with pytest.raises(InvalidTransition):
        services.deadline_extend(
            actor=users["mfa"],
            deadline=committee,
            new_due_on=committee.due_on + dt.timedelta(days=9),
            reference="r",
            reason="r",
            expected_version=committee.lock_version,
        )
    open_round = round_at(users, Round.Status.REGISTERED)
    with pytest.raises(PermissionRefused):
        services.deadline_extend(
            actor=users["pgo"],
            deadline=open_round.deadlines.get(kind=DeadlineKind.COMMITTEE),
            new_due_on=TODAY() + dt.timedelta(days=400),
            reference="r",
            reason="r",
            expected_version=0,
        )


def test_deadline_change_sets_an_internal_date_by_hand(users):
    round = round_at(users, Round.Status.REFERRED)
    deadline = round.deadlines.get(kind=DeadlineKind.DISPATCH)
    new_date = deadline.due_on - dt.timedelta(days=2)
    services.deadline_change(
        actor=users["mfa"],
        deadline=deadline,
        due_on=new_date,
        reason="Earlier dispatch",
        expected_version=deadline.lock_version,
    )
    deadline.refresh_from_db()
    assert deadline.due_on == new_date and deadline.set_manually
    with pytest.raises(ValidationError):
        services.deadline_change(
            actor=users["mfa"],
            deadline=round.deadlines.get(kind=DeadlineKind.COMMITTEE),
            due_on=new_date,
            reason="x",
            expected_version=0,  # never edited
        )
    with pytest.raises(PermissionRefused):
        services.deadline_change(
            actor=users["moj"], deadline=deadline, due_on=new_date, reason="x", expected_version=deadline.lock_version
        )


def test_deadline_mark_missed_is_idempotent_and_records_the_system(users):
    round = round_at(users, Round.Status.REFERRED)
    deadline = round.deadlines.get(kind=DeadlineKind.PGO_ANALYSIS)
    later = deadline.due_on + dt.timedelta(days=1)
    assert services.deadline_mark_missed(deadline_id=deadline.pk, today=later) is not None
    assert services.deadline_mark_missed(deadline_id=deadline.pk, today=later) is None
    deadline.refresh_from_db()
    assert deadline.status == Deadline.Status.MISSED
    latest = deadline.history.latest()
    assert latest.history_user is None and "passed" in latest.history_change_reason


# --- decisions, remedies, follow-up ------------------------------------------------------------------------------


def _views(users, communication):
    return services.decision_record(
        actor=users["mfa"],
        communication=communication,
        kind=Decision.Kind.VIEWS_VIOLATION,
        adopted_on=TODAY() - dt.timedelta(days=30),
        symbol="CCPR/C/130/D/2521/2015",
        articles_violated=["7", "14"],
        remedies=[
            {"kind": Remedy.Kind.COMPENSATION, "description": "Compensation", "responsible_agency": "MOF"},
            {"kind": Remedy.Kind.REVIEW, "description": "Retrial", "responsible_agency": "SC"},
        ],
    )


def test_decision_record_views_moves_to_follow_up_and_cancels_moot_rounds(users):
    round = round_at(users, Round.Status.REFERRED)
    decision = _views(users, round.communication)
    communication = Communication.objects.get(pk=round.communication_id)
    assert communication.phase == Communication.Phase.FOLLOW_UP
    assert decision.remedies.count() == 2
    assert Round.objects.get(pk=round.pk).status == Round.Status.CANCELLED
    with pytest.raises(InvalidTransition, match="already recorded"):
        _views(users, communication)


def test_decision_with_remedies_but_no_violation_is_refused(users):
    round = round_at(users, Round.Status.SENT)
    before = counts()
    with pytest.raises(ValidationError):
        services.decision_record(
            actor=users["mfa"],
            communication=round.communication,
            kind=Decision.Kind.INADMISSIBLE,
            adopted_on=TODAY(),
            remedies=[{"kind": "compensation", "description": "x", "responsible_agency": "MOF"}],
        )
    assert counts() == before


@pytest.mark.parametrize("role", ["pgo", "moj", "iwg", "auditor", "admin"])
def test_decision_record_refused_for_other_roles(users, role):
    round = round_at(users, Round.Status.SENT)
    with pytest.raises(PermissionRefused):
        _views({"mfa": users[role]}, round.communication)


def test_remedy_action_and_grade(users):
    round = round_at(users, Round.Status.SENT)
    remedy = _views(users, round.communication).remedies.order_by("id").first()
    services.remedy_action_record(
        actor=users["mfa"],
        remedy=remedy,
        taken_on=TODAY(),
        description="Paid",
        status=Remedy.Status.IMPLEMENTED,
        expected_version=remedy.lock_version,
    )
    services.remedy_grade(
        actor=users["mfa"],
        remedy=remedy,
        grade="A",
        assessed_on=TODAY(),
        state_assessment=Remedy.Status.IMPLEMENTED,
        reference="CCPR/C/140/3",
    )
    remedy.refresh_from_db()
    assert (remedy.status, remedy.committee_grade, remedy.state_assessment) == ("implemented", "A", "implemented")
    with pytest.raises(InvalidTransition):  # the same grade twice
        services.remedy_grade(
            actor=users["mfa"],
            remedy=remedy,
            grade="A",
            assessed_on=TODAY(),
            state_assessment=Remedy.Status.IMPLEMENTED,
            reference="CCPR/C/140/3",
        )
    with pytest.raises(ValidationError):
        services.remedy_grade(
            actor=users["mfa"], remedy=remedy, grade="Z", assessed_on=TODAY(), state_assessment="implemented"
        )
    with pytest.raises(PermissionRefused):
        services.remedy_grade(
            actor=users["pgo"], remedy=remedy, grade="B", assessed_on=TODAY(), state_assessment="partly"
        )
    with pytest.raises(PermissionRefused):  # an IWG member of MIA does not answer for compensation (MOF)
        services.remedy_action_record(actor=users["iwg"], remedy=remedy, taken_on=TODAY(), description="x")


def test_old_grading_scale_is_accepted(users):
    round = round_at(users, Round.Status.SENT)
    remedy = _views(users, round.communication).remedies.first()
    services.remedy_grade(
        actor=users["mfa"], remedy=remedy, grade="B2", assessed_on=dt.date(2015, 3, 1), state_assessment="partly"
    )
    assert Remedy.objects.get(pk=remedy.pk).committee_grade == "B2"


# --- communications -----------------------------------------------------------------------------------------------


def test_communication_update_refuses_a_stale_edit(users):
    communication = register_note(users).communication
    version = communication.lock_version
    services.communication_update(
        actor=users["mfa"], communication=communication, expected_version=version, subject="A"
    )
    with pytest.raises(ConcurrentEdit):
        services.communication_update(
            actor=users["mfa"], communication=communication, expected_version=version, subject="B"
        )
    assert Communication.objects.get(pk=communication.pk).subject == "A"
    with pytest.raises(PermissionRefused):
        services.communication_update(
            actor=users["pgo"], communication=communication, expected_version=None, subject="C"
        )


def test_joined_numbers_are_unique_within_a_committee(users):
    first = register_note(users, number="1/2020").communication
    register_note(users, number="2/2020")
    services.communication_join_number(actor=users["mfa"], communication=first, number="3/2020")
    with pytest.raises(ValidationError):
        services.communication_join_number(actor=users["mfa"], communication=first, number="2/2020")
    # a note quoting the joined number links to the joined case
    assert register_note(users, number="3/2020", kind=NoteKind.ADDITIONAL_INFORMATION).communication == first


def test_communication_close_and_repeat(users):
    communication = register_note(users).communication
    services.communication_close(actor=users["mfa"], communication=communication, reason="Follow-up closed")
    with pytest.raises(InvalidTransition):
        services.communication_close(actor=users["mfa"], communication=communication, reason="again")
    with pytest.raises(InvalidTransition, match="closed"):
        register_note(users, number=communication.number, kind=NoteKind.ADDITIONAL_INFORMATION)


def test_round_cancel(users):
    round = round_at(users, Round.Status.REFERRED)
    services.round_cancel(actor=users["mfa"], round=round, reason="Withdrawn")
    with pytest.raises(InvalidTransition):
        services.round_cancel(actor=users["mfa"], round=round, reason="again")
    with pytest.raises(PermissionRefused):
        services.round_cancel(actor=users["moj"], round=round_at(users, Round.Status.REFERRED), reason="x")
