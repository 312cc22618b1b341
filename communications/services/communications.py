"""Writes on communications and their notes verbales: register an incoming note, create, edit, join numbers,
add parties, store documents, close.

Each service checks the actor's role, locks the rows it changes (`select_for_update`), re-checks the state,
writes with history (actor and reason) and an event row, and otherwise raises an error that says why.
`actor=None` means the system (a Celery task or a management command).
"""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from iwg.calendar import ALMATY, earliest_date_message, is_before_earliest_date, local_date
from iwg.concurrency import check_version
from iwg.errors import InvalidTransition
from iwg.history import history_batched, tracked_save
from iwg.models import User
from iwg.permissions import require
from iwg.texts import Text

from ..models import (
    INCOMING_KINDS,
    OPEN_ROUND_STATUSES,
    ROUND_OPENING_KINDS,
    URGENT_KINDS,
    Committee,
    Communication,
    Deadline,
    DeadlineKind,
    Decision,
    Document,
    Event,
    JoinedNumber,
    NoteKind,
    NoteVerbale,
    Party,
    Round,
)
from ..numbers import normalise, number_error
from ..selectors.communications import communication_find
from ..uploads import check_upload
from .common import event_record, round_move
from .deadlines import _cancel_open_deadlines, _create_round_deadlines
from .handoffs import handoff_notify, urgent_recipients


def document_store(
    *, actor: User | None, uploaded_file, communication: Communication | None, language: str = ""
) -> Document:
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
    tracked_save(document, actor=actor, reason=Text("document_uploaded"))
    return document


# ---------------------------------------------------------------------------------------------------------------
# Notes verbales, communications and rounds


def _communication_get_or_create(
    *, actor: User | None, committee: Committee, number: str, fields: dict
) -> tuple[Communication, bool]:
    existing = communication_find(committee=committee, number=number)
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
            tracked_save(communication, actor=actor, reason=Text("communication_registered"))
    except IntegrityError:
        # Registered a moment ago by someone else: link to it instead.
        existing = communication_find(committee=committee, number=number)
        if existing is None:
            raise
        return Communication.objects.select_for_update().get(pk=existing.pk), False
    for party in fields.get("parties") or []:
        party_add(actor=actor, communication=communication, _checked=True, **party)
    return communication, True


