"""Deadlines owned by a record of another app (a measure's target date in the recommendations app's action plan).

The deadline engine and its sweep are the same for every deadline: reminders, the missed mark and the escalation
exactly once (the notices' unique constraint). What differs is what the deadline belongs to. An app above
communications registers a `DeadlineOwner` for its deadline kind when it is ready; communications reads the
registry and never imports the owner (dependencies point one way).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from .models import Deadline


@dataclass(frozen=True)
class DeadlineOwner:
    """How one kind of owned deadline is named in a notice, where it links, and what its owner records when the
    sweep marks deadlines of this kind missed (its own timeline events: a deadline without a round has no
    communication to record them on)."""

    kind: str
    subject: Callable[[Deadline], str]
    link: Callable[[Deadline], str]
    missed: Callable[[list[Deadline], dt.datetime], None]


_OWNERS: dict[str, DeadlineOwner] = {}


def register(owner: DeadlineOwner) -> None:
    existing = _OWNERS.get(owner.kind)
    if existing is not None and existing != owner:
        raise ValueError(f"Two owners for the deadline kind {owner.kind!r}")
    _OWNERS[owner.kind] = owner


def owner_of(deadline: Deadline) -> DeadlineOwner | None:
    """The owner of a deadline that has no round (None for a round's deadline)."""
    if deadline.round_id is not None:
        return None
    return _OWNERS.get(deadline.kind)


def subject_of(deadline: Deadline) -> str:
    """What a notice names: the communication (committee and number only) or the owner's record."""
    if deadline.round_id is not None:
        communication = deadline.round_required.communication
        return f"{communication.committee.code} {communication.number}"
    owner = _OWNERS.get(deadline.kind)
    return owner.subject(deadline) if owner else str(deadline)


def link_of(deadline: Deadline) -> str:
    if deadline.round_id is not None:
        return deadline.round_required.communication.get_absolute_url()
    owner = _OWNERS.get(deadline.kind)
    return owner.link(deadline) if owner else ""


def missed(deadlines: list[Deadline], *, now: dt.datetime) -> None:
    """Let each owner record what the sweep did to its deadlines (grouped by kind)."""
    by_kind: dict[str, list[Deadline]] = {}
    for deadline in deadlines:
        by_kind.setdefault(deadline.kind, []).append(deadline)
    for kind, owned in by_kind.items():
        owner = _OWNERS.get(kind)
        if owner is not None:
            owner.missed(owned, now)
