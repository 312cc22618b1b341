"""Saving tracked models with who and why recorded in their history, also when no request exists
(Celery tasks, management commands)."""

import threading
from contextlib import contextmanager

from django.db import models
from django.dispatch import receiver
from simple_history.signals import pre_create_historical_record


def tracked_save(instance: models.Model, *, actor, reason: str, update_fields: list[str] | None = None) -> None:
    """Save `instance` so that its historical record carries `actor` (None: the system) and `reason`."""
    instance._history_user = actor  # read by simple-history's pre-save hook
    instance._change_reason = str(reason)
    instance.save(update_fields=update_fields)
    # history_user falls back to the request's user when None; make the system explicit by resetting it.
    del instance._history_user


def tracked_delete(instance: models.Model, *, actor, reason: str) -> None:
    instance._history_user = actor
    instance._change_reason = str(reason)
    instance.delete()


# ---------------------------------------------------------------------------------------------------------------
# Batched history: one INSERT per history model for a whole service step instead of one per save.

_batch = threading.local()


@contextmanager
def history_batched():
    """Inside this block (itself inside the service's transaction), the historical records that saves of tracked
    models create are collected and inserted when the block ends, in one INSERT per history model, in the same
    transaction. Records of models with many-to-many history are saved at once as usual (their m2m rows need the
    record's id). Nested blocks join the outermost. A record is only ever created after a successful save; do
    not catch a database error of a tracked save inside the block without re-raising it (its savepoint would be
    undone but not a record collected before it)."""
    if getattr(_batch, "records", None) is not None:
        yield
        return
    _batch.records = []
    try:
        yield
        records = _batch.records
    finally:
        _batch.records = None
    by_model: dict[type, list] = {}
    for record in records:
        by_model.setdefault(type(record), []).append(record)
    for model, items in by_model.items():
        model.objects.bulk_create(items)


@receiver(pre_create_historical_record, dispatch_uid="iwg_history_batched")
def _collect_record(sender, history_instance, **kwargs) -> None:
    records = getattr(_batch, "records", None)
    if records is None or getattr(sender, "_history_m2m_fields", None):
        return
    # simple-history saves the record right after this signal: within a batch, the save only collects it.
    history_instance.save = lambda *args, **kwargs: records.append(history_instance)
