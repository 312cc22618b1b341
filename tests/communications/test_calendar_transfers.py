"""A working-day transfer an administrator records later recomputes the open internal deadlines counted in working
days, with history; deadlines set by hand, met ones and those of finished rounds stay as they are."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from communications import services
from communications.models import Deadline, DeadlineKind
from iwg.calendar import WorkingCalendar
from iwg.errors import PermissionRefused
from iwg.models import CalendarTransfer
from tests.factories import register_note

pytestmark = pytest.mark.django_db


def pgo_deadline(round) -> Deadline:
    return round.deadlines.get(kind=DeadlineKind.PGO_ANALYSIS)


def test_a_day_off_decreed_on_an_internal_due_date_moves_it_to_the_previous_working_day(users):
    # given an open round whose PGO analysis is due on a working day
    round = register_note(users).opened_round
    deadline = pgo_deadline(round)
    old_due = deadline.due_on
    # when the administrator records that day as a day off
    services.calendar_transfer_record(
        actor=users["admin"], date=old_due, kind=CalendarTransfer.Kind.DAY_OFF, decree="Decree No. 1"
    )
    # then the deadline moves to the working day before, and history keeps the old date and says why
    deadline.refresh_from_db()
    assert deadline.due_on == WorkingCalendar().previous_working_day(old_due - dt.timedelta(days=1))
    assert deadline.due_on < old_due
    previous = deadline.history.order_by("-history_id")[1]
    assert previous.due_on == old_due
    latest = deadline.history.latest()
    assert latest.history_user == users["admin"]
    assert "Decree No. 1" in latest.history_change_reason
    assert CalendarTransfer.objects.get(date=old_due).history.latest().history_user == users["admin"]


def test_withdrawing_the_transfer_puts_the_deadline_back(users):
    round = register_note(users).opened_round
    old_due = pgo_deadline(round).due_on
    transfer = services.calendar_transfer_record(
        actor=users["admin"], date=old_due, kind=CalendarTransfer.Kind.DAY_OFF, decree="D"
    )
    assert pgo_deadline(round).due_on != old_due
    services.calendar_transfer_remove(actor=users["admin"], transfer=transfer)
    assert pgo_deadline(round).due_on == old_due
    assert not CalendarTransfer.objects.exists()
    assert CalendarTransfer.history.filter(history_type="-").count() == 1


def test_a_deadline_set_by_hand_is_not_moved(users):
    round = register_note(users).opened_round
    deadline = pgo_deadline(round)
    chosen = deadline.due_on - dt.timedelta(days=7)
    chosen = WorkingCalendar().previous_working_day(chosen)
    services.deadline_change(
        actor=users["mfa"],
        deadline=deadline,
        due_on=chosen,
        reason="agreed with PGO",
        expected_version=deadline.lock_version,
    )
    services.calendar_transfer_record(actor=users["admin"], date=chosen, kind=CalendarTransfer.Kind.DAY_OFF)
    deadline.refresh_from_db()
    assert deadline.due_on == chosen


def test_only_an_administrator_records_a_transfer(users):
    round = register_note(users).opened_round
    due = pgo_deadline(round).due_on
    for role in ("mfa", "pgo", "moj", "iwg", "auditor"):
        with pytest.raises(PermissionRefused):
            services.calendar_transfer_record(actor=users[role], date=due, kind=CalendarTransfer.Kind.DAY_OFF)
    assert not CalendarTransfer.objects.exists()
    assert pgo_deadline(round).due_on == due


def test_a_second_transfer_for_the_same_date_is_refused(users):
    day = dt.date(2026, 12, 5)
    services.calendar_transfer_record(actor=users["admin"], date=day, kind=CalendarTransfer.Kind.WORKING_DAY)
    with pytest.raises(ValidationError):
        services.calendar_transfer_record(actor=users["admin"], date=day, kind=CalendarTransfer.Kind.DAY_OFF)
    assert CalendarTransfer.objects.get(date=day).kind == CalendarTransfer.Kind.WORKING_DAY


def test_the_admin_page_records_through_the_service(client, users):
    round = register_note(users).opened_round
    old_due = pgo_deadline(round).due_on
    client.force_login(users["admin"])
    response = client.post(
        "/admin/iwg/calendartransfer/add/",
        {"date": old_due.isoformat(), "kind": CalendarTransfer.Kind.DAY_OFF, "decree": "Decree No. 2"},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    assert pgo_deadline(round).due_on < old_due
