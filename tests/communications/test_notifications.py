"""Notifications: e-mails in the user's language with a link and no confidential names, exactly once; the daily
digest; the notifications page and marking read; the schedule, the health check and the dry-run command."""

import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from communications import services, tasks
from communications.models import Deadline, DeadlineKind, DeadlineNotice, Notification, SweepRun
from iwg.celery import app
from iwg.models import User
from iwg.roles import Role
from tests.factories import UserFactory, register_note, submit_analysis

pytestmark = pytest.mark.django_db

ALMATY = ZoneInfo("Asia/Almaty")
D = dt.date
REGISTERED = D(2026, 6, 1)
DUE = D(2026, 6, 3)  # the PGO analysis, set by hand
REMINDER_DAY = D(2026, 6, 2)  # one working day before


def at(day, hour=9):
    return dt.datetime.combine(day, dt.time(hour), tzinfo=ALMATY)


@pytest.fixture
def clock():
    with time_machine.travel(at(REGISTERED, 8), tick=False) as traveller:
        yield traveller


@pytest.fixture
def confidential_round(users, clock):
    """A referred round whose author's identity is confidential, with its PGO analysis due on 3 June 2026."""
    note = register_note(
        users,
        ohchr_date=REGISTERED - dt.timedelta(days=3),
        received_on=REGISTERED,
        communication_fields={
            "subject": "Torture of Elena Zhukova in pre-trial detention",
            "parties": [{"role": "author", "full_name": "Elena Zhukova", "is_confidential": True}],
        },
    )
    round = note.opened_round
    services.round_refer(actor=users["mfa"], round=round)
    deadline = round.deadlines.get(kind=DeadlineKind.PGO_ANALYSIS)
    services.deadline_change(actor=users["mfa"], deadline=deadline, due_on=DUE, reason="Urgent case")
    return round


@pytest.fixture
def sweep(clock, django_capture_on_commit_callbacks):
    def run(day, hour=9):
        clock.move_to(at(day, hour))
        with django_capture_on_commit_callbacks(execute=True):
            return services.deadlines_sweep()

    return run


def pgo_colleague(language="ru", **extra):
    return UserFactory(role=Role.PGO_PROSECUTOR, agency_code="PGO", language=language, **extra)


# ---------------------------------------------------------------------------------------------------------------
# E-mails


@pytest.mark.parametrize(
    ("language", "date_text"),
    [("ru", "3 июня 2026 г."), ("kk", "3 маусым 2026 ж."), ("en", "3 Jun 2026")],
)
def test_the_reminder_email_is_in_the_users_language_with_a_link_to_the_communication(
    users, confidential_round, sweep, language, date_text
):
    colleague = pgo_colleague(language)
    sweep(REMINDER_DAY)

    [message] = [m for m in mail.outbox if m.to == [colleague.email]]
    assert message.extra_headers["Content-Language"] == language
    assert date_text in message.subject
    assert date_text in message.body
    link = settings.IWG_SITE_URL + reverse("communications:detail", args=[confidential_round.communication.pk])
    assert link in message.body
    notification = Notification.objects.get(user=colleague)
    assert date_text in notification.title
    assert message.extra_headers["Message-ID"] == f"<notification-{notification.pk}@127.0.0.1>"


def test_notices_never_name_a_confidential_author(users, confidential_round, sweep):
    pgo_colleague("en")
    sweep(REMINDER_DAY)
    sweep(DUE + dt.timedelta(days=1))  # missed and escalated too

    texts = [n.title + n.message for n in Notification.objects.all()]
    texts += [m.subject + m.body for m in mail.outbox]
    assert len(texts) > 4
    for text in texts:
        assert "Zhukova" not in text
        assert "Elena" not in text
        assert confidential_round.communication.number in text


def test_each_notice_is_emailed_once_to_users_who_chose_immediate_emails(users, confidential_round, sweep):
    immediate = pgo_colleague()
    digest = pgo_colleague(email_delivery=User.EmailDelivery.DIGEST)
    silent = pgo_colleague(email_delivery=User.EmailDelivery.NONE)
    sweep(REMINDER_DAY)

    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([users["pgo"].email, immediate.email])
    notice = DeadlineNotice.objects.get(deadline__kind=DeadlineKind.PGO_ANALYSIS)
    assert notice.notified_at is not None
    assert Notification.objects.filter(notice=notice).count() == 4  # everyone sees it in the app
    assert not Notification.objects.get(user=digest).emailed_at
    assert not Notification.objects.get(user=silent).emailed_at

    # running the e-mail task again (a redelivered message) sends nothing more
    assert tasks.notice_send_emails.delay(notice.pk).get() == 0
    assert len(mail.outbox) == 2


