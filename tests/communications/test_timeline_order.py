"""Issue 11 item 12 (part): the timeline shows the items of one day in the order the path takes them, whatever
their timestamps, and a met deadline once."""

import pytest
import time_machine
from django.utils import timezone

from communications.models import Deadline, DeadlineKind, Round
from communications.selectors import communication_detail, communication_timeline
from iwg.calendar import local_date
from tests.factories import round_at

pytestmark = pytest.mark.django_db

PATH = [
    "note-in",
    "round_opened",
    "referred",
    "analysis",
    "put_on_agenda",
    "meeting",
    "position_drafted",
    "position_approved",
    "note-out",
]


def steps_of_today(users, round):
    communication = communication_detail(user=users["auditor"], pk=round.communication_id)
    entries = communication_timeline(communication)
    today = local_date()
    return entries, [entry.step or entry.kind for entry in entries if entry.on == today]


@pytest.mark.parametrize("frozen", [False, True])
def test_one_days_steps_follow_the_path(users, frozen):
    # Frozen: every row carries the same timestamp, so only the timeline's own order can put them right.
    with time_machine.travel(timezone.now(), tick=not frozen):
        today = local_date()
        round = round_at(users, Round.Status.SENT, ohchr_date=today, received_on=today)
    _entries, steps = steps_of_today(users, round)
    on_the_path = [step for step in steps if step in PATH]
    assert on_the_path == [step for step in PATH if step in on_the_path], steps
    assert {"note-in", "round_opened", "referred", "analysis", "position_approved", "note-out"} <= set(on_the_path)
    # Deadlines falling due that day come after the steps.
    if "deadline" in steps:
        assert steps.index("deadline") > steps.index("note-out")


def test_the_order_does_not_depend_on_the_order_rows_are_read(users):
    with time_machine.travel(timezone.now(), tick=False):
        round = round_at(users, Round.Status.SENT)
    communication = communication_detail(user=users["auditor"], pk=round.communication_id)
    first = [(entry.kind, str(entry.title)) for entry in communication_timeline(communication)]
    # The same records read in reverse order give the same timeline.
    communication = communication_detail(user=users["auditor"], pk=round.communication_id)
    communication._prefetched_objects_cache["events"] = list(communication.events.all())[::-1]
    communication._prefetched_objects_cache["notes"] = list(communication.notes.all())[::-1]
    again = [(entry.kind, str(entry.title)) for entry in communication_timeline(communication)]
    assert again == first


def test_a_met_deadline_is_shown_once(users):
    round = round_at(users, Round.Status.ANALYSIS_SUBMITTED)
    met = round.deadlines.get(kind=DeadlineKind.PGO_ANALYSIS)
    assert met.status == Deadline.Status.MET
    communication = communication_detail(user=users["auditor"], pk=round.communication_id)
    entries = communication_timeline(communication)
    label = str(met.get_kind_display())
    mentions = [entry for entry in entries if label in str(entry.title) or label in str(entry.detail)]
    assert len(mentions) == 1, [(entry.kind, entry.step, str(entry.title), entry.detail) for entry in mentions]
    (line,) = mentions
    assert line.kind == "deadline" and line.badge == "met"
    assert not any(entry.step == "deadline_met" for entry in entries)