def party_add(
    *,
    actor: User | None,
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
    tracked_save(party, actor=actor, reason=Text("party_added"))
    return party


def note_register(
    *,
    actor: User | None,
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
    historical: bool = False,
    replied_on: dt.date | None = None,
    views_kind: str = "",
    adopted_on: dt.date | None = None,
    decision_symbol: str = "",
) -> NoteVerbale:
    """Register an incoming note verbale (MFA). Creates or links the communication; for a kind that asks for a
    reply, opens a round with the committee's deadline and default internal deadlines (which `internal_due_dates`
    may override). A discontinuance closes the communication and cancels its open rounds.

    `historical=True` registers a past note whose steps are already done (a ministry entering its old cases): the
    round it opens is recorded as done, its deadlines met on `replied_on` (the day the reply was sent, when known)
    or closed, so that nothing reminds, escalates or counts as overdue.

    A "Views adopted" note records the decision it announces (`views_kind`, default a violation; `adopted_on`,
    default OHCHR's date of the note; `decision_symbol`) unless one is recorded, and so moves the communication to
    follow-up; the MFA completes remedies and articles on the decision page."""
    require(actor, "communications.register_note")
    errors = {}
    communication_number = normalise(communication_number)
    registry_number = (registry_number or "").strip()
    if kind not in INCOMING_KINDS:
        errors["kind"] = _("Choose the kind of incoming note.")
    committee = Committee.objects.filter(code=committee_code).first()
    number_problem = number_error(committee_code, communication_number)
    if number_problem and not (
        committee and communication_number and communication_find(committee=committee, number=communication_number)
    ):  # a number registered before numbers were checked still takes notes
        errors["communication_number"] = number_problem
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
    if replied_on and not historical:
        errors["replied_on"] = _("A reply date is entered only for a historical entry.")
    elif replied_on and replied_on > local_date():
        errors["replied_on"] = _("The reply cannot have been sent in the future.")
    elif replied_on and received_on and replied_on < received_on:
        errors["replied_on"] = _("The reply cannot have been sent before the note was received.")
    if committee is None:
        errors["committee"] = _("Unknown committee: choose CCPR, CAT, CERD, CEDAW, CRPD or CRC.")
    if errors:
        raise ValidationError(errors)
    assert committee is not None  # checked above
    if NoteVerbale.objects.filter(direction=NoteVerbale.Direction.INCOMING, registry_number=registry_number).exists():
        raise ValidationError({"registry_number": _("A note with this MFA registry number is already registered.")})

    with transaction.atomic(), history_batched():
        communication, created = _communication_get_or_create(
            actor=actor, committee=committee, number=communication_number, fields=communication_fields or {}
        )
        if kind == NoteKind.NEW_COMMUNICATION and communication.rounds.current().filter(kind=kind).exists():
            raise duplicate_case(communication)
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
            is_historical=historical,
        )
        try:
            with transaction.atomic():
                tracked_save(note, actor=actor, reason=Text("note_registered"))
        except IntegrityError as exc:
            raise ValidationError(
                {"registry_number": _("A note with this MFA registry number is already registered.")}
            ) from exc
        for uploaded in documents:
            note.documents.add(document_store(actor=actor, uploaded_file=uploaded, communication=communication))
        if kind == NoteKind.NEW_COMMUNICATION and not communication.transmitted_on:
            communication.transmitted_on = ohchr_date
            tracked_save(communication, actor=actor, reason=Text("transmission_date_from_note"))
        event_record(
            communication=communication,
            kind=Event.Kind.NOTE_REGISTERED,
            actor=actor,
            reason=Text("note_registered_event", {"number": registry_number, "kind": kind}),
        )
        if kind in ROUND_OPENING_KINDS:
            round = Round(
                communication=communication,
                incoming_note=note,
                kind=kind,
                is_urgent=kind in URGENT_KINDS and not historical,
                is_historical=historical,
            )
            try:
                with transaction.atomic():
                    tracked_save(round, actor=actor, reason=Text("round_opened"))
            except IntegrityError as exc:  # a concurrent "new communication" note won the race
                raise duplicate_case(communication) from exc
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
                reason=Text("note_kind", {"kind": kind}),
            )
            if historical:
                _round_record_historical(round, actor=actor, replied_on=replied_on)
            elif round.is_urgent:
                handoff_notify(
                    step="urgent_note",
                    communication=communication,
                    round=round,
                    recipients=urgent_recipients(round),
                    urgent=True,
                )
        if kind == NoteKind.VIEWS_ADOPTED:
            from .decisions import decision_record_from_note

            decision_record_from_note(
                actor=actor,
                note=note,
                kind=views_kind or Decision.Kind.VIEWS_VIOLATION,
                adopted_on=adopted_on or ohchr_date,
                symbol=(decision_symbol or "").strip(),
            )
        elif kind == NoteKind.DISCONTINUANCE:
            _communication_discontinue(communication, actor=actor, reason=Text("discontinued"))
    return note


def duplicate_case(communication: Communication) -> ValidationError:
    """The refusal of a note that would open a second communication or a second first-reply round, with the
    address of the case already registered."""
    return ValidationError(
        {
            "communication_number": _(
                "%(communication)s is already registered with its “new communication” note; open the existing case "
                "(%(url)s) and register this note there with its own kind, or correct the number."
            )
            % {"communication": communication, "url": communication.get_absolute_url()}
        },
        code="duplicate",
    )


