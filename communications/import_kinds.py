"""Spreadsheet imports of another app's records through the same ImportJob machinery (upload and preview with
every row's problems, confirmation, a Celery job with progress, an idempotent re-import): the recommendations app
registers its kind when it is ready; communications reads the registry and never imports the owner (dependencies
point one way)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

COMMUNICATIONS = "communications"


@dataclass(frozen=True)
class ImportKind:
    """Who may confirm an import of this kind (a rules permission checked on the job), and the run: import the
    confirmed job's rows with progress (the job's id in; the job or None out)."""

    kind: str
    permission: str
    run: Callable[[int], object]


_KINDS: dict[str, ImportKind] = {}


def register(kind: ImportKind) -> None:
    existing = _KINDS.get(kind.kind)
    if existing is not None and existing != kind:
        raise ValueError(f"Two importers for the kind {kind.kind!r}")
    _KINDS[kind.kind] = kind


def of(kind: str) -> ImportKind | None:
    """The registered importer of `kind` (None for communications, which the import services run themselves)."""
    return _KINDS.get(kind)
