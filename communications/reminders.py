"""What the deadline sweep decides and whom its notices reach. Reads and pure logic only: the writes are in
services/notices.py, the texts in emails.py, the Celery tasks in tasks.py.

- `ReminderSchedule` and `reminder_plan`: the decision for one deadline on one day (remind, send one catch-up
  reminder, mark missed and escalate, close an unused option, or nothing yet). The sweep and its dry run
  (`manage.py deadlines_status`) call the same function.
- `sweep_candidates`: the SQL selection of the deadlines a sweep must look at (open, due within the reminder
  window or already past), served by the (status, due_on) index.
- `Recipients`: who receives each kind of notice.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from iwg.calendar import WorkingCalendar
from iwg.models import Agency, User
from iwg.roles import Role

from .models import OPTIONAL_DEADLINE_KINDS, Deadline, DeadlineNotice, Notification

# Roles that act on deadlines and so are reminded of their agency's. Auditors and administrators are not.
ACTING_ROLES = (Role.MFA_OFFICER, Role.PGO_PROSECUTOR, Role.MOJ_SECRETARY, Role.IWG_MEMBER)


class ReminderSchedule:
    """Reminder days, counted back in Kazakhstan working days from a due date, cached for one sweep.

    Level `n` is the reminder `n` working days before the due date; level 0 is the due date itself (used for
    urgent rounds, which are reminded every working day within the largest offset)."""

    def __init__(self, *, calendar: WorkingCalendar | None = None, offsets: list[int] | None = None):
        self.calendar = calendar or WorkingCalendar()
        chosen = offsets if offsets is not None else settings.IWG_REMINDER_OFFSETS
        self.offsets = sorted({int(offset) for offset in chosen if int(offset) >= 0}, reverse=True) or [0]
        self._days: dict[tuple[dt.date, int], dt.date] = {}
        self._left: dict[tuple[dt.date, dt.date], int] = {}

    @property
    def max_offset(self) -> int:
        return self.offsets[0]

    def levels(self, *, urgent: bool) -> list[int]:
        """Reminder levels, earliest (largest) first."""
        return list(range(self.max_offset, -1, -1)) if urgent else self.offsets

    def day(self, due_on: dt.date, level: int) -> dt.date:
        """The day the reminder of `level` is due."""
        key = (due_on, level)
        if key not in self._days:
            self._days[key] = self.calendar.add_working_days(due_on, -level) if level else due_on
        return self._days[key]

    def window_end(self, today: dt.date) -> dt.date:
        """The latest due date for which some reminder can be due on `today`: the sweep looks no further."""
        return self.calendar.add_working_days(today, self.max_offset)

    def working_days_left(self, today: dt.date, due_on: dt.date) -> int:
        key = (today, due_on)  # the sweep asks once per notice; many share a due date
        if key not in self._left:
            self._left[key] = max(self.calendar.working_days_between(today, due_on), 0)
        return self._left[key]


class Action:
    NOTHING = "nothing"
    REMIND = "remind"
    CATCH_UP = "catch_up"
    MISS = "miss"
    CLOSE_OPTION = "close_option"


@dataclass(frozen=True)
class SweepPlan:
    action: str
    level: int | None = None
    skipped: tuple[int, ...] = ()
    next_on: dt.date | None = None  # when nothing is due: the day of the next reminder

    def describe(self) -> str:
        if self.action == Action.REMIND:
            return _("remind (%(level)s working days before)") % {"level": self.level}
        if self.action == Action.CATCH_UP:
            return _("one catch-up reminder (%(level)s working days before) instead of %(skipped)s") % {
                "level": self.level,
                "skipped": ", ".join(str(level) for level in self.skipped),
            }
        if self.action == Action.MISS:
            return _("mark missed and escalate")
        if self.action == Action.CLOSE_OPTION:
            return _("close as cancelled: option not used")
        if self.next_on:
            return _("nothing now; next reminder on %(date)s") % {"date": self.next_on.isoformat()}
        return _("nothing now")


@dataclass(slots=True)
class PlannedNotice:
    """A notice the sweep is about to create (DeadlineNotice's fields as a plain record: a sweep plans a thousand);
    `pk` once inserted."""

    deadline_id: int
    kind: str
    level: int
    due_on: dt.date
    skipped_levels: list[int]
    pk: int | None = None


def reminder_plan(
    *,
    kind: str,
    due_on: dt.date,
    urgent: bool,
    today: dt.date,
    since: dt.date,
    sent_levels,
    schedule: ReminderSchedule,
) -> SweepPlan:
    """What the sweep does today for one open deadline.

    - Its day has passed: an obligation is marked missed and escalated; an option (asking for admissibility to be
      examined separately) is closed as not used.
    - Otherwise the current level is the smallest level whose reminder day has come. Nothing is sent when a
      notice at that level or a smaller one was already sent for this due date (`sent_levels`). When the current
      level is due together with earlier levels that were never sent although their day came after `since` (the
      day this due date took effect) — the worker or beat was down — one catch-up reminder replaces them all.
    """
    if due_on < today:
        return SweepPlan(Action.CLOSE_OPTION if kind in OPTIONAL_DEADLINE_KINDS else Action.MISS)
    levels = schedule.levels(urgent=urgent)
    due = [level for level in levels if schedule.day(due_on, level) <= today]
    upcoming = [level for level in levels if schedule.day(due_on, level) > today]
    next_on = schedule.day(due_on, max(upcoming)) if upcoming else None
    if not due:
        return SweepPlan(Action.NOTHING, next_on=next_on)
    current = min(due)
    sent = set(sent_levels)
    covered_from = min(sent) if sent else None
    if covered_from is not None and covered_from <= current:
        return SweepPlan(Action.NOTHING, next_on=next_on)
    pending = [
        level
        for level in due
        if (covered_from is None or level < covered_from) and (level == current or schedule.day(due_on, level) >= since)
    ]
    skipped = tuple(level for level in pending if level != current)
    if skipped:
        return SweepPlan(Action.CATCH_UP, level=current, skipped=skipped, next_on=next_on)
    return SweepPlan(Action.REMIND, level=current, next_on=next_on)


def sweep_candidates(*, today: dt.date, schedule: ReminderSchedule) -> QuerySet[Deadline]:
    """Open deadlines the sweep must look at today: due within the reminder window, or already past. The
    (status, due_on) index serves this, so the cost follows the number of due rows, not of all rows."""
    return Deadline.objects.open().filter(due_on__lte=schedule.window_end(today))


def existing_notices(deadline_ids) -> dict[tuple[int, dt.date], set[tuple[str, int]]]:
    """(kind, level) of the notices already created, per (deadline, due date): read under the deadlines' row
    locks, so the sweep never tries to create one twice."""
    existing: dict[tuple[int, dt.date], set[tuple[str, int]]] = {}
    rows = (
        DeadlineNotice.objects.filter(deadline_id__in=list(deadline_ids))
        .order_by()  # read into sets: the default ordering would only add a sort
        .values_list("deadline_id", "due_on", "kind", "level")
    )
    for deadline_id, due_on, kind, level in rows:
        existing.setdefault((deadline_id, due_on), set()).add((kind, level))
    return existing


def reminder_levels_sent(notices: set[tuple[str, int]]) -> set[int]:
    return {level for kind, level in notices if kind in (DeadlineNotice.Kind.REMINDER, DeadlineNotice.Kind.CATCH_UP)}


def notice_applies(notice: DeadlineNotice, deadline: Deadline) -> bool:
    """Whether a notice still says something true: a reminder while the deadline is open at the same date; a
    missed notice or escalation while the date it was missed on stands."""
    if deadline.due_on != notice.due_on:
        return False
    if notice.kind in (DeadlineNotice.Kind.REMINDER, DeadlineNotice.Kind.CATCH_UP):
        return deadline.status == Deadline.Status.OPEN
    return deadline.status in (Deadline.Status.MISSED, Deadline.Status.MET)


# ---------------------------------------------------------------------------------------------------------------
# Recipients


@dataclass
class Recipients:
    """Who receives a notice, cached for one sweep: the acting users of the responsible agency; for an escalation,
    the MFA's heads (the supervisor) and the head of the responsible agency."""

    _staff: dict[int, list[User]] = field(default_factory=dict)
    _heads: dict[int, list[User]] = field(default_factory=dict)
    _by_language: dict[tuple[bool, int | None], list[tuple[str, list[int]]]] = field(default_factory=dict)

    def staff(self, agency_id: int) -> list[User]:
        if agency_id not in self._staff:
            self._staff[agency_id] = list(
                User.objects.filter(is_active=True, agency_id=agency_id, role__in=ACTING_ROLES).order_by("id")
            )
        return self._staff[agency_id]

    def supervisors(self, agency_id: int) -> list[User]:
        if agency_id not in self._heads:
            self._heads[agency_id] = list(
                User.objects.filter(is_active=True, is_agency_head=True)
                .filter(Q(agency__code=Agency.Code.MFA) | Q(agency_id=agency_id))
                .order_by("id")
            )
        return self._heads[agency_id]

    def for_notice(self, kind: str, deadline: Deadline) -> list[User]:
        if kind == DeadlineNotice.Kind.ESCALATION:
            return self.supervisors(deadline.responsible_agency_id)
        return self.staff(deadline.responsible_agency_id)

    def ids_by_language(self, kind: str, deadline: Deadline) -> list[tuple[str, list[int]]]:
        """`for_notice`'s users as (language, their ids): the sweep writes one notification row per language."""
        from .emails import user_language  # emails imports this module

        key = (kind == DeadlineNotice.Kind.ESCALATION, deadline.responsible_agency_id)
        if key not in self._by_language:
            grouped: dict[str, list[int]] = {}
            for user in self.for_notice(kind, deadline):
                grouped.setdefault(user_language(user), []).append(user.pk)
            self._by_language[key] = list(grouped.items())
        return self._by_language[key]


def digest_user_ids() -> list[int]:
    """Users who chose the daily digest and have notifications not e-mailed yet."""
    pending = Notification.objects.filter(user=OuterRef("pk"), emailed_at__isnull=True).filter(
        Q(notice__isnull=True) | Q(notice__cancelled_at__isnull=True)
    )
    return list(
        User.objects.filter(is_active=True, email_delivery=User.EmailDelivery.DIGEST)
        .exclude(email="")
        .filter(Exists(pending))
        .order_by("id")
        .values_list("pk", flat=True)
    )
