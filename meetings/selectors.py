"""Reads about IWG meetings."""

import datetime as dt

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils.translation import gettext as _

from communications import selectors as communication_selectors
from communications.models import Deadline, DeadlineKind

from .models import AgendaItem, Meeting, Participant


def meeting_list(*, user=None, status: str | None = None, year: int | None = None) -> QuerySet[Meeting]:
    """Meetings, newest first, with their chair and `item_count`. With `user`, `item_count` counts only the agenda
    items of communications that user may see."""
    item_filter = None
    if user is not None:
        item_filter = Q(agenda_items__round__communication__in=communication_selectors.communication_visible_to(user))
    queryset = Meeting.objects.select_related("chair").annotate(item_count=Count("agenda_items", filter=item_filter))
    if status:
        queryset = queryset.filter(status=status)
    if year:
        queryset = queryset.filter(starts_at__year=year)
    return queryset.order_by("-starts_at", "-number")


def meetings_between(*, start: dt.datetime, end: dt.datetime) -> QuerySet[Meeting]:
    """Meetings starting in [start, end), earliest first (the month calendar)."""
    return Meeting.objects.select_related("chair").filter(starts_at__gte=start, starts_at__lt=end).order_by("starts_at")


def _agenda_items(user=None) -> QuerySet[AgendaItem]:

    committee_due = Deadline.objects.filter(round=OuterRef("round_id"), kind=DeadlineKind.COMMITTEE).values("due_on")[
        :1
    ]
    queryset = (
        AgendaItem.objects.select_related("round__communication__committee", "round__position")
        .annotate(committee_due_on=Subquery(committee_due))
        .order_by("order", "id")
    )
    if user is not None:
        queryset = queryset.filter(round__communication__in=communication_selectors.communication_visible_to(user))
    return queryset


def meeting_get(*, pk, user=None) -> Meeting:
    """One meeting with its agenda (rounds, communications, committee deadline) and participants. Every role that
    may sign in sees meetings; with `user`, the agenda holds only items of communications that user may see, so a
    meeting page never leaks a communication."""
    try:
        return (
            Meeting.objects.select_related("chair", "minutes")
            .prefetch_related(
                Prefetch("agenda_items", queryset=_agenda_items(user)),
                Prefetch("participants", queryset=_participants()),
                "response_items__response",
            )
            .get(pk=pk)
        )
    except (Meeting.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404(_("No such meeting.")) from exc


def _participants():

    return Participant.objects.select_related("agency", "user").order_by("id")


def agenda_item_get(*, meeting: Meeting, pk) -> AgendaItem:
    """An item of this meeting's agenda, or Http404 (an id from another meeting is not found)."""
    try:
        return AgendaItem.objects.select_related("meeting", "round").get(meeting=meeting, pk=pk)
    except (AgendaItem.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404(_("No such agenda item.")) from exc


def meeting_years() -> list[int]:
    """The years that have meetings, newest first (the list's year filter)."""
    return sorted({moment.year for moment in Meeting.objects.datetimes("starts_at", "year")}, reverse=True)
