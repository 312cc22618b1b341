"""Writes on the action plan: plan a measure for supported recommendations (its target date becomes a deadline of
the common engine), cancel it, and the progress reports its responsible agency files and the MoJ or MFA accepts
or returns. Lock order: the measure, then its report, then its deadline, then its recommendations by id."""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communications import workflow
from communications.models import Deadline, DeadlineKind
from communications.services import deadline_complete, document_store
from iwg.calendar import local_date
from iwg.errors import InvalidTransition
from iwg.history import tracked_save
from iwg.models import Agency, User
from iwg.permissions import require
from iwg.texts import Text

from ..models import Measure, ProgressReport, Recommendation, RecommendationEvent, Response
from ..texts import reason as text_of
from . import handoffs
from .common import event_record, record_move

MAX_TARGET_YEARS = 10


def measure_plan(
    *,
    actor: User | None,
    recommendations: Iterable[Recommendation],
    title: str,
    responsible_agency: Agency,
    indicator: str,
    target_date: dt.date,
    co_executors: Iterable[Agency] = (),
    description: str = "",
) -> Measure:
    """Plan a measure serving one or more supported recommendations, with its responsible agency, co-executors,
    indicator and target date. The target date is a deadline (kind measure_target) of the common sweep:
    reminders to the responsible agency, then missed and escalated once. Recommendations without a measure become
    "measures planned"."""
    require(actor, "recommendations.plan_measure")
    recommendations = sorted(set(recommendations), key=lambda each: each.pk)
    co_executors = [agency for agency in set(co_executors) if agency.pk != responsible_agency.pk]
    errors = {}
    if not recommendations:
        errors["recommendations"] = _("Choose the recommendations the measure serves.")
    if not (title or "").strip():
        errors["title"] = _("Name the measure.")
    if not (indicator or "").strip():
        errors["indicator"] = _("Give the indicator the measure is checked by.")
    today = local_date()
    if target_date is None or target_date < today:
        errors["target_date"] = _("The target date cannot be in the past.")
    elif target_date > today.replace(year=today.year + MAX_TARGET_YEARS):
        errors["target_date"] = _("The target date is more than ten years away.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        responses = list(
            Response.objects.select_for_update()
            .filter(recommendation__in=recommendations)
            .select_related("recommendation")
            .order_by("recommendation_id")
        )
        for response in responses:
            workflow.guard("measure_plan", response)
            if response.position != Response.Position.SUPPORTED:
                raise InvalidTransition(
                    _("Recommendation %(number)s was noted, not supported: the action plan has no measure for it.")
                    % {"number": response.recommendation.number}
                )
        basis = text_of("measure", measure="", title=title.strip()[:80], date=target_date.isoformat())
        deadline = Deadline(
            round=None,
            kind=DeadlineKind.MEASURE_TARGET,
            due_on=target_date,
            responsible_agency=responsible_agency,
            basis_parameters=basis.as_data(),
            set_manually=True,
        )
        tracked_save(deadline, actor=actor, reason=basis)
        measure = Measure(
            title=title.strip()[:500],
            description=(description or "").strip(),
            responsible_agency=responsible_agency,
            indicator=indicator.strip()[:500],
            target_date=target_date,
            deadline=deadline,
            created_by=actor,
        )
        tracked_save(measure, actor=actor, reason=basis)
        measure.recommendations.set([response.recommendation for response in responses])
        measure.co_executors.set(co_executors)
        detail = text_of("measure", measure=measure.pk, title=measure.title[:80], date=target_date.isoformat())
        for response in responses:
            recommendation = response.recommendation
            if recommendation.implementation == Recommendation.Implementation.NOT_PLANNED:
                recommendation.implementation = Recommendation.Implementation.PLANNED
                tracked_save(recommendation, actor=actor, reason=detail)
            event_record(
                kind=RecommendationEvent.Kind.MEASURE_PLANNED,
                actor=actor,
                recommendation=recommendation,
                measure=measure,
                to_status=measure.status,
                reason=detail,
            )
        handoffs.handoff_notify(
            step="measure_plan",
            key=f"measure:{measure.pk}",
            params={"measure": measure.pk, "title": measure.title[:120], "due_on": target_date.isoformat()},
            recipients=handoffs.agency_recipients(measure),
            link=measure.get_absolute_url(),
        )
    return measure


def _lock_measure(measure: Measure) -> Measure:
    return Measure.objects.select_for_update().get(pk=measure.pk)


def measure_cancel(*, actor: User | None, measure: Measure, reason: str) -> Measure:
    """Cancel a measure that is not complete (with the reason); its target date stops being enforced."""
    require(actor, "recommendations.cancel_measure", measure)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for cancelling.")})
    with transaction.atomic():
        measure = _lock_measure(measure)
        record_move(
            measure,
            step="measure_cancel",
            actor=actor,
            reason=text_of("cancelled", measure=measure.pk, reason=reason.strip()),
            event_kind=RecommendationEvent.Kind.MEASURE_CANCELLED,
            measure=measure,
        )
        deadline = Deadline.objects.select_for_update().get(pk=measure.deadline_id) if measure.deadline_id else None
        if deadline is not None and deadline.status == Deadline.Status.OPEN:
            deadline.status = Deadline.Status.CANCELLED
            tracked_save(deadline, actor=actor, reason=reason.strip())
        _implementation_update(measure, actor=actor)
    return measure


