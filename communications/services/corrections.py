"""Corrections (issue 11, item 3): the MFA corrects a communication's committee and number, edits or removes a
party, changes a party's confidentiality, voids a note or a round registered by mistake, and merges a communication
registered twice into the one kept.

Every correction needs the rule `communications.correct_communication`, a reason, and the communication's
`lock_version` the user saw (`expected_version`: a stale or missing one is refused and nothing is overwritten; each
correction increments it). It locks the communication (then the rows it changes, in a fixed order), re-checks,
writes with history (actor and reason) and leaves an event on the timeline. Nothing is deleted: a voided note or
round, a removed party and a merged duplicate stay in the database and its history, shown as such.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from iwg.calendar import local_date
from iwg.concurrency import check_version
from iwg.errors import InvalidTransition
from iwg.history import tracked_save
from iwg.models import Agency, User
from iwg.permissions import require
from iwg.texts import Text

from ..deadline_policy import committee_deadline_proposals
from ..models import (
    COMMITTEE_DEADLINE_KINDS,
    OPEN_ROUND_STATUSES,
    Committee,
    Communication,
    Deadline,
    DeadlineNotice,
    Decision,
    Document,
    Event,
    JoinedNumber,
    NoteVerbale,
    Party,
    Round,
)
from ..numbers import normalise, number_error
from ..schedule import communication_schedule_refresh
from ..selectors.communications import communication_find
from .common import event_record, round_move
from .deadlines import _notices_withdraw_stale, _recompute_internal_deadlines, _set_basis, notices_withdraw

PENDING = (Deadline.Status.OPEN, Deadline.Status.MISSED)


def _required_reason(reason: str | None) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the correction: it stays in the history.")})
    return reason


def _lock_communication(communication: Communication, expected_version: int | None) -> Communication:
    """The communication locked, refused when merged away, its version checked."""
    locked = Communication.objects.select_for_update().select_related("committee").get(pk=communication.pk)
    _refuse_merged(locked)
    check_version(locked, expected_version)
    return locked


def _refuse_merged(communication: Communication) -> None:
    if communication.merged_into_id:
        target = Communication.objects.select_related("committee").get(pk=communication.merged_into_id)
        raise InvalidTransition(
            _("This communication was merged into %(communication)s; correct that one.") % {"communication": target}
        )


def _touch(communication: Communication, *, actor: User | None, reason: Text) -> None:
    """A correction changes the case: the next edit based on the version before it is refused."""
    communication.lock_version += 1
    # The register's read model is not written (Communication.save): the rows changed before this save have
    # refreshed it in the database.
    tracked_save(communication, actor=actor, reason=reason)


def _record(communication: Communication, kind: str, *, actor: User | None, text: Text, round=None) -> None:
    event_record(communication=communication, round=round, kind=kind, actor=actor, reason=text)


# ---------------------------------------------------------------------------------------------------------------
# Committee and number


def communication_correct_number(
    *,
    actor: User | None,
    communication: Communication,
    expected_version: int | None,
    committee_code: str,
    number: str,
    reason: str,
) -> Communication:
    """Correct a communication's committee and number (validated per committee as at registration; no number of
    another case, main or joined). A change of committee moves the joined numbers with it and recomputes the
    pending committee deadlines of its open rounds from the new committee's time limits (an extended one keeps
    its date), then their internal deadlines; old dates stay in history and stale reminders are withdrawn."""
    require(actor, "communications.correct_communication", communication)
    reason = _required_reason(reason)
    number = normalise(number)
    committee = Committee.objects.filter(code=committee_code).first()
    errors = {}
    if committee is None:
        errors["committee"] = _("Unknown committee: choose CCPR, CAT, CERD, CEDAW, CRPD or CRC.")
    problem = number_error(committee_code, number)
    if problem:
        errors["number"] = problem
    if errors:
        raise ValidationError(errors)
    assert committee is not None  # checked above
    with transaction.atomic():
        communication = _lock_communication(communication, expected_version)
        if communication.committee_id == committee.pk and communication.number == number:
            raise ValidationError({"number": _("This is already the communication's committee and number.")})
        _refuse_taken(committee, number, communication)
        joined_numbers = list(communication.joined_numbers.select_for_update().order_by("id"))
        committee_changed = communication.committee_id != committee.pk
        if committee_changed:
            for joined in joined_numbers:
                _refuse_taken(committee, joined.number, communication, field="committee")
        old_label = str(communication)
        text = Text("number_corrected", {"old": old_label, "new": f"{committee.code} {number}", "reason": reason})
        communication.committee = committee
        communication.number = number
        communication.lock_version += 1
        try:
            with transaction.atomic():
                tracked_save(communication, actor=actor, reason=text)
                if committee_changed:
                    for joined in joined_numbers:
                        joined.committee = committee
                        tracked_save(joined, actor=actor, reason=text)
        except IntegrityError as exc:  # registered by someone else a moment ago
            raise ValidationError({"number": _("This number is already used in this committee.")}) from exc
        if committee_changed:
            for round in communication.rounds.current().select_for_update().filter(status__in=OPEN_ROUND_STATUSES):
                _committee_deadlines_recompute(round, committee=committee, actor=actor, correction=text)
        _record(communication, Event.Kind.NUMBER_CORRECTED, actor=actor, text=text)
    return communication


def _refuse_taken(committee: Committee, number: str, communication: Communication, *, field: str = "number") -> None:
    other = communication_find(committee=committee, number=number)
    if other is not None and other.pk != communication.pk:
        raise ValidationError(
            {
                field: _("%(number)s is already the number of %(communication)s (%(url)s).")
                % {"number": number, "communication": other, "url": other.get_absolute_url()}
            },
            code="duplicate",
        )
    if other is not None and number != communication.number:
        raise ValidationError({field: _("%(number)s is already a joined number of this case.") % {"number": number}})


def _committee_deadlines_recompute(round: Round, *, committee: Committee, actor: User | None, correction: Text) -> None:
    note = round.incoming_note
    if note.ohchr_date is None:  # an old row without OHCHR's date: nothing to count from
        return
    proposals = {
        proposal.kind: proposal
        for proposal in committee_deadline_proposals(
            committee=committee,
            note_kind=round.kind,
            transmitted_on=note.ohchr_date,
            reply_requested_by=note.reply_requested_by,
        )
    }
    existing = {
        deadline.kind: deadline
        for deadline in round.deadlines.select_for_update().filter(kind__in=COMMITTEE_DEADLINE_KINDS).order_by("id")
    }
    for kind in sorted(COMMITTEE_DEADLINE_KINDS):
        deadline, proposal = existing.get(kind), proposals.get(kind)
        if deadline is None:
            if proposal is not None:
                added = Deadline(
                    round=round,
                    kind=kind,
                    due_on=proposal.due_on,
                    responsible_agency=Agency.objects.get(code=proposal.agency_code),
                )
                _set_basis(added, proposal.basis)
                tracked_save(
                    added, actor=actor, reason=Text("deadline_added_by_correction", {"committee": committee.code})
                )
            continue
        if deadline.status not in PENDING or deadline.extensions.exists():
            continue  # done, or extended by the committee: its date is a fact, not a computation
        if proposal is None:
            if kind != "committee":  # no time limit for the reply: the old date stays rather than none
                deadline.status = Deadline.Status.CANCELLED
                tracked_save(
                    deadline,
                    actor=actor,
                    reason=Text("deadline_dropped_by_correction", {"committee": committee.code}),
                )
            continue
        if proposal.due_on == deadline.due_on:
            continue
        text = Text(
            "deadline_recomputed",
            {"old": deadline.due_on.isoformat(), "new": proposal.due_on.isoformat(), "committee": committee.code},
        )
        deadline.due_on = proposal.due_on
        _set_basis(deadline, proposal.basis)
        deadline.lock_version += 1
        if deadline.status == Deadline.Status.MISSED and deadline.due_on >= local_date():
            deadline.status = Deadline.Status.OPEN
        tracked_save(deadline, actor=actor, reason=text)
        if kind == "committee":
            _recompute_internal_deadlines(round, actor=actor, committee_due_on=deadline.due_on, reason=text)
    _notices_withdraw_stale(deadline_ids=round.deadlines.values_list("pk", flat=True), reason=correction)


# ---------------------------------------------------------------------------------------------------------------
# Parties


def _lock_party(party: Party, expected_version: int | None) -> tuple[Communication, Party]:
    communication = _lock_communication(party.communication, expected_version)
    party = Party.objects.select_for_update().get(pk=party.pk)
    if party.is_removed:
        raise InvalidTransition(_("This person was removed from the communication; nothing more can be corrected."))
    return communication, party


def party_edit(
    *,
    actor: User | None,
    party: Party,
    expected_version: int | None,
    reason: str,
    role: str | None = None,
    full_name: str | None = None,
    initials: str | None = None,
) -> Party:
    """Correct a party's role, name or initials (the fields given). The old values stay in history; the timeline
    says which fields changed and why, never the name."""
    require(actor, "communications.correct_communication", party.communication)
    reason = _required_reason(reason)
    changes = {}
    if role is not None:
        if role not in Party.Role.values:
            raise ValidationError({"role": _("Choose author, alleged victim or counsel.")})
        changes["role"] = role
    if full_name is not None:
        if not full_name.strip():
            raise ValidationError({"full_name": _("Enter the person's name.")})
        changes["full_name"] = full_name.strip()
    if initials is not None:
        if not initials.strip():
            raise ValidationError({"initials": _("Enter the initials, e.g. E.Z.")})
        changes["initials"] = initials.strip()
    with transaction.atomic():
        communication, party = _lock_party(party, expected_version)
        changed = sorted(name for name, value in changes.items() if getattr(party, name) != value)
        if not changed:
            raise ValidationError(_("Nothing to correct: the values are those already recorded."))
        for name in changed:
            setattr(party, name, changes[name])
        text = Text("party_edited", {"role": party.role, "fields": changed, "reason": reason})
        tracked_save(party, actor=actor, reason=text)
        _touch(communication, actor=actor, reason=text)
        _record(communication, Event.Kind.PARTY_EDITED, actor=actor, text=text)
    return party


def party_remove(*, actor: User | None, party: Party, expected_version: int | None, reason: str) -> Party:
    """Remove a party entered by mistake: marked removed (when, by whom, why), kept with its history, no longer
    shown as the communication's."""
    require(actor, "communications.correct_communication", party.communication)
    reason = _required_reason(reason)
    with transaction.atomic():
        communication, party = _lock_party(party, expected_version)
        party.removed_at = timezone.now()
        party.removed_by = actor
        party.removal_reason = reason
        text = Text("party_removed", {"role": party.role, "reason": reason})
        tracked_save(party, actor=actor, reason=text)
        _touch(communication, actor=actor, reason=text)
        _record(communication, Event.Kind.PARTY_REMOVED, actor=actor, text=text)
    return party


