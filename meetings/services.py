"""Every write on IWG meetings (MoJ secretariat): schedule, build the agenda, record as held with the decisions,
cancel. Lock order: the meeting first, then its rounds by id."""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from communications import workflow
from communications.models import DeadlineKind, Event, PositionText, Round
from communications.services import document_store, round_deadlines_complete, round_move
from communications.services.handoffs import handoff_notify, handoff_step_of_decision
from iwg.calendar import earliest_date_message, is_before_earliest_date
from iwg.concurrency import check_version
from iwg.errors import InvalidTransition
from iwg.history import tracked_delete, tracked_save
from iwg.models import User
from iwg.permissions import require
from iwg.texts import Text
from recommendations import services as recommendation_services
from recommendations.models import Response

from .models import MEETING_TRANSITIONS, AgendaItem, Meeting, Participant, ResponseItem
from .workflow import DECISION_STEPS

# "Leave as it is" for meeting_update's optional arguments where None is a real value (no chair).
UNCHANGED = object()


def _lock_meeting(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def _meeting_move(meeting: Meeting, to_status: str, *, actor: User | None, reason: Text | str) -> None:
    if to_status not in MEETING_TRANSITIONS[meeting.status]:
        raise InvalidTransition(
            _("This meeting is “%(status)s”; it cannot become “%(target)s”.")
            % {"status": meeting.get_status_display(), "target": Meeting.Status(to_status).label}
        )
    meeting.status = to_status
    meeting.lock_version += 1
    tracked_save(meeting, actor=actor, reason=reason)


def meeting_schedule(
    *,
    actor: User | None,
    starts_at: dt.datetime,
    place: str = "",
    format: str = Meeting.Format.IN_PERSON,
    chair=None,
    number: int | None = None,
) -> Meeting:
    """Schedule an IWG meeting. Its number is the next in sequence unless given (historical meetings)."""
    require(actor, "meetings.schedule_meeting")
    errors = {}
    if starts_at is None:
        errors["starts_at"] = _("Enter the date and time of the meeting.")
    elif is_before_earliest_date(starts_at):
        errors["starts_at"] = earliest_date_message()
    if format not in Meeting.Format.values:
        errors["format"] = _("Choose in person, online or hybrid.")
    if number is not None and number < 1:
        errors["number"] = _("The number must be a positive whole number.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if number is None:
            number = (Meeting.objects.select_for_update().aggregate(last=Max("number"))["last"] or 0) + 1
        if Meeting.objects.filter(number=number).exists():
            raise ValidationError({"number": _("Meeting No. %(number)s already exists.") % {"number": number}})
        meeting = Meeting(number=number, starts_at=starts_at, place=place, format=format, chair=chair)
        try:
            with transaction.atomic():
                tracked_save(meeting, actor=actor, reason=Text("meeting_scheduled"))
        except IntegrityError as exc:
            raise ValidationError({"number": _("Meeting No. %(number)s already exists.") % {"number": number}}) from exc
    return meeting


def meeting_update(
    *,
    actor: User | None,
    meeting: Meeting,
    expected_version: int | None,
    starts_at=None,
    place=None,
    format=None,
    chair=UNCHANGED,
) -> Meeting:
    """Change a planned meeting's date, place, format or chair. `expected_version` is the meeting's lock_version
    the user saw: ConcurrentEdit when missing or stale."""
    require(actor, "meetings.schedule_meeting", meeting)
    with transaction.atomic():
        meeting = _lock_meeting(meeting)
        check_version(meeting, expected_version)
        if meeting.status != Meeting.Status.PLANNED:
            raise InvalidTransition(_("Only a planned meeting can be changed."))
        if starts_at is not None:
            if is_before_earliest_date(starts_at):
                raise ValidationError({"starts_at": earliest_date_message()})
            meeting.starts_at = starts_at
        if place is not None:
            meeting.place = place
        if format is not None:
            if format not in Meeting.Format.values:
                raise ValidationError({"format": _("Choose in person, online or hybrid.")})
            meeting.format = format
        if chair is not UNCHANGED:
            meeting.chair = chair  # None removes the chair
        meeting.lock_version += 1
        tracked_save(meeting, actor=actor, reason=Text("meeting_details_changed"))
    return meeting


def agenda_item_add(*, actor: User | None, meeting: Meeting, round: Round) -> AgendaItem:
    """Put a round whose analysis is in on a planned meeting's agenda."""
    require(actor, "meetings.manage_agenda", meeting)
    with transaction.atomic():
        meeting = _lock_meeting(meeting)
        if meeting.status != Meeting.Status.PLANNED:
            raise InvalidTransition(_("Items can be added only to a planned meeting."))
        round = Round.objects.select_for_update().select_related("communication").get(pk=round.pk)
        workflow.guard("put_on_agenda", round)
        order = (meeting.agenda_items.aggregate(last=Max("order"))["last"] or 0) + 1
        item = AgendaItem(meeting=meeting, round=round, order=order)
        try:
            with transaction.atomic():
                tracked_save(item, actor=actor, reason=Text("put_on_agenda"))
        except IntegrityError as exc:
            raise InvalidTransition(_("This round is already on this meeting's agenda.")) from exc
        round_move(
            round=round,
            step="put_on_agenda",
            actor=actor,
            reason=Text("on_agenda_of", {"meeting": meeting.number}),
            event_kind=Event.Kind.PUT_ON_AGENDA,
        )
    return item


def agenda_item_remove(*, actor: User | None, item: AgendaItem) -> None:
    """Take a round off a planned meeting's agenda; it is ready for another meeting."""
    require(actor, "meetings.manage_agenda", item.meeting)
    with transaction.atomic():
        meeting = _lock_meeting(item.meeting)
        if meeting.status != Meeting.Status.PLANNED:
            raise InvalidTransition(_("Items can be removed only from a planned meeting."))
        item = AgendaItem.objects.select_for_update().get(pk=item.pk)
        round = Round.objects.select_for_update().select_related("communication").get(pk=item.round_id)
        tracked_delete(item, actor=actor, reason=Text("removed_from_agenda"))
        round_move(
            round=round,
            step="remove_from_agenda",
            actor=actor,
            reason=Text("removed_from_agenda_of", {"meeting": meeting.number}),
            event_kind=Event.Kind.REMOVED_FROM_AGENDA,
        )


def meeting_record_held(
    *,
    actor: User | None,
    meeting: Meeting,
    decisions: dict[int, tuple[str, str]],
    participants: Iterable = (),
    minutes_file=None,
    minutes_summary: str = "",
    response_decisions: dict[int, tuple[str, str]] | None = None,
) -> Meeting:
    """Record a planned meeting as held: participants, minutes and one decision per agenda item (`decisions`
    maps agenda item id to (decision, notes)). Each decision is a step of the workflow table; see DECISION_STEPS.
    `response_decisions` does the same for the recommendations' responses on the agenda (adopt or defer)."""
    response_decisions = response_decisions or {}
    require(actor, "meetings.record_held", meeting)
    with transaction.atomic():
        meeting = _lock_meeting(meeting)
        if meeting.status != Meeting.Status.PLANNED:
            raise InvalidTransition(
                _("This meeting is “%(status)s”; it cannot be recorded as held.")
                % {"status": meeting.get_status_display()}
            )
        if meeting.starts_at > timezone.now():
            raise ValidationError({"starts_at": _("The meeting has not taken place yet.")})
        items = list(meeting.agenda_items.select_for_update().order_by("round_id"))
        errors = {}
        for item in items:
            decision = (decisions.get(item.pk) or ("", ""))[0]
            if decision not in AgendaItem.Decision.values:
                errors[f"decision_{item.pk}"] = _("Choose a decision for “%(item)s”.") % {"item": item.round}
            elif decision == AgendaItem.Decision.APPROVE_POSITION and not _has_draft(item.round):
                errors[f"decision_{item.pk}"] = _(
                    "“%(item)s” has no draft State position yet: the IWG cannot approve it; ask for more analysis "
                    "or defer."
                ) % {"item": item.round}
        unknown = set(decisions) - {item.pk for item in items}
        if unknown:
            errors["decisions"] = _("Some decisions are for items not on this agenda.")
        response_items = list(meeting.response_items.select_for_update().order_by("response_id"))
        for response_item in response_items:
            decision = (response_decisions.get(response_item.pk) or ("", ""))[0]
            if decision not in ResponseItem.Decision.values:
                errors[f"response_decision_{response_item.pk}"] = _("Choose a decision for “%(item)s”.") % {
                    "item": response_item.response.recommendation
                }
        if set(response_decisions) - {response_item.pk for response_item in response_items}:
            errors["response_decisions"] = _("Some decisions are for items not on this agenda.")
        if errors:
            raise ValidationError(errors)
        participants = list(participants)
        for participant in participants:
            _participant_add(meeting, participant, actor=actor)
        if minutes_file is not None:
            meeting.minutes = document_store(actor=actor, uploaded_file=minutes_file, communication=None)
        meeting.minutes_summary = minutes_summary
        meeting.held_at = timezone.now()
        _meeting_move(meeting, Meeting.Status.HELD, actor=actor, reason=Text("meeting_held"))
        for item in items:
            decision, notes = decisions[item.pk]
            item.decision = decision
            item.decision_notes = notes or ""
            tracked_save(item, actor=actor, reason=Text("iwg_decision_recorded"))
            round = Round.objects.select_for_update().select_related("communication").get(pk=item.round_id)
            reason = Text(
                "iwg_decision_event_notes" if notes else "iwg_decision_event",
                {"meeting": meeting.number, "decision": decision, **({"notes": notes} if notes else {})},
            )
            round_move(
                round=round,
                step=DECISION_STEPS[AgendaItem.Decision(decision)],
                actor=actor,
                reason=reason,
                event_kind=Event.Kind.IWG_DECISION,
            )
            if decision != AgendaItem.Decision.DEFER:
                round_deadlines_complete(
                    round,
                    [DeadlineKind.IWG_CONSIDERATION],
                    actor=actor,
                    on=timezone.localdate(meeting.starts_at),
                    reason=reason,
                )
            handoff_notify(
                step=handoff_step_of_decision(decision),
                communication=round.communication,
                round=round,
                key=f"agenda_item:{item.pk}",
            )
        for response_item in response_items:
            decision, notes = response_decisions[response_item.pk]
            response_item.decision = decision
            response_item.decision_notes = notes or ""
            tracked_save(response_item, actor=actor, reason=Text("iwg_decision_recorded"))
            recommendation_services.response_decide(
                actor=actor,
                response=response_item.response,
                meeting_number=meeting.number,
                decided_on=timezone.localdate(meeting.starts_at),
                adopt=decision == ResponseItem.Decision.ADOPT,
            )
    return meeting


def _has_draft(round: Round) -> bool:
    """Whether the round has a State position with a text the IWG could approve."""
    return PositionText.objects.filter(position__round=round).exists()


def _participant_add(meeting: Meeting, participant, *, actor: User | None) -> Participant:

    if isinstance(participant, User):
        row = Participant(meeting=meeting, user=participant, name=str(participant), agency=participant.agency)
    elif isinstance(participant, dict) and (participant.get("name") or "").strip():
        row = Participant(meeting=meeting, name=participant["name"].strip(), agency=participant.get("agency"))
    else:
        raise ValidationError({"participants": _("Each participant needs a name.")})
    tracked_save(row, actor=actor, reason=Text("participant_recorded"))
    return row


def meeting_cancel(*, actor: User | None, meeting: Meeting, reason: str) -> Meeting:
    """Cancel a planned meeting; its rounds go back to waiting for an agenda."""
    require(actor, "meetings.cancel_meeting", meeting)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for cancelling.")})
    with transaction.atomic():
        meeting = _lock_meeting(meeting)
        meeting.cancellation_reason = reason
        _meeting_move(meeting, Meeting.Status.CANCELLED, actor=actor, reason=reason)
        for item in meeting.agenda_items.order_by("round_id"):
            round = Round.objects.select_for_update().select_related("communication").get(pk=item.round_id)
            if round.status == Round.Status.ON_AGENDA:
                round_move(
                    round=round,
                    step="remove_from_agenda",
                    actor=actor,
                    reason=Text("meeting_cancelled", {"meeting": meeting.number, "reason": reason}),
                    event_kind=Event.Kind.REMOVED_FROM_AGENDA,
                )
        for response_item in meeting.response_items.select_related("response").order_by("response_id"):
            if response_item.response.status == Response.Status.ON_AGENDA:
                recommendation_services.response_take_off_agenda(
                    actor=actor, response=response_item.response, meeting_number=meeting.number
                )
    return meeting


def agenda_response_add(*, actor: User | None, meeting: Meeting, response: Response) -> ResponseItem:
    """Put a recommendation's proposed response on a planned meeting's agenda, for the IWG to decide."""
    require(actor, "meetings.manage_agenda", meeting)
    with transaction.atomic():
        meeting = _lock_meeting(meeting)
        if meeting.status != Meeting.Status.PLANNED:
            raise InvalidTransition(_("Only a planned meeting's agenda can change."))
        response = recommendation_services.response_put_on_agenda(
            actor=actor, response=response, meeting_number=meeting.number
        )
        last = max(
            meeting.agenda_items.aggregate(last=Max("order"))["last"] or 0,
            meeting.response_items.aggregate(last=Max("order"))["last"] or 0,
        )
        item = ResponseItem(meeting=meeting, response=response, order=last + 1)
        tracked_save(item, actor=actor, reason=Text("on_agenda_of", {"meeting": meeting.number}))
    return item


def agenda_response_remove(*, actor: User | None, item: ResponseItem) -> None:
    """Take a response off a planned meeting's agenda; it waits for another meeting."""
    require(actor, "meetings.manage_agenda", item.meeting)
    with transaction.atomic():
        meeting = _lock_meeting(item.meeting)
        if meeting.status != Meeting.Status.PLANNED:
            raise InvalidTransition(_("Only a planned meeting's agenda can change."))
        item = ResponseItem.objects.select_for_update().get(pk=item.pk)
        recommendation_services.response_take_off_agenda(
            actor=actor, response=item.response, meeting_number=meeting.number
        )
        tracked_delete(item, actor=actor, reason=Text("removed_from_agenda_of", {"meeting": meeting.number}))
