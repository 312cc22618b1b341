"""Optimistic locking: every edit of an existing record carries the `lock_version` it was based on (a page's
hidden `expected_version` field; the API's `expected_version` or an `If-Match` header). A missing or stale version
is refused with 409 and nothing is overwritten; a successful edit increments the version (under the row lock the
service holds)."""

import re

from django.utils.translation import gettext as _

from .errors import ConcurrentEdit


def check_version(record, expected_version: int | None) -> None:
    """Raise ConcurrentEdit unless `expected_version` is the record's current `lock_version`. Call it on the row
    the service has locked with select_for_update()."""
    if expected_version is None:
        raise ConcurrentEdit(
            _(
                "This change does not say which version of the record it was based on, so it could overwrite "
                "someone else's change. Reload the page and make the change again."
            ),
            code="version_required",
        )
    if record.lock_version != expected_version:
        raise ConcurrentEdit(extra={"current_version": record.lock_version})


_IF_MATCH = re.compile(r'^\s*(?:W/)?"?(\d{1,10})"?\s*$')


def expected_version_from(request, data) -> int | None:
    """The version an API edit was based on: the body's `expected_version`, else the `If-Match` header (`"3"`,
    `W/"3"` or `3`). None when neither is given (the service then refuses the edit)."""
    if data.get("expected_version") is not None:
        return data["expected_version"]
    match = _IF_MATCH.match(request.headers.get("If-Match", ""))
    return int(match.group(1)) if match else None