def _round_record_historical(round: Round, *, actor: User | None, replied_on: dt.date | None) -> None:
    """A historical round: done when it is entered. With the day the reply was sent, the committee's deadline and
    the dispatch are met that day (late or not, as it was) and the round is sent; without it, the round is closed.
    The other internal deadlines (whose dates nobody knows now) are closed. Nothing stays open, so the sweep, the
    dashboard, the home queues and the register's flags have nothing to remind of or count as overdue."""
    met_kinds = {DeadlineKind.COMMITTEE, DeadlineKind.DISPATCH} if replied_on else set()
    completed_at = timezone.make_aware(dt.datetime.combine(replied_on, dt.time(12)), ALMATY) if replied_on else None
    for deadline in round.deadlines.select_for_update().order_by("id"):
        if deadline.kind in met_kinds:
            deadline.status = Deadline.Status.MET
            deadline.completed_at = completed_at
            deadline.met_late = replied_on > deadline.due_on
            reason = Text("historical_met", {"date": replied_on.isoformat()})  # type: ignore[union-attr]
        else:
            deadline.status = Deadline.Status.CANCELLED
            reason = Text("historical_closed")
        tracked_save(deadline, actor=actor, reason=reason)
    from_status = round.status
    round.status = Round.Status.SENT if replied_on else Round.Status.CANCELLED
    round.replied_on = replied_on
    text = (
        Text("historical_round_replied", {"date": replied_on.isoformat()}) if replied_on else Text("historical_round")
    )
    tracked_save(round, actor=actor, reason=text)
    event_record(
        communication=round.communication,
        round=round,
        kind=Event.Kind.POSITION_SENT if replied_on else Event.Kind.ROUND_CANCELLED,
        actor=actor,
        from_status=from_status,
        to_status=round.status,
        reason=text,
    )


def _communication_discontinue(communication: Communication, *, actor: User | None, reason: Text | str) -> None:
    rounds = communication.rounds.select_for_update().filter(status__in=OPEN_ROUND_STATUSES).order_by("id")
    for round in rounds:
        round_move(
            round=round,
            step="close_with_communication",
            actor=actor,
            reason=reason,
            event_kind=Event.Kind.ROUND_CANCELLED,
        )
        _cancel_open_deadlines(round, actor=actor, reason=reason)
    _communication_set_phase(communication, Communication.Phase.CLOSED, actor=actor, reason=reason)


def _communication_set_phase(
    communication: Communication, phase: str, *, actor: User | None, reason: Text | str
) -> None:
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
    *, actor: User | None, communication: Communication, expected_version: int | None, **fields
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
        check_version(communication, expected_version)
        for name, value in fields.items():
            setattr(communication, name, value)
        communication.lock_version += 1
        tracked_save(communication, actor=actor, reason=Text("communication_edited"))
        event_record(
            communication=communication,
            kind=Event.Kind.COMMUNICATION_UPDATED,
            actor=actor,
            reason=Text("fields_edited", {"fields": sorted(fields)}),
        )
    return communication


def communication_join_number(*, actor: User | None, communication: Communication, number: str) -> JoinedNumber:
    """Add a further number to a joined case; a number is unique within its committee."""
    require(actor, "communications.update_communication", communication)
    number = normalise(number)
    problem = number_error(communication.committee.code, number)
    if problem:
        raise ValidationError({"number": problem})
    with transaction.atomic():
        communication = Communication.objects.select_for_update().get(pk=communication.pk)
        if communication_find(committee=communication.committee, number=number):
            raise ValidationError({"number": _("This number is already used in this committee.")})
        joined = JoinedNumber(communication=communication, committee=communication.committee, number=number)
        try:
            with transaction.atomic():
                tracked_save(joined, actor=actor, reason=Text("joined_number_added"))
        except IntegrityError as exc:
            raise ValidationError({"number": _("This number is already used in this committee.")}) from exc
    return joined


def communication_close(*, actor: User | None, communication: Communication, reason: str) -> Communication:
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


# Communications recorded without a note (POST /api/v1/communications/)


def communication_create(
    *,
    actor: User | None,
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
    number = normalise(number)
    errors = {}
    committee = Committee.objects.filter(code=committee_code).first()
    if committee is None:
        errors["committee"] = _("Unknown committee: choose CCPR, CAT, CERD, CEDAW, CRPD or CRC.")
    problem = number_error(committee_code, number)
    if problem:
        errors["number"] = problem
    if submitted_on and submitted_on > local_date():
        errors["submitted_on"] = _("The date submitted cannot be in the future.")
    elif is_before_earliest_date(submitted_on):
        errors["submitted_on"] = earliest_date_message()
    if errors:
        raise ValidationError(errors)
    assert committee is not None  # checked above
    duplicate = ValidationError(
        {
            "number": _("A communication with this number is already registered in %(committee)s.")
            % {"committee": committee.code}
        }
    )
    with transaction.atomic():
        if communication_find(committee=committee, number=number):
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
            reason=Text("communication_recorded"),
        )
    return communication
