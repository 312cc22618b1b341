"""The timeline of a communication: its notes, rounds, deadlines, decisions and events as one dated list."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from iwg.calendar import local_date

from ..models import (
    OPTIONAL_DEADLINE_KINDS,
    Communication,
    Deadline,
    Event,
    NoteVerbale,
    Round,
)
from .rounds import related_or_none


@dataclass
class TimelineEntry:
    """One line of a communication's timeline. `on` is the day; `at` the moment when known."""

    on: dt.date
    at: dt.datetime | None
    kind: str
    title: str
    detail: str = ""
    actor: Any = None
    documents: list = None  # type: ignore[assignment]
    round: Round | None = None
    link: str = ""
    badge: str = ""
    order: int = 0
    round_number: int | None = None  # the round's number on the page (1: the oldest)
    future: bool = False  # after the reading day
    first_future: bool = False  # the first of those (the page draws the "today" line above it)
    step: str = ""  # for an event line: the event's kind, which places it within its day

    def __post_init__(self):
        self.documents = list(self.documents or [])


# Event kinds whose facts the timeline already shows from the records themselves (with their documents).
_EVENTS_SHOWN_AS_RECORDS = frozenset(
    {
        "note_registered",
        "analysis_submitted",
        "iwg_decision",
        "deadline_extended",
        "decision_recorded",
        "remedy_action",
        "remedy_graded",
        "position_sent",
        # A met deadline is shown once: on its own line (badge "met", and the day it was met), not again as an
        # event.
        "deadline_met",
    }
)

# Within one day, the steps in the order the path takes them (the note received before the round it opens, the
# referral before the analysis, the IWG before the position, the position before the outgoing note...); steps of
# the same rank by time, then by title, so that the order never depends on how the rows were read. The deadlines
# falling due that day come last.
_STEP_RANK = {
    "note-in": 10,
    "round_opened": 20,
    "referred": 30,
    "extension": 40,
    "deadline_changed": 40,
    "analysis": 50,
    "put_on_agenda": 55,
    "removed_from_agenda": 56,
    "meeting": 60,
    "position_drafted": 70,
    "position_approved": 75,
    "note-out": 80,
    "decision": 85,
    "remedy": 86,
    "grade": 87,
    "phase_changed": 88,
    "round_cancelled": 89,
    "deadline_missed": 90,
    "deadline": 99,
}
_OTHER_RANK = 45  # e.g. a correction of the communication's details


def _status_label(value: str) -> str:
    # meetings.Meeting, reached through the relations meetings declares on Round (no import of meetings).
    meeting_status = Round.agenda_items.field.model._meta.get_field("meeting").related_model.Status  # type: ignore[union-attr]
    for choices in (Round.Status, Communication.Phase, Deadline.Status, meeting_status):
        if value in choices.values:
            return str(choices(value).label)
    return value


def communication_timeline(communication: Communication, *, today: dt.date | None = None) -> list[TimelineEntry]:
    """Everything that happened to a communication, oldest first: each note (with its documents), each round's
    deadlines (on their due dates), every analysis version, each IWG decision, the position's approval, the final
    decision with its remedies, each follow-up action and grade, and the event rows (who, from which status to
    which, why). Reads only what `communication_detail` prefetched: no further queries. Entries after `today` are
    marked `future` (the first of them `first_future`).

    A composition of small readers, one per kind of record."""
    today = today or local_date()
    entries = [*_note_entries(communication)]
    for round in communication.rounds.all():
        entries += _deadline_entries(round, today=today)
        entries += _analysis_entries(round)
        entries += _meeting_entries(round)
    entries += _decision_entries(communication)
    entries += _event_entries(communication)
    numbers = {round.pk: number for number, round in enumerate(communication.rounds.all(), start=1)}
    for entry in entries:
        entry.round_number = numbers.get(entry.round.pk or 0) if entry.round is not None else None
    ordered = sorted(entries, key=_timeline_order)
    future = [entry for entry in ordered if entry.on > today]
    for entry in future:
        entry.future = True
    if future:
        future[0].first_future = True
    return ordered


