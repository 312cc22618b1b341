"""Reads about communications that more than one caller needs. Scoping to what a user may see lives here, so a
guessed id of something the user may not see is simply not found."""

import datetime as dt
from dataclasses import dataclass

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters.widgets import BooleanWidget

from iwg.calendar import WorkingCalendar, add_period
from iwg.models import Agency

from .models import (
    INTERNAL_DEADLINE_AGENCY,
    INTERNAL_DEADLINE_KINDS,
    CommitteeCode,
    Communication,
    Deadline,
    DeadlineKind,
    InternalDeadlinePolicy,
    Round,
    TimeLimit,
)


@dataclass(frozen=True)
class DeadlineProposal:
    kind: str
    due_on: dt.date
    agency_code: str
    basis: str


def committee_deadline_proposals(
    *, committee, note_kind: str, transmitted_on: dt.date, reply_requested_by: dt.date | None = None
) -> list[DeadlineProposal]:
    """The committee's deadlines for a note of `note_kind`: its time limits counted in calendar months/days from
    the transmission date, or the date the note itself sets for the reply."""
    proposals = []
    limits = TimeLimit.objects.filter(committee=committee, note_kind=note_kind).order_by("deadline_kind")
    for limit in limits:
        if limit.deadline_kind == DeadlineKind.COMMITTEE and reply_requested_by:
            continue
        due_on = add_period(transmitted_on, months=limit.months, days=limit.days)
        proposals.append(DeadlineProposal(limit.deadline_kind, due_on, Agency.Code.MFA, limit.basis))
    if reply_requested_by:
        proposals.append(
            DeadlineProposal(
                DeadlineKind.COMMITTEE,
                reply_requested_by,
                Agency.Code.MFA,
                _("Date set in the note for the reply"),
            )
        )
    return sorted(proposals, key=lambda proposal: proposal.due_on)


def internal_deadline_proposals(
    *, note_kind: str, committee_due_on: dt.date, earliest: dt.date, calendar: WorkingCalendar | None = None
) -> list[DeadlineProposal]:
    """Default internal deadlines counted back from the committee's deadline by the policy for `note_kind`, moved
    to the previous working day, and never before `earliest` (the date the note was received)."""
    calendar = calendar or WorkingCalendar()
    policies = {p.deadline_kind: p.days_before for p in InternalDeadlinePolicy.objects.filter(note_kind=note_kind)}
    proposals = []
    for kind in INTERNAL_DEADLINE_KINDS:
        if kind not in policies:
            continue
        due_on = calendar.previous_working_day(committee_due_on - dt.timedelta(days=policies[kind]))
        if due_on < earliest:
            due_on = calendar.next_working_day(earliest)
        basis = _("%(days)s days before the committee's deadline, on a working day") % {"days": policies[kind]}
        proposals.append(DeadlineProposal(kind, due_on, INTERNAL_DEADLINE_AGENCY[kind], basis))
    # A later step never falls before an earlier one (a short period squeezes them onto the same day).
    for index in range(1, len(proposals)):
        previous, current = proposals[index - 1], proposals[index]
        if current.due_on < previous.due_on:
            proposals[index] = DeadlineProposal(current.kind, previous.due_on, current.agency_code, current.basis)
    return proposals


def communication_visible_to(user) -> QuerySet[Communication]:
    """Communications `user` may see: all for the MFA, PGO, MoJ, auditors and administrators; for IWG members,
    those put before the IWG or with a remedy or deadline their agency answers for."""
    queryset = Communication.objects.all()
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    if user.sees_all_communications:
        return queryset
    from meetings.models import AgendaItem

    on_agenda = AgendaItem.objects.filter(round__communication=OuterRef("pk"))
    agency_filter = Q()
    if user.agency_id:
        agency_filter = Q(decision__remedies__responsible_agency_id=user.agency_id) | Q(
            rounds__deadlines__responsible_agency_id=user.agency_id
        )
    return queryset.filter(Q(Exists(on_agenda)) | agency_filter).distinct()


