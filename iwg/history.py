"""Saving tracked models with who and why recorded in their history, also when no request exists
(Celery tasks, management commands)."""

from django.db import models

from .texts import Text, stored


def tracked_save(instance: models.Model, *, actor, reason: Text | str, update_fields: list[str] | None = None) -> None:
    """Save `instance` so that its historical record carries `actor` (None: the system) and `reason`: a Text is
    kept as data (code and parameters) and rendered in the reader's language on the history pages; a plain string
    is kept as written (what a person typed)."""
    instance._history_user = actor  # read by simple-history's pre-save hook
    instance._change_reason = stored(reason)
    instance.save(update_fields=update_fields)
    # history_user falls back to the request's user when None; make the system explicit by resetting it.
    del instance._history_user


def tracked_delete(instance: models.Model, *, actor, reason: Text | str) -> None:
    instance._history_user = actor
    instance._change_reason = stored(reason)
    instance.delete()
