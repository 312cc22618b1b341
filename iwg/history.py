"""Saving tracked models with who and why recorded in their history, also when no request exists
(Celery tasks, management commands)."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from django.db import connections, models, router
from django.db.models.fields import AutoFieldMixin
from django.db.models.sql import InsertQuery
from django.dispatch import receiver
from simple_history.manager import HistoricalQuerySet, HistoryDescriptor, HistoryManager
from simple_history.models import HistoricalRecords as BaseHistoricalRecords
from simple_history.signals import pre_create_historical_record

from .texts import Text, stored

if TYPE_CHECKING:
    from .models import User


class _HistoryDescriptor(HistoryDescriptor):
    """`instance.history`, with the manager's class built once: simple-history builds a new class
    (`from_queryset`) on every access, about 0.3 ms, and reads the attribute once per historical record."""

    def __init__(self, model, manager=HistoryManager, queryset=HistoricalQuerySet):
        super().__init__(model, manager, queryset)
        self.manager_type = manager.from_queryset(queryset)

    def __get__(self, instance, owner):
        return self.manager_type(self.model, instance)


class HistoricalRecords(BaseHistoricalRecords):
    """simple-history's HistoricalRecords (the same history models and records), with two savings per record:
    the history manager's class is built once per model, and a new row's record reads no many-to-many rows (a row
    just inserted has none yet; what is added to it later gets its own record)."""

    def finalize(self, sender, **kwargs):
        super().finalize(sender, **kwargs)
        descriptor = sender.__dict__.get(self.manager_name)
        if type(descriptor) is HistoryDescriptor:  # set for this model (not an abstract one, not inherited)
            setattr(
                sender,
                self.manager_name,
                _HistoryDescriptor(descriptor.model, descriptor.manager_class, descriptor.queryset_class),
            )

    def post_save(self, instance, created, using=None, **kwargs):
        """No record for a save that changes only fields the history leaves out: each sign-in saved the user's
        last sign-in time, and the activity log showed a row per sign-in saying that nothing changed (sign-ins
        and password changes are in the access log)."""
        update_fields = kwargs.get("update_fields")
        if not created and update_fields and set(update_fields) <= set(self.excluded_fields):
            return
        super().post_save(instance, created, using=using, **kwargs)

    def create_historical_record_m2ms(self, history_instance, instance):
        if history_instance.history_type == "+":
            return
        super().create_historical_record_m2ms(history_instance, instance)


def tracked_save(
    instance: models.Model, *, actor: "User | None", reason: Text | str, update_fields: list[str] | None = None
) -> None:
    """Save `instance` so that its historical record carries `actor` (None: the system) and `reason`: a Text is
    kept as data (code and parameters) and rendered in the reader's language on the history pages; a plain string
    is kept as written (what a person typed)."""
    instance._history_user = actor  # type: ignore[attr-defined]  # read by simple-history's pre-save hook
    instance._change_reason = stored(reason)  # type: ignore[attr-defined]
    instance.save(update_fields=update_fields)
    # history_user falls back to the request's user when None; make the system explicit by resetting it.
    del instance._history_user  # type: ignore[attr-defined]


def tracked_delete(instance: models.Model, *, actor: "User | None", reason: Text | str) -> None:
    """Delete `instance` so that its last historical record carries `actor` and `reason`."""
    instance._history_user = actor  # type: ignore[attr-defined]
    instance._change_reason = stored(reason)  # type: ignore[attr-defined]
    instance.delete()


# ---------------------------------------------------------------------------------------------------------------
# Batched history: one INSERT statement for all the historical records of a whole service step instead of one
# per save.

_batch = threading.local()
# Above this many records, one INSERT per history model (a statement's size stays bounded).
ONE_STATEMENT_MAX_RECORDS = 500


@contextmanager
def history_batched() -> Iterator[None]:
    """Inside this block (itself inside the service's transaction), the historical records that saves of tracked
    models create are collected and inserted when the block ends, in the same transaction: on PostgreSQL in one
    statement (one INSERT per history model, joined by WITH), elsewhere in one INSERT per history model. The
    records of a model with many-to-many history are collected only for new rows (which have no many-to-many rows
    yet); its other records are saved at once as usual, after the ones of that model collected before them, so
    that each row's records keep their order. Nested blocks join the outermost. A record is only ever created
    after a successful save; do not catch a database error of a tracked save inside the block without re-raising
    it (its savepoint would be undone but not a record collected before it)."""
    if getattr(_batch, "records", None) is not None:
        yield
        return
    _batch.records = []
    try:
        yield
        records = _batch.records
    finally:
        _batch.records = None
    _insert(records)


def _insert(records: list[Any]) -> None:
    by_model: dict[Any, list[Any]] = {}  # history model → its records
    for record in records:
        by_model.setdefault(type(record), []).append(record)
    if not by_model:
        return
    connection = connections[router.db_for_write(next(iter(by_model)))]
    if len(by_model) == 1 or connection.vendor != "postgresql" or len(records) > ONE_STATEMENT_MAX_RECORDS:
        for model, items in by_model.items():
            model.objects.bulk_create(items)
        return
    statements, params = [], []
    for model, items in by_model.items():
        fields = [
            field
            for field in model._meta.concrete_fields
            if not field.generated and not (field.primary_key and isinstance(field, AutoFieldMixin))
        ]
        query = InsertQuery(model)
        query.insert_values(fields, items)
        [(statement, values)] = query.get_compiler(connection=connection).as_sql()
        statements.append(statement)
        params.extend(values)
    *first, last = statements
    with connection.cursor() as cursor:
        cursor.execute("WITH " + ", ".join(f"h{i} AS ({sql})" for i, sql in enumerate(first)) + " " + last, params)


@receiver(pre_create_historical_record, dispatch_uid="iwg_history_batched")
def _collect_record(sender: Any, history_instance: Any, **kwargs: Any) -> None:
    records = getattr(_batch, "records", None)
    if records is None:
        return
    if getattr(sender, "_history_m2m_fields", None) and history_instance.history_type != "+":
        # Saved now with its many-to-many rows (they need its id): the collected records of its model go first.
        earlier = [record for record in records if type(record) is sender]
        if earlier:
            records[:] = [record for record in records if type(record) is not sender]
            sender._default_manager.bulk_create(earlier)
        return
    # simple-history saves the record right after this signal: within a batch, the save only collects it.
    history_instance.save = lambda *args, **kw: records.append(history_instance)
