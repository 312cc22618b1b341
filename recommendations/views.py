"""Pages of recommendations (thin: selectors read, services write). The register, a recommendation with its
timeline, a review, a measure with its progress reports."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import render

from iwg.views import page

from . import selectors
from .filters import RecommendationFilter
from .models import Recommendation, Response, Review, Theme


@page
def recommendation_list(request):
    try:
        queryset = selectors.recommendation_list(user=request.user, filters=request.GET)
        error = ""
    except ValidationError as exc:
        queryset, error = Recommendation.objects.none(), "; ".join(exc.messages)
    rows = Paginator(queryset, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "recommendations/list.html",
        {
            "rows": rows,
            "error": error,
            "filters": request.GET,
            "filter_fields": RecommendationFilter.base_filters,
            "mechanisms": Review.Mechanism.choices,
            "themes": Theme.objects.filter(is_active=True),
            "responses": [*Response.Position.choices, ("pending", Response.Status.PENDING.label)],
            "statuses": Recommendation.Implementation.choices,
            "grouped": request.GET.get("group") == "theme",
        },
    )


@page
def recommendation_detail(request, pk: int):
    recommendation = selectors.recommendation_get(user=request.user, pk=pk)
    return render(
        request,
        "recommendations/detail.html",
        {"recommendation": recommendation, "timeline": selectors.recommendation_timeline(recommendation)},
    )


@page
def review_detail(request, pk: int):
    review = selectors.review_get(user=request.user, pk=pk)
    return render(
        request,
        "recommendations/review.html",
        {"review": review, "recommendations": review.recommendations.select_related("response").order_by("id")},
    )


@page
def measure_detail(request, pk: int):
    measure = selectors.measure_get(user=request.user, pk=pk)
    return render(
        request,
        "recommendations/measure.html",
        {"measure": measure, "reports": selectors.report_list(measure=measure), "events": measure.events.all()},
    )