def _day_of(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def _timeline_order(entry: TimelineEntry) -> tuple:
    """Day first; within a day the step's place in the path (`_STEP_RANK`), then the time (a record without a
    time first), then the title: a stable, logical order."""
    return (
        entry.on,
        _STEP_RANK.get(entry.step or entry.kind, _OTHER_RANK),
        entry.at is not None,
        entry.at or dt.datetime.min.replace(tzinfo=dt.UTC),
        entry.order,
        str(entry.title),
    )


def _note_entries(communication: Communication) -> list[TimelineEntry]:
    entries: list[TimelineEntry] = []
    for note in communication.notes.all():
        incoming = note.direction == NoteVerbale.Direction.INCOMING
        detail_parts = []
        if note.ohchr_reference:
            detail_parts.append(
                _("OHCHR reference %(reference)s of %(date)s")
                % {"reference": note.ohchr_reference, "date": _date(note.ohchr_date)}
            )
        elif note.ohchr_date:
            detail_parts.append(_("OHCHR's date: %(date)s") % {"date": _date(note.ohchr_date)})
        if note.summary:
            detail_parts.append(note.summary)
        # A note recorded on the day it is dated takes its place among that day's steps (an outgoing note comes
        # after the approval that allowed it); a note recorded later keeps only its date.
        recorded_same_day = note.created_at is not None and _day_of(note.created_at) == note.registered_on
        entries.append(
            TimelineEntry(
                on=note.registered_on,
                at=note.created_at if recorded_same_day else None,
                kind="note-in" if incoming else "note-out",
                title=(
                    _("Incoming note verbale No. %(number)s: %(kind)s")
                    if incoming
                    else _("Outgoing note verbale No. %(number)s: %(kind)s")
                )
                % {"number": note.registry_number, "kind": note.get_kind_display()},
                detail=" · ".join(detail_parts),
                actor=note.registered_by,
                documents=list(note.documents.all()),
                badge="voided" if note.is_voided else "",
                order=0,
            )
        )

    return entries


def _deadline_badge(deadline: Deadline, *, today: dt.date) -> str:
    if deadline.status == Deadline.Status.OPEN:
        if deadline.kind in OPTIONAL_DEADLINE_KINDS and deadline.due_on < today:
            badge = "lapsed"
        else:
            badge = "overdue" if deadline.due_on < today else "open"
    else:
        badge = deadline.status
    return badge


def _deadline_entries(round: Round, *, today: dt.date) -> list[TimelineEntry]:
    entries: list[TimelineEntry] = []
    for deadline in round.deadlines.all():
        badge = _deadline_badge(deadline, today=today)
        entries.append(
            TimelineEntry(
                on=deadline.due_on,
                at=None,
                kind="deadline",
                title=_("Deadline: %(kind)s (%(agency)s)")
                % {"kind": deadline.get_kind_display(), "agency": deadline.responsible_agency.abbreviation},
                detail=_deadline_detail(deadline),
                round=round,
                badge=badge,
                order=9,
            )
        )
        entries += _extension_entries(round, deadline)
    return entries


def _deadline_detail(deadline: Deadline) -> str:
    """The deadline's basis and, once met, the day it was met (the one place a met deadline is shown)."""
    parts = [str(deadline.basis_text)] if deadline.basis_text else []
    # A historical entry's deadlines were marked met when it was entered, not when the step was done.
    if deadline.status == Deadline.Status.MET and deadline.completed_at and not _entered_as_historical(deadline):
        day = _date(_day_of(deadline.completed_at))
        parts.append(
            _("met late, on %(date)s") % {"date": day} if deadline.met_late else _("met on %(date)s") % {"date": day}
        )
    return " · ".join(parts)


def _entered_as_historical(deadline: Deadline) -> bool:
    return deadline.round is not None and deadline.round.is_historical


def _extension_entries(round: Round, deadline: Deadline) -> list[TimelineEntry]:
    entries: list[TimelineEntry] = []
    for extension in deadline.extensions.all():
        entries.append(
            TimelineEntry(
                on=_day_of(extension.created_at),
                at=extension.created_at,
                kind="extension",
                title=_("Extension: %(kind)s moved from %(old)s to %(new)s")
                % {
                    "kind": deadline.get_kind_display(),
                    "old": _date(extension.previous_due_on),
                    "new": _date(extension.new_due_on),
                },
                detail=" · ".join(part for part in (extension.reference, extension.reason) if part),
                actor=extension.recorded_by,
                round=round,
            )
        )
    return entries


def _analysis_entries(round: Round) -> list[TimelineEntry]:
    entries: list[TimelineEntry] = []
    for analysis in round.analyses.all():
        entries.append(
            TimelineEntry(
                on=_day_of(analysis.submitted_at),
                at=analysis.submitted_at,
                kind="analysis",
                title=_("Legal analysis, version %(version)s: admissibility %(admissibility)s, merits %(merits)s")
                % {
                    "version": analysis.version,
                    "admissibility": analysis.get_admissibility_conclusion_display(),
                    "merits": analysis.get_merits_conclusion_display(),
                },
                detail=analysis.summary,
                actor=analysis.submitted_by,
                documents=[analysis.document],
                round=round,
                badge="late" if analysis.is_late else "",
            )
        )
    return entries


def _meeting_entries(round: Round) -> list[TimelineEntry]:
    entries: list[TimelineEntry] = []
    for item in round.agenda_items.all():
        if not item.decision:
            continue
        entries.append(
            TimelineEntry(
                on=_day_of(item.meeting.starts_at),
                at=item.meeting.starts_at,
                kind="meeting",
                title=_("%(meeting)s decided: %(decision)s")
                % {"meeting": item.meeting, "decision": item.get_decision_display()},
                detail=item.decision_notes,
                round=round,
                link=item.meeting.get_absolute_url(),
            )
        )

    return entries


def _decision_entries(communication: Communication) -> list[TimelineEntry]:
    entries: list[TimelineEntry] = []
    decision = related_or_none(communication, "decision")
    if decision is None:
        return entries
    remedies = list(decision.remedies.all())
    entries.append(
        TimelineEntry(
            on=decision.adopted_on,
            at=None,
            kind="decision",
            title=_("Final decision: %(kind)s %(symbol)s")
            % {"kind": decision.get_kind_display(), "symbol": decision.symbol},
            detail="; ".join(f"{remedy.get_kind_display()}: {remedy.description}" for remedy in remedies),
            actor=decision.recorded_by,
        )
    )
    for remedy in remedies:
        entries += _remedy_entries(remedy)
    return entries


def _remedy_entries(remedy) -> list[TimelineEntry]:
    entries: list[TimelineEntry] = []
    for action in remedy.actions.all():
        entries.append(
            TimelineEntry(
                on=action.taken_on,
                at=None,
                kind="remedy",
                title=_("Follow-up action on “%(remedy)s” (%(agency)s)")
                % {"remedy": remedy.get_kind_display(), "agency": action.agency.abbreviation},
                detail=action.description,
                actor=action.recorded_by,
            )
        )
    for grade in remedy.grades.all():
        entries.append(
            TimelineEntry(
                on=grade.assessed_on,
                at=None,
                kind="grade",
                title=_("Committee's grade on “%(remedy)s”: %(grade)s; State's assessment: %(state)s")
                % {
                    "remedy": remedy.get_kind_display(),
                    "grade": grade.get_grade_display(),
                    "state": grade.get_state_assessment_display(),
                },
                detail=" · ".join(part for part in (grade.reference, grade.comment) if part),
                actor=grade.recorded_by,
            )
        )

    return entries


def _event_title(event: Event) -> str:
    title = event.get_kind_display()
    if event.from_status and event.to_status:
        title = _("%(event)s: %(old)s → %(new)s") % {
            "event": title,
            "old": _status_label(event.from_status),
            "new": _status_label(event.to_status),
        }
    elif event.to_status:
        title = _("%(event)s: %(new)s") % {"event": title, "new": _status_label(event.to_status)}
    return str(title)


def _event_entries(communication: Communication) -> list[TimelineEntry]:
    entries: list[TimelineEntry] = []
    rounds_by_id = {round.pk: round for round in communication.rounds.all()}
    for event in communication.events.all():
        if event.kind in _EVENTS_SHOWN_AS_RECORDS:
            continue
        title = _event_title(event)
        entries.append(
            TimelineEntry(
                on=_day_of(event.occurred_at),
                at=event.occurred_at,
                kind="event",
                title=str(title),
                detail=event.detail,
                actor=event.actor,
                round=rounds_by_id.get(event.round_id) if event.round_id else None,
                badge=event.kind if event.kind == Event.Kind.DEADLINE_MISSED else "",
                order=1,
                step=event.kind,
            )
        )

    return entries


def _date(value: dt.date | None) -> str:

    return date_format(value, "SHORT_DATE_FORMAT") if value else "-"
