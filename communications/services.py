"""Every write on communications: one function per domain action, `<entity>_<verb>`.

Each service checks the actor's role, locks the rows it changes (`select_for_update`), re-checks the state,
writes with history (actor and reason) and an event row, and otherwise raises an error that says why.
`actor=None` means the system (a Celery task or a management command).
"""

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from functools import partial

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from iwg.calendar import earliest_date_message, is_before_earliest_date, local_date
from iwg.errors import ApplicationError, ConcurrentEdit, InvalidTransition
from iwg.history import tracked_save
from iwg.models import Agency, CalendarTransfer, User
from iwg.permissions import require

from . import selectors
from .models import (
    COMMITTEE_DEADLINE_KINDS,
    INCOMING_KINDS,
    OPEN_ROUND_STATUSES,
    OPTIONAL_DEADLINE_KINDS,
    ROUND_OPENING_KINDS,
    ROUND_TRANSITIONS,
    URGENT_KINDS,
    Committee,
    Communication,
    Deadline,
    DeadlineKind,
    DeadlineNotice,
    Decision,
    Document,
    Event,
    Extension,
    JoinedNumber,
    LegalAnalysis,
    NoteKind,
    NoteVerbale,
    Notification,
    Party,
    PositionText,
    Remedy,
    RemedyAction,
    RemedyGrade,
    Round,
    StatePosition,
    SweepRun,
)
from .uploads import check_upload

# ---------------------------------------------------------------------------------------------------------------
# Shared helpers


def _day(value: dt.date) -> str:
    """A date as the acting user reads it (the timeline and history keep the text as written)."""
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def event_record(
    *,
    communication: Communication,
    kind: str,
    actor,
    round: Round | None = None,
    from_status: str = "",
    to_status: str = "",
    reason: str = "",
) -> Event:
    """Append one event to the communication's timeline."""
    return Event.objects.create(
        communication=communication,
        round=round,
        kind=kind,
        actor=actor,
        from_status=from_status,
        to_status=to_status,
        reason=str(reason),
        occurred_at=timezone.now(),
    )


def _lock_round(round: Round) -> Round:
    return Round.objects.select_for_update().select_related("communication__committee").get(pk=round.pk)


def round_move(*, round: Round, to_status: str, actor, reason: str, event_kind: str) -> Round:
    """Move a locked round to `to_status` if the transition map allows it; otherwise InvalidTransition."""
    if to_status not in ROUND_TRANSITIONS[round.status]:
        raise InvalidTransition(
            _("This round is “%(status)s”; it cannot become “%(target)s”.")
            % {"status": round.get_status_display(), "target": Round.Status(to_status).label}
        )
    from_status = round.status
    round.status = to_status
    tracked_save(round, actor=actor, reason=reason)
    event_record(
        communication=round.communication,
        round=round,
        kind=event_kind,
        actor=actor,
        from_status=from_status,
        to_status=to_status,
        reason=reason,
    )
    return round


def _require_status(round: Round, allowed: Iterable[str], message: str) -> None:
    if round.status not in allowed:
        raise InvalidTransition(message % {"status": round.get_status_display()})


def document_store(*, actor, uploaded_file, communication: Communication | None, language: str = "") -> Document:
    """Check an uploaded file by content and size, then store it under a sanitised name."""
    checked = check_upload(uploaded_file)
    uploaded_file.name = checked.safe_name
    document = Document(
        communication=communication,
        file=uploaded_file,
        original_name=checked.safe_name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        language=language,
        uploaded_by=actor,
    )
    tracked_save(document, actor=actor, reason=_("Document uploaded"))
    return document


# ---------------------------------------------------------------------------------------------------------------
# Deadlines


def deadline_complete(*, deadline: Deadline, actor, on: dt.date | None = None, reason: str) -> Deadline:
    """Mark an open (or missed) deadline met, recording whether it was on time. Met or cancelled: unchanged."""
    if deadline.status not in (Deadline.Status.OPEN, Deadline.Status.MISSED):
        return deadline
    completed_on = on or local_date()
    deadline.status = Deadline.Status.MET
    deadline.completed_at = timezone.now()
    deadline.met_late = completed_on > deadline.due_on
    tracked_save(deadline, actor=actor, reason=reason)
    event_record(
        communication=deadline.round.communication,
        round=deadline.round,
        kind=Event.Kind.DEADLINE_MET,
        actor=actor,
        reason=f"{deadline.get_kind_display()}: {_day(deadline.due_on)}"
        + (f" ({_('late')})" if deadline.met_late else ""),
    )
    return deadline


def round_deadlines_complete(round: Round, kinds: Iterable[str], *, actor, on: dt.date | None, reason: str) -> None:
    """Mark the round's deadlines of these kinds met (the caller holds the round's lock)."""
    for deadline in round.deadlines.select_for_update().filter(kind__in=list(kinds)).order_by("id"):
        deadline_complete(deadline=deadline, actor=actor, on=on, reason=reason)


def _cancel_open_deadlines(round: Round, *, actor, reason: str) -> None:
    for deadline in round.deadlines.select_for_update().filter(status=Deadline.Status.OPEN).order_by("id"):
        deadline.status = Deadline.Status.CANCELLED
        tracked_save(deadline, actor=actor, reason=reason)


def deadline_mark_missed(*, deadline_id: int, actor=None, today: dt.date | None = None) -> Deadline | None:
    """Mark an open deadline whose day has passed as missed. Idempotent: returns None when nothing changed."""
    today = today or local_date()
    with transaction.atomic():
        deadline = Deadline.objects.select_for_update().select_related("round__communication").get(pk=deadline_id)
        if deadline.status != Deadline.Status.OPEN or deadline.due_on >= today:
            return None
        reason = _("The deadline passed on %(date)s without the step being done.") % {"date": _day(deadline.due_on)}
        return _deadline_close_passed(
            deadline,
            to_status=Deadline.Status.MISSED,
            reason=reason,
            actor=actor,
            event_kind=Event.Kind.DEADLINE_MISSED,
        )


def _deadline_close_passed(deadline: Deadline, *, to_status: str, reason: str, actor, event_kind: str) -> Deadline:
    """Move a locked open deadline whose day has passed to `to_status`, with history and a timeline event."""
    deadline.status = to_status
    tracked_save(deadline, actor=actor, reason=reason)
    event_record(
        communication=deadline.round.communication,
        round=deadline.round,
        kind=event_kind,
        actor=actor,
        from_status=Deadline.Status.OPEN,
        to_status=to_status,
        reason=f"{deadline.get_kind_display()}: {reason}",
    )
    return deadline


def _create_round_deadlines(
    round: Round,
    *,
    actor,
    committee: Committee,
    transmitted_on: dt.date,
    received_on: dt.date,
    reply_requested_by: dt.date | None,
    internal_due_dates: dict[str, dt.date] | None,
) -> list[Deadline]:
    agencies = {agency.code: agency for agency in Agency.objects.filter(code__in=[c for c in Agency.Code])}
    missing = {Agency.Code.MFA, Agency.Code.PGO, Agency.Code.MOJ} - set(agencies)
    if missing:
        raise ApplicationError(_("The agencies MFA, PGO and MoJ must be set up by an administrator first."))
    committee_proposals = selectors.committee_deadline_proposals(
        committee=committee, note_kind=round.kind, transmitted_on=transmitted_on, reply_requested_by=reply_requested_by
    )
    reply_deadline = next((p for p in committee_proposals if p.kind == DeadlineKind.COMMITTEE), None)
    if reply_deadline is None:
        raise ApplicationError(
            _(
                "No time limit is set for %(committee)s and this kind of note; ask an administrator to add one, or "
                "enter the date the note sets for the reply."
            )
            % {"committee": committee.code}
        )
    proposals = list(committee_proposals)
    proposals += selectors.internal_deadline_proposals(
        note_kind=round.kind, committee_due_on=reply_deadline.due_on, earliest=received_on
    )
    internal_due_dates = internal_due_dates or {}
    unknown = set(internal_due_dates) - {p.kind for p in proposals if p.kind not in COMMITTEE_DEADLINE_KINDS}
    if unknown:
        raise ValidationError(
            {"internal_due_dates": _("Unknown internal deadline: %(kinds)s") % {"kinds": ", ".join(sorted(unknown))}}
        )
    created = []
    for proposal in proposals:
        manual_date = internal_due_dates.get(proposal.kind)
        if manual_date and manual_date < received_on:
            raise ValidationError(
                {"internal_due_dates": _("An internal deadline cannot fall before the note was received.")}
            )
        deadline = Deadline(
            round=round,
            kind=proposal.kind,
            due_on=manual_date or proposal.due_on,
            responsible_agency=agencies[proposal.agency_code],
            basis=_("Set by the MFA") if manual_date else proposal.basis,
            set_manually=bool(manual_date),
        )
        tracked_save(deadline, actor=actor, reason=_("Deadline set when the note was registered"))
        created.append(deadline)
    return created