def communication_get(*, user, pk) -> Communication:
    """One communication the user may see, or Http404."""
    try:
        return communication_visible_to(user).select_related("committee").get(pk=pk)
    except (Communication.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such communication.")) from exc


def round_get(*, user, pk) -> Round:
    try:
        return (
            Round.objects.filter(communication__in=communication_visible_to(user))
            .select_related("communication__committee", "incoming_note")
            .get(pk=pk)
        )
    except (Round.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such round.")) from exc


def deadline_get(*, user, pk) -> Deadline:
    try:
        return (
            Deadline.objects.filter(round__communication__in=communication_visible_to(user))
            .select_related("round__communication__committee", "responsible_agency")
            .get(pk=pk)
        )
    except (Deadline.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such deadline.")) from exc


def communication_find(*, committee, number: str) -> Communication | None:
    """The communication with this number in this committee, as its main number or as a joined one."""
    return (
        Communication.objects.filter(committee=committee)
        .filter(Q(number=number) | Q(joined_numbers__number=number, joined_numbers__committee=committee))
        .first()
    )


def rounds_ready_for_agenda() -> QuerySet[Round]:
    """Rounds with an analysis in and no IWG decision yet, nearest committee deadline first."""
    committee_due = Deadline.objects.filter(round=OuterRef("pk"), kind=DeadlineKind.COMMITTEE).values("due_on")[:1]
    return (
        Round.objects.filter(status=Round.Status.ANALYSIS_SUBMITTED)
        .select_related("communication__committee")
        .annotate(committee_due_on=committee_due)
        .order_by("committee_due_on", "id")
    )


# ---------------------------------------------------------------------------------------------------------------
# Notifications


def notification_list(*, user, unread_only: bool = False) -> QuerySet:
    from .models import Notification

    queryset = Notification.objects.filter(user=user).select_related("communication__committee", "deadline")
    return queryset.unread() if unread_only else queryset


# ---------------------------------------------------------------------------------------------------------------
# History (auditors)


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: object
    new: object


@dataclass(frozen=True)
class HistoryEntry:
    when: dt.datetime
    user: object  # None: the system
    kind: str  # "+" created, "~" changed, "-" deleted
    reason: str
    changes: list[FieldChange]
    object_label: str


def history_for(instance, *, limit: int | None = None) -> list[HistoryEntry]:
    """The change history of one tracked object, newest first: who, when, why and each field's old and new
    value. A user of None means the system (Celery task or management command)."""
    records = list(
        instance.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit or None]
    )
    return _history_entries(type(instance), records)


def _history_entries(model, records: list, *, object_label: str | None = None) -> list[HistoryEntry]:
    """HistoryEntry rows from one object's historical records (newest first), each diffed against the one before."""
    entries = []
    for index, record in enumerate(records):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None:
            delta = record.diff_against(previous)
            for change in delta.changes:
                field = model._meta.get_field(change.field)
                changes.append(FieldChange(change.field, str(field.verbose_name), change.old, change.new))
        entries.append(
            HistoryEntry(
                when=record.history_date,
                user=record.history_user,
                kind=record.history_type,
                reason=record.history_change_reason or "",
                changes=changes,
                object_label=object_label if object_label is not None else str(record),
            )
        )
    return entries


# ---------------------------------------------------------------------------------------------------------------
# Figures for the dashboard and /api/v1/stats/


def dashboard_figures(*, user, today: dt.date | None = None) -> dict:
    """The figures the ministries publish, from what `user` may see: IWG meetings held; requests and Views
    considered by the IWG; positions sent; each by committee and by year; what is overdue now; the median days
    from an incoming note to the sent position."""
    from statistics import median

    from django.db.models import Count
    from django.db.models.functions import ExtractYear

    from iwg.calendar import local_date
    from meetings.models import AgendaItem, Meeting

    today = today or local_date()
    visible = communication_visible_to(user)
    meetings_held = Meeting.objects.filter(status=Meeting.Status.HELD)
    considered = (
        AgendaItem.objects.filter(meeting__status=Meeting.Status.HELD, round__communication__in=visible)
        .exclude(decision="")
        .values("round_id")
        .distinct()
    )
    sent = Round.objects.filter(status=Round.Status.SENT, communication__in=visible)

    def by(queryset, committee_path: str, date_path: str) -> list[dict]:
        rows = (
            queryset.annotate(year=ExtractYear(date_path))
            .values("year", committee_path)
            .annotate(count=Count("id", distinct=True))
            .order_by("year", committee_path)
        )
        return [{"year": row["year"], "committee": row[committee_path], "count": row["count"]} for row in rows]

    durations = [
        (outgoing - incoming).days
        for incoming, outgoing in sent.values_list("incoming_note__registered_on", "outgoing_note__registered_on")
        if incoming and outgoing
    ]
    overdue = Deadline.objects.overdue(today=today).filter(round__communication__in=visible)
    return {
        "meetings_held": meetings_held.count(),
        "meetings_held_by_year": list(
            meetings_held.annotate(year=ExtractYear("starts_at"))
            .values("year")
            .annotate(count=Count("id"))
            .order_by("year")
        ),
        "rounds_considered": considered.count(),
        "rounds_considered_by_committee_year": by(
            Round.objects.filter(pk__in=considered.values("round_id")), "communication__committee__code", "created_at"
        ),
        "positions_sent": sent.count(),
        "positions_sent_by_committee_year": by(sent, "communication__committee__code", "outgoing_note__registered_on"),
        "communications_by_committee": list(
            visible.values("committee__code").annotate(count=Count("id")).order_by("committee__code")
        ),
        "overdue_deadlines": overdue.count(),
        "overdue_by_agency": list(
            overdue.values("responsible_agency__code").annotate(count=Count("id")).order_by("responsible_agency__code")
        ),
        "median_days_note_to_position": median(durations) if durations else None,
    }


# ---------------------------------------------------------------------------------------------------------------
# Lists with query-string filters (used by the API: /api/v1/communications/, /api/v1/deadlines/) and remedies.
# The FilterSets parse and validate the query string (django-filter); scoping and the search rules live here.


class _StableOrderingFilter(django_filters.OrderingFilter):
    """An ordering whitelist, with the id as the last key so that pages never overlap."""

    def filter(self, queryset, value):
        queryset = super().filter(queryset, value)
        if value:
            queryset = queryset.order_by(*queryset.query.order_by, "pk")
        return queryset


def party_name_match(value: str, *, user) -> Q:
    """Parties matching `value`: by full name only where `user` may see it (never a confidential party's name for
    a role that sees initials), and by initials."""
    if getattr(user, "sees_confidential_names", False):
        by_name = Q(full_name__icontains=value)
    else:
        by_name = Q(full_name__icontains=value, is_confidential=False)
    return by_name | Q(initials__icontains=value)


class CommunicationFilter(django_filters.FilterSet):
    committee = django_filters.ChoiceFilter(
        field_name="committee__code",
        choices=CommitteeCode.choices,
        help_text=gettext_lazy("Committee code, e.g. CCPR."),
    )
    phase = django_filters.ChoiceFilter(choices=Communication.Phase.choices)
    status = django_filters.ChoiceFilter(
        choices=Round.Status.choices, method="filter_status", help_text=gettext_lazy("Has a round in this status.")
    )
    overdue = django_filters.BooleanFilter(
        method="filter_overdue",
        widget=BooleanWidget,
        help_text=gettext_lazy("Has (true) or has not (false) an overdue deadline."),
    )
    q = django_filters.CharFilter(
        method="filter_search",
        max_length=100,
        help_text=gettext_lazy("Search in numbers, joined numbers, parties' names, document symbols and the subject."),
    )
    ordering = _StableOrderingFilter(
        fields=(
            ("number", "number"),
            ("created_at", "created_at"),
            ("transmitted_on", "transmitted_on"),
            ("committee__code", "committee"),
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
        return queryset.filter(Exists(Round.objects.filter(communication=OuterRef("pk"), status=value)))

    def filter_overdue(self, queryset, name, value):
        overdue = Exists(Deadline.objects.overdue(today=self.today).filter(round__communication=OuterRef("pk")))
        return queryset.filter(overdue if value else ~overdue)

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        from .models import JoinedNumber, Party

        joined = JoinedNumber.objects.filter(communication=OuterRef("pk"), number__icontains=value)
        parties = Party.objects.filter(party_name_match(value, user=self.user), communication=OuterRef("pk"))
        return queryset.filter(
            Q(number__icontains=value)
            | Q(subject__icontains=value)
            | Q(symbols__icontains=value)
            | Q(decision__symbol__icontains=value)
            | Exists(joined)
            | Exists(parties)
        )


def _filtered(filterset: django_filters.FilterSet) -> QuerySet:
    if not filterset.is_valid():
        raise ValidationError({field: [str(error) for error in errors] for field, errors in filterset.errors.items()})
    return filterset.qs


def communication_list(*, user, filters=None, today: dt.date | None = None) -> QuerySet[Communication]:
    """Communications `user` may see, filtered by the query string (`CommunicationFilter`), newest first, with
    what a list shows prefetched and `has_overdue` annotated. Invalid filters raise ValidationError."""
    from iwg.calendar import local_date

    today = today or local_date()
    queryset = (
        communication_visible_to(user)
        .select_related("committee")
        .prefetch_related("parties", "joined_numbers")
        .annotate(has_overdue=Exists(Deadline.objects.overdue(today=today).filter(round__communication=OuterRef("pk"))))
        .order_by("-created_at", "-pk")
    )
    return _filtered(CommunicationFilter(filters or {}, queryset=queryset, user=user, today=today))


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
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", widget=BooleanWidget, help_text=gettext_lazy("Open obligations whose day has passed.")
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


def deadline_list(*, user, filters=None, today: dt.date | None = None) -> QuerySet[Deadline]:
    """Deadlines of the communications `user` may see, filtered by the query string (`DeadlineFilter`), the
    nearest first. Invalid filters raise ValidationError."""
    from iwg.calendar import local_date

    today = today or local_date()
    queryset = (
        Deadline.objects.filter(round__communication__in=communication_visible_to(user))
        .select_related("round__communication__committee", "responsible_agency")
        .order_by("due_on", "pk")
    )
    return _filtered(DeadlineFilter(filters or {}, queryset=queryset, today=today))


def remedy_get(*, user, pk):
    """One remedy of a communication the user may see, or Http404."""
    from .models import Remedy

    try:
        return (
            Remedy.objects.filter(decision__communication__in=communication_visible_to(user))
            .select_related("decision__communication__committee", "responsible_agency")
            .get(pk=pk)
        )
    except (Remedy.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such remedy.")) from exc


def _round_prefetches(prefix: str = "") -> list:
    from .models import LegalAnalysis

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


def communication_detail(*, user, pk) -> Communication:
    """One communication the user may see with its parties, notes, rounds (deadlines, analyses, position) and
    final decision (remedies, actions, grades) prefetched, or Http404."""
    from .models import Remedy, RemedyAction, RemedyGrade

    remedies = Remedy.objects.select_related("responsible_agency").prefetch_related(
        Prefetch("actions", queryset=RemedyAction.objects.select_related("agency", "recorded_by")),
        Prefetch("grades", queryset=RemedyGrade.objects.all()),
    )
    try:
        return (
            communication_visible_to(user)
            .select_related("committee", "decision")
            .prefetch_related(
                "parties",
                "joined_numbers",
                "notes",
                Prefetch("rounds", queryset=Round.objects.order_by("created_at", "pk")),
                *_round_prefetches("rounds__"),
                Prefetch("decision__remedies", queryset=remedies),
            )
            .get(pk=pk)
        )
    except (Communication.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such communication.")) from exc


def history_for_objects(objects) -> list[tuple[object, HistoryEntry]]:
    """The change history of several tracked objects (e.g. a round and its deadlines), one query per model rather
    than per object: (object, entry) pairs, newest first per object. Each entry is labelled with the object as it
    is now."""
    by_model: dict[type, dict] = {}
    for instance in objects:
        by_model.setdefault(type(instance), {})[instance.pk] = instance
    pairs = []
    for model, instances in by_model.items():
        records: dict = {pk: [] for pk in instances}
        history = model.history.filter(**{f"{model._meta.pk.attname}__in": list(instances)})
        for record in history.select_related("history_user").order_by("-history_date", "-history_id"):
            records[getattr(record, model._meta.pk.attname)].append(record)
        for pk, instance in instances.items():
            label = str(instance)
            pairs += [(instance, entry) for entry in _history_entries(model, records[pk], object_label=label)]
    return pairs
