"""Reads about rounds: one round as its page and the API show it, the steps a user may take on it, the rounds
ready for a meeting's agenda.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import OuterRef, Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from .. import workflow
from ..models import (
    Deadline,
    DeadlineKind,
    LegalAnalysis,
    Round,
)
from .communications import communication_visible_to


def _round_prefetches(prefix: str = "") -> list:

    return [
        f"{prefix}incoming_note",
        f"{prefix}outgoing_note",
        Prefetch(f"{prefix}deadlines", queryset=Deadline.objects.select_related("responsible_agency")),
        Prefetch(
            f"{prefix}analyses",
            queryset=LegalAnalysis.objects.select_related("document", "submitted_by").order_by("-version"),
        ),
        f"{prefix}position__approved_by",
        f"{prefix}position__texts",
    ]


def round_get(*, user, pk) -> Round:
    try:
        return (
            Round.objects.filter(communication__in=communication_visible_to(user))
            .select_related("communication__committee", "incoming_note")
            .get(pk=pk)
        )
    except (Round.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such round.")) from exc


def rounds_ready_for_agenda() -> QuerySet[Round]:
    """Rounds with an analysis in and no IWG decision yet, nearest committee deadline first."""
    committee_due = Deadline.objects.filter(round=OuterRef("pk"), kind=DeadlineKind.COMMITTEE).values("due_on")[:1]
    return (
        Round.objects.filter(status=Round.Status.ANALYSIS_SUBMITTED)
        .select_related("communication__committee")
        .annotate(committee_due_on=committee_due)
        .order_by("committee_due_on", "id")
    )


def round_actions(*, user, round: Round) -> set[str]:
    """The steps `user` may take on `round` now (role, status and the step's own condition), e.g. {"refer",
    "cancel"}: the buttons of the communication page, derived from the workflow table. For showing only: the
    services remain the authority and refuse a step the state or role does not allow."""
    return workflow.round_actions(user=user, round=round)


def related_or_none(instance, name: str):
    """The object at the other end of a one-to-one relation (`round.position`, `communication.decision`), or
    None when there is none yet."""

    try:
        return getattr(instance, name)
    except ObjectDoesNotExist:
        return None


def round_detail(*, user, pk) -> Round:
    """One round the user may see with what its page or API output shows (deadlines, analyses, position), or
    Http404."""
    try:
        return (
            Round.objects.filter(communication__in=communication_visible_to(user))
            .select_related("communication__committee")
            .prefetch_related(*_round_prefetches())
            .get(pk=pk)
        )
    except (Round.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such round.")) from exc
