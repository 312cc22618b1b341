"""The django-filter FilterSets of the registers: one FilterSet per register, used by the page and the API alike."""

import datetime as dt

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import BooleanField, ExpressionWrapper, F, Q, QuerySet
from django.utils.translation import gettext_lazy

from iwg.filters import StrictBooleanFilter
from iwg.models import Agency

from .models import (
    CommitteeCode,
    Communication,
    Deadline,
    DeadlineKind,
    Round,
)
from .search_text import fold

# The FilterSets parse and validate the query string (django-filter); the selectors scope, annotate and apply them.
# What the API schema says of a filter's type is set by the API (communications/apis/communications.py): the
# services read the filters too (through the selectors), and should not load the API's libraries.


class _StableOrderingFilter(django_filters.OrderingFilter):
    """An ordering whitelist, with the id as the last key so that pages never overlap."""

    def filter(self, queryset, value):
        queryset = super().filter(queryset, value)
        if value:
            queryset = queryset.order_by(*queryset.query.order_by, "pk")
        return queryset


def communication_search(queryset: QuerySet, value: str, *, user) -> QuerySet:
    """The one search of communications (register and API): the number alone and as pages show it ("CCPR
    4512/2026"), joined numbers, subject, document symbols, the decision's symbol, and parties by initials, or by
    full name only where `user` may see it. Reads the folded texts kept on each communication
    (communications/search_text.py), in any case and spacing."""
    folded = fold(value)
    if not folded:
        return queryset
    found = Q(search_text__contains=folded)
    if getattr(user, "sees_confidential_names", False):
        found |= Q(search_names__contains=folded)
    return queryset.filter(found)


# The register's sort keys (the page's `sort`, also accepted by the API): the user's choice is looked up here, never
# passed to order_by as is. Empty deadlines sort last either way.
COMMUNICATION_SORTS = {
    "deadline": ("next_due_on", False),
    "-deadline": ("next_due_on", True),
    # Numeric by year, then running number (150/2020 before 1402/2020), not as text.
    "number": ("number_sort", False),
    "-number": ("number_sort", True),
    "committee": ("committee_code", False),
    "-committee": ("committee_code", True),
    "received": ("first_received_on", False),
    "-received": ("first_received_on", True),
    "updated": ("updated_at", False),
    "-updated": ("updated_at", True),
}

# Sort keys that may be empty: the empty ones come last in both directions (one index per direction).
_NULLABLE_SORT_FIELDS = {"next_due_on", "first_received_on"}


def register_ordering(sort: str) -> list:
    """The register's ORDER BY for a sort key: the key, then the newest first among equals, matching an index
    (communications/models/communications.py: Communication.Meta.indexes) so that a page is read without sorting
    the table."""
    field, descending = COMMUNICATION_SORTS.get(sort, COMMUNICATION_SORTS["deadline"])
    nulls_last = True if field in _NULLABLE_SORT_FIELDS else None
    key = F(field).desc(nulls_last=nulls_last) if descending else F(field).asc(nulls_last=nulls_last)
    return [key, F("id").desc()]


def register_overdue(today: dt.date):
    """ "Has an overdue deadline" from the denormalised nearest due date: an obligation is overdue exactly when the
    nearest pending one has passed (communications/schedule.py)."""
    return ExpressionWrapper(Q(next_due_on__isnull=False, next_due_on__lt=today), output_field=BooleanField())


class YearFilter(django_filters.Filter):
    """A year: a whole number from 1900 to 9999 (the bounds the schema states; give the same min_value and
    max_value)."""

    field_class = forms.IntegerField