def _recompute_internal_deadlines(round: Round, *, actor, committee_due_on: dt.date, reason: str) -> None:
    received_on = round.incoming_note.registered_on
    proposals = {
        p.kind: p
        for p in selectors.internal_deadline_proposals(
            note_kind=round.kind, committee_due_on=committee_due_on, earliest=received_on
        )
    }
    deadlines = round.deadlines.select_for_update().filter(
        status__in=[Deadline.Status.OPEN, Deadline.Status.MISSED], set_manually=False, kind__in=list(proposals)
    )
    for deadline in deadlines.order_by("id"):
        proposal = proposals[deadline.kind]
        if proposal.due_on == deadline.due_on:
            continue
        deadline.due_on = proposal.due_on
        deadline.basis = proposal.basis
        if deadline.status == Deadline.Status.MISSED and deadline.due_on >= local_date():
            deadline.status = Deadline.Status.OPEN
        tracked_save(deadline, actor=actor, reason=reason)


def calendar_transfer_record(
    *, actor, date: dt.date, kind: str, decree: str = "", transfer: CalendarTransfer | None = None
) -> CalendarTransfer:
    """Record (or correct) a working day moved by decree, then recompute the internal deadlines that depend on
    working days (see `internal_deadlines_recompute`). The old dates stay in the deadlines' history."""
    require(actor, "communications.record_calendar_transfer")
    if kind not in CalendarTransfer.Kind.values:
        raise ValidationError({"kind": _("Choose a day off or a working day.")})
    if is_before_earliest_date(date):
        raise ValidationError({"date": earliest_date_message()})
    with transaction.atomic():
        if transfer is not None:
            transfer = CalendarTransfer.objects.select_for_update().get(pk=transfer.pk)
            changed_from = transfer.date
        else:
            transfer, changed_from = CalendarTransfer(), date
        clash = CalendarTransfer.objects.filter(date=date).exclude(pk=transfer.pk).exists()
        if clash:
            raise ValidationError({"date": _("A transfer for this date is already recorded; correct that one.")})
        transfer.date, transfer.kind, transfer.decree = date, kind, decree
        reason = _("Working-day transfer on %(date)s (%(decree)s)") % {"date": _day(date), "decree": decree or "-"}
        tracked_save(transfer, actor=actor, reason=reason)
        internal_deadlines_recompute(actor=actor, changed_on=min(date, changed_from), reason=reason)
    return transfer


def calendar_transfer_remove(*, actor, transfer: CalendarTransfer) -> None:
    """Withdraw a transfer recorded by mistake (its history keeps it) and recompute the deadlines it moved."""
    require(actor, "communications.record_calendar_transfer")
    with transaction.atomic():
        transfer = CalendarTransfer.objects.select_for_update().get(pk=transfer.pk)
        reason = _("Working-day transfer on %(date)s withdrawn (%(decree)s)") % {
            "date": _day(transfer.date),
            "decree": transfer.decree or "-",
        }
        changed_on = transfer.date
        transfer._change_reason = reason
        transfer._history_user = actor
        transfer.delete()
        internal_deadlines_recompute(actor=actor, changed_on=changed_on, reason=reason)


def internal_deadlines_recompute(*, actor, changed_on: dt.date, reason: str) -> int:
    """After the working days changed on `changed_on`: recompute the internal deadlines computed by the policy (not
    set by hand, still open or missed) of the open rounds whose committee deadline is on or after that day (only
    those can count back across it). Returns how many rounds were looked at."""
    rounds = (
        Round.objects.filter(
            deadlines__kind=DeadlineKind.COMMITTEE,
            deadlines__due_on__gte=changed_on,
            deadlines__status__in=[Deadline.Status.OPEN, Deadline.Status.MISSED],
        )
        .exclude(status__in=[Round.Status.SENT, Round.Status.CANCELLED])
        .order_by("pk")
        .distinct()
    )
    count = 0
    for round_id in rounds.values_list("pk", flat=True):
        round = Round.objects.select_for_update().select_related("incoming_note").get(pk=round_id)
        committee = round.deadlines.get(kind=DeadlineKind.COMMITTEE)
        before = dict(round.deadlines.values_list("pk", "due_on"))
        _recompute_internal_deadlines(round, actor=actor, committee_due_on=committee.due_on, reason=reason)
        moved = [pk for pk, due_on in round.deadlines.values_list("pk", "due_on") if before.get(pk) != due_on]
        if moved:
            _notices_withdraw_stale(deadline_ids=moved, reason=reason)
        count += 1
    return count


def deadline_extend(
    *, actor, deadline: Deadline, new_due_on: dt.date, reference: str, reason: str, note: NoteVerbale | None = None
) -> Extension:
    """Record a committee's extension of a deadline: the new date, its reference and reason. Internal deadlines
    not set by hand are recomputed from the new date; the old dates stay in history."""
    require(actor, "communications.extend_deadline", deadline)
    if not reason or not str(reason).strip():
        raise ValidationError({"reason": _("Give the reason for the extension.")})
    with transaction.atomic():
        round = _lock_round(deadline.round)
        deadline = Deadline.objects.select_for_update().get(pk=deadline.pk)
        if deadline.status in (Deadline.Status.MET, Deadline.Status.CANCELLED):
            raise InvalidTransition(
                _("This deadline is already “%(status)s”; it cannot be extended.")
                % {"status": deadline.get_status_display()}
            )
        if deadline.kind not in COMMITTEE_DEADLINE_KINDS:
            raise ValidationError(
                {"deadline": _("Only a committee's deadline is extended; change an internal deadline instead.")}
            )
        if new_due_on <= deadline.due_on:
            raise ValidationError(
                {
                    "new_due_on": _("The new date must be later than the current one (%(date)s).")
                    % {"date": _day(deadline.due_on)}
                }
            )
        previous = deadline.due_on
        extension = Extension(
            deadline=deadline,
            previous_due_on=previous,
            new_due_on=new_due_on,
            reference=reference,
            reason=reason,
            note=note,
            recorded_by=actor,
        )
        tracked_save(extension, actor=actor, reason=reason)
        deadline.due_on = new_due_on
        if deadline.status == Deadline.Status.MISSED and new_due_on >= local_date():
            deadline.status = Deadline.Status.OPEN
        history_reason = _("Extended from %(old)s to %(new)s (%(reference)s): %(reason)s") % {
            "old": _day(previous),
            "new": _day(new_due_on),
            "reference": reference or "-",
            "reason": reason,
        }
        tracked_save(deadline, actor=actor, reason=history_reason)
        if deadline.kind == DeadlineKind.COMMITTEE:
            _recompute_internal_deadlines(round, actor=actor, committee_due_on=new_due_on, reason=history_reason)
        # Reminders counted against the old dates no longer apply (the sweep reminds against the new ones).
        _notices_withdraw_stale(deadline_ids=round.deadlines.values_list("pk", flat=True), reason=history_reason)
        event_record(
            communication=round.communication,
            round=round,
            kind=Event.Kind.DEADLINE_EXTENDED,
            actor=actor,
            reason=history_reason,
        )
    return extension


