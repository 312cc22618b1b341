"""Reads about communications that more than one caller needs. Scoping to what a user may see lives here, so a
guessed id of something the user may not see is simply not found."""

import datetime as dt
from dataclasses import dataclass

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, TextField
from django.db.models.functions import Cast
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


def history_for(instance, *, limit: int | None = None, with_initial: bool = False) -> list[HistoryEntry]:
    """The change history of one tracked object, newest first: who, when, why and each field's old and new
    value. A user of None means the system (Celery task or management command). With `with_initial`, the
    oldest record lists the values the object started with (old value None). `instance` may be an unsaved
    `Model(pk=...)` to read the history of a deleted object."""
    records = list(
        instance.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit or None]
    )
    initial = with_initial and (limit is None or len(records) < limit)
    return _history_entries(type(instance), records, with_initial=initial)


def _history_entries(
    model, records: list, *, object_label: str | None = None, with_initial: bool = False
) -> list[HistoryEntry]:
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
        elif with_initial:
            for field in record.tracked_fields:
                value = getattr(record, field.attname)
                if field.editable and not field.primary_key and value not in (None, "", [], {}):
                    changes.append(FieldChange(field.name, str(field.verbose_name), None, value))
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
    considered_items = AgendaItem.objects.filter(
        meeting__status=Meeting.Status.HELD, round__communication__in=visible
    ).exclude(decision="")
    considered = considered_items.values("round_id").distinct()
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
        # By the year of the meeting that considered the round (a round deferred to the next year counts once
        # in each year it was considered).
        "rounds_considered_by_committee_year": [
            {"year": row["year"], "committee": row["round__communication__committee__code"], "count": row["count"]}
            for row in considered_items.annotate(year=ExtractYear("meeting__starts_at"))
            .values("year", "round__communication__committee__code")
            .annotate(count=Count("round_id", distinct=True))
            .order_by("year", "round__communication__committee__code")
        ],
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
# Audit pages and dashboard lists (/audit/history/..., /audit/activity/, /dashboard/). Read-only; the pages check
# the rule `communications.view_history` before calling these.

# Apps whose tracked models the audit pages show; the historical tables of these models are the activity log.
AUDITED_APPS = ("iwg", "communications", "meetings")
# What each model's __str__ reads through relations, so that labels of many objects cost one query per model.
LABEL_RELATED = {
    "communications.timelimit": ("committee",),
    "communications.communication": ("committee",),
    "communications.round": ("communication__committee",),
    "communications.legalanalysis": ("round__communication__committee",),
    "communications.stateposition": ("round__communication__committee",),
    "meetings.agendaitem": ("meeting", "round__communication__committee"),
}
# Bookkeeping fields that only add noise to an auditor's view of a change.
AUDIT_HIDDEN_FIELDS = frozenset({"lock_version"})
ACTIVITY_MAX_FILTER_VALUES = 200


@dataclass(frozen=True)
class AuditChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class AuditRow:
    model_key: str  # "app_label.model_name"
    model_label: str
    object_id: int
    object_label: str
    when: dt.datetime
    user: object  # None: the system
    agency_code: str
    kind: str  # "+" created, "~" changed, "-" deleted
    reason: str
    changes: list[AuditChange]

    @property
    def app_label(self) -> str:
        return self.model_key.split(".")[0]

    @property
    def model_name(self) -> str:
        return self.model_key.split(".")[1]


def tracked_models() -> dict[str, type]:
    """The models whose changes are recorded (simple-history), by "app_label.model_name", ordered by their
    plural name: the whitelist of the audit pages."""
    from django.apps import apps

    models = [
        model
        for model in apps.get_models()
        if model._meta.app_label in AUDITED_APPS and hasattr(model._meta, "simple_history_manager_attribute")
    ]
    models.sort(key=lambda model: str(model._meta.verbose_name_plural).lower())
    return {model._meta.label_lower: model for model in models}


def tracked_model_get(*, app_label: str, model_name: str):
    """A tracked model by its app label and model name, or Http404 (unknown or untracked models alike)."""
    model = tracked_models().get(f"{app_label}.{model_name}".lower())
    if model is None:
        raise Http404(_("No such kind of record."))
    return model


def object_labels(model, pks) -> dict:
    """{pk: str(object)} for the objects of `model` that still exist, in one query."""
    pks = {pk for pk in pks if pk is not None}
    if not pks:
        return {}
    related = LABEL_RELATED.get(model._meta.label_lower, ())
    objects = model._default_manager.select_related(*related).filter(pk__in=pks)
    return {obj.pk: str(obj) for obj in objects}


def _history_manager(model):
    return getattr(model, model._meta.simple_history_manager_attribute)


def _agency_codes() -> dict[int, str]:
    return dict(Agency.objects.values_list("id", "code"))


def _fk_labels(model, changes_by_field: list[tuple[str, object]]) -> dict:
    """Labels of the objects that foreign-key values point at, one query per related model."""
    wanted: dict[type, set] = {}
    for name, value in changes_by_field:
        field = model._meta.get_field(name)
        if not field.is_relation or value in (None, ""):
            continue
        if field.many_to_many:
            target = field.m2m_reverse_field_name()
            ids = {row.get(target) for row in value if isinstance(row, dict)}
        else:
            ids = {value}
        wanted.setdefault(field.related_model, set()).update(ids)
    return {
        (related_model, pk): label
        for related_model, ids in wanted.items()
        for pk, label in object_labels(related_model, ids).items()
    }


