"""Callbacks for `transaction.on_commit` that carry their arguments and keep a name."""

from collections.abc import Callable
from typing import Any


def on_commit_call(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Callable[[], Any]:
    """`func(*args, **kwargs)` as an on_commit callback. Not functools.partial: with `robust=True` Django logs a
    failing callback by its `__qualname__`, which a partial lacks, and the log call itself would then raise."""

    def call() -> Any:
        return func(*args, **kwargs)

    call.__qualname__ = getattr(func, "__qualname__", repr(func))
    return call