def deadline_change(*, actor, deadline: Deadline, due_on: dt.date, reason: str) -> Deadline:
    """Set an internal deadline by hand (the MFA sets procedural deadlines for each step)."""
    require(actor, "communications.change_deadline", deadline)
    if not reason or not str(reason).strip():
        raise ValidationError({"reason": _("Give the reason for the change.")})
    with transaction.atomic():
        round = _lock_round(deadline.round)
        deadline = Deadline.objects.select_for_update().get(pk=deadline.pk)
        if deadline.kind in COMMITTEE_DEADLINE_KINDS:
            raise ValidationError({"deadline": _("A committee's deadline changes only by an extension.")})
        if deadline.status not in (Deadline.Status.OPEN, Deadline.Status.MISSED):
            raise InvalidTransition(
                _("This deadline is already “%(status)s”.") % {"status": deadline.get_status_display()}
            )
        previous = deadline.due_on
        deadline.due_on = due_on
        deadline.set_manually = True
        deadline.basis = _("Set by the MFA")
        if deadline.status == Deadline.Status.MISSED and due_on >= local_date():
            deadline.status = Deadline.Status.OPEN
        text = _("Moved from %(old)s to %(new)s: %(reason)s") % {
            "old": _day(previous),
            "new": _day(due_on),
            "reason": reason,
        }
        tracked_save(deadline, actor=actor, reason=text)
        _notices_withdraw_stale(deadline_ids=[deadline.pk], reason=text)
        event_record(
            communication=round.communication, round=round, kind=Event.Kind.DEADLINE_CHANGED, actor=actor, reason=text
        )
    return deadline


# ---------------------------------------------------------------------------------------------------------------
# Notes verbales, communications and rounds


def _communication_get_or_create(
    *, actor, committee: Committee, number: str, fields: dict
) -> tuple[Communication, bool]:
    existing = selectors.communication_find(committee=committee, number=number)
    if existing:
        return Communication.objects.select_for_update().get(pk=existing.pk), False
    allowed_fields = {"subject", "articles_invoked", "submitted_on", "symbols"}
    unknown = set(fields) - allowed_fields - {"parties"}
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    communication = Communication(
        committee=committee, number=number, **{k: v for k, v in fields.items() if k in allowed_fields}
    )
    try:
        with transaction.atomic():
            tracked_save(communication, actor=actor, reason=_("Communication registered with its first note"))
    except IntegrityError:
        # Registered a moment ago by someone else: link to it instead.
        existing = selectors.communication_find(committee=committee, number=number)
        return Communication.objects.select_for_update().get(pk=existing.pk), False
    for party in fields.get("parties") or []:
        party_add(actor=actor, communication=communication, _checked=True, **party)
    return communication, True


def party_add(
    *,
    actor,
    communication: Communication,
    role: str,
    full_name: str,
    initials: str = "",
    is_confidential: bool = False,
    _checked: bool = False,
) -> Party:
    """Add an author, alleged victim or counsel to a communication."""
    if not _checked:
        require(actor, "communications.update_communication", communication)
    if role not in Party.Role.values:
        raise ValidationError({"role": _("Choose author, alleged victim or counsel.")})
    full_name = (full_name or "").strip()
    if not full_name:
        raise ValidationError({"full_name": _("Enter the person's name.")})
    initials = (initials or "").strip() or ".".join(part[0].upper() for part in full_name.split() if part) + "."
    party = Party(
        communication=communication, role=role, full_name=full_name, initials=initials, is_confidential=is_confidential
    )
    tracked_save(party, actor=actor, reason=_("Party added"))
    return party


def note_register(
    *,
    actor,
    committee_code: str,
    communication_number: str,
    kind: str,
    registry_number: str,
    received_on: dt.date,
    ohchr_reference: str = "",
    ohchr_date: dt.date,
    reply_requested_by: dt.date | None = None,
    summary: str = "",
    communication_fields: dict | None = None,
    internal_due_dates: dict[str, dt.date] | None = None,
    documents: Iterable = (),
) -> NoteVerbale:
    """Register an incoming note verbale (MFA). Creates or links the communication; for a kind that asks for a
    reply, opens a round with the committee's deadline and default internal deadlines (which `internal_due_dates`
    may override). A discontinuance closes the communication and cancels its open rounds."""
    require(actor, "communications.register_note")
    errors = {}
    communication_number = (communication_number or "").strip()
    registry_number = (registry_number or "").strip()
    if kind not in INCOMING_KINDS:
        errors["kind"] = _("Choose the kind of incoming note.")
    if not communication_number:
        errors["communication_number"] = _("Enter the communication's number, e.g. 2137/2012.")
    if not registry_number:
        errors["registry_number"] = _("Enter the MFA registry number.")
    if ohchr_date and received_on and ohchr_date > received_on:
        errors["ohchr_date"] = _("OHCHR's date cannot be after the date the note was received.")
    if received_on and received_on > local_date():
        errors["received_on"] = _("The date received cannot be in the future.")
    if reply_requested_by and ohchr_date and reply_requested_by <= ohchr_date:
        errors["reply_requested_by"] = _("The reply date must be after OHCHR's date.")
    if not ohchr_date:
        errors["ohchr_date"] = _("Enter OHCHR's date of the note (the date of transmission).")
    elif is_before_earliest_date(ohchr_date):
        errors["ohchr_date"] = earliest_date_message()
    if not received_on:
        errors["received_on"] = _("Enter the date the note was received.")
    committee = Committee.objects.filter(code=committee_code).first()
    if committee is None:
        errors["committee"] = _("Unknown committee: choose CCPR, CAT, CERD, CEDAW, CRPD or CRC.")
    if errors:
        raise ValidationError(errors)
    if NoteVerbale.objects.filter(direction=NoteVerbale.Direction.INCOMING, registry_number=registry_number).exists():
        raise ValidationError({"registry_number": _("A note with this MFA registry number is already registered.")})

    with transaction.atomic():
        communication, created = _communication_get_or_create(
            actor=actor, committee=committee, number=communication_number, fields=communication_fields or {}
        )
        if communication.phase == Communication.Phase.CLOSED and kind != NoteKind.DISCONTINUANCE:
            raise InvalidTransition(_("This communication is closed; reopen it before registering a new note."))
        note = NoteVerbale(
            communication=communication,
            direction=NoteVerbale.Direction.INCOMING,
            kind=kind,
            registry_number=registry_number,
            registered_on=received_on,
            ohchr_reference=ohchr_reference,
            ohchr_date=ohchr_date,
            reply_requested_by=reply_requested_by,
            summary=summary,
            registered_by=actor,
        )
        try:
            with transaction.atomic():
                tracked_save(note, actor=actor, reason=_("Incoming note registered"))
        except IntegrityError as exc:
            raise ValidationError(
                {"registry_number": _("A note with this MFA registry number is already registered.")}
            ) from exc
        for uploaded in documents:
            note.documents.add(document_store(actor=actor, uploaded_file=uploaded, communication=communication))
        if kind == NoteKind.NEW_COMMUNICATION and not communication.transmitted_on:
            communication.transmitted_on = ohchr_date
            tracked_save(communication, actor=actor, reason=_("Date of transmission taken from the note"))
        event_record(
            communication=communication,
            kind=Event.Kind.NOTE_REGISTERED,
            actor=actor,
            reason=f"{registry_number}: {note.get_kind_display()}",
        )
        if kind in ROUND_OPENING_KINDS:
            round = Round(communication=communication, incoming_note=note, kind=kind, is_urgent=kind in URGENT_KINDS)
            tracked_save(round, actor=actor, reason=_("Round opened by the incoming note"))
            _create_round_deadlines(
                round,
                actor=actor,
                committee=committee,
                transmitted_on=ohchr_date,
                received_on=received_on,
                reply_requested_by=reply_requested_by,
                internal_due_dates=internal_due_dates,
            )
            event_record(
                communication=communication,
                round=round,
                kind=Event.Kind.ROUND_OPENED,
                actor=actor,
                to_status=round.status,
                reason=note.get_kind_display(),
            )
        elif kind == NoteKind.DISCONTINUANCE:
            _communication_discontinue(communication, actor=actor, reason=_("Discontinued by the committee"))
    return note