def _display_value(model, name: str, value, fk_labels: dict) -> str:
    from django.utils import formats, timezone

    if value is None or value == "" or value == [] or value == {}:
        return "—"
    field = model._meta.get_field(name)
    if field.is_relation:
        if field.many_to_many:
            target = field.m2m_reverse_field_name()
            ids = sorted(row.get(target) for row in value if isinstance(row, dict))
            return ", ".join(fk_labels.get((field.related_model, pk), f"#{pk}") for pk in ids) or "—"
        label = fk_labels.get((field.related_model, value))
        return (
            label
            if label is not None
            else _("%(kind)s #%(id)s (deleted)")
            % {
                "kind": field.related_model._meta.verbose_name,
                "id": value,
            }
        )
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, dt.datetime):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return str(value)


def _masked(model, name: str, record, viewer) -> bool:
    """A confidential party's full name is shown to the roles entitled to it only, in history as everywhere."""
    return (
        model._meta.label_lower == "communications.party"
        and name == "full_name"
        and getattr(record, "is_confidential", False)
        and not getattr(viewer, "sees_confidential_names", False)
    )


def _audit_changes(model, raw_changes: list[tuple[str, object, object]], record, viewer, fk_labels) -> list:
    changes = []
    for name, old, new in raw_changes:
        if name in AUDIT_HIDDEN_FIELDS:
            continue
        label = str(model._meta.get_field(name).verbose_name)
        if _masked(model, name, record, viewer):
            hidden = _("(confidential: %(initials)s)") % {"initials": record.initials}
            changes.append(AuditChange(label, "—" if old in (None, "") else hidden, hidden))
            continue
        changes.append(
            AuditChange(label, _display_value(model, name, old, fk_labels), _display_value(model, name, new, fk_labels))
        )
    return changes


def object_history(*, model, pk, viewer, limit: int = 500) -> tuple[str, list[AuditRow]]:
    """The label and the change history (newest first, at most `limit` records) of one object of a tracked model,
    also after it was deleted, with values made readable for `viewer`. Http404 when nothing was ever recorded."""
    try:
        pk = int(pk)
    except (TypeError, ValueError) as exc:
        raise Http404(_("No such record.")) from exc
    instance = model(pk=pk)
    entries = history_for(instance, limit=limit, with_initial=True)
    if not entries:
        raise Http404(_("No such record."))
    records = {
        record.history_date: record
        for record in _history_manager(model).filter(**{model._meta.pk.attname: pk}).order_by("-history_date")[:limit]
    }
    label = object_labels(model, [pk]).get(pk) or entries[0].object_label
    fk_labels = _fk_labels(model, [(c.field, v) for entry in entries for c in entry.changes for v in (c.old, c.new)])
    agencies = _agency_codes()
    rows = [
        AuditRow(
            model_key=model._meta.label_lower,
            model_label=str(model._meta.verbose_name),
            object_id=pk,
            object_label=label,
            when=entry.when,
            user=entry.user,
            agency_code=agencies.get(getattr(entry.user, "agency_id", None), ""),
            kind=entry.kind,
            reason=entry.reason,
            changes=_audit_changes(
                model,
                [(c.field, c.old, c.new) for c in entry.changes],
                records.get(entry.when),
                viewer,
                fk_labels,
            ),
        )
        for entry in entries
    ]
    return label, rows


def activity_log(
    *,
    model_keys=None,
    user_id: int | None = None,
    system_only: bool = False,
    agency_id: int | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
):
    """Every recorded change of the tracked models, newest first, as one UNION ALL over their historical tables:
    rows of (model_key, history_id, history_date). Page it (it is a queryset), then hydrate a page with
    `activity_rows`. Filters: who (a user, or the system only), the agency of who acted, [since, until), kinds."""
    from django.db.models import CharField, Value

    models = tracked_models()
    keys = [key for key in (model_keys or models) if key in models]
    parts = []
    for key in keys:
        queryset = _history_manager(models[key]).all().order_by()
        if system_only:
            queryset = queryset.filter(history_user__isnull=True)
        elif user_id is not None:
            queryset = queryset.filter(history_user_id=user_id)
        if agency_id is not None:
            queryset = queryset.filter(history_user__agency_id=agency_id)
        if since is not None:
            queryset = queryset.filter(history_date__gte=since)
        if until is not None:
            queryset = queryset.filter(history_date__lt=until)
        parts.append(
            queryset.annotate(model_key=Value(key, output_field=CharField())).values_list(
                "history_date", "history_id", "model_key"
            )
        )
    if not parts:
        return Communication.history.none().values_list("history_date", "history_id", "history_id")
    if len(parts) == 1:
        return parts[0].order_by("-history_date", "-history_id")
    return parts[0].union(*parts[1:], all=True).order_by("-history_date", "-history_id")


