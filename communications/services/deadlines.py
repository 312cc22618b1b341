"""Writes on deadlines: create a round's deadlines from the policy (communications/deadline_policy.py), complete,
extend, change, mark missed, close an unused option, and withdraw
the notices a changed deadline made stale.
"""

import contextlib
import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from iwg.calendar import local_date
from iwg.concurrency import check_version
from iwg.errors import ApplicationError, InvalidTransition
from iwg.history import tracked_save
from iwg.models import Agency, User
from iwg.permissions import require
from iwg.texts import Text, day

from .. import deadline_owners
from ..deadline_policy import committee_deadline_proposals, internal_deadline_proposals
from ..models import (
    COMMITTEE_DEADLINE_KINDS,
    OPTIONAL_DEADLINE_KINDS,
    Committee,
    Deadline,
    DeadlineKind,
    DeadlineNotice,
    Event,
    Extension,
    NoteVerbale,
    Round,
)
from ..texts import deadline_met
from .common import _lock_round, event_record

# ---------------------------------------------------------------------------------------------------------------
# Deadlines


def deadline_complete(
    *, deadline: Deadline, actor: User | None, on: dt.date | None = None, reason: Text | str
) -> Deadline:
    """Mark an open (or missed) deadline met, recording whether it was on time. Met or cancelled: unchanged."""
    if deadline.status not in (Deadline.Status.OPEN, Deadline.Status.MISSED):
        return deadline
    completed_on = on or local_date()
    deadline.status = Deadline.Status.MET
    deadline.completed_at = timezone.now()
    deadline.met_late = completed_on > deadline.due_on
    tracked_save(deadline, actor=actor, reason=reason)
    if deadline.round_id is None:
        return deadline  # an owned deadline: its owner records its own event
    event_record(
        communication=deadline.round_required.communication,
        round=deadline.round,
        kind=Event.Kind.DEADLINE_MET,
        actor=actor,
        reason=deadline_met(deadline.kind, deadline.due_on, late=deadline.met_late),
    )
    return deadline


def round_deadlines_complete(
    round: Round, kinds: Iterable[str], *, actor: User | None, on: dt.date | None, reason: Text | str
) -> None:
    """Mark the round's deadlines of these kinds met (the caller holds the round's lock)."""
    for deadline in round.deadlines.select_for_update().filter(kind__in=list(kinds)).order_by("id"):
        deadline_complete(deadline=deadline, actor=actor, on=on, reason=reason)


def _cancel_open_deadlines(round: Round, *, actor: User | None, reason: Text | str) -> None:
    for deadline in round.deadlines.select_for_update().filter(status=Deadline.Status.OPEN).order_by("id"):
        deadline.status = Deadline.Status.CANCELLED
        tracked_save(deadline, actor=actor, reason=reason)


def deadline_mark_missed(
    *, deadline_id: int, actor: User | None = None, today: dt.date | None = None, batch=None
) -> Deadline | None:
    """Mark an open deadline whose day has passed as missed. Idempotent: returns None when nothing changed.
    Within the sweep, `batch` (communications/sweep.py) holds the row locked and makes the writes in bulk."""
    today = today or local_date()
    with _sweep_or_atomic(batch):
        deadline = _passed_deadline_get(deadline_id, batch)
        if deadline.status != Deadline.Status.OPEN or deadline.due_on >= today:
            return None
        reason = Text("deadline_passed", {"date": deadline.due_on.isoformat()})
        return (batch.close_passed if batch else _deadline_close_passed)(
            deadline,
            to_status=Deadline.Status.MISSED,
            reason=reason,
            actor=actor,
            event_kind=Event.Kind.DEADLINE_MISSED,
        )


def _sweep_or_atomic(batch):
    """The sweep's batch is one transaction already; alone, a step is its own."""
    return contextlib.nullcontext() if batch is not None else transaction.atomic()


