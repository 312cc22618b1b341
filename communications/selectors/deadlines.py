"""Reads about deadlines: one deadline, the overdue list, the deadline register, the steps a user may take."""

import datetime as dt

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from iwg.calendar import local_date
from iwg.permissions import allowed

from ..filters import DeadlineFilter, _filtered
from ..models import (
    COMMITTEE_DEADLINE_KINDS,
    Deadline,
)
from .communications import communication_visible_to


def deadline_get(*, user, pk) -> Deadline:
    try:
        return (
            Deadline.objects.filter(round__communication__in=communication_visible_to(user))
            .select_related("round__communication__committee", "responsible_agency")
            .get(pk=pk)
        )
    except (Deadline.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such deadline.")) from exc


def overdue_deadline_list(*, user, today: dt.date | None = None, limit: int = 50) -> QuerySet[Deadline]:
    """Open deadlines whose day has passed, on communications `user` may see, most overdue first."""

    return (
        Deadline.objects.overdue(today=today or local_date())
        .filter(round__communication__in=communication_visible_to(user))
        .select_related("round__communication__committee", "responsible_agency")
        .order_by("due_on", "id")[:limit]
    )


def deadline_actions(*, user, deadline: Deadline) -> set[str]:
    """ "extend" (a committee's deadline) or "change" (an internal one), when the user may and it is still open."""

    if deadline.status not in (Deadline.Status.OPEN, Deadline.Status.MISSED):
        return set()
    if deadline.kind in COMMITTEE_DEADLINE_KINDS:
        return {"extend"} if allowed(user, "communications.extend_deadline", deadline) else set()
    return {"change"} if allowed(user, "communications.change_deadline", deadline) else set()


def deadline_list(*, user, filters=None, today: dt.date | None = None) -> QuerySet[Deadline]:
    """Deadlines of the communications `user` may see, filtered by the query string (`DeadlineFilter`), the
    nearest first. Invalid filters raise ValidationError."""

    today = today or local_date()
    queryset = (
        Deadline.objects.filter(round__communication__in=communication_visible_to(user))
        .select_related("round__communication__committee", "responsible_agency")
        .order_by("due_on", "pk")
    )
    return _filtered(DeadlineFilter(filters or {}, queryset=queryset, today=today))