def activity_rows(page_rows, *, viewer) -> list[AuditRow]:
    """Turn a page of `activity_log` rows into readable rows: who, agency, object, each changed field's old and
    new value. Queries are bounded by the kinds of object on the page (about three per kind), not by its rows."""
    from django.db.models import OuterRef, Subquery

    models = tracked_models()
    wanted: dict[str, list[int]] = {}
    for _when, history_id, key in page_rows:
        wanted.setdefault(key, []).append(history_id)
    agencies = _agency_codes()
    built: dict[tuple[str, int], AuditRow] = {}
    for key, history_ids in wanted.items():
        model = models[key]
        history = _history_manager(model)
        pk_name = model._meta.pk.attname
        earlier = (
            history.filter(**{pk_name: OuterRef(pk_name)})
            .filter(
                Q(history_date__lt=OuterRef("history_date"))
                | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
            )
            .order_by("-history_date", "-history_id")
            .values("history_id")[:1]
        )
        records = list(
            history.filter(history_id__in=history_ids)
            .select_related("history_user")
            .annotate(previous_id=Subquery(earlier))
        )
        previous = history.in_bulk([r.previous_id for r in records if r.previous_id], field_name="history_id")
        m2m = [field.name for field in getattr(model, "_history_m2m_fields", [])]
        raw = {}
        for record in records:
            before = previous.get(record.previous_id)
            if before is not None:
                delta = record.diff_against(before, excluded_fields=m2m)
                raw[record.history_id] = [(c.field, c.old, c.new) for c in delta.changes]
            else:
                raw[record.history_id] = []
        fk_labels = _fk_labels(
            model, [(name, v) for rows in raw.values() for name, old, new in rows for v in (old, new)]
        )
        labels = object_labels(model, [getattr(record, pk_name) for record in records])
        for record in records:
            object_id = getattr(record, pk_name)
            built[(key, record.history_id)] = AuditRow(
                model_key=key,
                model_label=str(model._meta.verbose_name),
                object_id=object_id,
                object_label=labels.get(object_id)
                or _("%(kind)s #%(id)s (deleted)") % {"kind": model._meta.verbose_name, "id": object_id},
                when=record.history_date,
                user=record.history_user,
                agency_code=agencies.get(getattr(record.history_user, "agency_id", None), ""),
                kind=record.history_type,
                reason=record.history_change_reason or "",
                changes=_audit_changes(model, raw[record.history_id], record, viewer, fk_labels),
            )
    return [built[(key, history_id)] for _when, history_id, key in page_rows if (key, history_id) in built]


def overdue_deadline_list(*, user, today: dt.date | None = None, limit: int = 50) -> QuerySet[Deadline]:
    """Open deadlines whose day has passed, on communications `user` may see, most overdue first."""
    from iwg.calendar import local_date

    return (
        Deadline.objects.overdue(today=today or local_date())
        .filter(round__communication__in=communication_visible_to(user))
        .select_related("round__communication__committee", "responsible_agency")
        .order_by("due_on", "id")[:limit]
    )


# Pages: the register of communications, the communication page, documents and the home page.
# Each selector scopes to what the user may see and owns its select_related/prefetch_related, so that the number of
# queries does not grow with the number of rows.


@dataclass(frozen=True)
class CommunicationFilters:
    """What the register can be narrowed by. Empty values mean "any"."""

    search: str = ""
    committee: str = ""
    phase: str = ""
    round_status: str = ""
    agency: str = ""  # Agency code
    overdue: bool = False
    year: int | None = None  # year the first incoming note was received
    sort: str = "deadline"


# The register's sort keys: the user's choice is looked up here, never passed to order_by as is.
COMMUNICATION_SORTS = {
    "deadline": ("next_due_on", False),
    "-deadline": ("next_due_on", True),
    "number": ("number", False),
    "-number": ("number", True),
    "committee": ("committee__code", False),
    "-committee": ("committee__code", True),
    "received": ("first_received_on", False),
    "-received": ("first_received_on", True),
    "updated": ("updated_at", False),
    "-updated": ("updated_at", True),
}


def _visible_ids_filter(user, queryset: QuerySet[Communication]) -> QuerySet[Communication]:
    if user.is_authenticated and user.is_active and user.sees_all_communications:
        return queryset
    return queryset.filter(pk__in=communication_visible_to(user).values("pk"))


