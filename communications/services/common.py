"""What every write on communications shares: the event row and the guarded move of a round's status along a
step of the workflow table (communications/workflow.py). `actor=None` means the system (a Celery task or a
management command).
"""

from django.utils import timezone

from iwg.history import tracked_save
from iwg.models import User
from iwg.texts import Text, as_text

from .. import workflow
from ..models import Communication, Event, Round

# ---------------------------------------------------------------------------------------------------------------
# Shared helpers


def event_record(
    *,
    communication: Communication,
    kind: str,
    actor: User | None,
    round: Round | None = None,
    from_status: str = "",
    to_status: str = "",
    reason: Text | str = "",
) -> Event:
    """Append one event to the communication's timeline. Its detail is kept as data (`reason`: a Text, or a
    string a person typed) and rendered in the reader's language; `reason` keeps it as the actor read it."""
    text = as_text(reason)
    return Event.objects.create(
        communication=communication,
        round=round,
        kind=kind,
        actor=actor,
        from_status=from_status,
        to_status=to_status,
        reason=str(text),
        parameters=text.as_data(),
        occurred_at=timezone.now(),
    )


def _lock_round(round: Round) -> Round:
    return Round.objects.select_for_update().select_related("communication__committee").get(pk=round.pk)


def round_move(*, round: Round, step: str, actor: User | None, reason: Text | str, event_kind: str) -> Round:
    """Take `step` of the workflow table on a locked round: the step's guard refuses (InvalidTransition) unless the
    round is in one of its from-statuses; the round moves to the step's status with history and an event."""
    chosen = workflow.guard(step, round)
    if chosen.to_status is None:
        raise ValueError(f"The step {step!r} keeps the round's status: record an event instead of a move.")
    from_status = round.status
    round.status = chosen.to_status
    tracked_save(round, actor=actor, reason=reason)
    event_record(
        communication=round.communication,
        round=round,
        kind=event_kind,
        actor=actor,
        from_status=from_status,
        to_status=chosen.to_status,
        reason=reason,
    )
    return round
