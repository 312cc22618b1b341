"""Reads about IWG meetings."""

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from .models import AgendaItem, Meeting


def meeting_list() -> QuerySet[Meeting]:
    return Meeting.objects.select_related("chair").annotate(item_count=Count("agenda_items")).order_by("-starts_at")


def meeting_get(*, pk) -> Meeting:
    """One meeting with its agenda (rounds and communications) and participants. Every role that may sign in
    sees meetings; what is on their agenda is scoped by the communication selectors."""
    try:
        return (
            Meeting.objects.select_related("chair", "minutes")
            .prefetch_related(
                Prefetch(
                    "agenda_items",
                    queryset=AgendaItem.objects.select_related("round__communication__committee").order_by(
                        "order", "id"
                    ),
                ),
                "participants__agency",
            )
            .get(pk=pk)
        )
    except (Meeting.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such meeting.")) from exc
