"""The register of recommendations as XLSX and CSV, with the communications export machinery
(`communications.exports`: Column, Table, write_csv, write_xlsx). The CSV's first columns are the import's
(recommendations/services/imports.py), so an exported register imports as it is into another review."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communications.exports import LIST_SEPARATOR, Column, Table, _choice

from .models import Recommendation, Response, Review


def _response(recommendation: Recommendation) -> str:
    response = recommendation.response
    return response.position if response.status == Response.Status.DECIDED else ""


def _measures(recommendation: Recommendation) -> list:
    return list(recommendation.measures.all())


def register_columns() -> list[Column]:
    return [
        Column("number", gettext_lazy("Number"), lambda r: r.number),
        Column("text", gettext_lazy("Recommendation"), lambda r: r.text),
        Column("recommending_states", gettext_lazy("Recommending States"), lambda r: r.recommending_states),
        Column("response", gettext_lazy("Response"), _response, _choice(Response.Position)),
        Column("reason", gettext_lazy("Reason for noting"), lambda r: r.response.reason),
        Column("themes", gettext_lazy("Themes"), lambda r: LIST_SEPARATOR.join(theme.code for theme in r.themes.all())),
        Column("text_ru", gettext_lazy("text in Russian"), lambda r: r.text_ru),
        Column("text_kk", gettext_lazy("text in Kazakh"), lambda r: r.text_kk),
        Column("sdg_targets", gettext_lazy("SDG targets"), lambda r: r.sdg_targets),
        Column("affected_groups", gettext_lazy("affected groups"), lambda r: r.affected_groups),
        Column("follow_up", gettext_lazy("singled out for follow-up"), lambda r: r.follow_up),
        Column("follow_up_due_on", gettext_lazy("Follow-up due on"), lambda r: r.follow_up_due_on),
        Column("review", gettext_lazy("Review"), lambda r: str(r.review)),
        Column("mechanism", gettext_lazy("Mechanism"), lambda r: r.review.mechanism, _choice(Review.Mechanism)),
        Column(
            "implementation",
            gettext_lazy("Implementation"),
            lambda r: r.implementation,
            _choice(Recommendation.Implementation),
        ),
        Column(
            "agencies",
            gettext_lazy("Responsible agency"),
            lambda r: LIST_SEPARATOR.join(sorted({m.responsible_agency.code for m in _measures(r)})),
        ),
        Column(
            "measures",
            gettext_lazy("Measures"),
            lambda r: LIST_SEPARATOR.join(f"{m.pk}: {m.title}" for m in _measures(r)),
        ),
    ]


def register_queryset(queryset):
    """The register's rows with what the columns read, in a fixed number of queries."""
    return queryset.select_related("review", "response").prefetch_related("themes", "measures__responsible_agency")


def register_table(*, recommendations, filters: dict) -> Table:
    return Table(title=_("Recommendations"), columns=register_columns(), rows=list(recommendations), filters=filters)