def test_a_reminder_whose_deadline_was_met_before_its_email_went_out_is_withdrawn(
    users, confidential_round, clock, django_capture_on_commit_callbacks
):
    clock.move_to(at(REMINDER_DAY))
    with django_capture_on_commit_callbacks(execute=False) as queued:
        services.deadlines_sweep()
    submit_analysis(users, confidential_round)
    for callback in queued:
        callback()
    notice = DeadlineNotice.objects.get(deadline__kind=DeadlineKind.PGO_ANALYSIS)
    assert notice.cancelled_at is not None
    assert mail.outbox == []


def test_the_daily_digest_sends_one_email_per_user_once(users, confidential_round, sweep, clock):
    reader = pgo_colleague("en", email_delivery=User.EmailDelivery.DIGEST)
    sweep(REMINDER_DAY)
    make_notifications(reader, 1)
    mail.outbox.clear()

    clock.move_to(at(DUE, 8))  # the digest runs at 08:00
    assert tasks.notifications_send_digests.delay().get() == 1

    [digest] = mail.outbox
    assert digest.to == [reader.email]
    assert "2 notices" in digest.subject
    assert "Reminder: " in digest.body and "Notice 0" in digest.body
    assert confidential_round.communication.number in digest.body
    assert not Notification.objects.filter(user=reader, emailed_at__isnull=True).exists()
    assert tasks.notifications_send_digests.delay().get() == 0
    assert tasks.notification_digest_send.delay(reader.pk).get() == 0
    assert len(mail.outbox) == 1


def test_the_digest_leaves_out_a_reminder_overtaken_by_the_missed_notice(users, confidential_round, sweep, clock):
    reader = pgo_colleague("en", email_delivery=User.EmailDelivery.DIGEST)
    sweep(REMINDER_DAY)
    sweep(DUE + dt.timedelta(days=1))
    mail.outbox.clear()

    tasks.notification_digest_send.delay(reader.pk)

    [digest] = mail.outbox
    assert "1 notice " in digest.subject
    assert "Missed: " in digest.body and "Reminder: " not in digest.body
    reminder = DeadlineNotice.objects.get(kind=DeadlineNotice.Kind.REMINDER)
    assert reminder.cancelled_at is not None


def test_the_email_of_a_lost_task_is_queued_again_by_a_later_sweep(users, confidential_round, sweep, clock):
    clock.move_to(at(REMINDER_DAY))
    services.deadlines_sweep()  # its after-commit e-mail task is lost (never executed)
    assert mail.outbox == []
    sweep(REMINDER_DAY, 10)
    assert sorted(address for message in mail.outbox for address in message.to) == [users["pgo"].email]


# ---------------------------------------------------------------------------------------------------------------
# The notifications page


def make_notifications(user, count, **fields):
    return Notification.objects.bulk_create(
        [Notification(user=user, kind=Notification.Kind.INFO, title=f"Notice {i}", **fields) for i in range(count)]
    )


