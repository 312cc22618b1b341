"""The register page's rendered HTML in the shared cache (Redis in production, shared by every web process).

What is cached: the page's content (heading buttons, filter form, count line, rows, pagination) and, for htmx
requests, the results partial; never the layout, which holds the CSRF token, the CSP nonce and the messages.

The key names everything the HTML depends on: the register's generation, the reader (id, role, agency, the flags
the permissions read: what they may see, masked or full names, which buttons), the language, today's date in
Almaty (days-left badges, overdue rows) and the query string as sent (filters, sort, page); full page or partial.

The generation is one counter in the cache, bumped after the commit of every transaction that writes what a row,
a filter or the visibility reads (`register_changed()`: the save and delete signals in communications/signals.py,
and the writers that bypass them, such as the deadline sweep). A reader reads the generation before it queries,
so rows read before a commit are stored under the old generation only. When the counter is missing (evicted, a
new cache) it restarts at the time in microseconds, above any earlier value. When the cache is unreachable or
raises, the page renders uncached. Infrastructure only: no rule of the register lives here."""

import hashlib
import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger("iwg.cache")

GENERATION_KEY = "iwg:register:generation"


def register_generation() -> int | None:
    """The register's current generation, created when missing; None when the cache cannot answer."""
    try:
        value = cache.get(GENERATION_KEY)
        if value is None:
            cache.add(GENERATION_KEY, time.time_ns() // 1000, timeout=None)
            value = cache.get(GENERATION_KEY)
    except Exception:  # noqa: BLE001  (any backend failure: render uncached)
        logger.warning("register cache: generation unreadable", exc_info=True)
        return None
    return value if isinstance(value, int) else None


def _bump_generation() -> None:
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # missing: any new value is above every earlier one
            cache.add(GENERATION_KEY, time.time_ns() // 1000, timeout=None)
    except Exception:  # noqa: BLE001  (the cached pages then expire with their timeout)
        logger.warning("register cache: generation not bumped", exc_info=True)


class _PendingBump:
    """The bump one transaction registered with on_commit, so that a thousand saves in it bump once."""

    ran = False

    def __call__(self) -> None:
        self.ran = True
        _bump_generation()


def register_changed() -> None:
    """Something the register shows may have changed: bump its generation when the current transaction commits
    (at once outside a transaction). Called by the signals and by every writer that bypasses them."""
    connection = transaction.get_connection()
    pending = getattr(connection, "iwg_register_bump", None)
    if (
        connection.in_atomic_block
        and pending is not None
        and not pending.ran
        and any(entry[1] is pending for entry in connection.run_on_commit)
    ):
        return  # already due at this commit (a rolled-back savepoint took its callback away: registered again)
    bump = _PendingBump()
    connection.iwg_register_bump = bump
    transaction.on_commit(bump)


def register_page_key(*, generation: int, user, language: str, today, query: str, partial: bool) -> str:
    """The cache key of one rendering of the register (see the module's docstring)."""
    reader = ":".join(
        str(part)
        for part in (
            user.pk,
            user.role,
            user.agency_id,
            int(user.is_superuser),
            int(user.is_active),
            int(user.is_agency_head),
        )
    )
    digest = hashlib.sha256(query.encode()).hexdigest()[:32]
    kind = "partial" if partial else "page"
    return f"iwg:register:{generation}:{reader}:{language}:{today.isoformat()}:{kind}:{digest}"


def register_html(key_of: Callable[[int], str], render: Callable[[], str]) -> str:
    """The cached HTML under the key `key_of(generation)`, or `render()`'s, then stored. Uncached when the setting
    is 0 or the cache fails."""
    seconds = settings.IWG_REGISTER_CACHE_SECONDS
    generation = register_generation() if seconds > 0 else None
    if generation is None:
        return render()
    key = key_of(generation)
    try:
        html = cache.get(key)
    except Exception:  # noqa: BLE001
        logger.warning("register cache: page unreadable", exc_info=True)
        return render()
    if isinstance(html, str):
        return html
    html = render()
    try:
        cache.set(key, html, seconds)
    except Exception:  # noqa: BLE001
        logger.warning("register cache: page not stored", exc_info=True)
    return html
