"""Celery tasks of the base: thin adapters over iwg.services."""

from celery import shared_task

import iwg.celery  # noqa: F401  (the configured app, with the logging signals, before a task is bound or sent)

from . import services


@shared_task(acks_late=True, time_limit=300, soft_time_limit=240)
def api_tokens_remove_expired() -> int:
    """Daily: delete the rows of expired API tokens. Running it twice changes nothing the second time."""
    return services.api_tokens_remove_expired()