def test_the_notifications_page_needs_a_login(client):
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_the_notifications_page_lists_only_the_users_unread_notifications(
    client, users, confidential_round, sweep, django_assert_max_num_queries
):
    sweep(REMINDER_DAY)
    make_notifications(users["pgo"], 30)
    make_notifications(users["moj"], 2)
    client.force_login(users["pgo"])

    with django_assert_max_num_queries(9):  # +3: session saved on every request
        response = client.get(reverse("notifications:list"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Notice 29" in page and "Reminder:" in page
    # 30 made here, the reminder and the hand-off of the referral
    assert len(re.findall(r'id="notification-\d+"', page)) == 32
    for theirs in Notification.objects.filter(user=users["moj"]):
        assert f'id="notification-{theirs.pk}"' not in page


def test_marking_a_notification_read_removes_it_from_the_unread_list(client, users):
    mine, other = make_notifications(users["pgo"], 2)
    client.force_login(users["pgo"])

    response = client.post(reverse("notifications:read", args=[mine.pk]))

    assert response.status_code == 302
    mine.refresh_from_db()
    other.refresh_from_db()
    assert mine.read_at is not None and other.read_at is None
    listing = client.get(reverse("notifications:list")).content.decode()
    assert f'id="notification-{other.pk}"' in listing
    assert f'id="notification-{mine.pk}"' not in listing
    assert f'id="notification-{mine.pk}"' in client.get(reverse("notifications:list") + "?all=1").content.decode()


def test_marking_read_with_htmx_returns_the_row(client, users):
    [mine] = make_notifications(users["pgo"], 1)
    client.force_login(users["pgo"])
    response = client.post(reverse("notifications:read", args=[mine.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert f'id="notification-{mine.pk}"' in response.content.decode()
    assert "Mark read" not in response.content.decode()


def test_another_users_notification_cannot_be_marked_read(client, users):
    [theirs] = make_notifications(users["moj"], 1)
    client.force_login(users["pgo"])
    response = client.post(reverse("notifications:read", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_marking_read_needs_a_post(client, users):
    [mine] = make_notifications(users["pgo"], 1)
    client.force_login(users["pgo"])
    assert client.get(reverse("notifications:read", args=[mine.pk])).status_code == 405
    assert client.get(reverse("notifications:read_all")).status_code == 405


def test_mark_all_read_touches_only_the_users_own(client, users):
    make_notifications(users["pgo"], 3)
    make_notifications(users["moj"], 2)
    client.force_login(users["pgo"])
    client.post(reverse("notifications:read_all"))
    assert Notification.objects.unread().filter(user=users["pgo"]).count() == 0
    assert Notification.objects.unread().filter(user=users["moj"]).count() == 2


def test_the_menu_badge_counts_unread_notifications(client, users):
    make_notifications(users["pgo"], 3)
    client.force_login(users["pgo"])
    assert ">3<" in client.get(reverse("notifications:badge")).content.decode()
    client.post(reverse("notifications:read_all"))
    assert client.get(reverse("notifications:badge")).content.decode().strip() == ""


# ---------------------------------------------------------------------------------------------------------------
# Schedule, operations


def test_beat_runs_the_sweep_every_5_minutes_and_the_digest_at_8_in_almaty():
    schedule = settings.CELERY_BEAT_SCHEDULE
    sweep = schedule["deadlines-sweep"]
    digest = schedule["notifications-digest"]
    assert sweep["task"] in app.tasks and digest["task"] in app.tasks
    assert sweep["schedule"].minute == set(range(0, 60, 5))
    assert digest["schedule"].hour == {8} and digest["schedule"].minute == {0}
    assert settings.CELERY_TIMEZONE == "Asia/Almaty"
    for name in ("deadlines_sweep", "notice_send_emails", "notification_digest_send"):
        assert getattr(tasks, name).acks_late is True


def test_the_health_check_shows_when_the_sweep_last_completed(client, users, clock):
    assert client.get("/health/").json() == {"status": "ok", "last_sweep_at": None}
    services.deadlines_sweep()
    run = SweepRun.objects.get()
    body = client.get("/health/").json()
    assert body["status"] == "ok"
    assert dt.datetime.fromisoformat(body["last_sweep_at"]) == run.finished_at


def test_administrators_see_the_last_sweep_on_the_admin_index(client, users, clock):
    services.deadlines_sweep()
    client.force_login(users["admin"])
    page = client.get(reverse("admin:index")).content.decode()
    assert 'id="deadline-sweep-status"' in page
    assert "last completed" in page
    assert client.get(reverse("admin:communications_sweeprun_changelist")).status_code == 200


def test_deadlines_status_is_a_dry_run_that_says_what_the_sweep_would_do(users, confidential_round, clock):
    clock.move_to(at(DUE + dt.timedelta(days=1)))
    out = io.StringIO()

    call_command("deadlines_status", stdout=out)

    text = out.getvalue()
    assert "Last completed sweep: never" in text
    assert "pgo_analysis" in text and "mark missed and escalate" in text
    assert "Next deadlines after the window" in text
    assert DeadlineNotice.objects.count() == 0
    assert not Deadline.objects.filter(status=Deadline.Status.MISSED).exists()
    assert SweepRun.objects.count() == 0
