"""The deadline sweep with frozen time: reminder offsets on Kazakhstan working days, holidays, urgent rounds,
missed deadlines and escalation, catch-up after downtime, deadlines met on the day, extensions."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from communications import services
from communications.models import (
    Deadline,
    DeadlineKind,
    DeadlineNotice,
    Event,
    NoteKind,
    Notification,
    SweepRun,
)
from iwg.models import CalendarTransfer
from iwg.roles import Role
from tests.factories import UserFactory, register_note, submit_analysis

pytestmark = pytest.mark.django_db

ALMATY = ZoneInfo("Asia/Almaty")
D = dt.date


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=ALMATY)


def days(start: dt.date, end: dt.date):
    day = start
    while day <= end:
        yield day
        day += dt.timedelta(days=1)


@pytest.fixture
def clock():
    """Frozen time; `clock.move_to(at(day))` moves it."""
    with time_machine.travel(at(D(2026, 1, 5)), tick=False) as traveller:
        yield traveller


@pytest.fixture
def sweep(clock, django_capture_on_commit_callbacks):
    """Run the sweep at 09:00 (Asia/Almaty) on `day`, executing what it queues after commit (e-mails)."""

    def run(day: dt.date, hour: int = 9) -> SweepRun:
        clock.move_to(at(day, hour))
        with django_capture_on_commit_callbacks(execute=True):
            return services.deadlines_sweep()

    return run


@pytest.fixture
def heads(users):
    """Heads of agency (escalations) beside the ordinary users, and people who must never be reminded."""
    return {
        "mfa_head": UserFactory(username="mfa_head", role=Role.MFA_OFFICER, agency_code="MFA", is_agency_head=True),
        "pgo_head": UserFactory(username="pgo_head", role=Role.PGO_PROSECUTOR, agency_code="PGO", is_agency_head=True),
        "moj_head": UserFactory(username="moj_head", role=Role.MOJ_SECRETARY, agency_code="MOJ", is_agency_head=True),
        "pgo_gone": UserFactory(username="pgo_gone", role=Role.PGO_PROSECUTOR, agency_code="PGO", is_active=False),
        "pgo_auditor": UserFactory(username="pgo_auditor", role=Role.AUDITOR, agency_code="PGO"),
    }


def referred_round(users, clock, *, on: dt.date, kind=NoteKind.NEW_COMMUNICATION, ohchr_date=None):
    clock.move_to(at(on, 8))
    note = register_note(users, kind=kind, ohchr_date=ohchr_date or on - dt.timedelta(days=3), received_on=on)
    services.round_refer(actor=users["mfa"], round=note.opened_round)
    return note.opened_round


def pgo_deadline_due(users, round, due_on: dt.date) -> Deadline:
    deadline = round.deadlines.get(kind=DeadlineKind.PGO_ANALYSIS)
    return services.deadline_change(
        actor=users["mfa"],
        deadline=deadline,
        due_on=due_on,
        reason="Set for the test",
        expected_version=deadline.lock_version,
    )


def notices(deadline) -> list[tuple[str, int, dt.date]]:
    return sorted(
        (n.kind, n.level, n.created_at.astimezone(ALMATY).date())
        for n in DeadlineNotice.objects.filter(deadline=deadline)
    )


# ---------------------------------------------------------------------------------------------------------------
# Reminder offsets, working days and holidays


def test_each_reminder_offset_is_sent_once_on_its_working_day_and_the_day_after_it_is_missed(
    users, heads, clock, sweep
):
    # given a PGO analysis due on Friday 26 June 2026 (no holiday nearby), created on 20 May
    round = referred_round(users, clock, on=D(2026, 5, 20))
    deadline = pgo_deadline_due(users, round, D(2026, 6, 26))

    # when the sweep runs twice a day, every day, until the day after the due date
    for day in days(D(2026, 5, 20), D(2026, 6, 27)):
        sweep(day, 9)
        sweep(day, 17)

    # then each offset (14, 7, 3, 1 working days) was sent once, on its day, then missed and escalated
    assert notices(deadline) == sorted(
        [
            ("reminder", 14, D(2026, 6, 8)),
            ("reminder", 7, D(2026, 6, 17)),
            ("reminder", 3, D(2026, 6, 23)),
            ("reminder", 1, D(2026, 6, 25)),
            ("missed", 0, D(2026, 6, 27)),
            ("escalation", 0, D(2026, 6, 27)),
        ]
    )
    deadline.refresh_from_db()
    assert deadline.status == Deadline.Status.MISSED
    assert Event.objects.filter(round=round, kind=Event.Kind.DEADLINE_MISSED).count() == 1


def test_reminders_skip_weekends_and_nauryz_and_the_observed_8_march(users, heads, clock, sweep):
    # given a deadline on Thursday 26 March 2026: Nauryz 21-23 March falls partly on a weekend and is observed on
    # 24-25 March; 8 March (a Sunday) is observed on Monday 9 March
    round = referred_round(users, clock, on=D(2026, 2, 16))
    deadline = pgo_deadline_due(users, round, D(2026, 3, 26))

    for day in days(D(2026, 2, 16), D(2026, 3, 27)):
        sweep(day)

    assert notices(deadline) == sorted(
        [
            ("reminder", 14, D(2026, 3, 2)),
            ("reminder", 7, D(2026, 3, 12)),
            ("reminder", 3, D(2026, 3, 18)),
            ("reminder", 1, D(2026, 3, 20)),  # the Friday before Nauryz: the last working day before the 26th
            ("missed", 0, D(2026, 3, 27)),
            ("escalation", 0, D(2026, 3, 27)),
        ]
    )


def test_a_decreed_day_off_moves_the_reminders_that_count_across_it(users, heads, clock, sweep):
    # given the government made Friday 20 March 2026 a day off
    CalendarTransfer.objects.create(date=D(2026, 3, 20), kind=CalendarTransfer.Kind.DAY_OFF, decree="Decree 1")
    round = referred_round(users, clock, on=D(2026, 3, 2))
    deadline = pgo_deadline_due(users, round, D(2026, 3, 26))

    for day in days(D(2026, 3, 2), D(2026, 3, 26)):
        sweep(day)

    levels = {level: day for kind, level, day in notices(deadline) if kind == "reminder"}
    assert levels[1] == D(2026, 3, 19)
    assert levels[3] == D(2026, 3, 17)


def test_reminders_go_to_the_acting_users_of_the_responsible_agency_and_escalations_to_the_heads(
    users, heads, clock, sweep
):
    round = referred_round(users, clock, on=D(2026, 6, 1))
    deadline = pgo_deadline_due(users, round, D(2026, 6, 3))

    sweep(D(2026, 6, 2))
    sweep(D(2026, 6, 4))

    def recipients(kind):
        return set(
            Notification.objects.filter(notice__deadline=deadline, notice__kind=kind).values_list(
                "user__username", flat=True
            )
        )

    assert recipients("reminder") == {"pgo", "pgo_head"}  # not the inactive user, not the PGO's auditor
    assert recipients("missed") == {"pgo", "pgo_head"}
    assert recipients("escalation") == {"mfa_head", "pgo_head"}  # the MFA supervisor and the agency's head


# ---------------------------------------------------------------------------------------------------------------
# Interim measures


def test_an_interim_measures_round_is_reminded_every_working_day_until_its_day(users, heads, clock, sweep):
    # given interim measures transmitted on Monday 1 June 2026 and received on Tuesday: reply within 7 days
    round = referred_round(users, clock, on=D(2026, 6, 2), kind=NoteKind.INTERIM_MEASURES, ohchr_date=D(2026, 6, 1))
    assert round.is_urgent
    committee = round.deadlines.get(kind=DeadlineKind.COMMITTEE)
    assert committee.due_on == D(2026, 6, 8)

    for day in days(D(2026, 6, 2), D(2026, 6, 9)):
        sweep(day)

    assert notices(committee) == sorted(
        [
            ("reminder", 4, D(2026, 6, 2)),
            ("reminder", 3, D(2026, 6, 3)),
            ("reminder", 2, D(2026, 6, 4)),
            ("reminder", 1, D(2026, 6, 5)),
            # nothing on Saturday 6 and Sunday 7 June
            ("reminder", 0, D(2026, 6, 8)),
            ("missed", 0, D(2026, 6, 9)),
            ("escalation", 0, D(2026, 6, 9)),
        ]
    )


# ---------------------------------------------------------------------------------------------------------------
# Met, optional, catch-up, repeat


def test_a_deadline_met_on_its_day_is_on_time_and_gets_no_further_notice(users, heads, clock, sweep):
    round = referred_round(users, clock, on=D(2026, 6, 1))
    deadline = pgo_deadline_due(users, round, D(2026, 6, 26))
    for day in days(D(2026, 6, 1), D(2026, 6, 26)):
        sweep(day)
    sent_before = notices(deadline)
    assert [kind for kind, _level, _day in sent_before] == ["reminder"] * 4

    # when the PGO submits its analysis at 15:00 on the due date
    clock.move_to(at(D(2026, 6, 26), 15))
    submit_analysis(users, round)
    for day in days(D(2026, 6, 26), D(2026, 7, 3)):
        sweep(day, 18)

    deadline.refresh_from_db()
    assert deadline.status == Deadline.Status.MET
    assert deadline.met_late is False
    assert notices(deadline) == sent_before  # no missed notice, no escalation


def test_reminders_stop_once_the_step_is_done(users, heads, clock, sweep):
    round = referred_round(users, clock, on=D(2026, 6, 1))
    deadline = pgo_deadline_due(users, round, D(2026, 6, 26))
    for day in days(D(2026, 6, 1), D(2026, 6, 17)):
        sweep(day)
    submit_analysis(users, round)
    for day in days(D(2026, 6, 18), D(2026, 6, 29)):
        sweep(day)
    assert [level for _kind, level, _day in notices(deadline)] == [7, 14]


def test_an_unused_admissibility_request_option_is_reminded_then_closed_never_missed(users, heads, clock, sweep):
    round = referred_round(users, clock, on=D(2026, 2, 2), ohchr_date=D(2026, 1, 28))
    option = round.deadlines.get(kind=DeadlineKind.ADMISSIBILITY_REQUEST)
    assert option.due_on == D(2026, 3, 28)  # two months after transmission (a Saturday)

    for day in days(D(2026, 3, 10), D(2026, 3, 30)):
        sweep(day)

    option.refresh_from_db()
    assert option.status == Deadline.Status.CANCELLED
    assert "Option not used" in option.history.first().history_change_reason
    kinds = [kind for kind, _level, _day in notices(option)]
    assert kinds.count("reminder") >= 2
    assert "missed" not in kinds and "escalation" not in kinds


def test_a_closed_option_leaves_the_registers_agency_filter_when_it_was_the_agencys_last_work(
    users, heads, clock, sweep
):
    from communications.models import Communication
    from communications.schedule import communication_schedule_refresh
    from communications.selectors import communication_list

    round = referred_round(users, clock, on=D(2026, 2, 2), ohchr_date=D(2026, 1, 28))
    option = round.deadlines.get(kind=DeadlineKind.ADMISSIBILITY_REQUEST)
    # the MFA's other deadlines done: the option is its last work on the case
    mfa_work = Deadline.objects.filter(round=round, responsible_agency__code="MFA").exclude(pk=option.pk)
    mfa_work.update(status=Deadline.Status.MET)
    communication_schedule_refresh(communication_ids=[round.communication_id])

    def listed_for_mfa() -> bool:
        return round.communication_id in {
            c.pk for c in communication_list(user=users["mfa"], filters={"agency": "MFA"})
        }

    assert listed_for_mfa()
    for day in days(D(2026, 3, 27), D(2026, 3, 30)):
        sweep(day)
    option.refresh_from_db()
    assert option.status == Deadline.Status.CANCELLED
    assert not listed_for_mfa()
    assert ",MFA," not in Communication.objects.get(pk=round.communication_id).answering_agencies


def test_after_days_of_downtime_one_catch_up_replaces_the_skipped_reminders(users, heads, clock, sweep):
    round = referred_round(users, clock, on=D(2026, 5, 20))
    deadline = pgo_deadline_due(users, round, D(2026, 6, 26))
    sweep(D(2026, 6, 1))  # nothing due yet

    # the worker is down from 2 June to the day of the 3-day reminder (levels 14 and 7 were never sent)
    run = sweep(D(2026, 6, 23))
    sweep(D(2026, 6, 23), 14)
    sweep(D(2026, 6, 25))

    assert notices(deadline) == [("catch_up", 3, D(2026, 6, 23)), ("reminder", 1, D(2026, 6, 25))]
    catch_up = DeadlineNotice.objects.get(deadline=deadline, kind="catch_up")
    assert catch_up.skipped_levels == [14, 7]
    assert run.catch_ups >= 1
    text = Notification.objects.filter(notice=catch_up).first()
    assert "14, 7" in text.message


def test_after_downtime_past_the_due_date_the_deadline_is_marked_missed_without_stale_reminders(
    users, heads, clock, sweep
):
    round = referred_round(users, clock, on=D(2026, 5, 20))
    deadline = pgo_deadline_due(users, round, D(2026, 6, 26))
    sweep(D(2026, 6, 1))
    sweep(D(2026, 7, 2))  # back after a month
    assert notices(deadline) == [("escalation", 0, D(2026, 7, 2)), ("missed", 0, D(2026, 7, 2))]


def test_a_deadline_created_inside_the_window_gets_a_plain_reminder_not_a_catch_up(users, heads, clock, sweep):
    users["pgo"].language = "en"
    users["pgo"].save()
    round = referred_round(users, clock, on=D(2026, 6, 22))
    deadline = pgo_deadline_due(users, round, D(2026, 6, 26))  # 4 working days later: level 7 is current
    sweep(D(2026, 6, 22))
    assert notices(deadline) == [("reminder", 7, D(2026, 6, 22))]
    notification = Notification.objects.get(notice__deadline=deadline, user=users["pgo"])
    assert "in 4 working days" in notification.title


def test_running_the_sweep_again_creates_nothing_new(users, heads, clock, sweep):
    round = referred_round(users, clock, on=D(2026, 6, 1))
    pgo_deadline_due(users, round, D(2026, 6, 3))
    first = sweep(D(2026, 6, 4))
    counts = (DeadlineNotice.objects.count(), Notification.objects.count(), Event.objects.count(), len(mail.outbox))
    second = sweep(D(2026, 6, 4))
    assert first.missed == 1 and first.notifications > 0
    assert (second.reminders, second.missed, second.escalations, second.notifications) == (0, 0, 0, 0)
    assert (DeadlineNotice.objects.count(), Notification.objects.count(), Event.objects.count(), len(mail.outbox)) == (
        counts
    )
    assert SweepRun.objects.count() == 2


def test_the_sweep_looks_only_at_deadlines_in_the_window(users, heads, clock, sweep):
    for _ in range(3):
        referred_round(users, clock, on=D(2026, 6, 1), ohchr_date=D(2026, 5, 29))  # all due months later
    round = referred_round(users, clock, on=D(2026, 6, 1), ohchr_date=D(2026, 5, 29))
    pgo_deadline_due(users, round, D(2026, 6, 10))
    run = sweep(D(2026, 6, 1))
    assert Deadline.objects.open().count() == 24
    assert run.examined == 1


# ---------------------------------------------------------------------------------------------------------------
# Extensions


def test_an_extension_recomputes_internal_deadlines_withdraws_stale_reminders_and_reminds_for_the_new_dates(
    users, heads, clock, sweep, django_capture_on_commit_callbacks
):
    # given a CCPR communication transmitted on 12 January 2026: the State's reply is due on 12 July
    round = referred_round(users, clock, on=D(2026, 1, 15), ohchr_date=D(2026, 1, 12))
    committee = round.deadlines.get(kind=DeadlineKind.COMMITTEE)
    pgo = round.deadlines.get(kind=DeadlineKind.PGO_ANALYSIS)
    iwg = round.deadlines.get(kind=DeadlineKind.IWG_CONSIDERATION)
    assert (committee.due_on, pgo.due_on) == (D(2026, 7, 12), D(2026, 4, 28))
    # the MFA set the IWG consideration by hand: an extension keeps it
    iwg = services.deadline_change(
        actor=users["mfa"], deadline=iwg, due_on=D(2026, 5, 8), reason="Meeting date", expected_version=iwg.lock_version
    )

    sweep(D(2026, 4, 8))  # PGO: 14 working days before 28 April
    sweep(D(2026, 4, 17))  # PGO: 7 working days before; IWG: 14 before (16 April)
    clock.move_to(at(D(2026, 4, 24), 9))
    with django_capture_on_commit_callbacks(execute=False) as queued:
        services.deadlines_sweep()  # PGO: 3 working days before; its e-mail is still queued
    old_pgo_notices = list(DeadlineNotice.objects.filter(deadline=pgo).order_by("level"))
    assert [n.level for n in old_pgo_notices] == [3, 7, 14]
    mail.outbox.clear()

    # when the committee extends its deadline by two months
    clock.move_to(at(D(2026, 4, 24), 11))
    services.deadline_extend(
        actor=users["mfa"],
        deadline=committee,
        new_due_on=D(2026, 9, 14),
        reference="G/SO 215/51 CCPR extension",
        reason="Extension granted by the Special Rapporteur",
        expected_version=committee.lock_version,
    )
    for callback in queued:  # the e-mail task queued before the extension runs now
        callback()

    # then the internal deadline not set by hand moved, and the hand-set one kept its date
    pgo.refresh_from_db()
    iwg.refresh_from_db()
    assert pgo.due_on == D(2026, 7, 1)  # 75 days before 14 September, a Wednesday
    assert iwg.due_on == D(2026, 5, 8)
    # the old dates stay in history
    assert D(2026, 4, 28) in set(pgo.history.values_list("due_on", flat=True))
    assert committee.extensions.get().previous_due_on == D(2026, 7, 12)
    # the reminders for the old date are withdrawn: out of the unread list, no e-mail for the queued one
    assert all(n.cancelled_at is not None for n in DeadlineNotice.objects.filter(deadline=pgo))
    assert not Notification.objects.unread().filter(notice__deadline=pgo).exists()
    assert Notification.objects.filter(notice__deadline=pgo).count() == 3 * 2  # kept as history (pgo, pgo_head)
    assert mail.outbox == []
    # the hand-set IWG deadline's reminder still applies
    assert Notification.objects.unread().filter(notice__deadline=iwg).exists()

    # and the reminders start again against the new date
    sweep(D(2026, 4, 24), 12)
    assert DeadlineNotice.objects.filter(deadline=pgo, cancelled_at__isnull=True).count() == 0
    sweep(D(2026, 6, 11))  # 14 working days before 1 July
    fresh = DeadlineNotice.objects.get(deadline=pgo, cancelled_at__isnull=True)
    assert (fresh.kind, fresh.level, fresh.due_on) == ("reminder", 14, D(2026, 7, 1))


def test_an_extension_reopens_a_missed_deadline_and_withdraws_its_escalation(users, heads, clock, sweep):
    round = referred_round(users, clock, on=D(2026, 6, 1), kind=NoteKind.INTERIM_MEASURES, ohchr_date=D(2026, 6, 1))
    committee = round.deadlines.get(kind=DeadlineKind.COMMITTEE)
    sweep(D(2026, 6, 9))
    committee.refresh_from_db()
    assert committee.status == Deadline.Status.MISSED

    services.deadline_extend(
        actor=users["mfa"],
        deadline=committee,
        new_due_on=D(2026, 6, 19),
        reference="ext",
        reason="More time",
        expected_version=committee.lock_version,
    )
    committee.refresh_from_db()
    assert committee.status == Deadline.Status.OPEN
    assert not DeadlineNotice.objects.filter(deadline=committee, cancelled_at__isnull=True).exists()
    sweep(D(2026, 6, 10))
    assert (
        DeadlineNotice.objects.filter(deadline=committee, cancelled_at__isnull=True, kind="catch_up").count()
        + (DeadlineNotice.objects.filter(deadline=committee, cancelled_at__isnull=True, kind="reminder").count())
        == 1
    )


def test_a_missed_deadline_moved_away_and_back_is_marked_missed_again_without_a_second_escalation(
    users, heads, clock, sweep
):
    round = referred_round(users, clock, on=D(2026, 6, 1))
    deadline = pgo_deadline_due(users, round, D(2026, 6, 3))
    sweep(D(2026, 6, 4))
    clock.move_to(at(D(2026, 6, 4), 11))
    deadline = services.deadline_change(
        actor=users["mfa"],
        deadline=deadline,
        due_on=D(2026, 6, 10),
        reason="More",
        expected_version=deadline.lock_version,
    )
    assert deadline.status == Deadline.Status.OPEN
    deadline = services.deadline_change(
        actor=users["mfa"],
        deadline=deadline,
        due_on=D(2026, 6, 3),
        reason="Undo",
        expected_version=deadline.lock_version,
    )

    run = sweep(D(2026, 6, 4), 12)

    deadline.refresh_from_db()
    assert deadline.status == Deadline.Status.MISSED
    assert run.errors == 0
    assert DeadlineNotice.objects.filter(deadline=deadline, kind="escalation").count() == 1


def test_the_unique_constraint_stops_a_second_notice_when_a_sweep_misreads(users, heads, clock, sweep, monkeypatch):
    # given a reminder already sent
    round = referred_round(users, clock, on=D(2026, 6, 1))
    deadline = pgo_deadline_due(users, round, D(2026, 6, 3))
    sweep(D(2026, 6, 2))
    counts = (DeadlineNotice.objects.count(), Notification.objects.count())

    # when a sweep does not see it (as two sweeps might on a database without row locks)
    from communications import reminders

    monkeypatch.setattr(reminders, "existing_notices", lambda deadline_ids: {})
    run = sweep(D(2026, 6, 2), 10)

    # then the insert is refused and the step is undone, without counting an error
    assert (DeadlineNotice.objects.count(), Notification.objects.count()) == counts
    assert (run.reminders, run.notifications, run.errors) == (0, 0, 0)
    assert notices(deadline) == [("reminder", 1, D(2026, 6, 2))]


# ---------------------------------------------------------------------------------------------------------------
# The plan itself, over random calendars of sweeps (no database)

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from communications.reminders import Action, ReminderSchedule, reminder_plan  # noqa: E402
from iwg.calendar import WorkingCalendar  # noqa: E402

_SCHEDULE = ReminderSchedule(calendar=WorkingCalendar(transfers={}), offsets=[14, 7, 3, 1])
_plan_settings = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _simulate(created, due, sweep_days, urgent):
    sent, log = set(), []
    for today in sorted(sweep_days):
        plan = reminder_plan(
            kind=DeadlineKind.PGO_ANALYSIS,
            due_on=due,
            urgent=urgent,
            today=today,
            since=created,
            sent_levels=sent,
            schedule=_SCHEDULE,
        )
        log.append((today, plan))
        if plan.action in (Action.REMIND, Action.CATCH_UP):
            sent.add(plan.level)
        if plan.action == Action.MISS:
            break  # no longer open
    return log


@_plan_settings
@given(
    created=st.dates(min_value=D(2025, 1, 1), max_value=D(2027, 6, 30)),
    lead=st.integers(min_value=0, max_value=45),
    gaps=st.lists(st.integers(min_value=0, max_value=60), max_size=40),
    urgent=st.booleans(),
)
def test_the_plan_never_repeats_or_reverses_a_level_and_misses_only_after_the_day(created, lead, gaps, urgent):
    due = created + dt.timedelta(days=lead)
    sweep_days = {created + dt.timedelta(days=gap) for gap in gaps}
    log = _simulate(created, due, sweep_days, urgent)
    levels = [plan.level for _today, plan in log if plan.action in (Action.REMIND, Action.CATCH_UP)]
    assert levels == sorted(set(levels), reverse=True)  # each level once, the nearest last
    for today, plan in log:
        if plan.action in (Action.REMIND, Action.CATCH_UP):
            assert today <= due
            assert _SCHEDULE.day(due, plan.level) <= today
        if plan.action == Action.CATCH_UP:
            assert plan.skipped and all(level > plan.level for level in plan.skipped)
            assert all(created <= _SCHEDULE.day(due, level) < today for level in plan.skipped)
        if plan.action == Action.MISS:
            assert today > due
    assert [plan.action for _today, plan in log].count(Action.MISS) <= 1


@_plan_settings
@given(
    created=st.dates(min_value=D(2025, 1, 1), max_value=D(2027, 6, 30)),
    lead=st.integers(min_value=0, max_value=45),
    urgent=st.booleans(),
)
def test_with_a_sweep_every_day_each_reminder_comes_on_its_own_day_and_never_as_a_catch_up(created, lead, urgent):
    due = created + dt.timedelta(days=lead)
    log = _simulate(created, due, set(days(created, due + dt.timedelta(days=1))), urgent)
    actions = [plan.action for _today, plan in log]
    assert Action.CATCH_UP not in actions
    assert actions[-1] == Action.MISS
    for today, plan in log:
        if plan.action == Action.REMIND and _SCHEDULE.day(due, plan.level) >= created:
            assert _SCHEDULE.day(due, plan.level) == today
    expected = {level for level in _SCHEDULE.levels(urgent=urgent) if created <= _SCHEDULE.day(due, level) <= due}
    sent = {plan.level for _today, plan in log if plan.action == Action.REMIND}
    assert expected <= sent and len(sent - expected) <= 1  # plus, at most, the level current on the first day


def test_a_failing_deadline_is_counted_and_the_others_are_still_swept(users, heads, clock, sweep, monkeypatch):
    first = pgo_deadline_due(users, referred_round(users, clock, on=D(2026, 6, 1)), D(2026, 6, 3))
    second = pgo_deadline_due(users, referred_round(users, clock, on=D(2026, 6, 1)), D(2026, 6, 3))
    real = services.deadline_mark_missed

    def broken_for_the_first(*, deadline_id, **kwargs):
        if deadline_id == first.pk:
            raise RuntimeError("boom")
        return real(deadline_id=deadline_id, **kwargs)

    monkeypatch.setattr(services.deadlines, "deadline_mark_missed", broken_for_the_first)
    run = sweep(D(2026, 6, 4))

    assert run.errors == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Deadline.Status.OPEN, Deadline.Status.MISSED)
    assert not DeadlineNotice.objects.filter(deadline=first).exists()


def test_a_sweep_out_of_time_stops_instead_of_counting_errors(users, heads, clock, sweep, monkeypatch):
    from celery.exceptions import SoftTimeLimitExceeded

    pgo_deadline_due(users, referred_round(users, clock, on=D(2026, 6, 1)), D(2026, 6, 3))

    def out_of_time(**kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(services.deadlines, "deadline_mark_missed", out_of_time)
    with pytest.raises(SoftTimeLimitExceeded):
        sweep(D(2026, 6, 4))
    assert SweepRun.objects.count() == 0
