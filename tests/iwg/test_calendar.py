import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from iwg.calendar import WorkingCalendar, add_period, local_date
from iwg.models import CalendarTransfer


def test_six_months_from_31_august_ends_on_last_day_of_february():
    assert add_period(dt.date(2025, 8, 31), months=6) == dt.date(2026, 2, 28)
    assert add_period(dt.date(2023, 8, 31), months=6) == dt.date(2024, 2, 29)


def test_days_periods_are_calendar_days():
    assert add_period(dt.date(2026, 1, 1), days=180) == dt.date(2026, 6, 30)


@pytest.mark.parametrize(
    ("utc_moment", "expected_local_date"),
    [
        # Before 1 March 2024 Almaty was UTC+6: 18:30 UTC on 28 February was already the 29th locally.
        (dt.datetime(2024, 2, 28, 18, 30, tzinfo=dt.UTC), dt.date(2024, 2, 29)),
        # At local midnight of 1 March 2024 (18:00 UTC) clocks went back to UTC+5: 18:30 UTC is 23:30 on the
        # 29th. A stale tz database (still UTC+6) would say 1 March.
        (dt.datetime(2024, 2, 29, 18, 30, tzinfo=dt.UTC), dt.date(2024, 2, 29)),
        (dt.datetime(2024, 3, 2, 18, 30, tzinfo=dt.UTC), dt.date(2024, 3, 2)),
        (dt.datetime(2024, 3, 2, 19, 0, tzinfo=dt.UTC), dt.date(2024, 3, 3)),
    ],
)
def test_local_date_follows_the_switch_to_utc_plus_5(utc_moment, expected_local_date):
    assert local_date(utc_moment) == expected_local_date


def test_local_date_defaults_to_now_in_almaty():
    with time_machine.travel(dt.datetime(2025, 6, 1, 20, 0, tzinfo=dt.UTC), tick=False):
        assert local_date() == dt.date(2025, 6, 2)  # 01:00 in Almaty
        assert timezone.now().tzinfo is not None


def test_weekend_and_public_holiday_are_not_working_days():
    calendar = WorkingCalendar(transfers={})
    assert calendar.is_working_day(dt.date(2026, 11, 20))  # Friday
    assert not calendar.is_working_day(dt.date(2026, 11, 21))  # Saturday
    assert not calendar.is_working_day(dt.date(2026, 3, 23))  # Nauryz (Monday)
    assert not calendar.is_working_day(dt.date(2026, 12, 16))  # Independence Day


def test_holiday_falling_on_a_weekend_moves_to_the_next_working_day():
    calendar = WorkingCalendar(transfers={})
    # Constitution Day, 30 August 2025, was a Saturday: Monday 1 September was a day off.
    assert dt.date(2025, 8, 30).weekday() == 5
    assert not calendar.is_working_day(dt.date(2025, 9, 1))
    assert calendar.next_working_day(dt.date(2025, 8, 30)) == dt.date(2025, 9, 2)


def test_previous_working_day_skips_back_over_weekend_and_holidays():
    calendar = WorkingCalendar(transfers={})
    # Nauryz 21-23 March 2026 (Sat-Mon) plus the weekend: the previous working day of Monday 23 is Friday 20.
    assert calendar.previous_working_day(dt.date(2026, 3, 23)) == dt.date(2026, 3, 20)


@pytest.mark.django_db
def test_decreed_transfers_override_the_default_calendar():
    CalendarTransfer.objects.create(date=dt.date(2026, 11, 21), kind=CalendarTransfer.Kind.WORKING_DAY, decree="X")
    CalendarTransfer.objects.create(date=dt.date(2026, 11, 20), kind=CalendarTransfer.Kind.DAY_OFF, decree="X")
    calendar = WorkingCalendar()
    assert calendar.is_working_day(dt.date(2026, 11, 21))
    assert not calendar.is_working_day(dt.date(2026, 11, 20))
    assert calendar.previous_working_day(dt.date(2026, 11, 22)) == dt.date(2026, 11, 21)


def test_add_working_days_both_directions():
    calendar = WorkingCalendar(transfers={})
    assert calendar.add_working_days(dt.date(2026, 11, 20), 1) == dt.date(2026, 11, 23)
    assert calendar.add_working_days(dt.date(2026, 11, 23), -1) == dt.date(2026, 11, 20)
    assert calendar.working_days_between(dt.date(2026, 11, 20), dt.date(2026, 11, 27)) == 5


@pytest.mark.parametrize(
    ("saturday_or_sunday", "day_off_instead"),
    [
        (dt.date(2023, 7, 1), dt.date(2023, 7, 7)),  # Saturday worked, Friday 7 July off (Capital Day bridge)
        (dt.date(2024, 5, 4), dt.date(2024, 5, 8)),  # Saturday worked, Wednesday 8 May off
        (dt.date(2025, 1, 5), dt.date(2025, 1, 3)),  # Sunday worked, Friday 3 January off
    ],
)
def test_decreed_transfers_the_holidays_package_knows_are_honoured(saturday_or_sunday, day_off_instead):
    calendar = WorkingCalendar(transfers={})
    assert saturday_or_sunday.weekday() >= 5
    assert calendar.is_working_day(saturday_or_sunday)
    assert not calendar.is_working_day(day_off_instead)
    # Counting back from the next Monday lands on the worked weekend day, not on the Friday before it.
    monday = saturday_or_sunday + dt.timedelta(days=7 - saturday_or_sunday.weekday())
    assert calendar.add_working_days(monday, -1) == saturday_or_sunday
