"""Meeting services four ways: allowed, illegal, repeat, role refused."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from communications import services as communication_services
from communications.models import Deadline, DeadlineKind, Round
from iwg.errors import InvalidTransition, PermissionRefused
from meetings import services
from meetings.models import AgendaItem, Meeting, Participant
from tests.factories import round_at

pytestmark = pytest.mark.django_db
PAST = lambda hours=2: timezone.now() - dt.timedelta(hours=hours)  # noqa: E731
FUTURE = lambda days=3: timezone.now() + dt.timedelta(days=days)  # noqa: E731


def test_meeting_schedule_numbers_meetings_in_sequence(users):
    first = services.meeting_schedule(actor=users["moj"], starts_at=FUTURE(), number=16)
    second = services.meeting_schedule(actor=users["moj"], starts_at=FUTURE(10))
    assert (first.number, second.number) == (16, 17)
    assert second.history.latest().history_user == users["moj"]


def test_meeting_schedule_repeat_number_and_bad_input_refused(users):
    services.meeting_schedule(actor=users["moj"], starts_at=FUTURE(), number=5)
    with pytest.raises(ValidationError, match="already exists"):
        services.meeting_schedule(actor=users["moj"], starts_at=FUTURE(), number=5)
    with pytest.raises(ValidationError):
        services.meeting_schedule(actor=users["moj"], starts_at=None, format="teleport")
    assert Meeting.objects.count() == 1


@pytest.mark.parametrize("role", ["mfa", "pgo", "iwg", "auditor", "admin"])
def test_meeting_schedule_refused_for_roles_other_than_moj(users, role):
    with pytest.raises(PermissionRefused):
        services.meeting_schedule(actor=users[role], starts_at=FUTURE())
    assert not Meeting.objects.exists()


def test_agenda_item_add_and_remove(users):
    round = round_at(users, Round.Status.ANALYSIS_SUBMITTED)
    meeting = services.meeting_schedule(actor=users["moj"], starts_at=FUTURE())
    item = services.agenda_item_add(actor=users["moj"], meeting=meeting, round=round)
    assert Round.objects.get(pk=round.pk).status == Round.Status.ON_AGENDA
    with pytest.raises(InvalidTransition, match="already on the agenda"):
        services.agenda_item_add(actor=users["moj"], meeting=meeting, round=round)
    services.agenda_item_remove(actor=users["moj"], item=item)
    assert Round.objects.get(pk=round.pk).status == Round.Status.ANALYSIS_SUBMITTED
    assert not AgendaItem.objects.exists()


def test_agenda_item_without_analysis_is_refused(users):
    round = round_at(users, Round.Status.REFERRED)
    meeting = services.meeting_schedule(actor=users["moj"], starts_at=FUTURE())
    with pytest.raises(InvalidTransition, match="analysis is not in"):
        services.agenda_item_add(actor=users["moj"], meeting=meeting, round=round)
    with pytest.raises(PermissionRefused):
        services.agenda_item_add(actor=users["mfa"], meeting=meeting, round=round)
    assert not AgendaItem.objects.exists()


def _planned_meeting_with(users, rounds, starts_at=None):
    meeting = services.meeting_schedule(actor=users["moj"], starts_at=starts_at or PAST())
    items = [services.agenda_item_add(actor=users["moj"], meeting=meeting, round=round) for round in rounds]
    return meeting, items


def test_meeting_record_held_applies_each_decision(users):
    rounds = [round_at(users, Round.Status.ANALYSIS_SUBMITTED) for _ in range(3)]
    communication_services.position_draft(
        actor=users["moj"], round=rounds[0], texts={"en": "The position."}, expected_version=0
    )
    meeting, items = _planned_meeting_with(users, rounds)
    decisions = {
        items[0].pk: (AgendaItem.Decision.APPROVE_POSITION, ""),
        items[1].pk: (AgendaItem.Decision.MORE_ANALYSIS, "Ask the Supreme Court"),
        items[2].pk: (AgendaItem.Decision.DEFER, ""),
    }
    services.meeting_record_held(
        actor=users["moj"],
        meeting=meeting,
        decisions=decisions,
        participants=[users["moj"], users["pgo"], {"name": "Guest of the Ombudsman"}],
    )
    statuses = [Round.objects.get(pk=r.pk).status for r in rounds]
    assert statuses == [Round.Status.IWG_APPROVED, Round.Status.REFERRED, Round.Status.ANALYSIS_SUBMITTED]
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.HELD
    assert Participant.objects.filter(meeting=meeting).count() == 3
    assert Deadline.objects.get(round=rounds[0], kind=DeadlineKind.IWG_CONSIDERATION).status == Deadline.Status.MET
    assert Deadline.objects.get(round=rounds[2], kind=DeadlineKind.IWG_CONSIDERATION).status == Deadline.Status.OPEN
    with pytest.raises(InvalidTransition):
        services.meeting_record_held(actor=users["moj"], meeting=meeting, decisions=decisions)


def test_meeting_record_held_needs_a_decision_for_every_item_and_changes_nothing(users):
    rounds = [round_at(users, Round.Status.ANALYSIS_SUBMITTED) for _ in range(2)]
    meeting, items = _planned_meeting_with(users, rounds)
    with pytest.raises(ValidationError):
        services.meeting_record_held(
            actor=users["moj"],
            meeting=meeting,
            decisions={items[0].pk: (AgendaItem.Decision.APPROVE_POSITION, "")},
            participants=[users["moj"]],
        )
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.PLANNED
    assert not Participant.objects.exists()
    assert {Round.objects.get(pk=r.pk).status for r in rounds} == {Round.Status.ON_AGENDA}


def test_meeting_in_the_future_cannot_be_recorded_held(users):
    meeting, items = _planned_meeting_with(users, [round_at(users, Round.Status.ANALYSIS_SUBMITTED)], FUTURE())
    with pytest.raises(ValidationError, match="not taken place"):
        services.meeting_record_held(
            actor=users["moj"], meeting=meeting, decisions={items[0].pk: (AgendaItem.Decision.DEFER, "")}
        )


@pytest.mark.parametrize("role", ["mfa", "pgo", "iwg", "auditor", "admin"])
def test_meeting_record_held_refused_for_other_roles(users, role):
    meeting, items = _planned_meeting_with(users, [round_at(users, Round.Status.ANALYSIS_SUBMITTED)])
    with pytest.raises(PermissionRefused):
        services.meeting_record_held(
            actor=users[role], meeting=meeting, decisions={items[0].pk: (AgendaItem.Decision.DEFER, "")}
        )
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.PLANNED


def test_meeting_cancel_returns_rounds_to_the_queue(users):
    round = round_at(users, Round.Status.ANALYSIS_SUBMITTED)
    meeting, _ = _planned_meeting_with(users, [round], FUTURE())
    with pytest.raises(PermissionRefused):
        services.meeting_cancel(actor=users["mfa"], meeting=meeting, reason="x")
    services.meeting_cancel(actor=users["moj"], meeting=meeting, reason="No quorum")
    assert Round.objects.get(pk=round.pk).status == Round.Status.ANALYSIS_SUBMITTED
    with pytest.raises(InvalidTransition):
        services.meeting_cancel(actor=users["moj"], meeting=meeting, reason="again")


def test_meeting_update_refuses_stale_edit(users):
    from iwg.errors import ConcurrentEdit

    meeting = services.meeting_schedule(actor=users["moj"], starts_at=FUTURE())
    version = meeting.lock_version
    services.meeting_update(actor=users["moj"], meeting=meeting, expected_version=version, place="Room 1")
    with pytest.raises(ConcurrentEdit):
        services.meeting_update(actor=users["moj"], meeting=meeting, expected_version=version, place="Room 2")
    assert Meeting.objects.get(pk=meeting.pk).place == "Room 1"


def test_meeting_update_can_remove_the_chair_and_leaves_it_when_not_given(users):
    meeting = services.meeting_schedule(actor=users["moj"], starts_at=FUTURE(), chair=users["moj"])
    meeting = services.meeting_update(
        actor=users["moj"], meeting=meeting, expected_version=meeting.lock_version, place="Room 3"
    )
    assert Meeting.objects.get(pk=meeting.pk).chair == users["moj"]
    services.meeting_update(actor=users["moj"], meeting=meeting, expected_version=meeting.lock_version, chair=None)
    assert Meeting.objects.get(pk=meeting.pk).chair is None
