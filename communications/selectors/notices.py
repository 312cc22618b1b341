"""Reads about notifications and the deadline sweep: a user's notifications, the last sweep, the sweep's dry run."""

import datetime as dt

from django.db.models import QuerySet

from iwg.calendar import local_date

from ..models import (
    Deadline,
    Notification,
    SweepRun,
)
from ..reminders import ReminderSchedule, existing_notices, reminder_levels_sent, reminder_plan, sweep_candidates

# ---------------------------------------------------------------------------------------------------------------
# Notifications


def notification_list(*, user, unread_only: bool = False) -> QuerySet:

    queryset = Notification.objects.filter(user=user).select_related("communication__committee", "deadline")
    return queryset.unread() if unread_only else queryset


# Deadline sweep (the writes are in services/notices.py; the plan in reminders.py)


def sweep_last_run():
    """The latest completed deadline sweep (SweepRun), or None: shown to administrators and in /health/."""

    return SweepRun.objects.order_by("-finished_at", "-id").first()


def deadlines_sweep_preview(*, today: dt.date | None = None, upcoming: int = 20) -> dict:
    """What the sweep would do now, without doing it (manage.py deadlines_status): each deadline the sweep would
    look at with its plan, then the next open deadlines beyond the reminder window."""

    today = today or local_date()
    schedule = ReminderSchedule()
    due = list(
        sweep_candidates(today=today, schedule=schedule)
        .select_related("round__communication__committee", "responsible_agency")
        .order_by("due_on", "id")
    )
    existing = existing_notices(deadline.pk for deadline in due)
    rows = []
    for deadline in due:
        plan = reminder_plan(
            kind=deadline.kind,
            due_on=deadline.due_on,
            urgent=deadline.round is not None and deadline.round.is_urgent,
            today=today,
            since=local_date(deadline.updated_at),
            sent_levels=reminder_levels_sent(existing.get((deadline.pk, deadline.due_on), set())),
            schedule=schedule,
        )
        rows.append((deadline, plan))
    later = list(
        Deadline.objects.open()
        .filter(due_on__gt=schedule.window_end(today))
        .select_related("round__communication__committee", "responsible_agency")
        .order_by("due_on", "id")[:upcoming]
    )
    return {
        "today": today,
        "window_end": schedule.window_end(today),
        "offsets": schedule.offsets,
        "due": rows,
        "later": [(deadline, schedule.day(deadline.due_on, schedule.max_offset)) for deadline in later],
        "last_run": sweep_last_run(),
    }
