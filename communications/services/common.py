"""What every write on communications shares: the event row, the locked and checked move of a round's status,
the status guard of a step. `actor=None` means the system (a Celery task or a management command).
"""

import datetime as dt
from collections.abc import Iterable

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from iwg.errors import InvalidTransition
from iwg.history import tracked_save
from iwg.texts import Text

from ..models import (
    ROUND_TRANSITIONS,
    Communication,
    Event,
    Round,
)

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
    reason: Text | str = "",
) -> Event:
    """Append one event to the communication's timeline. A `Text` is kept as data (rendered in the reader's
    language); a plain string is kept as written."""
    return Event.objects.create(
        communication=communication,
        round=round,
        kind=kind,
        actor=actor,
        from_status=from_status,
        to_status=to_status,
        reason=str(reason),
        parameters=reason.as_data() if isinstance(reason, Text) else {},
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
