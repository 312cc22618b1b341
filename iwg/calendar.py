"""Deadline arithmetic in one place: calendar months for the committees' deadlines, Kazakhstan working days for
internal ones, dates in Asia/Almaty.

Committee periods are calendar periods counted from the date OHCHR transmitted the communication; they are not
moved. Internal deadlines are moved to the previous Kazakhstan working day.
"""

import datetime as dt
from functools import cached_property
from zoneinfo import ZoneInfo

import holidays
from dateutil.relativedelta import relativedelta
from django.utils import timezone
from django.utils.translation import gettext

ALMATY = ZoneInfo("Asia/Almaty")

# No date of this work can precede Kazakhstan's independence (16 December 1991): an earlier one is a typing error,
# and would reach back into the time zone's local mean time (Asia/Almaty was UTC+5:07:48 before 1924).
EARLIEST_DATE = dt.date(1991, 12, 16)


def local_date(moment: dt.datetime | None = None) -> dt.date:
    """The date in Kazakhstan at `moment` (default: now)."""
    return timezone.localtime(moment or timezone.now(), ALMATY).date()


def is_before_earliest_date(value: dt.date | dt.datetime | None) -> bool:
    """True for a date (or moment) before EARLIEST_DATE; services refuse it as a ValidationError."""
    if isinstance(value, dt.datetime):
        value = local_date(value) if timezone.is_aware(value) else value.date()
    return value is not None and value < EARLIEST_DATE


def earliest_date_message() -> str:
    return gettext("The date cannot be before %(date)s.") % {"date": EARLIEST_DATE}


def add_period(start: dt.date, *, months: int = 0, days: int = 0) -> dt.date:
    """`start` plus calendar months and days; 31 August + 6 months is 28 (or 29) February."""
    return start + relativedelta(months=months, days=days)


class WorkingCalendar:
    """Kazakhstan working days: Monday to Friday, less public holidays (the `holidays` package, KZ, with its
    moves of holidays falling on a weekend and the decreed transfers it knows), and the transfers an administrator
    stored in CalendarTransfer, which take precedence (a decree the package does not know yet)."""

    def __init__(self, transfers: dict[dt.date, str] | None = None):
        self._transfers = transfers

    @cached_property
    def transfers(self) -> dict[dt.date, str]:
        if self._transfers is not None:
            return self._transfers
        from .models import CalendarTransfer

        return dict(CalendarTransfer.objects.values_list("date", "kind"))

    @cached_property
    def _holidays(self) -> holidays.HolidayBase:
        return holidays.country_holidays("KZ")

    def is_working_day(self, day: dt.date) -> bool:
        from .models import CalendarTransfer

        transfer = self.transfers.get(day)
        if transfer == CalendarTransfer.Kind.WORKING_DAY:
            return True
        if transfer == CalendarTransfer.Kind.DAY_OFF:
            return False
        # The package knows the weekends, the holidays with their moves, and the weekend days that decrees made
        # working days (2023-07-01, 2024-05-04, 2025-01-05...), together with the weekdays they made days off.
        return self._holidays.is_working_day(day)

    def holiday_name(self, day: dt.date) -> str | None:
        return self._holidays.get(day)

    def previous_working_day(self, day: dt.date) -> dt.date:
        """`day` itself when it is a working day, else the nearest working day before it."""
        while not self.is_working_day(day):
            day -= dt.timedelta(days=1)
        return day

    def next_working_day(self, day: dt.date) -> dt.date:
        """`day` itself when it is a working day, else the nearest working day after it."""
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day

    def add_working_days(self, day: dt.date, count: int) -> dt.date:
        """Move `count` working days forward (negative: back) from `day`."""
        step = dt.timedelta(days=1 if count >= 0 else -1)
        remaining = abs(count)
        while remaining:
            day += step
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end` (negative when `end` is before `start`)."""
        if end < start:
            return -self.working_days_between(end, start)
        count, day = 0, start
        while day < end:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count
