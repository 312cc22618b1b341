"""Saving tracked models with who and why recorded in their history, also when no request exists
(Celery tasks, management commands)."""

from django.db import models


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
