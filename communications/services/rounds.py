"""Writes on the steps of a round: refer to the PGO, cancel, submit the legal analysis, draft, approve and send
the State's position.
"""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from iwg.calendar import local_date
from iwg.errors import ConcurrentEdit, InvalidTransition
from iwg.history import tracked_save
from iwg.permissions import require

from ..models import (
    COMMITTEE_DEADLINE_KINDS,
    DeadlineKind,
    Document,
    Event,
    LegalAnalysis,
    NoteKind,
    NoteVerbale,
    PositionText,
    Round,
    StatePosition,
)
from .common import _day, _lock_round, _require_status, event_record, round_move
from .communications import document_store
from .deadlines import _cancel_open_deadlines, round_deadlines_complete
from .handoffs import handoff_notify


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
        handoff_notify(step="refer", communication=round.communication, round=round)
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
        handoff_step = "submit_analysis" if round.status == Round.Status.REFERRED else "revise_analysis"
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
        handoff_notify(
            step=handoff_step, communication=round.communication, round=round, key=f"round:{round.pk}:v{version}"
        )
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
        handoff_notify(step="approve_position", communication=round.communication, round=round)
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