def party_set_confidential(
    *, actor: User | None, party: Party, expected_version: int | None, is_confidential: bool, reason: str
) -> Party:
    """Make a party's identity confidential (or no longer). Names are read from the flag wherever they are shown
    (pages, exports, the API, notices, history), so the change holds at once for every role that sees initials."""
    require(actor, "communications.correct_communication", party.communication)
    reason = _required_reason(reason)
    with transaction.atomic():
        communication, party = _lock_party(party, expected_version)
        if party.is_confidential == bool(is_confidential):
            raise InvalidTransition(
                _("This identity is already confidential.")
                if party.is_confidential
                else _("This identity is already not confidential.")
            )
        party.is_confidential = bool(is_confidential)
        text = Text(
            "confidentiality_on" if is_confidential else "confidentiality_off", {"role": party.role, "reason": reason}
        )
        tracked_save(party, actor=actor, reason=text)
        _touch(communication, actor=actor, reason=text)
        _record(communication, Event.Kind.CONFIDENTIALITY_CHANGED, actor=actor, text=text)
    return party


# ---------------------------------------------------------------------------------------------------------------
# Voiding a note or a round registered by mistake


def note_void(*, actor: User | None, note: NoteVerbale, expected_version: int | None, reason: str) -> NoteVerbale:
    """Void an incoming note registered by mistake. The round it opened is voided with it (see `round_void`).
    Refused for an outgoing note, a note the final decision was recorded from, and a note whose round was
    answered."""
    require(actor, "communications.correct_communication", note.communication)
    reason = _required_reason(reason)
    with transaction.atomic():
        communication = _lock_communication(note.communication, expected_version)
        note = NoteVerbale.objects.select_for_update().get(pk=note.pk)
        if note.is_voided:
            raise InvalidTransition(_("This note is already voided."))
        if note.direction != NoteVerbale.Direction.INCOMING:
            raise InvalidTransition(_("An outgoing note was sent to OHCHR; it cannot be voided."))
        if Decision.objects.filter(from_note=note).exists():
            raise InvalidTransition(
                _("The final decision was recorded from this note; it cannot be voided while the decision stands.")
            )
        round = Round.objects.select_for_update().filter(incoming_note=note).first()
        if round is not None and round.status == Round.Status.SENT:
            raise InvalidTransition(_("The round this note opened was answered; it cannot be voided."))
        text = Text("note_voided", {"number": note.registry_number, "reason": reason})
        if round is not None and not round.is_voided:
            _round_void_locked(round, actor=actor, reason=reason, communication=communication)
        _void(note, actor=actor, reason=reason)
        tracked_save(note, actor=actor, reason=text)
        _touch(communication, actor=actor, reason=text)
        _record(communication, Event.Kind.NOTE_VOIDED, actor=actor, text=text)
    return note


