"""SQLite (development, the demo) compares case-insensitively only in ASCII: its LIKE, which Django's
`icontains`, `iexact` and `istartswith` use there, finds "Иванов" for "Иванов" but not for "иванов". PostgreSQL's
UPPER() knows Cyrillic. This module gives SQLite a LIKE that casefolds in Python (so "иванов", "ИВАНОВ" and
"Иванов" match alike, Kazakh letters included); it is installed on every new SQLite connection by
`iwg.apps.IwgConfig.ready` (infrastructure: a database connection hook, no business rule)."""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=256)
def _pattern(like: str, escape: str | None) -> re.Pattern[str]:
    parts: list[str] = []
    chars = iter(like)
    for char in chars:
        if escape is not None and char == escape:
            parts.append(re.escape(next(chars, "")))
        elif char == "%":
            parts.append(".*")
        elif char == "_":
            parts.append(".")
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts), re.DOTALL)


def unicode_like(pattern: str | None, value: object, escape: str | None = None) -> bool | None:
    """SQL `value LIKE pattern [ESCAPE escape]` with Unicode case folding (SQLite calls like(pattern, value[,
    escape]), the pattern first). NULL in, NULL out, as SQL's LIKE."""
    if pattern is None or value is None:
        return None
    return _pattern(str(pattern).casefold(), escape).fullmatch(str(value).casefold()) is not None


def install_unicode_like(sender, connection, **kwargs) -> None:
    """`connection_created` receiver: replace SQLite's ASCII-only LIKE on this connection."""
    if connection.vendor != "sqlite":
        return
    raw = connection.connection
    raw.create_function("like", 2, unicode_like, deterministic=True)
    raw.create_function("like", 3, unicode_like, deterministic=True)
