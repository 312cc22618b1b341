"""The HTML pages of communications, one module per concern (urls.py routes to them)."""

from .communications import CappedPaginator  # noqa: F401  (the register's capped count; tests set its cap)