def _communication_discontinue(communication: Communication, *, actor, reason: str) -> None:
    rounds = communication.rounds.select_for_update().filter(status__in=OPEN_ROUND_STATUSES).order_by("id")
    for round in rounds:
        round_move(
            round=round,
            to_status=Round.Status.CANCELLED,
            actor=actor,
            reason=reason,
            event_kind=Event.Kind.ROUND_CANCELLED,
        )
        _cancel_open_deadlines(round, actor=actor, reason=reason)
    _communication_set_phase(communication, Communication.Phase.CLOSED, actor=actor, reason=reason)


def _communication_set_phase(communication: Communication, phase: str, *, actor, reason: str) -> None:
    if communication.phase == phase:
        return
    previous = communication.phase
    communication.phase = phase
    tracked_save(communication, actor=actor, reason=reason)
    event_record(
        communication=communication,
        kind=Event.Kind.PHASE_CHANGED,
        actor=actor,
        from_status=previous,
        to_status=phase,
        reason=reason,
    )


def communication_update(
    *, actor, communication: Communication, expected_version: int | None, **fields
) -> Communication:
    """Edit a communication's descriptive fields. `expected_version` is the lock_version the user loaded: if
    someone saved in between, ConcurrentEdit is raised and nothing is overwritten."""
    require(actor, "communications.update_communication", communication)
    editable = {"subject", "articles_invoked", "submitted_on", "transmitted_on", "symbols"}
    unknown = set(fields) - editable
    if unknown:
        raise ValidationError(_("These fields cannot be edited: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    with transaction.atomic():
        communication = Communication.objects.select_for_update().get(pk=communication.pk)
        if expected_version is not None and communication.lock_version != expected_version:
            raise ConcurrentEdit()
        for name, value in fields.items():
            setattr(communication, name, value)
        communication.lock_version += 1
        tracked_save(communication, actor=actor, reason=_("Communication edited"))
        event_record(
            communication=communication,
            kind=Event.Kind.COMMUNICATION_UPDATED,
            actor=actor,
            reason=", ".join(sorted(fields)),
        )
    return communication


def communication_join_number(*, actor, communication: Communication, number: str) -> JoinedNumber:
    """Add a further number to a joined case; a number is unique within its committee."""
    require(actor, "communications.update_communication", communication)
    number = (number or "").strip()
    if not number:
        raise ValidationError({"number": _("Enter the number.")})
    with transaction.atomic():
        communication = Communication.objects.select_for_update().get(pk=communication.pk)
        if selectors.communication_find(committee=communication.committee, number=number):
            raise ValidationError({"number": _("This number is already used in this committee.")})
        joined = JoinedNumber(communication=communication, committee=communication.committee, number=number)
        try:
            with transaction.atomic():
                tracked_save(joined, actor=actor, reason=_("Joined case number added"))
        except IntegrityError as exc:
            raise ValidationError({"number": _("This number is already used in this committee.")}) from exc
    return joined


def round_refer(
    *, actor, round: Round, internal_due_dates: dict[str, dt.date] | None = None, comment: str = ""
) -> Round:
    """Refer a registered round to the PGO and MoJ (MFA), optionally setting internal deadlines by hand."""
    require(actor, "communications.refer_round", round)
    with transaction.atomic():
        round = _lock_round(round)
        _require_status(
            round, [Round.Status.REGISTERED], _("This round is “%(status)s”: it has already been referred.")
        )
        for kind, due_on in (internal_due_dates or {}).items():
            deadline = round.deadlines.select_for_update().filter(kind=kind).first()
            if deadline is None or kind in COMMITTEE_DEADLINE_KINDS:
                raise ValidationError(
                    {"internal_due_dates": _("Unknown internal deadline: %(kinds)s") % {"kinds": kind}}
                )
            if due_on < round.incoming_note.registered_on:
                raise ValidationError(
                    {"internal_due_dates": _("An internal deadline cannot fall before the note was received.")}
                )
            if deadline.due_on != due_on:
                deadline.due_on = due_on
                deadline.set_manually = True
                deadline.basis = _("Set by the MFA")
                tracked_save(deadline, actor=actor, reason=_("Set by the MFA at referral"))
        round.referred_at = timezone.now()
        round_move(
            round=round,
            to_status=Round.Status.REFERRED,
            actor=actor,
            reason=comment or _("Referred to the PGO for legal analysis and to the MoJ"),
            event_kind=Event.Kind.REFERRED,
        )
    return round


def round_cancel(*, actor, round: Round, reason: str) -> Round:
    """Cancel a round that no longer needs a reply (e.g. the request was withdrawn)."""
    require(actor, "communications.cancel_round", round)
    if not reason or not str(reason).strip():
        raise ValidationError({"reason": _("Give the reason for cancelling.")})
    with transaction.atomic():
        round = _lock_round(round)
        round_move(
            round=round,
            to_status=Round.Status.CANCELLED,
            actor=actor,
            reason=reason,
            event_kind=Event.Kind.ROUND_CANCELLED,
        )
        _cancel_open_deadlines(round, actor=actor, reason=reason)
    return round


# ---------------------------------------------------------------------------------------------------------------
# Legal analysis and State position


def analysis_submit(
    *,
    actor,
    round: Round,
    document,
    summary: str,
    admissibility_conclusion: str,
    merits_conclusion: str,
) -> LegalAnalysis:
    """Submit the PGO's legal analysis, as a new version (earlier versions are kept). Allowed once the round is
    referred and until the IWG has decided; marks the PGO deadline met, late or on time."""
    require(actor, "communications.submit_analysis", round)
    errors = {}
    if not summary or not str(summary).strip():
        errors["summary"] = _("Write a summary of the analysis.")
    if admissibility_conclusion not in LegalAnalysis.Conclusion.values:
        errors["admissibility_conclusion"] = _("Choose a conclusion on admissibility.")
    if merits_conclusion not in LegalAnalysis.Conclusion.values:
        errors["merits_conclusion"] = _("Choose a conclusion on the merits.")
    if document is None:
        errors["document"] = _("Attach the analysis as a PDF, DOCX or ODT document.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        round = _lock_round(round)
        if round.status == Round.Status.REGISTERED:
            raise InvalidTransition(
                _("The round has not been referred to the PGO yet; the analysis cannot be submitted.")
            )
        _require_status(
            round,
            [Round.Status.REFERRED, Round.Status.ANALYSIS_SUBMITTED, Round.Status.ON_AGENDA],
            _("This round is “%(status)s”: the IWG has already decided, so no new analysis is taken."),
        )
        if not isinstance(document, Document):
            document = document_store(actor=actor, uploaded_file=document, communication=round.communication)
        version = (round.analyses.order_by("-version").values_list("version", flat=True).first() or 0) + 1
        pgo_deadline = round.deadlines.filter(kind=DeadlineKind.PGO_ANALYSIS).first()
        today = local_date()
        analysis = LegalAnalysis(
            round=round,
            version=version,
            document=document,
            summary=summary,
            admissibility_conclusion=admissibility_conclusion,
            merits_conclusion=merits_conclusion,
            submitted_by=actor,
            submitted_at=timezone.now(),
            is_late=bool(pgo_deadline and today > pgo_deadline.due_on),
        )
        tracked_save(
            analysis, actor=actor, reason=_("Legal analysis version %(version)s submitted") % {"version": version}
        )
        reason = _("Legal analysis version %(version)s submitted") % {"version": version}
        if round.status == Round.Status.REFERRED:
            round_move(
                round=round,
                to_status=Round.Status.ANALYSIS_SUBMITTED,
                actor=actor,
                reason=reason,
                event_kind=Event.Kind.ANALYSIS_SUBMITTED,
            )
        else:
            event_record(
                communication=round.communication,
                round=round,
                kind=Event.Kind.ANALYSIS_SUBMITTED,
                actor=actor,
                from_status=round.status,
                to_status=round.status,
                reason=reason,
            )
        round_deadlines_complete(round, [DeadlineKind.PGO_ANALYSIS], actor=actor, on=today, reason=reason)
    return analysis


def position_draft(*, actor, round: Round, texts: dict[str, str], expected_version: int | None = None) -> StatePosition:
    """Write or revise the draft State position, one text per language. Refused once approved."""
    require(actor, "communications.draft_position", round)
    texts = {language: (text or "").strip() for language, text in (texts or {}).items()}
    invalid = set(texts) - set(Document.Language.values)
    if invalid:
        raise ValidationError(
            {"texts": _("Unknown language: %(languages)s") % {"languages": ", ".join(sorted(invalid))}}
        )
    if not any(texts.values()):
        raise ValidationError({"texts": _("Write the position's text in at least one language.")})
    with transaction.atomic():
        round = _lock_round(round)
        _require_status(
            round,
            [Round.Status.REFERRED, Round.Status.ANALYSIS_SUBMITTED, Round.Status.ON_AGENDA, Round.Status.IWG_APPROVED],
            _("This round is “%(status)s”: the position can no longer be changed."),
        )
        position = StatePosition.objects.select_for_update().filter(round=round).first()
        if position is None:
            position = StatePosition(round=round)
        elif expected_version is not None and position.lock_version != expected_version:
            raise ConcurrentEdit()
        position.lock_version += 1
        tracked_save(position, actor=actor, reason=_("State position drafted"))
        for language, text in texts.items():
            existing = position.texts.filter(language=language).first()
            if not text:
                continue
            if existing is None:
                existing = PositionText(position=position, language=language, text=text)
            elif existing.text == text:
                continue
            existing.text = text
            tracked_save(
                existing, actor=actor, reason=_("Position text (%(language)s) written") % {"language": language}
            )
        event_record(
            communication=round.communication,
            round=round,
            kind=Event.Kind.POSITION_DRAFTED,
            actor=actor,
            reason=", ".join(sorted(language for language, text in texts.items() if text)),
        )
    return position


def position_approve(*, actor, round: Round) -> StatePosition:
    """Approve the State position on the basis of the IWG's decision (MoJ secretariat). Needs the IWG to have
    approved and a drafted text."""
    require(actor, "communications.approve_position", round)
    with transaction.atomic():
        round = _lock_round(round)
        _require_status(
            round,
            [Round.Status.IWG_APPROVED],
            _("This round is “%(status)s”: a position is approved only after the IWG has decided to approve it."),
        )
        position = StatePosition.objects.select_for_update().filter(round=round).first()
        if position is None or not position.texts.exists():
            raise InvalidTransition(_("There is no drafted position text to approve yet."))
        from meetings.models import AgendaItem

        decision_item = (
            AgendaItem.objects.filter(
                round=round,
                decision__in=[AgendaItem.Decision.APPROVE_POSITION, AgendaItem.Decision.NOTE_IMPLEMENTATION],
            )
            .order_by("-meeting__starts_at")
            .first()
        )
        position.status = StatePosition.Status.APPROVED
        position.approved_by_decision = decision_item
        position.approved_at = timezone.now()
        position.approved_by = actor
        position.lock_version += 1
        reason = _("Approved on the basis of the decision of %(meeting)s") % {
            "meeting": decision_item.meeting if decision_item else "-"
        }
        tracked_save(position, actor=actor, reason=reason)
        round_move(
            round=round,
            to_status=Round.Status.POSITION_APPROVED,
            actor=actor,
            reason=reason,
            event_kind=Event.Kind.POSITION_APPROVED,
        )
        round_deadlines_complete(round, [DeadlineKind.POSITION_APPROVAL], actor=actor, on=None, reason=reason)
    return position


def position_send(
    *, actor, round: Round, registry_number: str, sent_on: dt.date, documents: Iterable = ()
) -> NoteVerbale:
    """Send the approved position to OHCHR with an outgoing note verbale (MFA). Its date is what the committee's
    deadline is measured against; the round's remaining deadlines are closed."""
    require(actor, "communications.send_position", round)
    registry_number = (registry_number or "").strip()
    if not registry_number:
        raise ValidationError({"registry_number": _("Enter the outgoing note's MFA registry number.")})
    if sent_on is None or sent_on > local_date():
        raise ValidationError({"sent_on": _("The date sent cannot be in the future.")})
    with transaction.atomic():
        round = _lock_round(round)
        _require_status(
            round,
            [Round.Status.POSITION_APPROVED],
            _("This round is “%(status)s”: only an approved position can be sent."),
        )
        if sent_on < round.incoming_note.registered_on:
            raise ValidationError({"sent_on": _("The date sent cannot be before the note was received.")})
        if NoteVerbale.objects.filter(
            direction=NoteVerbale.Direction.OUTGOING, registry_number=registry_number
        ).exists():
            raise ValidationError({"registry_number": _("An outgoing note with this registry number already exists.")})
        note = NoteVerbale(
            communication=round.communication,
            direction=NoteVerbale.Direction.OUTGOING,
            kind=NoteKind.STATE_REPLY,
            registry_number=registry_number,
            registered_on=sent_on,
            registered_by=actor,
        )
        tracked_save(note, actor=actor, reason=_("Outgoing note with the State position"))
        for uploaded in documents:
            note.documents.add(document_store(actor=actor, uploaded_file=uploaded, communication=round.communication))
        position = StatePosition.objects.select_for_update().get(round=round)
        position.status = StatePosition.Status.SENT
        position.sent_on = sent_on
        position.lock_version += 1
        tracked_save(position, actor=actor, reason=_("Sent with note %(number)s") % {"number": registry_number})
        round.outgoing_note = note
        reason = _("Sent to OHCHR with note %(number)s on %(date)s") % {
            "number": registry_number,
            "date": _day(sent_on),
        }
        round_move(
            round=round, to_status=Round.Status.SENT, actor=actor, reason=reason, event_kind=Event.Kind.POSITION_SENT
        )
        round_deadlines_complete(
            round,
            [
                DeadlineKind.DISPATCH,
                DeadlineKind.COMMITTEE,
                DeadlineKind.IWG_CONSIDERATION,
                DeadlineKind.POSITION_APPROVAL,
            ],
            actor=actor,
            on=sent_on,
            reason=reason,
        )
        _cancel_open_deadlines(round, actor=actor, reason=reason)
    return note


# ---------------------------------------------------------------------------------------------------------------
# Final decision, remedies and follow-up


def decision_record(
    *,
    actor,
    communication: Communication,
    kind: str,
    adopted_on: dt.date,
    symbol: str = "",
    articles_violated: list[str] | None = None,
    summary: str = "",
    remedies: list[dict] | None = None,
) -> Decision:
    """Record the committee's final decision and, for Views finding a violation, its remedies. Moves the
    communication to follow-up (violation) or decided; a discontinuance closes it."""
    require(actor, "communications.record_decision", communication)
    errors = {}
    if kind not in Decision.Kind.values:
        errors["kind"] = _("Choose the kind of decision.")
    if adopted_on is None or adopted_on > local_date():
        errors["adopted_on"] = _("The date of adoption cannot be in the future.")
    elif is_before_earliest_date(adopted_on):
        errors["adopted_on"] = earliest_date_message()
    if remedies and kind != Decision.Kind.VIEWS_VIOLATION:
        errors["remedies"] = _("Remedies are recorded only for Views finding a violation.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        communication = Communication.objects.select_for_update().get(pk=communication.pk)
        if Decision.objects.filter(communication=communication).exists():
            raise InvalidTransition(_("A final decision is already recorded for this communication."))
        if communication.phase == Communication.Phase.CLOSED:
            raise InvalidTransition(_("This communication is closed."))
        decision = Decision(
            communication=communication,
            kind=kind,
            adopted_on=adopted_on,
            symbol=symbol,
            articles_violated=articles_violated or [],
            summary=summary,
            recorded_by=actor,
        )
        tracked_save(decision, actor=actor, reason=_("Final decision recorded"))
        for remedy in remedies or []:
            _remedy_create(decision, actor=actor, **remedy)
        event_record(
            communication=communication,
            kind=Event.Kind.DECISION_RECORDED,
            actor=actor,
            reason=f"{decision.get_kind_display()} {symbol}".strip(),
        )
        # Rounds asking for observations are moot once the committee has decided; follow-up rounds go on.
        moot = (
            communication.rounds.select_for_update()
            .filter(status__in=OPEN_ROUND_STATUSES)
            .exclude(kind__in=[NoteKind.VIEWS_ADOPTED, NoteKind.FOLLOW_UP_REMINDER])
        )
        for round in moot.order_by("id"):
            reason = _("The committee adopted its final decision")
            round_move(
                round=round,
                to_status=Round.Status.CANCELLED,
                actor=actor,
                reason=reason,
                event_kind=Event.Kind.ROUND_CANCELLED,
            )
            _cancel_open_deadlines(round, actor=actor, reason=reason)
        if kind == Decision.Kind.VIEWS_VIOLATION:
            phase = Communication.Phase.FOLLOW_UP
        elif kind == Decision.Kind.DISCONTINUED:
            phase = Communication.Phase.CLOSED
        else:
            phase = Communication.Phase.DECIDED
        _communication_set_phase(communication, phase, actor=actor, reason=decision.get_kind_display())
    return decision


def _remedy_create(decision: Decision, *, actor, kind: str, description: str, responsible_agency) -> Remedy:
    if kind not in Remedy.Kind.values:
        raise ValidationError({"remedies": _("Unknown kind of remedy: %(kind)s") % {"kind": kind}})
    if not (description or "").strip():
        raise ValidationError({"remedies": _("Describe each remedy.")})
    if not isinstance(responsible_agency, Agency):
        agency = Agency.objects.filter(code=responsible_agency).first()
        if agency is None:
            raise ValidationError({"remedies": _("Unknown agency: %(code)s") % {"code": responsible_agency}})
        responsible_agency = agency
    remedy = Remedy(decision=decision, kind=kind, description=description, responsible_agency=responsible_agency)
    tracked_save(remedy, actor=actor, reason=_("Remedy named in the Views"))
    return remedy


def remedy_add(*, actor, decision: Decision, kind: str, description: str, responsible_agency) -> Remedy:
    """Add a remedy to recorded Views finding a violation."""
    require(actor, "communications.record_decision", decision.communication)
    with transaction.atomic():
        decision = Decision.objects.select_for_update().get(pk=decision.pk)
        if decision.kind != Decision.Kind.VIEWS_VIOLATION:
            raise InvalidTransition(_("Remedies are recorded only for Views finding a violation."))
        return _remedy_create(
            decision, actor=actor, kind=kind, description=description, responsible_agency=responsible_agency
        )


def remedy_action_record(
    *, actor, remedy: Remedy, taken_on: dt.date, description: str, status: str | None = None
) -> RemedyAction:
    """Record something done to implement a remedy, optionally updating its status."""
    require(actor, "communications.record_remedy_action", remedy)
    errors = {}
    if not (description or "").strip():
        errors["description"] = _("Describe what was done.")
    if taken_on is None or taken_on > local_date():
        errors["taken_on"] = _("The date cannot be in the future.")
    elif is_before_earliest_date(taken_on):
        errors["taken_on"] = earliest_date_message()
    if status and status not in Remedy.Status.values:
        errors["status"] = _("Unknown status.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        remedy = Remedy.objects.select_for_update().select_related("decision__communication").get(pk=remedy.pk)
        if remedy.decision.communication.phase == Communication.Phase.CLOSED:
            raise InvalidTransition(_("Follow-up of this communication is closed."))
        agency = actor.agency if actor is not None and actor.agency_id else remedy.responsible_agency
        action = RemedyAction(
            remedy=remedy, taken_on=taken_on, description=description, agency=agency, recorded_by=actor
        )
        tracked_save(action, actor=actor, reason=_("Follow-up action recorded"))
        if status and status != remedy.status:
            remedy.status = status
            tracked_save(remedy, actor=actor, reason=_("Status after a follow-up action"))
        event_record(
            communication=remedy.decision.communication,
            kind=Event.Kind.REMEDY_ACTION,
            actor=actor,
            reason=f"{remedy.get_kind_display()}: {description[:200]}",
        )
    return action


def remedy_grade(
    *,
    actor,
    remedy: Remedy,
    grade: str,
    assessed_on: dt.date,
    state_assessment: str,
    reference: str = "",
    comment: str = "",
) -> RemedyGrade:
    """Record the committee's follow-up grade on a remedy beside the State's own assessment."""
    require(actor, "communications.grade_remedy", remedy)
    from .models import FollowUpGrade

    errors = {}
    if grade not in FollowUpGrade.values:
        errors["grade"] = _("Choose a grade: A, B, C, D, E (or B1, B2, C1, C2, D1, D2 before 2017).")
    if state_assessment not in Remedy.Status.values:
        errors["state_assessment"] = _("Choose the State's own assessment.")
    if assessed_on is None or assessed_on > local_date():
        errors["assessed_on"] = _("The date cannot be in the future.")
    elif is_before_earliest_date(assessed_on):
        errors["assessed_on"] = earliest_date_message()
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        remedy = Remedy.objects.select_for_update().select_related("decision__communication").get(pk=remedy.pk)
        if remedy.grades.filter(assessed_on=assessed_on, grade=grade, reference=reference).exists():
            raise InvalidTransition(_("This grade is already recorded."))
        record = RemedyGrade(
            remedy=remedy,
            grade=grade,
            assessed_on=assessed_on,
            reference=reference,
            state_assessment=state_assessment,
            comment=comment,
            recorded_by=actor,
        )
        tracked_save(record, actor=actor, reason=_("Follow-up grade recorded"))
        latest = remedy.grades.order_by("-assessed_on", "-id").first()
        remedy.committee_grade = latest.grade
        remedy.state_assessment = latest.state_assessment
        tracked_save(remedy, actor=actor, reason=_("Committee's grade %(grade)s") % {"grade": grade})
        event_record(
            communication=remedy.decision.communication,
            kind=Event.Kind.REMEDY_GRADED,
            actor=actor,
            reason=f"{remedy.get_kind_display()}: {grade}",
        )
    return record


def communication_close(*, actor, communication: Communication, reason: str) -> Communication:
    """Close a communication (e.g. the committee closed follow-up). Its open rounds are cancelled."""
    require(actor, "communications.close_communication", communication)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for closing.")})
    with transaction.atomic():
        communication = Communication.objects.select_for_update().get(pk=communication.pk)
        if communication.phase == Communication.Phase.CLOSED:
            raise InvalidTransition(_("This communication is already closed."))
        _communication_discontinue(communication, actor=actor, reason=reason)
    return communication


# ---------------------------------------------------------------------------------------------------------------
# Notifications


def notification_mark_read(*, actor, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the actor's own notifications read (all unread when `notification_ids` is None). Returns how many
    changed. Another user's notifications are never touched."""
    from .models import Notification

    queryset = Notification.objects.filter(user=actor, read_at__isnull=True)
    if notification_ids is not None:
        queryset = queryset.filter(pk__in=list(notification_ids))
    return queryset.update(read_at=timezone.now())


# ---------------------------------------------------------------------------------------------------------------
# Deadline sweep and notices
#
# Celery beat runs `deadlines_sweep` every 5 minutes (iwg/settings/celery.py). What it decides for one deadline is
# `notifications.reminder_plan`; every notice is a DeadlineNotice row under a unique constraint, so running the
# sweep twice or twice at once creates nothing twice. E-mails are sent after commit by their own task.

_sweep_logger = logging.getLogger("communications.sweep")


@dataclass
class SweepCounts:
    examined: int = 0
    reminders: int = 0
    catch_ups: int = 0
    missed: int = 0
    escalations: int = 0
    options_closed: int = 0
    notifications: int = 0
    errors: int = 0


def deadlines_sweep(*, today: dt.date | None = None, batch_size: int | None = None) -> SweepRun:
    """Enforce the deadlines that are due now (the system acts, actor None).

    Selects in SQL the open deadlines due within the reminder window or already past, then handles them in
    batches, each in one transaction with the batch's rows locked (`skip_locked`: a concurrent sweep leaves them to
    this one). For each deadline: a reminder at each configured offset (one catch-up reminder instead of several
    skipped ones), or, once its day has passed, marks it missed and escalates it — an unused option is closed as
    cancelled instead. Met or cancelled deadlines are not open, so their reminders stop. Records the completed run
    (SweepRun) and re-queues e-mails of notices whose e-mail task was lost."""
    from .notifications import Recipients, ReminderSchedule, sweep_candidates

    started = timezone.now()
    today = today or local_date(started)
    batch_size = batch_size or settings.IWG_SWEEP_BATCH_SIZE
    schedule = ReminderSchedule()
    recipients = Recipients()
    counts = SweepCounts()
    due_ids = list(
        sweep_candidates(today=today, schedule=schedule).order_by("due_on", "id").values_list("id", flat=True)
    )
    for start in range(0, len(due_ids), batch_size):
        _sweep_batch(
            due_ids[start : start + batch_size], today=today, schedule=schedule, recipients=recipients, counts=counts
        )
    _notices_requeue_unsent(now=timezone.now())
    finished = timezone.now()
    run = SweepRun.objects.create(started_at=started, finished_at=finished, swept_for=today, **asdict(counts))
    SweepRun.objects.filter(finished_at__lt=finished - dt.timedelta(days=31)).delete()
    _sweep_logger.info(
        "Deadline sweep for %s: %s examined, %s reminders, %s catch-ups, %s missed, %s escalations, %s options "
        "closed, %s notifications, %s errors, in %.3f s",
        today,
        counts.examined,
        counts.reminders,
        counts.catch_ups,
        counts.missed,
        counts.escalations,
        counts.options_closed,
        counts.notifications,
        counts.errors,
        (finished - started).total_seconds(),
    )
    return run


def _sweep_batch(ids: list[int], *, today: dt.date, schedule, recipients, counts: SweepCounts) -> None:
    from .notifications import Action, existing_notices, reminder_levels_sent, reminder_plan

    with transaction.atomic():
        deadlines = list(
            Deadline.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(pk__in=ids, status=Deadline.Status.OPEN)
            .select_related("round__communication__committee", "responsible_agency")
            .order_by("id")
        )
        existing = existing_notices(deadline.pk for deadline in deadlines)
        queued: list[int] = []  # notices whose e-mails are queued once the batch commits
        for deadline in deadlines:
            counts.examined += 1
            plan = reminder_plan(
                kind=deadline.kind,
                due_on=deadline.due_on,
                urgent=deadline.round.is_urgent,
                today=today,
                # The day this due date took effect: the deadline was created or last moved (an open deadline
                # is saved only then).
                since=local_date(deadline.updated_at),
                sent_levels=reminder_levels_sent(existing.get((deadline.pk, deadline.due_on), set())),
                schedule=schedule,
            )
            if plan.action == Action.NOTHING:
                continue
            step, step_queued = SweepCounts(), []
            try:
                # One savepoint per deadline: its notices and status change commit together or not at all.
                with transaction.atomic():
                    _sweep_apply(
                        deadline,
                        plan,
                        existing=existing.get((deadline.pk, deadline.due_on), set()),
                        today=today,
                        schedule=schedule,
                        recipients=recipients,
                        counts=step,
                        queued=step_queued,
                    )
            except IntegrityError:
                # A notice of this step exists already: a concurrent sweep (on a database without row locks) did
                # it. The unique constraint is what keeps it single; nothing is left half done.
                _sweep_logger.warning("Deadline %s: notice already created by another sweep", deadline.pk)
                continue
            except SoftTimeLimitExceeded:
                raise  # the task's time is up: stop here; committed batches stay, the next sweep goes on
            except Exception:
                # One broken deadline must not stop the others; the next sweep tries it again.
                _sweep_logger.exception("Deadline sweep failed for deadline %s", deadline.pk)
                counts.errors += 1
                continue
            for name, value in asdict(step).items():
                setattr(counts, name, getattr(counts, name) + value)
            queued += step_queued
        if queued:
            transaction.on_commit(partial(_notices_emails_enqueue, queued), robust=True)


def _sweep_apply(
    deadline: Deadline, plan, *, existing: set, today: dt.date, schedule, recipients, counts: SweepCounts, queued: list
) -> None:
    from .notifications import Action

    if plan.action == Action.CLOSE_OPTION:
        if deadline_close_unused_option(deadline_id=deadline.pk, today=today):
            counts.options_closed += 1
        return
    if plan.action == Action.MISS:
        if deadline_mark_missed(deadline_id=deadline.pk, actor=None, today=today) is None:
            return
        deadline.status = Deadline.Status.MISSED
        counts.missed += 1
        counts.escalations += 1
        for kind in (DeadlineNotice.Kind.MISSED, DeadlineNotice.Kind.ESCALATION):
            if (kind, 0) in existing:
                continue  # sent for this date before it was moved away and back: not again
            counts.notifications += _notice_issue(
                deadline, kind=kind, level=0, today=today, schedule=schedule, recipients=recipients, queued=queued
            )
        return
    kind = DeadlineNotice.Kind.CATCH_UP if plan.action == Action.CATCH_UP else DeadlineNotice.Kind.REMINDER
    counts.notifications += _notice_issue(
        deadline,
        kind=kind,
        level=plan.level,
        skipped=plan.skipped,
        today=today,
        schedule=schedule,
        recipients=recipients,
        queued=queued,
    )
    if kind == DeadlineNotice.Kind.CATCH_UP:
        counts.catch_ups += 1
    else:
        counts.reminders += 1


def _notice_issue(
    deadline: Deadline, *, kind: str, level: int, today: dt.date, schedule, recipients, queued: list, skipped=()
) -> int:
    """Create the notice and one notification per recipient, in each recipient's language, and add it to
    `queued` (its e-mails are queued after commit). Returns the number of notifications. The insert raises
    IntegrityError when the notice exists already (the unique constraint decides); the caller's savepoint then
    undoes the whole step."""
    from .notifications import notice_text, user_language

    notice = DeadlineNotice.objects.create(
        deadline=deadline, kind=kind, level=level, due_on=deadline.due_on, skipped_levels=list(skipped)
    )
    texts: dict[str, tuple[str, str]] = {}
    rows = []
    for user in recipients.for_notice(kind, deadline):
        language = user_language(user)
        if language not in texts:
            with translation.override(language):
                texts[language] = notice_text(notice, deadline, today=today, schedule=schedule)
        title, message = texts[language]
        rows.append(
            Notification(
                user=user,
                kind=kind,
                title=title,
                message=message,
                communication=deadline.round.communication,
                deadline=deadline,
                notice=notice,
            )
        )
    Notification.objects.bulk_create(rows)
    queued.append(notice.pk)
    return len(rows)


def _notices_emails_enqueue(notice_ids: list[int]) -> None:
    """One e-mail task per notice, published over one broker connection."""
    from .tasks import notice_send_emails

    with notice_send_emails.app.producer_or_acquire() as producer:
        for notice_id in notice_ids:
            notice_send_emails.apply_async((notice_id,), producer=producer)


def _notices_requeue_unsent(*, now: dt.datetime, older_than: dt.timedelta = dt.timedelta(minutes=10)) -> int:
    """Safety net: queue again the e-mails of notices whose e-mail task never finished (e.g. the broker lost it).
    The e-mail task is idempotent, so a notice still being sent is not sent twice."""
    ids = list(
        DeadlineNotice.objects.filter(
            notified_at__isnull=True, cancelled_at__isnull=True, created_at__lt=now - older_than
        )
        .order_by("created_at")
        .values_list("pk", flat=True)[:500]
    )
    if ids:
        transaction.on_commit(partial(_notices_emails_enqueue, ids), robust=True)
    return len(ids)


def deadline_close_unused_option(*, deadline_id: int, today: dt.date | None = None) -> Deadline | None:
    """Close an optional deadline (asking the committee to examine admissibility separately) whose day passed
    without the State using it: cancelled with the reason "option not used"; never missed nor escalated.
    Idempotent: returns None when nothing changed."""
    today = today or local_date()
    with transaction.atomic():
        deadline = Deadline.objects.select_for_update().select_related("round__communication").get(pk=deadline_id)
        if (
            deadline.status != Deadline.Status.OPEN
            or deadline.kind not in OPTIONAL_DEADLINE_KINDS
            or deadline.due_on >= today
        ):
            return None
        reason = _("Option not used: its last day was %(date)s.") % {"date": _day(deadline.due_on)}
        return _deadline_close_passed(
            deadline,
            to_status=Deadline.Status.CANCELLED,
            reason=reason,
            actor=None,
            event_kind=Event.Kind.DEADLINE_CHANGED,
        )


def notices_withdraw(notices, *, reason: str) -> int:
    """Withdraw notices that no longer apply: their e-mails are not sent and their unread notifications leave the
    unread list. The rows stay as history."""
    return notices.filter(cancelled_at__isnull=True).update(
        cancelled_at=timezone.now(), cancel_reason=str(reason)[:300]
    )


def _notices_withdraw_stale(*, deadline_ids, reason: str) -> int:
    """After a deadline's date changed: withdraw its notices computed against another date (called inside the
    transaction that moved it, so the withdrawal commits with the change)."""
    stale = DeadlineNotice.objects.filter(deadline_id__in=list(deadline_ids)).exclude(due_on=F("deadline__due_on"))
    return notices_withdraw(stale, reason=reason)


def notice_emails_send(*, notice_id: int) -> int:
    """E-mail a notice to its recipients who chose immediate e-mails; returns how many were sent.

    Idempotent and safe to run concurrently: each notification is sent under its row lock and marked `emailed_at`
    in the same transaction, so a second run finds nothing left. A notice that no longer applies (the deadline was
    met, cancelled or moved in between) is withdrawn instead of sent."""
    from .notifications import notice_applies, notification_email

    notice = DeadlineNotice.objects.select_related("deadline").filter(pk=notice_id).first()
    if notice is None or notice.cancelled_at is not None:
        return 0
    if not notice_applies(notice, notice.deadline):
        notices_withdraw(
            DeadlineNotice.objects.filter(pk=notice.pk), reason=_("The deadline changed before the e-mail was sent.")
        )
        return 0
    pending = Notification.objects.filter(
        notice=notice,
        emailed_at__isnull=True,
        user__is_active=True,
        user__email_delivery=User.EmailDelivery.IMMEDIATE,
    ).exclude(user__email="")
    sent = 0
    for notification_id in list(pending.order_by("id").values_list("pk", flat=True)):
        with transaction.atomic():
            notification = (
                Notification.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("user", "communication")
                .filter(pk=notification_id, emailed_at__isnull=True)
                .first()
            )
            if notification is None:
                continue  # sent meanwhile, or being sent by a concurrent run
            notification_email(notification).send()
            notification.emailed_at = timezone.now()
            notification.save(update_fields=["emailed_at"])
            sent += 1
    if not pending.exists():
        DeadlineNotice.objects.filter(pk=notice.pk, notified_at__isnull=True).update(notified_at=timezone.now())
    return sent


def notification_digest_send(*, user_id: int, day: dt.date | None = None) -> int:
    """E-mail one user who chose the daily digest all their notifications not e-mailed yet, in one message.
    Idempotent: the notifications are locked and marked e-mailed in the same transaction. Notifications whose
    notice no longer applies are withdrawn, not sent."""
    from .notifications import digest_email, notice_applies

    user = (
        User.objects.filter(pk=user_id, is_active=True, email_delivery=User.EmailDelivery.DIGEST)
        .exclude(email="")
        .first()
    )
    if user is None:
        return 0
    with transaction.atomic():
        rows = list(
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(user=user, emailed_at__isnull=True)
            .filter(Q(notice__isnull=True) | Q(notice__cancelled_at__isnull=True))
            .select_related("communication", "notice__deadline")
            .order_by("created_at", "id")
        )
        stale = [row.notice_id for row in rows if row.notice and not notice_applies(row.notice, row.notice.deadline)]
        if stale:
            notices_withdraw(DeadlineNotice.objects.filter(pk__in=stale), reason=_("No longer applies."))
        rows = [row for row in rows if row.notice_id not in stale]
        if not rows:
            return 0
        digest_email(user, rows, day=day or local_date()).send()
        Notification.objects.filter(pk__in=[row.pk for row in rows]).update(emailed_at=timezone.now())
    return len(rows)


# Communications recorded without a note (POST /api/v1/communications/)


def communication_create(
    *,
    actor,
    committee_code: str,
    number: str,
    subject: str = "",
    articles_invoked: list[str] | None = None,
    submitted_on: dt.date | None = None,
    symbols: list[str] | None = None,
    parties: list[dict] | None = None,
) -> Communication:
    """Record a communication before any note about it is registered (MFA), e.g. one known from the committee's
    register. Its number must be new in the committee, also among joined numbers; notes registered later link to
    it. Leaves a timeline event."""
    require(actor, "communications.update_communication")
    number = (number or "").strip()
    errors = {}
    committee = Committee.objects.filter(code=committee_code).first()
    if committee is None:
        errors["committee"] = _("Unknown committee: choose CCPR, CAT, CERD, CEDAW, CRPD or CRC.")
    if not number:
        errors["number"] = _("Enter the communication's number, e.g. 2137/2012.")
    if submitted_on and submitted_on > local_date():
        errors["submitted_on"] = _("The date submitted cannot be in the future.")
    elif is_before_earliest_date(submitted_on):
        errors["submitted_on"] = earliest_date_message()
    if errors:
        raise ValidationError(errors)
    duplicate = ValidationError(
        {
            "number": _("A communication with this number is already registered in %(committee)s.")
            % {"committee": committee.code}
        }
    )
    with transaction.atomic():
        if selectors.communication_find(committee=committee, number=number):
            raise duplicate
        communication, created = _communication_get_or_create(
            actor=actor,
            committee=committee,
            number=number,
            fields={
                "subject": subject or "",
                "articles_invoked": list(articles_invoked or []),
                "submitted_on": submitted_on,
                "symbols": list(symbols or []),
                "parties": list(parties or []),
            },
        )
        if not created:  # registered by someone else a moment ago
            raise duplicate
        event_record(
            communication=communication,
            kind=Event.Kind.COMMUNICATION_UPDATED,
            actor=actor,
            reason=_("Communication recorded without a note"),
        )
    return communication