def round_void(*, actor: User | None, round: Round, expected_version: int | None, reason: str) -> Round:
    """Void a round registered by mistake: an open round is cancelled (the workflow step `void`); its open and
    missed deadlines are cancelled and their pending reminders withdrawn, so nothing reminds, escalates or counts
    as overdue. The round stays on the page, labelled voided. Refused for a round that was answered."""
    require(actor, "communications.correct_communication", round)
    reason = _required_reason(reason)
    with transaction.atomic():
        communication = _lock_communication(round.communication, expected_version)
        round = Round.objects.select_for_update().select_related("communication").get(pk=round.pk)
        if round.is_voided:
            raise InvalidTransition(_("This round is already voided."))
        if round.status == Round.Status.SENT:
            raise InvalidTransition(_("This round was answered: the State's reply was sent. It cannot be voided."))
        text = _round_void_locked(round, actor=actor, reason=reason, communication=communication)
        _touch(communication, actor=actor, reason=text)
    return round


def _void(record, *, actor: User | None, reason: str) -> None:
    record.voided_at = timezone.now()
    record.voided_by = actor
    record.void_reason = reason


def _round_void_locked(round: Round, *, actor: User | None, reason: str, communication: Communication) -> Text:
    text = Text("round_voided", {"kind": round.kind, "reason": reason})
    _void(round, actor=actor, reason=reason)
    round.communication = communication
    if round.status in OPEN_ROUND_STATUSES:
        round_move(round=round, step="void", actor=actor, reason=text, event_kind=Event.Kind.ROUND_VOIDED)
    else:  # already cancelled: only the mark
        tracked_save(round, actor=actor, reason=text)
        _record(communication, Event.Kind.ROUND_VOIDED, actor=actor, text=text, round=round)
    deadline_text = Text("voided_deadline")
    for deadline in round.deadlines.select_for_update().filter(status__in=PENDING).order_by("id"):
        deadline.status = Deadline.Status.CANCELLED
        tracked_save(deadline, actor=actor, reason=deadline_text)
    notices_withdraw(DeadlineNotice.objects.filter(deadline__round=round), reason=deadline_text)
    return text


