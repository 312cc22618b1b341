"""Celery tasks: thin adapters that take ids, let the services re-fetch and re-check, and own their retry policy.
Each can run twice, or twice at once, without doing anything twice. The schedule is in iwg/settings/celery.py.

All are `acks_late`: a worker killed in the middle leaves the message unacknowledged, and the broker hands it to
another worker, which finds the work done so far and finishes the rest.
"""

import logging
from smtplib import SMTPException

from celery import bootsteps, shared_task
from django.conf import settings

import iwg.celery  # noqa: F401  (creates the configured app first, so that the shared tasks below are bound to it)
from iwg.celery import app as celery_app

from .reminders import digest_user_ids
from .services import notices as notice_services

logger = logging.getLogger(__name__)


@shared_task(name="communications.tasks.deadlines_sweep", acks_late=True, soft_time_limit=540, time_limit=600)
def deadlines_sweep() -> dict:
    """Remind, mark missed and escalate the deadlines due now (beat: every 5 minutes)."""
    run = notice_services.deadlines_sweep()
    return {"sweep_run": run.pk, "examined": run.examined, "notifications": run.notifications, "errors": run.errors}


@shared_task(
    name="communications.tasks.notice_send_emails",
    acks_late=True,
    autoretry_for=(SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=1800,
    max_retries=8,
    soft_time_limit=120,
    time_limit=180,
)
def notice_send_emails(notice_id: int) -> int:
    """E-mail one deadline notice to its recipients who chose immediate e-mails (queued after the sweep commits)."""
    return notice_services.notice_emails_send(notice_id=notice_id)


@shared_task(
    name="communications.tasks.notices_send_emails",
    acks_late=True,
    autoretry_for=(SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=1800,
    max_retries=8,
    soft_time_limit=300,
    time_limit=360,
)
def notices_send_emails(notice_ids: list[int]) -> int:
    """E-mail the notices of one sweep batch (one message per batch). Each notice is sent at most once, so a
    retry after a failure part-way sends only what is left."""
    return sum(notice_services.notice_emails_send(notice_id=notice_id) for notice_id in notice_ids)


@shared_task(name="communications.tasks.notifications_send_digests", acks_late=True, soft_time_limit=60, time_limit=90)
def notifications_send_digests() -> int:
    """Queue one digest per user who chose the daily digest and has something to read (beat: daily, 08:00)."""
    user_ids = digest_user_ids()
    for user_id in user_ids:
        notification_digest_send.delay(user_id)
    return len(user_ids)


@shared_task(
    name="communications.tasks.notification_digest_send",
    acks_late=True,
    autoretry_for=(SMTPException, OSError),
    retry_backoff=60,
    retry_backoff_max=3600,
    max_retries=6,
    soft_time_limit=120,
    time_limit=180,
)
def notification_digest_send(user_id: int) -> int:
    """E-mail one user's daily digest."""
    return notice_services.notification_digest_send(user_id=user_id)


class SweepOnBrokerConnection(bootsteps.StartStopStep):
    """A worker that connects to the broker, at start and again after losing it (a Redis outage), queues one
    deadline sweep at once: the ticks beat could not send meanwhile are caught up without waiting for the next
    one (beat drops a tick it cannot send). The sweep is idempotent, so an extra one changes nothing."""

    requires = {"celery.worker.consumer.tasks:Tasks"}

    def start(self, parent) -> None:
        if settings.IWG_SWEEP_ON_WORKER_START:
            logger.info("Connected to the broker: queueing a deadline sweep to catch up")
            deadlines_sweep.apply_async(expires=290)


# The consumer's steps start again each time the worker reconnects to the broker.
celery_app.steps["consumer"].add(SweepOnBrokerConnection)


@shared_task(
    name="communications.tasks.handoff_send_emails",
    acks_late=True,
    autoretry_for=(SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=1800,
    max_retries=8,
    soft_time_limit=120,
    time_limit=180,
)
def handoff_send_emails(handoff_id: int) -> int:
    """E-mail one hand-off notice to its recipients (queued after the step's transaction commits)."""
    from .services import handoffs

    return handoffs.handoff_emails_send(handoff_id=handoff_id)


@shared_task(name="communications.tasks.export_job_run", acks_late=True, soft_time_limit=900, time_limit=960)
def export_job_run(job_id: int) -> int | None:
    """Build a large export into storage (queued after the request's transaction commits)."""
    from .services.exports import export_job_run as run

    job = run(job_id=job_id)
    return job.pk if job else None


@shared_task(name="communications.tasks.import_job_run", acks_late=True, soft_time_limit=1800, time_limit=1860)
def import_job_run(job_id: int) -> int | None:
    """Import a confirmed spreadsheet of communications (queued after the confirmation commits)."""
    from .services.imports import import_job_run as run

    job = run(job_id=job_id)
    return job.pk if job else None
