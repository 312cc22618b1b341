"""The register of recommendations exported as XLSX or CSV (the page's and the API's filters apply), built now
(recommendations number in the hundreds, not the communications' tens of thousands), with an EXPORT access
event, through the communications export machinery."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from communications.exports import write_csv, write_xlsx
from communications.services.exports import CONTENT_TYPES, LIST_FORMATS, ExportFile
from iwg.models import AccessEvent, User
from iwg.services import access_record

from .. import exports, selectors
from ..filters import RecommendationFilter


def _clean_filters(filters) -> dict:
    known = set(RecommendationFilter.base_filters)
    items = filters.lists() if hasattr(filters, "lists") else ((key, [value]) for key, value in (filters or {}).items())
    return {key: values[-1] if len(values) == 1 else values for key, values in items if key in known}


def recommendations_export(*, actor: User, fmt: str, filters, request=None) -> ExportFile:
    """The register as `actor` sees it, filtered as the page (invalid filters raise ValidationError), as XLSX or
    CSV; an EXPORT access event names the format, the row count and the filters."""
    fmt = (fmt or "").lower()
    if fmt not in LIST_FORMATS:
        raise ValidationError({"format": _("Choose one of: %(formats)s.") % {"formats": ", ".join(LIST_FORMATS)}})
    filters = _clean_filters(filters)
    rows = list(exports.register_queryset(selectors.recommendation_list(user=actor, filters=filters)))
    table = exports.register_table(recommendations=rows, filters=filters)
    content = write_xlsx(table, user=actor) if fmt == "xlsx" else write_csv(table)
    access_record(
        kind=AccessEvent.Kind.EXPORT,
        request=request,
        user=actor,
        detail=f"recommendations {fmt}: {len(rows)} rows; filters {filters}",
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return ExportFile(content, f"iwg-recommendations-{stamp}.{fmt}", CONTENT_TYPES[fmt], len(rows))