def _passed_deadline_get(deadline_id: int, batch) -> Deadline:
    if batch is not None:
        return batch.locked[deadline_id]
    return Deadline.objects.select_for_update(of=("self",)).select_related("round__communication").get(pk=deadline_id)


def _deadline_close_passed(
    deadline: Deadline, *, to_status: str, reason: Text, actor: User | None, event_kind: str
) -> Deadline:
    """Move a locked open deadline whose day has passed to `to_status`, with history and a timeline event."""
    deadline.status = to_status
    tracked_save(deadline, actor=actor, reason=reason)
    if deadline.round_id is None:
        deadline_owners.missed([deadline], now=timezone.now())
        return deadline
    event_record(
        communication=deadline.round_required.communication,
        round=deadline.round,
        kind=event_kind,
        actor=actor,
        from_status=Deadline.Status.OPEN,
        to_status=to_status,
        reason=Text("deadline_closed", {"deadline": deadline.kind, "detail": reason.as_data()}),
    )
    return deadline


def _create_round_deadlines(
    round: Round,
    *,
    actor: User | None,
    committee: Committee,
    transmitted_on: dt.date,
    received_on: dt.date,
    reply_requested_by: dt.date | None,
    internal_due_dates: dict[str, dt.date] | None,
) -> list[Deadline]:
    agencies: dict[str, Agency] = {agency.code: agency for agency in Agency.objects.filter(code__in=list(Agency.Code))}
    missing = {str(Agency.Code.MFA), str(Agency.Code.PGO), str(Agency.Code.MOJ)} - set(agencies)
    if missing:
        raise ApplicationError(_("The agencies MFA, PGO and MoJ must be set up by an administrator first."))
    committee_proposals = committee_deadline_proposals(
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
    proposals += internal_deadline_proposals(
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
            set_manually=bool(manual_date),
        )
        _set_basis(deadline, Text("set_by_mfa") if manual_date else proposal.basis)
        tracked_save(deadline, actor=actor, reason=Text("deadline_set"))
        created.append(deadline)
    return created


def _set_basis(deadline: Deadline, basis: Text) -> None:
    """Keep where the date comes from as data (shown in the reader's language) and as the writer reads it."""
    deadline.basis_parameters = basis.as_data()
    deadline.basis = str(basis)[:300]


def _recompute_internal_deadlines(round: Round, *, actor: User | None, committee_due_on: dt.date, reason: Text) -> None:
    received_on = round.incoming_note.registered_on
    proposals = {
        p.kind: p
        for p in internal_deadline_proposals(
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
        _set_basis(deadline, proposal.basis)
        deadline.lock_version += 1  # an edit based on the date before the recomputation is now stale
        if deadline.status == Deadline.Status.MISSED and deadline.due_on >= local_date():
            deadline.status = Deadline.Status.OPEN
        tracked_save(deadline, actor=actor, reason=reason)


def deadline_extend(
    *,
    actor: User | None,
    deadline: Deadline,
    expected_version: int | None,
    new_due_on: dt.date,
    reference: str,
    reason: str,
    note: NoteVerbale | None = None,
) -> Extension:
    """Record a committee's extension of a deadline: the new date, its reference and reason. Internal deadlines
    not set by hand are recomputed from the new date; the old dates stay in history. `expected_version` is the
    deadline's lock_version the user saw (ConcurrentEdit when missing or stale)."""
    require(actor, "communications.extend_deadline", deadline)
    if not reason or not str(reason).strip():
        raise ValidationError({"reason": _("Give the reason for the extension.")})
    if deadline.round is None:
        raise ApplicationError(_("This date belongs to a measure of the action plan: change it on the measure."))
    with transaction.atomic():
        round = _lock_round(deadline.round)
        deadline = Deadline.objects.select_for_update().get(pk=deadline.pk)
        check_version(deadline, expected_version)
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
                    % {"date": day(deadline.due_on)}
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
        deadline.lock_version += 1
        if deadline.status == Deadline.Status.MISSED and new_due_on >= local_date():
            deadline.status = Deadline.Status.OPEN
        history_reason = Text(
            "deadline_extended",
            {"old": previous.isoformat(), "new": new_due_on.isoformat(), "reference": reference, "reason": reason},
        )
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


def deadline_change(
    *, actor: User | None, deadline: Deadline, expected_version: int | None, due_on: dt.date, reason: str
) -> Deadline:
    """Set an internal deadline by hand (the MFA sets procedural deadlines for each step). `expected_version` is
    the deadline's lock_version the user saw (ConcurrentEdit when missing or stale)."""
    require(actor, "communications.change_deadline", deadline)
    if not reason or not str(reason).strip():
        raise ValidationError({"reason": _("Give the reason for the change.")})
    if deadline.round is None:
        raise ApplicationError(_("This date belongs to a measure of the action plan: change it on the measure."))
    with transaction.atomic():
        round = _lock_round(deadline.round)
        deadline = Deadline.objects.select_for_update().get(pk=deadline.pk)
        check_version(deadline, expected_version)
        if deadline.kind in COMMITTEE_DEADLINE_KINDS:
            raise ValidationError({"deadline": _("A committee's deadline changes only by an extension.")})
        if deadline.status not in (Deadline.Status.OPEN, Deadline.Status.MISSED):
            raise InvalidTransition(
                _("This deadline is already “%(status)s”.") % {"status": deadline.get_status_display()}
            )
        previous = deadline.due_on
        deadline.due_on = due_on
        deadline.lock_version += 1
        deadline.set_manually = True
        _set_basis(deadline, Text("set_by_mfa"))
        if deadline.status == Deadline.Status.MISSED and due_on >= local_date():
            deadline.status = Deadline.Status.OPEN
        text = Text("deadline_moved", {"old": previous.isoformat(), "new": due_on.isoformat(), "reason": reason})
        tracked_save(deadline, actor=actor, reason=text)
        _notices_withdraw_stale(deadline_ids=[deadline.pk], reason=text)
        event_record(
            communication=round.communication, round=round, kind=Event.Kind.DEADLINE_CHANGED, actor=actor, reason=text
        )
    return deadline


def deadline_close_unused_option(*, deadline_id: int, today: dt.date | None = None, batch=None) -> Deadline | None:
    """Close an optional deadline (asking the committee to examine admissibility separately) whose day passed
    without the State using it: cancelled with the reason "option not used"; never missed nor escalated.
    Idempotent: returns None when nothing changed. `batch`: as for `deadline_mark_missed`."""
    today = today or local_date()
    with _sweep_or_atomic(batch):
        deadline = _passed_deadline_get(deadline_id, batch)
        if (
            deadline.status != Deadline.Status.OPEN
            or deadline.kind not in OPTIONAL_DEADLINE_KINDS
            or deadline.due_on >= today
        ):
            return None
        reason = Text("option_unused", {"date": deadline.due_on.isoformat()})
        return (batch.close_passed if batch else _deadline_close_passed)(
            deadline,
            to_status=Deadline.Status.CANCELLED,
            reason=reason,
            actor=None,
            event_kind=Event.Kind.DEADLINE_CHANGED,
        )


def notices_withdraw(notices, *, reason: Text | str) -> int:
    """Withdraw notices that no longer apply: their e-mails are not sent and their unread notifications leave the
    unread list. The rows stay as history."""
    return notices.filter(cancelled_at__isnull=True).update(
        cancelled_at=timezone.now(), cancel_reason=str(reason)[:300]
    )


def _notices_withdraw_stale(*, deadline_ids, reason: Text | str) -> int:
    """After a deadline's date changed: withdraw its notices computed against another date (called inside the
    transaction that moved it, so the withdrawal commits with the change)."""
    stale = DeadlineNotice.objects.filter(deadline_id__in=list(deadline_ids)).exclude(due_on=F("deadline__due_on"))
    return notices_withdraw(stale, reason=reason)
