"""A measure's target date is a deadline of the common engine (`communications.Deadline`, kind
`measure_target`, without a round). The communications sweep sends its reminders, marks it missed and escalates it
exactly once (its notices' unique constraint); this module tells the engine how to name a measure in a notice,
where it links, and records the missed target on the measure's timeline."""

import datetime as dt

from communications import deadline_owners
from communications.models import Deadline, DeadlineKind

from .models import Measure, RecommendationEvent
from .texts import reason


def _measure_of(deadline: Deadline) -> Measure | None:
    try:
        return deadline.measure
    except Measure.DoesNotExist:
        return None


def _subject(deadline: Deadline) -> str:
    measure = _measure_of(deadline)
    if measure is None:
        return str(deadline)
    return f"{measure}: {measure.title[:80]}"


def _link(deadline: Deadline) -> str:
    measure = _measure_of(deadline)
    return measure.get_absolute_url() if measure else ""


def _missed(deadlines: list[Deadline], now: dt.datetime) -> None:
    """One timeline event per measure whose target the sweep marked missed (in the sweep's transaction)."""
    measures = Measure.objects.filter(deadline__in=[deadline.pk for deadline in deadlines]).order_by("id")
    RecommendationEvent.objects.bulk_create(
        [
            RecommendationEvent(
                measure=measure,
                kind=RecommendationEvent.Kind.TARGET_MISSED,
                parameters=reason("target_missed", measure=measure.pk, date=measure.target_date.isoformat()).as_data(),
                occurred_at=now,
            )
            for measure in measures
        ]
    )


OWNER = deadline_owners.DeadlineOwner(
    kind=DeadlineKind.MEASURE_TARGET,
    subject=_subject,
    link=_link,
    missed=_missed,
)


def register_owner() -> None:
    deadline_owners.register(OWNER)
