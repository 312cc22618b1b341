"""The audit engine: history diffs of one object, the activity log across tracked models."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import CharField, OuterRef, Q, Subquery, Value
from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from communications.models import (
    Communication,
    Deadline,
    Decision,
    Remedy,
    Round,
    StatePosition,
)
from iwg.models import Agency, agency_label
from iwg.texts import render_stored

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
    user: Any  # None: the system
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
                reason=render_stored(record.history_change_reason),
                changes=changes,
                object_label=object_label if object_label is not None else str(record),
            )
        )
    return entries


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
    user: Any  # None: the system
    agency_code: str
    kind: str  # "+" created, "~" changed, "-" deleted
    reason: str
    changes: list[AuditChange]

    @property
    def agency(self) -> str:
        """The agency of who acted, in the reader's language (the row keeps its stable code)."""
        return agency_label(self.agency_code)

    @property
    def app_label(self) -> str:
        return self.model_key.split(".")[0]

    @property
    def model_name(self) -> str:
        return self.model_key.split(".")[1]


def tracked_models() -> dict[str, Any]:
    """The models whose changes are recorded (simple-history), by "app_label.model_name", ordered by their
    plural name: the whitelist of the audit pages."""

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


def _history_manager(model: Any) -> Any:
    return getattr(model, model._meta.simple_history_manager_attribute)


def _agency_codes() -> dict[int, str]:
    return dict(Agency.objects.values_list("id", "code"))


def _fk_labels(model, changes_by_field: list[tuple[str, object]]) -> dict:
    """Labels of the objects that foreign-key values point at, one query per related model."""
    wanted: dict[Any, set] = {}
    for name, value in changes_by_field:
        field = model._meta.get_field(name)
        if not field.is_relation or value in (None, ""):
            continue
        if field.many_to_many:
            target = field.m2m_reverse_field_name()
            ids = {row.get(target) for row in value if isinstance(row, dict)}  # type: ignore[attr-defined]
        else:
            ids = {value}
        wanted.setdefault(field.related_model, set()).update(ids)
    return {
        (related_model, pk): label
        for related_model, ids in wanted.items()
        for pk, label in object_labels(related_model, ids).items()
    }


def _display_value(model, name: str, value, fk_labels: dict) -> str:

    if value is None or value == "" or value == [] or value == {}:
        return "—"
    field = model._meta.get_field(name)
    if field.is_relation:
        if field.many_to_many:
            target = field.m2m_reverse_field_name()
            ids = sorted(row[target] for row in value if isinstance(row, dict) and row.get(target) is not None)
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
            agency_code=agencies.get(getattr(entry.user, "agency_id", None) or 0, ""),
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


def _communication_scope(model, communication_id: int) -> Q | None:
    """How the history rows of `model` that concern one communication are found (None: the model has none): the
    communication itself, the rows that point to it, and the rows of its rounds, deadlines, decision and remedies."""
    fields = {field.name for field in model._meta.fields}
    if model is Communication:
        return Q(id=communication_id)
    if "communication" in fields:
        return Q(communication_id=communication_id)
    owners = {
        "round": Round.objects.filter(communication_id=communication_id),
        "deadline": Deadline.objects.filter(round__communication_id=communication_id),
        "decision": Decision.objects.filter(communication_id=communication_id),
        "remedy": Remedy.objects.filter(decision__communication_id=communication_id),
        "position": StatePosition.objects.filter(round__communication_id=communication_id),
    }
    # Only a relation of that name (a response's agenda item has a "decision" that is a choice, not a Decision).
    relations = {field.name for field in model._meta.fields if field.is_relation}
    for name, queryset in owners.items():
        if name in relations:
            return Q(**{f"{name}_id__in": queryset.values("pk")})
    return None


def activity_log(
    *,
    model_keys=None,
    user_id: int | None = None,
    system_only: bool = False,
    agency_id: int | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    communication_id: int | None = None,
):
    """Every recorded change of the tracked models, newest first, as one UNION ALL over their historical tables:
    rows of (model_key, history_id, history_date). Page it (it is a queryset), then hydrate a page with
    `activity_rows`. Filters: who (a user, or the system only), the agency of who acted, [since, until), kinds,
    one communication (its own rows and those of its parties, notes, rounds, deadlines, decision, remedies...)."""

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
        if communication_id is not None:
            scope = _communication_scope(models[key], communication_id)
            if scope is None:
                continue
            queryset = queryset.filter(scope)
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
                agency_code=agencies.get(getattr(record.history_user, "agency_id", None) or 0, ""),
                kind=record.history_type,
                reason=render_stored(record.history_change_reason),
                changes=_audit_changes(model, raw[record.history_id], record, viewer, fk_labels),
            )
    return [built[(key, history_id)] for _when, history_id, key in page_rows if (key, history_id) in built]


def history_for_objects(objects) -> list[tuple[object, HistoryEntry]]:
    """The change history of several tracked objects (e.g. a round and its deadlines), one query per model rather
    than per object: (object, entry) pairs, newest first per object. Each entry is labelled with the object as it
    is now."""
    by_model: dict[Any, dict] = {}
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