def communication_list(*, user, filters: "CommunicationFilters | dict | None" = None, today: dt.date | None = None):
    """The register: communications `user` may see, filtered, searched and sorted, with what a row shows
    annotated (nearest open deadline, whether one is overdue, the current round's status, the year of the first
    note) and the joined numbers, parties and decision fetched in a fixed number of queries whatever the page size.

    The search looks in the numbers (joined ones too), document symbols (the communication's and the decision's),
    the subject and the parties: a confidential person's full name only for roles that may see it, their initials
    for everyone."""
    from django.db.models import Case, Exists, F, IntegerField, Prefetch, Subquery, Value, When

    from iwg.calendar import local_date

    from .models import OPTIONAL_DEADLINE_KINDS, JoinedNumber, NoteVerbale, Party, Remedy

    if isinstance(filters, dict):
        filters = CommunicationFilters(**filters)
    filters = filters or CommunicationFilters()
    today = today or local_date()

    open_deadlines = Deadline.objects.pending().filter(round__communication=OuterRef("pk"))
    next_deadline = open_deadlines.exclude(kind__in=OPTIONAL_DEADLINE_KINDS).order_by("due_on", "id")
    finished = [Round.Status.SENT, Round.Status.CANCELLED]
    current_round = Round.objects.filter(communication=OuterRef("pk")).order_by(
        Case(When(status__in=finished, then=Value(1)), default=Value(0), output_field=IntegerField()),
        "-created_at",
        "-id",
    )
    first_note = NoteVerbale.objects.filter(
        communication=OuterRef("pk"), direction=NoteVerbale.Direction.INCOMING
    ).order_by("registered_on", "id")

    queryset = _visible_ids_filter(user, Communication.objects.all()).annotate(
        next_due_on=Subquery(next_deadline.values("due_on")[:1]),
        next_due_kind=Subquery(next_deadline.values("kind")[:1]),
        has_overdue=Exists(Deadline.objects.overdue(today=today).filter(round__communication=OuterRef("pk"))),
        current_round_status=Subquery(current_round.values("status")[:1]),
        has_urgent_round=Exists(
            Round.objects.filter(communication=OuterRef("pk"), is_urgent=True).exclude(status__in=finished)
        ),
        first_received_on=Subquery(first_note.values("registered_on")[:1]),
    )

    if filters.committee:
        queryset = queryset.filter(committee__code=filters.committee)
    if filters.phase:
        queryset = queryset.filter(phase=filters.phase)
    if filters.round_status:
        queryset = queryset.filter(
            Exists(Round.objects.filter(communication=OuterRef("pk"), status=filters.round_status))
        )
    if filters.agency:
        queryset = queryset.filter(
            Exists(open_deadlines.filter(responsible_agency__code=filters.agency))
            | Exists(
                Remedy.objects.filter(
                    decision__communication=OuterRef("pk"), responsible_agency__code=filters.agency
                ).exclude(status=Remedy.Status.IMPLEMENTED)
            )
        )
    if filters.overdue:
        queryset = queryset.filter(has_overdue=True)
    if filters.year:
        queryset = queryset.filter(first_received_on__year=filters.year)

    search = (filters.search or "").strip()
    if search:
        queryset = communication_search(queryset, search, user=user)

    field, descending = COMMUNICATION_SORTS.get(filters.sort, COMMUNICATION_SORTS["deadline"])
    expression = F(field).desc(nulls_last=True) if descending else F(field).asc(nulls_last=True)
    return (
        queryset.select_related("committee", "decision")
        .prefetch_related(
            Prefetch("joined_numbers", queryset=JoinedNumber.objects.order_by("number")),
            Prefetch("parties", queryset=Party.objects.order_by("role", "id")),
        )
        .order_by(expression, "-created_at", "-id")
    )


def communication_years() -> list[int]:
    """Years in which incoming notes were received, newest first (choices of the register's year filter)."""
    from .models import NoteVerbale

    return sorted(
        {day.year for day in NoteVerbale.objects.dates("registered_on", "year")},
        reverse=True,
    )


