"""The communication page as it shows each round, deadline and remedy: the record with what the page adds to it
(its number, the steps this user may take, the related rows as lists). Rows wrap the records rather than hang
attributes on model instances; a row reads through to its record, so templates write `round.pk` as before."""

from dataclasses import dataclass, field
from typing import Any

from iwg.permissions import allowed

from ..models import OPTIONAL_DEADLINE_KINDS, Communication, Deadline, Remedy, Round, StatePosition
from .deadlines import deadline_actions
from .rounds import related_or_none, round_actions


class _ReadsThrough:
    """Attribute access falls through to the wrapped record (`_record`)."""

    _record_field = ""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name == "_record_field":
            raise AttributeError(name)
        return getattr(object.__getattribute__(self, self._record_field), name)


@dataclass
class DeadlineRow(_ReadsThrough):
    _record_field = "deadline"
    deadline: Deadline
    actions: set[str]
    is_optional: bool


@dataclass
class RoundRow(_ReadsThrough):
    _record_field = "round"
    round: Round
    number: int
    actions: set[str]
    deadline_list: list[DeadlineRow] = field(default_factory=list)
    analysis_list: list = field(default_factory=list)
    agenda_list: list = field(default_factory=list)
    position_obj: StatePosition | None = None
    position_texts: list = field(default_factory=list)


@dataclass
class RemedyRow(_ReadsThrough):
    _record_field = "remedy"
    remedy: Remedy
    can_act: bool
    can_grade: bool
    action_list: list = field(default_factory=list)
    grade_list: list = field(default_factory=list)


def round_rows(*, user, communication: Communication) -> list[RoundRow]:
    """The rounds of a communication read by `communication_detail`, oldest first, numbered from 1."""
    rows = []
    for number, round in enumerate(communication.rounds.all(), start=1):
        position = related_or_none(round, "position")
        rows.append(
            RoundRow(
                round=round,
                number=number,
                actions=round_actions(user=user, round=round),
                deadline_list=[
                    DeadlineRow(
                        deadline=deadline,
                        actions=deadline_actions(user=user, deadline=deadline),
                        is_optional=deadline.kind in OPTIONAL_DEADLINE_KINDS,
                    )
                    for deadline in round.deadlines.all()
                ],
                analysis_list=list(round.analyses.all()),
                agenda_list=list(round.agenda_items.all()),
                position_obj=position,
                position_texts=list(position.texts.all()) if position else [],
            )
        )
    return rows


def remedy_rows(*, user, remedies) -> list[RemedyRow]:
    return [
        RemedyRow(
            remedy=remedy,
            can_act=allowed(user, "communications.record_remedy_action", remedy),
            can_grade=allowed(user, "communications.grade_remedy", remedy),
            action_list=list(remedy.actions.all()),
            grade_list=list(remedy.grades.all()),
        )
        for remedy in remedies
    ]
