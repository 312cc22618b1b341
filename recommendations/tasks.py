"""Celery tasks of recommendations: thin adapters over the services (ids in, re-fetched, idempotent)."""

from smtplib import SMTPException

from celery import shared_task

import iwg.celery  # noqa: F401  (the configured app, with the logging signals, before a task is bound or sent)


@shared_task(
    name="recommendations.tasks.handoff_send_emails",
    acks_late=True,
    autoretry_for=(SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=1800,
    max_retries=8,
    soft_time_limit=120,
    time_limit=180,
)
def handoff_send_emails(handoff_id: int, notification_ids: list[int]) -> int:
    """E-mail one hand-off's notifications to those who chose immediate e-mails (queued after the step commits)."""
    from .services import handoffs

    return handoffs.handoff_emails_send(handoff_id=handoff_id, notification_ids=notification_ids)
