"""The deadline policy: the committee's time limits (its rules of procedure) and the internal deadlines
(InternalDeadlinePolicy) proposed for a round. Pure reads; used by the write path (services/deadlines.py)
and the note preview alike.
"""

import datetime as dt
from dataclasses import dataclass

from iwg.calendar import WorkingCalendar, add_period
from iwg.models import Agency
from iwg.texts import Text

from .models import (
    INTERNAL_DEADLINE_AGENCY,
    INTERNAL_DEADLINE_KINDS,
    DeadlineKind,
    InternalDeadlinePolicy,
    TimeLimit,
)
from .texts import time_limit_basis


@dataclass(frozen=True)
class DeadlineProposal:
    kind: str
    due_on: dt.date
    agency_code: str
    basis: Text  # where the date comes from, rendered in the reader's language


def committee_deadline_proposals(
    *, committee, note_kind: str, transmitted_on: dt.date, reply_requested_by: dt.date | None = None
) -> list[DeadlineProposal]:
    """The committee's deadlines for a note of `note_kind`: its time limits counted in calendar months/days from
    the transmission date, or the date the note itself sets for the reply."""
    proposals = []
    limits = TimeLimit.objects.filter(committee=committee, note_kind=note_kind).order_by("deadline_kind")
    for limit in limits:
        if limit.deadline_kind == DeadlineKind.COMMITTEE and reply_requested_by:
            continue
        due_on = add_period(transmitted_on, months=limit.months, days=limit.days)
        proposals.append(DeadlineProposal(limit.deadline_kind, due_on, Agency.Code.MFA, time_limit_basis(limit.basis)))
    if reply_requested_by:
        proposals.append(
            DeadlineProposal(
                DeadlineKind.COMMITTEE,
                reply_requested_by,
                Agency.Code.MFA,
                Text("date_set_in_note"),
            )
        )
    return sorted(proposals, key=lambda proposal: proposal.due_on)


def internal_deadline_proposals(
    *, note_kind: str, committee_due_on: dt.date, earliest: dt.date, calendar: WorkingCalendar | None = None
) -> list[DeadlineProposal]:
    """Default internal deadlines counted back from the committee's deadline by the policy for `note_kind`, moved
    to the previous working day, and never before `earliest` (the date the note was received)."""
    calendar = calendar or WorkingCalendar()
    policies = {p.deadline_kind: p.days_before for p in InternalDeadlinePolicy.objects.filter(note_kind=note_kind)}
    proposals = []
    for kind in INTERNAL_DEADLINE_KINDS:
        if kind not in policies:
            continue
        due_on = calendar.previous_working_day(committee_due_on - dt.timedelta(days=policies[kind]))
        if due_on < earliest:
            due_on = calendar.next_working_day(earliest)
        basis = Text("internal_policy", {"days": policies[kind]})
        proposals.append(DeadlineProposal(kind, due_on, INTERNAL_DEADLINE_AGENCY[kind], basis))
    # A later step never falls before an earlier one (a short period squeezes them onto the same day).
    for index in range(1, len(proposals)):
        previous, current = proposals[index - 1], proposals[index]
        if current.due_on < previous.due_on:
            proposals[index] = DeadlineProposal(current.kind, previous.due_on, current.agency_code, current.basis)
    return proposals
