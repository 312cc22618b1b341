"""Reads about decisions, remedies and their follow-up."""

from django.http import Http404
from django.utils.translation import gettext as _

from ..models import Remedy
from .communications import communication_visible_to


def remedy_get(*, user, pk):
    """One remedy of a communication the user may see, or Http404."""

    try:
        return (
            Remedy.objects.filter(decision__communication__in=communication_visible_to(user))
            .select_related("decision__communication__committee", "responsible_agency")
            .get(pk=pk)
        )
    except (Remedy.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such remedy.")) from exc