# ---------------------------------------------------------------------------------------------------------------
# Merging a communication registered twice


def communication_merge(
    *,
    actor: User | None,
    communication: Communication,
    duplicate: Communication,
    expected_version: int | None,
    reason: str,
) -> Communication:
    """Merge `duplicate` (the same case registered twice, in the same committee) into `communication`, the one
    kept: the duplicate's notes, rounds, documents, parties, joined numbers, events and decision move to the kept
    one, and the duplicate's number becomes one of its joined numbers (a search by either number finds it). The
    duplicate stays, marked merged into the kept one (its page leads there). Refused when both have a first-reply
    round (void the one registered by mistake first) or both a final decision. `expected_version` is the kept
    communication's."""
    require(actor, "communications.correct_communication", communication)
    reason = _required_reason(reason)
    if duplicate.pk == communication.pk:
        raise ValidationError({"duplicate": _("Choose another communication: a case is not merged into itself.")})
    with transaction.atomic():
        # Both rows locked in one fixed order (by id), so that two merges cannot deadlock.
        locked = {
            row.pk: row
            for row in Communication.objects.select_for_update()
            .select_related("committee")
            .filter(pk__in=[communication.pk, duplicate.pk])
            .order_by("pk")
        }
        kept, duplicate = locked[communication.pk], locked[duplicate.pk]
        _refuse_merged(kept)
        if duplicate.merged_into_id:
            raise InvalidTransition(_("%(communication)s is already merged.") % {"communication": duplicate})
        check_version(kept, expected_version)
        if duplicate.committee_id != kept.committee_id:
            raise ValidationError(
                {"duplicate": _("The two communications are of different committees; correct the committee first.")}
            )
        first_reply = Round.objects.current().filter(kind="new_communication")
        if first_reply.filter(communication=kept).exists() and first_reply.filter(communication=duplicate).exists():
            raise ValidationError(
                {
                    "duplicate": _(
                        "Both communications have a first-reply round; void the one registered by mistake first."
                    )
                }
            )
        kept_decision = Decision.objects.filter(communication=kept).exists()
        duplicate_decision = Decision.objects.filter(communication=duplicate).first()
        if kept_decision and duplicate_decision is not None:
            raise ValidationError({"duplicate": _("Both communications have a final decision; keep one.")})
        moved = Text("moved_by_merge", {"communication": str(duplicate)})
        _merge_rows(kept, duplicate, actor=actor, moved=moved, decision=duplicate_decision)
        joined = JoinedNumber(communication=kept, committee=duplicate.committee, number=duplicate.number)
        tracked_save(joined, actor=actor, reason=moved)
        _merge_fields(kept, duplicate)
        into = Text("merged_into", {"communication": str(kept), "reason": reason})
        merged_from = Text("merged_from", {"communication": str(duplicate), "reason": reason})
        duplicate.merged_into = kept
        duplicate.merged_at = timezone.now()
        _touch(duplicate, actor=actor, reason=into)
        _touch(kept, actor=actor, reason=merged_from)
        _record(duplicate, Event.Kind.MERGED, actor=actor, text=into)
        _record(kept, Event.Kind.MERGED, actor=actor, text=merged_from)
        communication_schedule_refresh(communication_ids=[duplicate.pk])
        communication_schedule_refresh(communication_ids=[kept.pk])
    return kept


