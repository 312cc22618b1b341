"""`manage.py deadlines_status`: the next due deadlines and what the deadline sweep would do now. A dry run: it
reads and prints, it changes nothing."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from communications import deadline_owners, selectors
from iwg.calendar import ALMATY


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value}") from exc


class Command(BaseCommand):
    help = "List the next due deadlines and what the deadline sweep would do now (dry run: changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=_date, help="Plan for this day instead of today in Kazakhstan (YYYY-MM-DD).")
        parser.add_argument("--upcoming", type=int, default=20, help="How many later deadlines to list (default 20).")

    def handle(self, *args, **options):
        preview = selectors.deadlines_sweep_preview(today=options["date"], upcoming=options["upcoming"])
        last = preview["last_run"]
        if last:
            finished = timezone.localtime(last.finished_at, ALMATY)
            age = timezone.now() - last.finished_at
            self.stdout.write(
                f"Last completed sweep: {finished:%Y-%m-%d %H:%M:%S} Asia/Almaty "
                f"({int(age.total_seconds() // 60)} min ago; {last.examined} examined, {last.notifications} "
                f"notifications, {last.errors} errors)"
            )
        else:
            self.stdout.write(
                self.style.WARNING("Last completed sweep: never (is the Celery worker with beat running?)")
            )
        offsets = ", ".join(str(offset) for offset in preview["offsets"])
        self.stdout.write(
            f"Day: {preview['today']:%Y-%m-%d}. Reminders {offsets} working days before (urgent rounds: every working "
            f"day); the sweep looks at open deadlines due on or before {preview['window_end']:%Y-%m-%d}."
        )
        self.stdout.write("")
        acting = [(deadline, plan) for deadline, plan in preview["due"] if plan.action != "nothing"]
        self.stdout.write(
            self.style.MIGRATE_HEADING(
                f"What the sweep would do now: {len(acting)} of {len(preview['due'])} deadlines in the window"
            )
        )
        for deadline, plan in preview["due"]:
            self.stdout.write(f"  {self._line(deadline)}  -> {plan.describe()}")
        if not preview["due"]:
            self.stdout.write("  (none)")
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING("Next deadlines after the window"))
        for deadline, first_reminder in preview["later"]:
            self.stdout.write(f"  {self._line(deadline)}  -> first reminder on {first_reminder:%Y-%m-%d}")
        if not preview["later"]:
            self.stdout.write("  (none)")

    @staticmethod
    def _line(deadline) -> str:
        urgent = " URGENT" if deadline.round_id and deadline.round.is_urgent else ""
        return (
            f"#{deadline.pk:<6} {deadline.due_on:%Y-%m-%d}  {deadline_owners.subject_of(deadline):<20} "
            f"{deadline.kind:<22} {deadline.responsible_agency.code:<5}{urgent}"
        )
