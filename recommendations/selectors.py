"""Reads of recommendations. Recommendations are public UN documents: every signed-in user with a role reads them
(`recommendations.view`); what differs per user is the work due from them (`home_work`)."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from communications import workflow
from iwg.calendar import local_date
from iwg.models import Agency
from iwg.permissions import require

from .filters import RecommendationFilter, filtered
from .models import (
    Measure,
    ProgressReport,
    Recommendation,
    RecommendationCommunication,
    RecommendationEvent,
    Response,
    Review,
    Theme,
)
from .workflow import MEASURE, RESPONSE


def review_list(*, user) -> QuerySet[Review]:
    require(user, "recommendations.view")
    return Review.objects.select_related("committee").annotate(recommendation_count=Count("recommendations"))


def review_get(*, user, pk: int) -> Review:
    return get_object_or_404(review_list(user=user), pk=pk)


def recommendation_list(*, user, filters=None, today: dt.date | None = None) -> QuerySet[Recommendation]:
    """The register, filtered by the query string (`RecommendationFilter`); invalid filters raise
    ValidationError."""
    require(user, "recommendations.view")
    queryset = (
        Recommendation.objects.select_related("review", "response")
        .prefetch_related("themes")
        .order_by("review_id", "id")
    )
    return filtered(RecommendationFilter(filters or {}, queryset=queryset, today=today or local_date())).distinct()


def recommendation_get(*, user, pk: int) -> Recommendation:
    require(user, "recommendations.view")
    queryset = Recommendation.objects.select_related("review__committee", "response").prefetch_related(
        "themes",
        Prefetch("measures", queryset=Measure.objects.select_related("responsible_agency", "deadline")),
        "communication_links__communication__committee",
        "response__agenda_items__meeting",
    )
    return get_object_or_404(queryset, pk=pk)


def recommendation_timeline(recommendation: Recommendation) -> list[RecommendationEvent]:
    """Its events and those of the measures serving it, oldest first."""
    return list(
        RecommendationEvent.objects.filter(
            Q(recommendation=recommendation) | Q(measure__recommendations=recommendation, recommendation__isnull=True)
        )
        .select_related("actor")
        .distinct()
        .order_by("occurred_at", "id")
    )


def measure_list(*, user) -> QuerySet[Measure]:
    require(user, "recommendations.view")
    return Measure.objects.select_related("responsible_agency", "deadline").prefetch_related(
        "co_executors", "recommendations__review"
    )


def measure_get(*, user, pk: int) -> Measure:
    return get_object_or_404(measure_list(user=user), pk=pk)


def report_list(*, measure: Measure) -> QuerySet[ProgressReport]:
    return measure.reports.select_related("submitted_by", "reviewed_by").prefetch_related("documents")


def recommendations_by_theme(rows: list[Recommendation]) -> list[dict]:
    """The register's page grouped by theme (`?group=theme`): a recommendation appears under each of its themes,
    those without one last. Reads the prefetched themes: no query."""
    groups: dict[int | None, dict] = {}
    for recommendation in rows:
        themes: list[Theme | None] = [*recommendation.themes.all()] or [None]
        for theme in themes:
            key = theme.pk if theme is not None else None
            groups.setdefault(key, {"theme": theme, "rows": []})["rows"].append(recommendation)
    return sorted(
        groups.values(),
        key=lambda group: (group["theme"] is None, group["theme"].order if group["theme"] else 0, str(group["theme"])),
    )


def agency_choices() -> list[tuple[str, str]]:
    """The agencies by code, for the register's filter."""
    return [(agency.code, str(agency)) for agency in Agency.objects.order_by("code")]


def communication_recommendations(*, user, communication) -> list[RecommendationCommunication]:
    """The recommendations linked to a communication (its page), with their review and response."""
    require(user, "recommendations.view")
    return list(
        RecommendationCommunication.objects.filter(communication=communication)
        .select_related("recommendation__review", "recommendation__response")
        .order_by("recommendation__review_id", "recommendation_id")
    )


def theme_list() -> QuerySet[Theme]:
    return Theme.objects.filter(is_active=True)


@dataclass
class HomeWork:
    """The recommendations work of one user's home page: per queue of the workflow table, its rows."""

    sections: dict[str, dict] = field(default_factory=dict)


def _first(rows: QuerySet, limit: int) -> dict:
    """The first `limit` rows and how many there are, in one query unless there are more than `limit`."""
    found = list(rows[: limit + 1])
    return {"rows": found[:limit], "count": len(found) if len(found) <= limit else rows.count()}


def home_work(*, user, limit: int = 20) -> HomeWork:
    """Queues read from the workflow table (`home_queues(role, subject)`): responses to propose (MFA), responses for
    an IWG agenda (MoJ), measures awaiting the user's agency's progress report (any acting role of the responsible
    agency), reports to review (MoJ, MFA)."""
    work = HomeWork()
    for step, queue in workflow.home_queues(user.role, RESPONSE):
        rows = (
            Response.objects.filter(status__in=step.from_statuses)
            .select_related("recommendation__review")
            .order_by("recommendation__review_id", "recommendation_id")
        )
        work.sections[queue.key] = {"queue": queue, **_first(rows, limit), "kind": "response"}
    for step, queue in workflow.home_queues(user.role, MEASURE):
        rows = Measure.objects.filter(status__in=step.from_statuses).select_related("responsible_agency")
        if step.name == "report_submit":
            rows = rows.filter(responsible_agency_id=user.agency_id)
        rows = rows.order_by("target_date", "id")
        work.sections[queue.key] = {"queue": queue, **_first(rows, limit), "kind": "measure"}
    return work


def figures(*, today: dt.date | None = None) -> dict:
    """The published figures (received, supported, noted, implemented) and implementation by agency and theme."""
    decided = Q(response__status=Response.Status.DECIDED)
    totals = Recommendation.objects.aggregate(
        received=Count("pk"),
        supported=Count("pk", filter=decided & Q(response__position=Response.Position.SUPPORTED)),
        noted=Count("pk", filter=decided & Q(response__position=Response.Position.NOTED)),
        implemented=Count("pk", filter=Q(implementation=Recommendation.Implementation.IMPLEMENTED)),
    )
    by_agency = list(
        Measure.objects.exclude(status=Measure.Status.CANCELLED)
        .values("responsible_agency__code")
        .annotate(
            total=Count("pk"),
            completed=Count("pk", filter=Q(status=Measure.Status.COMPLETED)),
            overdue=Count(
                "pk",
                filter=Q(target_date__lt=today or local_date())
                & ~Q(status__in=[Measure.Status.COMPLETED, Measure.Status.CANCELLED]),
            ),
        )
        .order_by("responsible_agency__code")
    )
    by_theme = list(
        Theme.objects.annotate(
            total=Count("recommendations", distinct=True),
            implemented=Count(
                "recommendations",
                filter=Q(recommendations__implementation=Recommendation.Implementation.IMPLEMENTED),
                distinct=True,
            ),
        )
        .filter(total__gt=0)
        .order_by("order", "code")
    )
    return {"totals": totals, "by_agency": by_agency, "by_theme": by_theme}