def _merge_rows(kept: Communication, duplicate: Communication, *, actor: User | None, moved: Text, decision) -> None:
    for model in (NoteVerbale, Round, Document, Party, JoinedNumber):
        for row in model.objects.select_for_update().filter(communication=duplicate).order_by("pk"):
            row.communication = kept
            tracked_save(row, actor=actor, reason=moved)
    if decision is not None:
        decision.communication = kept
        tracked_save(decision, actor=actor, reason=moved)
    # The event log is not a tracked model: its rows follow the rounds they belong to, with their dates.
    Event.objects.filter(communication=duplicate).update(communication=kept)


def _merge_fields(kept: Communication, duplicate: Communication) -> None:
    """What the kept one lacks is taken from the duplicate; lists are joined."""
    for name in ("subject", "submitted_on", "transmitted_on"):
        if not getattr(kept, name) and getattr(duplicate, name):
            setattr(kept, name, getattr(duplicate, name))
    for name in ("articles_invoked", "symbols"):
        values = list(getattr(kept, name) or [])
        values += [value for value in getattr(duplicate, name) or [] if value not in values]
        setattr(kept, name, values)
    if kept.transmitted_on and duplicate.transmitted_on:
        kept.transmitted_on = min(kept.transmitted_on, duplicate.transmitted_on)