class CommunicationFilter(django_filters.FilterSet):
    """The one FilterSet of the register of communications: the page (communications/list.html, through
    CommunicationFilterForm, which renders it) and the API (/api/v1/communications/) filter with it.

    Two parameters have an older second name, kept so that neither the page's URLs nor API clients break:
    `status` is `round_status`, `ordering` (API-style field names) sits beside `sort` (the page's sort keys)."""

    q = django_filters.CharFilter(
        method="filter_search",
        max_length=200,
        help_text=gettext_lazy("Search in numbers, joined numbers, parties' names, document symbols and the subject."),
    )
    committee = django_filters.ChoiceFilter(
        field_name="committee__code",
        choices=CommitteeCode.choices,
        help_text=gettext_lazy("Committee code, e.g. CCPR."),
    )
    phase = django_filters.ChoiceFilter(choices=Communication.Phase.choices)
    round_status = django_filters.ChoiceFilter(
        choices=Round.Status.choices, method="filter_status", help_text=gettext_lazy("Has a round in this status.")
    )
    status = django_filters.ChoiceFilter(
        choices=Round.Status.choices,
        method="filter_status",
        help_text=gettext_lazy("Has a round in this status (the same as round_status)."),
    )
    agency = django_filters.ChoiceFilter(
        choices=Agency.Code.choices,
        method="filter_agency",
        help_text=gettext_lazy("Has an open deadline or an unfinished remedy this agency answers for."),
    )
    overdue = StrictBooleanFilter(
        method="filter_overdue",
        help_text=gettext_lazy("Has (true) or has not (false) an overdue deadline."),
    )
    year = YearFilter(
        method="filter_year",
        min_value=1900,
        max_value=9999,
        help_text=gettext_lazy("Year the first incoming note was received."),
    )
    sort = django_filters.ChoiceFilter(
        choices=[(key, key) for key in COMMUNICATION_SORTS],
        method="filter_sort",
        help_text=gettext_lazy("Sort by deadline, number, committee, received or updated; a leading minus reverses."),
    )
    ordering = _StableOrderingFilter(
        fields=(
            ("number_sort", "number"),
            ("created_at", "created_at"),
            ("transmitted_on", "transmitted_on"),
            ("committee_code", "committee"),
        ),
        help_text=gettext_lazy("Sort by number, created_at, transmitted_on or committee; a leading minus reverses."),
    )

    class Meta:
        model = Communication
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, user, today: dt.date, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.user = user
        self.today = today

    def filter_status(self, queryset, name, value):
        # The statuses of its rounds, kept on the communication (communications/schedule.py).
        return queryset.filter(round_statuses__contains=f",{value},")

    def filter_agency(self, queryset, name, value):
        # The agencies with an open or missed deadline or an unfinished remedy, kept on the communication
        # (communications/schedule.py): the page walks its sort's index and stops at the page's last row.
        return queryset.filter(answering_agencies__contains=f",{value},")

    def filter_overdue(self, queryset, name, value):
        overdue = Q(next_due_on__lt=self.today)  # the nearest pending due date (communications/schedule.py)
        return queryset.filter(overdue) if value else queryset.exclude(overdue)

    def filter_year(self, queryset, name, value):
        # A range on the column (an index can serve it), not EXTRACT(year).
        in_year = Q(first_received_on__gte=dt.date(value, 1, 1))
        if value < dt.MAXYEAR:  # 9999 is a valid year with no year after it
            in_year &= Q(first_received_on__lt=dt.date(value + 1, 1, 1))
        return queryset.filter(in_year)

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return communication_search(queryset, value, user=self.user)

    def filter_sort(self, queryset, name, value):
        return queryset.order_by(*register_ordering(value))


def _filtered(filterset: django_filters.FilterSet) -> QuerySet:
    if not filterset.is_valid():
        raise ValidationError({field: [str(error) for error in errors] for field, errors in filterset.errors.items()})
    return filterset.qs


class DeadlineFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Deadline.Status.choices)
    kind = django_filters.ChoiceFilter(choices=DeadlineKind.choices)
    agency = django_filters.CharFilter(
        field_name="responsible_agency__code",
        lookup_expr="iexact",
        max_length=20,
        help_text=gettext_lazy("Agency code, e.g. PGO."),
    )
    committee = django_filters.ChoiceFilter(
        field_name="round__communication__committee__code", choices=CommitteeCode.choices
    )
    due_before = django_filters.DateFilter(
        field_name="due_on", lookup_expr="lte", help_text=gettext_lazy("Due on or before this date.")
    )
    due_after = django_filters.DateFilter(
        field_name="due_on", lookup_expr="gte", help_text=gettext_lazy("Due on or after this date.")
    )
    overdue = StrictBooleanFilter(
        method="filter_overdue", help_text=gettext_lazy("Open obligations whose day has passed.")
    )
    ordering = _StableOrderingFilter(fields=(("due_on", "due_on"), ("created_at", "created_at")))

    class Meta:
        model = Deadline
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, today: dt.date, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.today = today

    def filter_overdue(self, queryset, name, value):
        overdue = Deadline.objects.overdue(today=self.today).values("pk")
        return queryset.filter(pk__in=overdue) if value else queryset.exclude(pk__in=overdue)
