"""Writes on the committee's final decision, its remedies and their follow-up (actions and grades)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from iwg.calendar import earliest_date_message, is_before_earliest_date, local_date
from iwg.errors import InvalidTransition
from iwg.history import tracked_save
from iwg.models import Agency
from iwg.permissions import require

from ..models import (
    OPEN_ROUND_STATUSES,
    Communication,
    Decision,
    Event,
    FollowUpGrade,
    NoteKind,
    Remedy,
    RemedyAction,
    RemedyGrade,
    Round,
)
from .common import event_record, round_move
from .communications import _communication_set_phase
from .deadlines import _cancel_open_deadlines
from .handoffs import handoff_notify, remedy_recipients

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
    communication = decision.communication
    handoff_notify(
        step="views_remedy",
        communication=communication,
        key=f"remedy:{remedy.pk}",
        recipients=remedy_recipients(remedy, communication),
        remedy=remedy,
    )
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
