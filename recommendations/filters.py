"""The register of recommendations' filters: one FilterSet shared by the page and the API. What the API schema
says of a filter's type is set by the API (recommendations/apis.py), so that the services, which read the filters
through the selectors, do not load the API's libraries."""

import datetime as dt

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy

from communications.filters import _filtered as filtered
from iwg.filters import StrictBooleanFilter
from iwg.models import MAX_ID, Agency

from .models import Measure, Recommendation, Response, Review

__all__ = ["RecommendationFilter", "filtered"]

RESPONSE_CHOICES = [*Response.Position.choices, ("pending", gettext_lazy("Not decided yet"))]


class IdFilter(django_filters.Filter):
    """A record's id: a whole number (the bounds the schema states)."""

    field_class = forms.IntegerField


class RecommendationFilter(django_filters.FilterSet):
    mechanism = django_filters.ChoiceFilter(field_name="review__mechanism", choices=Review.Mechanism.choices)
    review = IdFilter(field_name="review_id", min_value=1, max_value=MAX_ID)
    theme = django_filters.CharFilter(
        field_name="themes__code", max_length=50, help_text=gettext_lazy("Theme code, e.g. torture.")
    )
    agency = django_filters.ChoiceFilter(
        method="filter_agency",
        choices=Agency.Code.choices,
        help_text=gettext_lazy("Responsible agency's code, e.g. MIA."),
    )
    response = django_filters.ChoiceFilter(method="filter_response", choices=RESPONSE_CHOICES)
    status = django_filters.ChoiceFilter(field_name="implementation", choices=Recommendation.Implementation.choices)
    overdue = StrictBooleanFilter(
        method="filter_overdue",
        help_text=gettext_lazy("A measure past its target date, or the follow-up date passed."),
    )

    class Meta:
        model = Recommendation
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, today: dt.date, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.today = today

    def filter_agency(self, queryset, name, value: str):
        return queryset.filter(
            Exists(Measure.objects.filter(recommendations=OuterRef("pk"), responsible_agency__code__iexact=value))
        )

    def filter_response(self, queryset, name, value: str):
        if value == "pending":
            return queryset.exclude(response__status=Response.Status.DECIDED)
        return queryset.filter(response__status=Response.Status.DECIDED, response__position=value)

    def filter_overdue(self, queryset, name, value: bool):
        late = Exists(Measure.objects.overdue(today=self.today).filter(recommendations=OuterRef("pk"))) | Q(
            pk__in=Recommendation.objects.follow_up_overdue(today=self.today).values("pk")
        )
        return queryset.filter(late) if value else queryset.exclude(late)