def report_submit(
    *, actor: User | None, measure: Measure, text: str, is_final: bool = False, files: Iterable = ()
) -> ProgressReport:
    """The responsible agency reports on a measure (text and documents). From planned, in progress or returned;
    one report at a time awaits review. Hands over to the MoJ secretariat and the MFA."""
    require(actor, "recommendations.submit_report", measure)
    if not (text or "").strip():
        raise ValidationError({"text": _("Say what was done.")})
    with transaction.atomic():
        measure = _lock_measure(measure)
        report = ProgressReport(
            measure=measure,
            text=text.strip(),
            is_final=bool(is_final),
            submitted_by=actor,
            submitted_at=timezone.now(),
        )
        record_move(
            measure,
            step="report_submit",
            actor=actor,
            reason=Text("rec_report", {"report": "", "measure": measure.pk, "final": bool(is_final)}),
            event_kind=RecommendationEvent.Kind.REPORT_SUBMITTED,
            measure=measure,
        )
        tracked_save(report, actor=actor, reason=text_of("report", report="", measure=measure.pk, final=is_final))
        documents = [document_store(actor=actor, uploaded_file=file, communication=None) for file in files]
        if documents:
            report.documents.set(documents)
        handoffs.handoff_notify(
            step="report_submit",
            key=f"report:{report.pk}",
            params={"measure": measure.pk, "title": measure.title[:120]},
            recipients=handoffs.step_recipients("report_submit"),
            link=measure.get_absolute_url(),
        )
    return report


def _lock_report(report: ProgressReport) -> tuple[Measure, ProgressReport]:
    measure = _lock_measure(report.measure)
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if report.status != ProgressReport.Status.SUBMITTED:
        raise InvalidTransition(
            _("This progress report is “%(status)s”; it has been reviewed already.")
            % {"status": report.get_status_display()}
        )
    return measure, report


def report_accept(*, actor: User | None, report: ProgressReport, comment: str = "") -> ProgressReport:
    """The MoJ or the MFA accepts a progress report awaiting review: the measure is in progress, or complete when
    the report is final (its target deadline is then met, on time or late)."""
    require(actor, "recommendations.review_report", report)
    with transaction.atomic():
        measure, report = _lock_report(report)
        detail = text_of("report", report=report.pk, measure=measure.pk, final=report.is_final, comment=comment.strip())
        record_move(
            measure,
            step="report_accept_final" if report.is_final else "report_accept",
            actor=actor,
            reason=detail,
            event_kind=RecommendationEvent.Kind.REPORT_ACCEPTED,
            measure=measure,
        )
        report.status = ProgressReport.Status.ACCEPTED
        report.reviewed_by, report.reviewed_at = actor, timezone.now()
        report.review_comment = (comment or "").strip()
        tracked_save(report, actor=actor, reason=detail)
        if report.is_final and measure.deadline_id:
            deadline = Deadline.objects.select_for_update().get(pk=measure.deadline_id)
            deadline_complete(deadline=deadline, actor=actor, reason=detail)
        _implementation_update(measure, actor=actor)
    return report


def report_return(*, actor: User | None, report: ProgressReport, comment: str) -> ProgressReport:
    """The MoJ or the MFA returns a progress report with what is missing; the agency files a new one."""
    require(actor, "recommendations.review_report", report)
    if not (comment or "").strip():
        raise ValidationError({"comment": _("Say what the report lacks.")})
    with transaction.atomic():
        measure, report = _lock_report(report)
        detail = text_of("report", report=report.pk, measure=measure.pk, comment=comment.strip())
        record_move(
            measure,
            step="report_return",
            actor=actor,
            reason=detail,
            event_kind=RecommendationEvent.Kind.REPORT_RETURNED,
            measure=measure,
        )
        report.status = ProgressReport.Status.RETURNED
        report.reviewed_by, report.reviewed_at = actor, timezone.now()
        report.review_comment = comment.strip()
        tracked_save(report, actor=actor, reason=detail)
        handoffs.handoff_notify(
            step="report_return",
            key=f"report:{report.pk}",
            params={"measure": measure.pk, "title": measure.title[:120]},
            recipients=handoffs.agency_recipients(measure),
            link=measure.get_absolute_url(),
        )
    return report


def _implementation_update(measure: Measure, *, actor: User | None) -> None:
    """Where each recommendation the measure serves stands now: implemented when all its measures are complete or
    cancelled and one at least is complete; being implemented once a report was accepted; else planned."""
    for recommendation in measure.recommendations.select_for_update().order_by("id"):
        statuses = list(recommendation.measures.values_list("status", flat=True))
        live = [status for status in statuses if status != Measure.Status.CANCELLED]
        if live and all(status == Measure.Status.COMPLETED for status in live):
            target = Recommendation.Implementation.IMPLEMENTED
        elif any(status in (Measure.Status.IN_PROGRESS, Measure.Status.COMPLETED) for status in live) or (
            recommendation.implementation == Recommendation.Implementation.IN_PROGRESS
        ):
            target = Recommendation.Implementation.IN_PROGRESS
        elif live:
            target = Recommendation.Implementation.PLANNED
        else:
            target = Recommendation.Implementation.NOT_PLANNED
        if target != recommendation.implementation:
            recommendation.implementation = target
            tracked_save(recommendation, actor=actor, reason=Text("rec_measure", {"measure": measure.pk}))
