"""Shared helpers of the recommendations services: the event row and the status move through the workflow table."""

from django.utils import timezone

from communications import workflow
from iwg.history import tracked_save
from iwg.models import User
from iwg.texts import Text, as_text

from ..models import Measure, Recommendation, RecommendationEvent, Review


def event_record(
    *,
    kind: str,
    actor: User | None,
    recommendation: Recommendation | None = None,
    measure: Measure | None = None,
    review: Review | None = None,
    from_status: str = "",
    to_status: str = "",
    reason: Text | str = "",
) -> RecommendationEvent:
    """Append one event to the timeline; its detail is data rendered in the reader's language."""
    return RecommendationEvent.objects.create(
        review=review,
        recommendation=recommendation,
        measure=measure,
        kind=kind,
        actor=actor,
        from_status=from_status,
        to_status=to_status,
        parameters=as_text(reason).as_data(),
        occurred_at=timezone.now(),
    )


def record_move(record, *, step: str, actor: User | None, reason: Text | str, event_kind: str, **event_on):
    """Take `step` of the workflow table on a locked record (a response or a measure): the guard refuses with a
    readable message unless the record is in one of the step's from-statuses; the record moves to the step's
    status with history and an event."""
    chosen = workflow.guard(step, record)
    from_status = record.status
    if chosen.to_status is not None:
        record.status = chosen.to_status
    record.lock_version += 1
    tracked_save(record, actor=actor, reason=reason)
    event_record(
        kind=event_kind, actor=actor, from_status=from_status, to_status=record.status, reason=reason, **event_on
    )
    return record
