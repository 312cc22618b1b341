"""Saving tracked models with who and why recorded in their history, also when no request exists
(Celery tasks, management commands)."""

from typing import TYPE_CHECKING

from django.db import models

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