def communication_page(*, user, pk) -> Communication:
    """One communication the user may see, with everything its page shows: rounds with their deadlines (and
    extensions), analyses (every version), IWG agenda items, position and texts; notes with documents; the
    decision with remedies, actions and grades; the event rows. A fixed number of queries; Http404 otherwise."""
    from django.db.models import Prefetch

    from meetings.models import AgendaItem

    from .models import (
        Event,
        Extension,
        JoinedNumber,
        LegalAnalysis,
        NoteVerbale,
        Party,
        PositionText,
        Remedy,
        RemedyAction,
        RemedyGrade,
    )

    rounds = Round.objects.select_related(
        "incoming_note",
        "outgoing_note",
        "position",
        "position__approved_by",
        "position__approved_by_decision__meeting",
    ).prefetch_related(
        Prefetch(
            "deadlines",
            queryset=Deadline.objects.select_related("responsible_agency").prefetch_related(
                Prefetch("extensions", queryset=Extension.objects.select_related("recorded_by", "note"))
            ),
        ),
        Prefetch(
            "analyses",
            queryset=LegalAnalysis.objects.select_related("document", "submitted_by").order_by("-version"),
        ),
        Prefetch("position__texts", queryset=PositionText.objects.order_by("language")),
        Prefetch(
            "agenda_items",
            queryset=AgendaItem.objects.select_related("meeting").order_by("meeting__starts_at", "id"),
        ),
    )
    remedies = Remedy.objects.select_related("responsible_agency").prefetch_related(
        Prefetch("actions", queryset=RemedyAction.objects.select_related("agency", "recorded_by")),
        Prefetch("grades", queryset=RemedyGrade.objects.select_related("recorded_by")),
    )
    queryset = (
        _visible_ids_filter(user, Communication.objects.all())
        .select_related("committee", "decision", "decision__recorded_by")
        .prefetch_related(
            Prefetch("joined_numbers", queryset=JoinedNumber.objects.order_by("number")),
            Prefetch("parties", queryset=Party.objects.order_by("role", "id")),
            Prefetch(
                "notes",
                queryset=NoteVerbale.objects.select_related("registered_by").prefetch_related("documents"),
            ),
            Prefetch("rounds", queryset=rounds.order_by("created_at", "id")),
            Prefetch("decision__remedies", queryset=remedies),
            Prefetch("events", queryset=Event.objects.select_related("actor").order_by("occurred_at", "id")),
        )
    )
    try:
        return queryset.get(pk=pk)
    except (Communication.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such communication.")) from exc


@dataclass
class TimelineEntry:
    """One line of a communication's timeline. `on` is the day; `at` the moment when known."""

    on: dt.date
    at: dt.datetime | None
    kind: str
    title: str
    detail: str = ""
    actor: object = None
    documents: list = None  # type: ignore[assignment]
    round: Round | None = None
    link: str = ""
    badge: str = ""
    order: int = 0

    def __post_init__(self):
        self.documents = list(self.documents or [])


# Event kinds whose facts the timeline already shows from the records themselves (with their documents).
_EVENTS_SHOWN_AS_RECORDS = frozenset(
    {
        "note_registered",
        "analysis_submitted",
        "iwg_decision",
        "deadline_extended",
        "decision_recorded",
        "remedy_action",
        "remedy_graded",
        "position_sent",
    }
)


def _status_label(value: str) -> str:
    from meetings.models import Meeting

    for choices in (Round.Status, Communication.Phase, Deadline.Status, Meeting.Status):
        if value in choices.values:
            return str(choices(value).label)
    return value


def communication_timeline(communication: Communication, *, today: dt.date | None = None) -> list[TimelineEntry]:
    """Everything that happened to a communication, oldest first: each note (with its documents), each round's
    deadlines (on their due dates), every analysis version, each IWG decision, the position's approval, the final
    decision with its remedies, each follow-up action and grade, and the event rows (who, from which status to
    which, why). Reads only what `communication_page` prefetched: no further queries."""
    from django.utils import timezone

    from iwg.calendar import local_date

    from .models import OPTIONAL_DEADLINE_KINDS, Event, NoteVerbale

    today = today or local_date()
    entries: list[TimelineEntry] = []

    def day_of(moment: dt.datetime) -> dt.date:
        return timezone.localtime(moment).date()

    for note in communication.notes.all():
        incoming = note.direction == NoteVerbale.Direction.INCOMING
        detail_parts = []
        if note.ohchr_reference:
            detail_parts.append(
                _("OHCHR reference %(reference)s of %(date)s")
                % {"reference": note.ohchr_reference, "date": _date(note.ohchr_date)}
            )
        elif note.ohchr_date:
            detail_parts.append(_("OHCHR's date: %(date)s") % {"date": _date(note.ohchr_date)})
        if note.summary:
            detail_parts.append(note.summary)
        # A note recorded on the day it is dated takes its place among that day's steps (an outgoing note comes
        # after the approval that allowed it); a note recorded later keeps only its date.
        recorded_same_day = note.created_at is not None and day_of(note.created_at) == note.registered_on
        entries.append(
            TimelineEntry(
                on=note.registered_on,
                at=note.created_at if recorded_same_day else None,
                kind="note-in" if incoming else "note-out",
                title=(
                    _("Incoming note verbale No. %(number)s: %(kind)s")
                    if incoming
                    else _("Outgoing note verbale No. %(number)s: %(kind)s")
                )
                % {"number": note.registry_number, "kind": note.get_kind_display()},
                detail=" · ".join(detail_parts),
                actor=note.registered_by,
                documents=note.documents.all(),
                order=0,
            )
        )

    for round in communication.rounds.all():
        for deadline in round.deadlines.all():
            if deadline.status == Deadline.Status.OPEN:
                if deadline.kind in OPTIONAL_DEADLINE_KINDS and deadline.due_on < today:
                    badge = "lapsed"
                else:
                    badge = "overdue" if deadline.due_on < today else "open"
            else:
                badge = deadline.status
            entries.append(
                TimelineEntry(
                    on=deadline.due_on,
                    at=None,
                    kind="deadline",
                    title=_("Deadline: %(kind)s (%(agency)s)")
                    % {"kind": deadline.get_kind_display(), "agency": deadline.responsible_agency.code},
                    detail=deadline.basis,
                    round=round,
                    badge=badge,
                    order=9,
                )
            )
            for extension in deadline.extensions.all():
                entries.append(
                    TimelineEntry(
                        on=day_of(extension.created_at),
                        at=extension.created_at,
                        kind="extension",
                        title=_("Extension: %(kind)s moved from %(old)s to %(new)s")
                        % {
                            "kind": deadline.get_kind_display(),
                            "old": _date(extension.previous_due_on),
                            "new": _date(extension.new_due_on),
                        },
                        detail=" · ".join(part for part in (extension.reference, extension.reason) if part),
                        actor=extension.recorded_by,
                        round=round,
                    )
                )
        for analysis in round.analyses.all():
            entries.append(
                TimelineEntry(
                    on=day_of(analysis.submitted_at),
                    at=analysis.submitted_at,
                    kind="analysis",
                    title=_("Legal analysis, version %(version)s: admissibility %(admissibility)s, merits %(merits)s")
                    % {
                        "version": analysis.version,
                        "admissibility": analysis.get_admissibility_conclusion_display(),
                        "merits": analysis.get_merits_conclusion_display(),
                    },
                    detail=analysis.summary,
                    actor=analysis.submitted_by,
                    documents=[analysis.document],
                    round=round,
                    badge="late" if analysis.is_late else "",
                )
            )
        for item in round.agenda_items.all():
            if not item.decision:
                continue
            entries.append(
                TimelineEntry(
                    on=day_of(item.meeting.starts_at),
                    at=item.meeting.starts_at,
                    kind="meeting",
                    title=_("%(meeting)s decided: %(decision)s")
                    % {"meeting": item.meeting, "decision": item.get_decision_display()},
                    detail=item.decision_notes,
                    round=round,
                    link=item.meeting.get_absolute_url(),
                )
            )

    decision = related_or_none(communication, "decision")
    if decision is not None:
        remedies = list(decision.remedies.all())
        entries.append(
            TimelineEntry(
                on=decision.adopted_on,
                at=None,
                kind="decision",
                title=_("Final decision: %(kind)s %(symbol)s")
                % {"kind": decision.get_kind_display(), "symbol": decision.symbol},
                detail="; ".join(f"{remedy.get_kind_display()}: {remedy.description}" for remedy in remedies),
                actor=decision.recorded_by,
            )
        )
        for remedy in remedies:
            for action in remedy.actions.all():
                entries.append(
                    TimelineEntry(
                        on=action.taken_on,
                        at=None,
                        kind="remedy",
                        title=_("Follow-up action on “%(remedy)s” (%(agency)s)")
                        % {"remedy": remedy.get_kind_display(), "agency": action.agency.code},
                        detail=action.description,
                        actor=action.recorded_by,
                    )
                )
            for grade in remedy.grades.all():
                entries.append(
                    TimelineEntry(
                        on=grade.assessed_on,
                        at=None,
                        kind="grade",
                        title=_("Committee's grade on “%(remedy)s”: %(grade)s; State's assessment: %(state)s")
                        % {
                            "remedy": remedy.get_kind_display(),
                            "grade": grade.get_grade_display(),
                            "state": grade.get_state_assessment_display(),
                        },
                        detail=" · ".join(part for part in (grade.reference, grade.comment) if part),
                        actor=grade.recorded_by,
                    )
                )

    rounds_by_id = {round.pk: round for round in communication.rounds.all()}
    for event in communication.events.all():
        if event.kind in _EVENTS_SHOWN_AS_RECORDS:
            continue
        title = event.get_kind_display()
        if event.from_status and event.to_status:
            title = _("%(event)s: %(old)s → %(new)s") % {
                "event": title,
                "old": _status_label(event.from_status),
                "new": _status_label(event.to_status),
            }
        elif event.to_status:
            title = _("%(event)s: %(new)s") % {"event": title, "new": _status_label(event.to_status)}
        entries.append(
            TimelineEntry(
                on=day_of(event.occurred_at),
                at=event.occurred_at,
                kind="event",
                title=str(title),
                detail=event.reason,
                actor=event.actor,
                round=rounds_by_id.get(event.round_id),
                badge=event.kind if event.kind == Event.Kind.DEADLINE_MISSED else "",
                order=1,
            )
        )

    # Day first; within a day, records without a time first, then by time, deadlines last.
    return sorted(
        entries,
        key=lambda entry: (
            entry.on,
            entry.order == 9,
            entry.at is not None,
            entry.at or dt.datetime.min.replace(tzinfo=dt.UTC),
            entry.order,
        ),
    )


def _date(value: dt.date | None) -> str:
    from django.utils.formats import date_format

    return date_format(value, "SHORT_DATE_FORMAT") if value else "-"


# Steps a round's page offers, by round status. For showing buttons only: the services remain the authority and
# refuse a step the state or role does not allow.
ROUND_ACTION_STATUSES = {
    "refer": ({Round.Status.REGISTERED}, "communications.refer_round"),
    "analysis": (
        {Round.Status.REFERRED, Round.Status.ANALYSIS_SUBMITTED, Round.Status.ON_AGENDA},
        "communications.submit_analysis",
    ),
    "position": (
        {Round.Status.REFERRED, Round.Status.ANALYSIS_SUBMITTED, Round.Status.ON_AGENDA, Round.Status.IWG_APPROVED},
        "communications.draft_position",
    ),
    "approve": ({Round.Status.IWG_APPROVED}, "communications.approve_position"),
    "send": ({Round.Status.POSITION_APPROVED}, "communications.send_position"),
    "cancel": (
        set(Round.Status) - {Round.Status.SENT, Round.Status.CANCELLED},
        "communications.cancel_round",
    ),
}


def round_actions(*, user, round: Round) -> set[str]:
    """The steps `user` may take on `round` now (role and status), e.g. {"refer", "cancel"}."""
    from iwg.permissions import allowed

    actions = set()
    for action, (statuses, permission) in ROUND_ACTION_STATUSES.items():
        if round.status in statuses and allowed(user, permission, round):
            actions.add(action)
    if "approve" in actions:
        position = related_or_none(round, "position")
        if position is None or not position.texts.all():
            actions.discard("approve")
    return actions


def related_or_none(instance, name: str):
    """The object at the other end of a one-to-one relation (`round.position`, `communication.decision`), or
    None when there is none yet."""
    from django.core.exceptions import ObjectDoesNotExist

    try:
        return getattr(instance, name)
    except ObjectDoesNotExist:
        return None


def deadline_actions(*, user, deadline: Deadline) -> set[str]:
    """ "extend" (a committee's deadline) or "change" (an internal one), when the user may and it is still open."""
    from iwg.permissions import allowed

    from .models import COMMITTEE_DEADLINE_KINDS

    if deadline.status not in (Deadline.Status.OPEN, Deadline.Status.MISSED):
        return set()
    if deadline.kind in COMMITTEE_DEADLINE_KINDS:
        return {"extend"} if allowed(user, "communications.extend_deadline", deadline) else set()
    return {"change"} if allowed(user, "communications.change_deadline", deadline) else set()


# Lists with query-string filters (used by the API: /api/v1/communications/, /api/v1/deadlines/) and remedies.
# The FilterSets parse and validate the query string (django-filter); scoping and the search rules live here.


class _StableOrderingFilter(django_filters.OrderingFilter):
    """An ordering whitelist, with the id as the last key so that pages never overlap."""

    def filter(self, queryset, value):
        queryset = super().filter(queryset, value)
        if value:
            queryset = queryset.order_by(*queryset.query.order_by, "pk")
        return queryset


def communication_search(queryset: QuerySet, value: str, *, user) -> QuerySet:
    """The one search of communications (register and API): number, joined numbers, subject, document symbols,
    the decision's symbol, and parties by initials, or by full name only where `user` may see it."""
    from .models import JoinedNumber, Party

    joined = JoinedNumber.objects.filter(communication=OuterRef("pk"), number__icontains=value)
    parties = Party.objects.filter(party_name_match(value, user=user), communication=OuterRef("pk"))
    return queryset.alias(symbols_text=Cast("symbols", output_field=TextField())).filter(
        Q(number__icontains=value)
        | Q(subject__icontains=value)
        | Q(symbols_text__icontains=value)
        | Q(decision__symbol__icontains=value)
        | Exists(joined)
        | Exists(parties)
    )


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
        return communication_search(queryset, value, user=self.user)


def _filtered(filterset: django_filters.FilterSet) -> QuerySet:
    if not filterset.is_valid():
        raise ValidationError({field: [str(error) for error in errors] for field, errors in filterset.errors.items()})
    return filterset.qs


def communication_filtered_list(*, user, filters=None, today: dt.date | None = None) -> QuerySet[Communication]:
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


def document_get(*, user, pk):
    """A document the user may download: one of a communication they may see, or the minutes of an IWG meeting
    (any signed-in user). Anything else is Http404, so a guessed id reveals nothing."""
    from meetings.models import Meeting

    from .models import Document

    if not (user.is_authenticated and user.is_active):
        raise Http404(_("No such document."))
    try:
        document = Document.objects.get(pk=pk)
    except (Document.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such document.")) from exc
    if document.communication_id is None:
        if Meeting.objects.filter(minutes=document).exists():
            return document
        raise Http404(_("No such document."))
    if not communication_visible_to(user).filter(pk=document.communication_id).exists():
        raise Http404(_("No such document."))
    return document


# ---------------------------------------------------------------------------------------------------------------
# Home page: what needs the signed-in user now


@dataclass
class WorkQueue:
    """What the home page shows one user. `sections` maps a key ("to_refer", "to_analyse", "for_agenda",
    "to_approve", "to_send") to rounds, each annotated with `committee_due_on` and `step_due_on` (the deadline of
    the step the user's agency owes)."""

    sections: dict
    meetings: list
    remedies: list  # unfinished remedies the user's agency answers for
    deadlines: list
    deadlines_scope: str  # "agency" or "all"
    overdue_count: int
    due_this_week_count: int
    unread_count: int
    notifications: list
    today: dt.date


# Which rounds wait for which role, and the deadline of the step they owe.
HOME_QUEUES = {
    "mfa_officer": [
        ("to_refer", Round.Status.REGISTERED, DeadlineKind.PGO_ANALYSIS),
        ("to_send", Round.Status.POSITION_APPROVED, DeadlineKind.DISPATCH),
    ],
    "pgo_prosecutor": [("to_analyse", Round.Status.REFERRED, DeadlineKind.PGO_ANALYSIS)],
    "moj_secretary": [
        ("for_agenda", Round.Status.ANALYSIS_SUBMITTED, DeadlineKind.IWG_CONSIDERATION),
        ("to_approve", Round.Status.IWG_APPROVED, DeadlineKind.POSITION_APPROVAL),
    ],
}
HOME_QUEUE_LIMIT = 20
HOME_DEADLINE_LIMIT = 10
HOME_NOTIFICATION_LIMIT = 5


def home_work_queue(*, user, today: dt.date | None = None) -> WorkQueue:
    """The home page of `user`: the rounds waiting for their role (MFA: registered rounds to refer and approved
    positions to send; PGO: referred rounds to analyse; MoJ: rounds ready for the agenda and IWG-approved rounds
    whose position awaits approval; IWG members: the items of upcoming meetings), the unfinished remedies their
    agency answers for, their agency's nearest open deadlines (every agency's for auditors and administrators), and
    their unread notifications.
    A fixed number of queries whatever the amounts."""
    from django.db.models import Prefetch, Subquery
    from django.utils import timezone

    from iwg.calendar import local_date
    from iwg.roles import Role
    from meetings.models import AgendaItem, Meeting

    from .models import OPTIONAL_DEADLINE_KINDS, Notification, Remedy

    today = today or local_date()
    visible = communication_visible_to(user)

    def due_of(kind):
        return Subquery(Deadline.objects.filter(round=OuterRef("pk"), kind=kind).values("due_on")[:1])

    sections = {}
    for key, status, step_kind in HOME_QUEUES.get(user.role, []):
        rounds = (
            Round.objects.filter(status=status, communication__in=visible)
            .select_related("communication__committee", "incoming_note")
            .annotate(committee_due_on=due_of(DeadlineKind.COMMITTEE), step_due_on=due_of(step_kind))
        )
        if key == "for_agenda":
            rounds = rounds.filter(pk__in=rounds_ready_for_agenda().values("pk"))
        sections[key] = list(
            rounds.order_by("-is_urgent", _asc_nulls_last("step_due_on"), _asc_nulls_last("committee_due_on"), "id")[
                :HOME_QUEUE_LIMIT
            ]
        )

    meetings = []
    if user.role == Role.IWG_MEMBER:
        meetings = list(
            Meeting.objects.filter(
                status=Meeting.Status.PLANNED, starts_at__gte=timezone.now() - dt.timedelta(hours=12)
            )
            .prefetch_related(
                Prefetch(
                    "agenda_items",
                    queryset=AgendaItem.objects.filter(round__communication__in=visible)
                    .select_related("round__communication__committee")
                    .order_by("order", "id"),
                )
            )
            .order_by("starts_at")[:5]
        )

    remedies = []
    if user.agency_id and user.role not in (Role.AUDITOR, Role.ADMINISTRATOR):
        remedies = list(
            Remedy.objects.filter(responsible_agency_id=user.agency_id, decision__communication__in=visible)
            .exclude(status=Remedy.Status.IMPLEMENTED)
            .exclude(decision__communication__phase=Communication.Phase.CLOSED)
            .select_related("decision__communication__committee")
            .order_by("decision__adopted_on", "id")[:HOME_QUEUE_LIMIT]
        )

    deadlines = (
        Deadline.objects.pending()
        .filter(round__communication__in=visible)
        .exclude(kind__in=OPTIONAL_DEADLINE_KINDS, due_on__lt=today)
    )
    scope = "all"
    if user.agency_id and user.role not in (Role.AUDITOR, Role.ADMINISTRATOR):
        deadlines = deadlines.filter(responsible_agency_id=user.agency_id)
        scope = "agency"
    overdue_count = deadlines.filter(due_on__lt=today).count()
    due_this_week_count = deadlines.filter(due_on__gte=today, due_on__lte=today + dt.timedelta(days=7)).count()
    nearest = list(
        deadlines.select_related("round__communication__committee", "responsible_agency").order_by("due_on", "id")[
            :HOME_DEADLINE_LIMIT
        ]
    )
    for deadline in nearest:
        deadline.days_left = (deadline.due_on - today).days

    unread = Notification.objects.filter(user=user).unread()
    return WorkQueue(
        sections=sections,
        meetings=meetings,
        remedies=remedies,
        deadlines=nearest,
        deadlines_scope=scope,
        overdue_count=overdue_count,
        due_this_week_count=due_this_week_count,
        unread_count=unread.count(),
        notifications=list(unread.select_related("communication__committee")[:HOME_NOTIFICATION_LIMIT]),
        today=today,
    )


def _asc_nulls_last(field: str):
    from django.db.models import F

    return F(field).asc(nulls_last=True)


# Deadline sweep (the writes are in services.py; the plan in notifications.py)


def sweep_last_run():
    """The latest completed deadline sweep (SweepRun), or None: shown to administrators and in /health/."""
    from .models import SweepRun

    return SweepRun.objects.order_by("-finished_at", "-id").first()


def deadlines_sweep_preview(*, today: dt.date | None = None, upcoming: int = 20) -> dict:
    """What the sweep would do now, without doing it (manage.py deadlines_status): each deadline the sweep would
    look at with its plan, then the next open deadlines beyond the reminder window."""
    from iwg.calendar import local_date

    from .notifications import ReminderSchedule, existing_notices, reminder_levels_sent, reminder_plan, sweep_candidates

    today = today or local_date()
    schedule = ReminderSchedule()
    due = list(
        sweep_candidates(today=today, schedule=schedule)
        .select_related("round__communication__committee", "responsible_agency")
        .order_by("due_on", "id")
    )
    existing = existing_notices(deadline.pk for deadline in due)
    rows = []
    for deadline in due:
        plan = reminder_plan(
            kind=deadline.kind,
            due_on=deadline.due_on,
            urgent=deadline.round.is_urgent,
            today=today,
            since=local_date(deadline.updated_at),
            sent_levels=reminder_levels_sent(existing.get((deadline.pk, deadline.due_on), set())),
            schedule=schedule,
        )
        rows.append((deadline, plan))
    later = list(
        Deadline.objects.open()
        .filter(due_on__gt=schedule.window_end(today))
        .select_related("round__communication__committee", "responsible_agency")
        .order_by("due_on", "id")[:upcoming]
    )
    return {
        "today": today,
        "window_end": schedule.window_end(today),
        "offsets": schedule.offsets,
        "due": rows,
        "later": [(deadline, schedule.day(deadline.due_on, schedule.max_offset)) for deadline in later],
        "last_run": sweep_last_run(),
    }


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
