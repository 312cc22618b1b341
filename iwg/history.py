"""Saving tracked models with who and why recorded in their history, also when no request exists
(Celery tasks, management commands)."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from django.db import models
from django.dispatch import receiver
from simple_history.signals import pre_create_historical_record

from .texts import Text, stored

if TYPE_CHECKING:
    from .models import User


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
# Batched history: one INSERT per history model for a whole service step instead of one per save.

_batch = threading.local()


@contextmanager
def history_batched() -> Iterator[None]:
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
    by_model: dict[Any, list[Any]] = {}  # history model → its records
    for record in records:
        by_model.setdefault(type(record), []).append(record)
    for model, items in by_model.items():
        model.objects.bulk_create(items)


@receiver(pre_create_historical_record, dispatch_uid="iwg_history_batched")
def _collect_record(sender: type, history_instance: Any, **kwargs: Any) -> None:
    records = getattr(_batch, "records", None)
    if records is None or getattr(sender, "_history_m2m_fields", None):
        return
    # simple-history saves the record right after this signal: within a batch, the save only collects it.
    history_instance.save = lambda *args, **kw: records.append(history_instance)
