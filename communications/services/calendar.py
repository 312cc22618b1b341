"""Writes on the working-day calendar: a transfer decreed by the government (recorded, corrected or withdrawn by an
administrator) and the recomputation of the internal deadlines counted in working days that depend on it.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from iwg.calendar import earliest_date_message, is_before_earliest_date
from iwg.history import tracked_delete, tracked_save
from iwg.models import CalendarTransfer
from iwg.permissions import require
from iwg.texts import Text

from ..models import Deadline, DeadlineKind, Round
from .deadlines import _notices_withdraw_stale, _recompute_internal_deadlines


def calendar_transfer_record(
    *, actor, date: dt.date, kind: str, decree: str = "", transfer: CalendarTransfer | None = None
) -> CalendarTransfer:
    """Record (or correct) a working day moved by decree, then recompute the internal deadlines that depend on
    working days (see `internal_deadlines_recompute`). The old dates stay in the deadlines' history."""
    require(actor, "communications.record_calendar_transfer")
    if kind not in CalendarTransfer.Kind.values:
        raise ValidationError({"kind": _("Choose a day off or a working day.")})
    if is_before_earliest_date(date):
        raise ValidationError({"date": earliest_date_message()})
    with transaction.atomic():
        if transfer is not None:
            transfer = CalendarTransfer.objects.select_for_update().get(pk=transfer.pk)
            changed_from = transfer.date
        else:
            transfer, changed_from = CalendarTransfer(), date
        clash = CalendarTransfer.objects.filter(date=date).exclude(pk=transfer.pk).exists()
        if clash:
            raise ValidationError({"date": _("A transfer for this date is already recorded; correct that one.")})
        transfer.date, transfer.kind, transfer.decree = date, kind, decree
        reason = Text("calendar_transfer", {"date": date.isoformat(), "decree": decree})
        tracked_save(transfer, actor=actor, reason=reason)
        internal_deadlines_recompute(actor=actor, changed_on=min(date, changed_from), reason=reason)
    return transfer


def calendar_transfer_remove(*, actor, transfer: CalendarTransfer) -> None:
    """Withdraw a transfer recorded by mistake (its history keeps it) and recompute the deadlines it moved."""
    require(actor, "communications.record_calendar_transfer")
    with transaction.atomic():
        transfer = CalendarTransfer.objects.select_for_update().get(pk=transfer.pk)
        reason = Text("calendar_transfer_withdrawn", {"date": transfer.date.isoformat(), "decree": transfer.decree})
        changed_on = transfer.date
        tracked_delete(transfer, actor=actor, reason=reason)
        internal_deadlines_recompute(actor=actor, changed_on=changed_on, reason=reason)


def internal_deadlines_recompute(*, actor, changed_on: dt.date, reason: Text | str) -> int:
    """After the working days changed on `changed_on`: recompute the internal deadlines computed by the policy (not
    set by hand, still open or missed) of the open rounds whose committee deadline is on or after that day (only
    those can count back across it). Returns how many rounds were looked at."""
    rounds = (
        Round.objects.filter(
            deadlines__kind=DeadlineKind.COMMITTEE,
            deadlines__due_on__gte=changed_on,
            deadlines__status__in=[Deadline.Status.OPEN, Deadline.Status.MISSED],
        )
        .exclude(status__in=[Round.Status.SENT, Round.Status.CANCELLED])
        .order_by("pk")
        .distinct()
    )
    count = 0
    for round_id in rounds.values_list("pk", flat=True):
        round = Round.objects.select_for_update().select_related("incoming_note").get(pk=round_id)
        committee = round.deadlines.get(kind=DeadlineKind.COMMITTEE)
        before = dict(round.deadlines.values_list("pk", "due_on"))
        _recompute_internal_deadlines(round, actor=actor, committee_due_on=committee.due_on, reason=reason)  # type: ignore[arg-type]
        moved = [pk for pk, due_on in round.deadlines.values_list("pk", "due_on") if before.get(pk) != due_on]
        if moved:
            _notices_withdraw_stale(deadline_ids=moved, reason=reason)
        count += 1
    return count
