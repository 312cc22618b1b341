"""Writes of the deadline sweep and its notices: the daily sweep, issuing and withdrawing notices, sending their
e-mails and the daily digest, marking notifications read. What the sweep decides is in
communications/reminders.py, what the notices say in communications/emails.py, the Celery tasks in tasks.py.
"""

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import asdict

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from iwg.calendar import local_date
from iwg.commit import on_commit_call
from iwg.models import User

from ..emails import digest_email, notification_email
from ..models import (
    DeadlineNotice,
    Notification,
    SweepRun,
)
from ..reminders import (
    Recipients,
    ReminderSchedule,
    notice_applies,
    sweep_candidates,
)
from ..sweep import SweepCounts, sweep_batch
from ..texts import NoticeTexts
from .deadlines import notices_withdraw

# ---------------------------------------------------------------------------------------------------------------
# Notifications


def notification_mark_read(*, actor: User | None, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the actor's own notifications read (all unread when `notification_ids` is None). Returns how many
    changed. Another user's notifications are never touched."""

    queryset = Notification.objects.filter(user=actor, read_at__isnull=True)
    if notification_ids is not None:
        queryset = queryset.filter(pk__in=list(notification_ids))
    return queryset.update(read_at=timezone.now())


# ---------------------------------------------------------------------------------------------------------------
# Deadline sweep and notices
#
# Celery beat runs `deadlines_sweep` every 5 minutes (iwg/settings/celery.py). What it decides for one deadline is
# `notifications.reminder_plan`; every notice is a DeadlineNotice row under a unique constraint, so running the
# sweep twice or twice at once creates nothing twice. E-mails are sent after commit by their own task.

_sweep_logger = logging.getLogger("communications.sweep")


def deadlines_sweep(*, today: dt.date | None = None, batch_size: int | None = None) -> SweepRun:
    """Enforce the deadlines that are due now (the system acts, actor None).

    Selects in SQL the open deadlines due within the reminder window or already past, then handles them in
    batches, each in one transaction with the batch's rows locked (`skip_locked`: a concurrent sweep leaves them to
    this one). For each deadline: a reminder at each configured offset (one catch-up reminder instead of several
    skipped ones), or, once its day has passed, marks it missed and escalates it — an unused option is closed as
    cancelled instead. Met or cancelled deadlines are not open, so their reminders stop. Records the completed run
    (SweepRun) and re-queues e-mails of notices whose e-mail task was lost."""

    started = timezone.now()
    today = today or local_date(started)
    batch_size = batch_size or settings.IWG_SWEEP_BATCH_SIZE
    schedule = ReminderSchedule()
    recipients = Recipients()
    notice_texts = NoticeTexts()  # each distinct notice text rendered once per language for the whole sweep
    counts = SweepCounts()
    due_ids = list(
        sweep_candidates(today=today, schedule=schedule).order_by("due_on", "id").values_list("id", flat=True)
    )
    for start in range(0, len(due_ids), batch_size):
        sweep_batch(
            due_ids[start : start + batch_size],
            today=today,
            schedule=schedule,
            recipients=recipients,
            counts=counts,
            notice_texts=notice_texts,
        )
    _notices_requeue_unsent(now=timezone.now())
    finished = timezone.now()
    run = SweepRun.objects.create(started_at=started, finished_at=finished, swept_for=today, **asdict(counts))
    SweepRun.objects.filter(finished_at__lt=finished - dt.timedelta(days=31)).delete()
    _sweep_logger.info(
        "Deadline sweep for %s: %s examined, %s reminders, %s catch-ups, %s missed, %s escalations, %s options "
        "closed, %s notifications, %s errors, in %.3f s",
        today,
        counts.examined,
        counts.reminders,
        counts.catch_ups,
        counts.missed,
        counts.escalations,
        counts.options_closed,
        counts.notifications,
        counts.errors,
        (finished - started).total_seconds(),
    )
    return run


def _notices_emails_enqueue(notice_ids: list[int]) -> None:
    """One message to the e-mail queue for these notices (a sweep batch's): one task e-mails them all."""
    from ..tasks import notices_send_emails  # here: tasks.py imports the services, and only the sweep needs Celery

    notices_send_emails.apply_async((list(notice_ids),))


def _notices_requeue_unsent(*, now: dt.datetime, older_than: dt.timedelta = dt.timedelta(minutes=10)) -> int:
    """Safety net: queue again the e-mails of notices whose e-mail task never finished (e.g. the broker lost it).
    The e-mail task is idempotent, so a notice still being sent is not sent twice."""
    ids = list(
        DeadlineNotice.objects.filter(
            notified_at__isnull=True, cancelled_at__isnull=True, created_at__lt=now - older_than
        )
        .order_by("created_at")
        .values_list("pk", flat=True)[:500]
    )
    if ids:
        transaction.on_commit(on_commit_call(_notices_emails_enqueue, ids), robust=True)
    return len(ids)


def notice_emails_send(*, notice_id: int) -> int:
    """E-mail a notice to its recipients who chose immediate e-mails; returns how many were sent.

    Idempotent and safe to run concurrently: each notification is sent under its row lock and marked `emailed_at`
    in the same transaction, so a second run finds nothing left. A notice that no longer applies (the deadline was
    met, cancelled or moved in between) is withdrawn instead of sent."""

    notice = DeadlineNotice.objects.select_related("deadline").filter(pk=notice_id).first()
    if notice is None or notice.cancelled_at is not None:
        return 0
    if not notice_applies(notice, notice.deadline):
        notices_withdraw(
            DeadlineNotice.objects.filter(pk=notice.pk), reason=_("The deadline changed before the e-mail was sent.")
        )
        return 0
    pending = Notification.objects.filter(
        notice=notice,
        emailed_at__isnull=True,
        user__is_active=True,
        user__email_delivery=User.EmailDelivery.IMMEDIATE,
    ).exclude(user__email="")
    sent = 0
    for notification_id in list(pending.order_by("id").values_list("pk", flat=True)):
        with transaction.atomic():
            notification = (
                Notification.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("user", "communication")
                .filter(pk=notification_id, emailed_at__isnull=True)
                .first()
            )
            if notification is None:
                continue  # sent meanwhile, or being sent by a concurrent run
            notification_email(notification).send()
            notification.emailed_at = timezone.now()
            notification.save(update_fields=["emailed_at"])
            sent += 1
    if not pending.exists():
        DeadlineNotice.objects.filter(pk=notice.pk, notified_at__isnull=True).update(notified_at=timezone.now())
    return sent


def notification_digest_send(*, user_id: int, day: dt.date | None = None) -> int:
    """E-mail one user who chose the daily digest all their notifications not e-mailed yet, in one message.
    Idempotent: the notifications are locked and marked e-mailed in the same transaction. Notifications whose
    notice no longer applies are withdrawn, not sent."""

    user = (
        User.objects.filter(pk=user_id, is_active=True, email_delivery=User.EmailDelivery.DIGEST)
        .exclude(email="")
        .first()
    )
    if user is None:
        return 0
    with transaction.atomic():
        rows = list(
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(user=user, emailed_at__isnull=True)
            .filter(Q(notice__isnull=True) | Q(notice__cancelled_at__isnull=True))
            .select_related("communication", "notice__deadline")
            .order_by("created_at", "id")
        )
        stale = [row.notice_id for row in rows if row.notice and not notice_applies(row.notice, row.notice.deadline)]
        if stale:
            notices_withdraw(DeadlineNotice.objects.filter(pk__in=stale), reason=_("No longer applies."))
        rows = [row for row in rows if row.notice_id not in stale]
        if not rows:
            return 0
        digest_email(user, rows, day=day or local_date()).send()
        Notification.objects.filter(pk__in=[row.pk for row in rows]).update(emailed_at=timezone.now())
    return len(rows)
