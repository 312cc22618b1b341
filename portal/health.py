"""What /health/ and /ready/ report (portal/views.py): each check answers ok or what is wrong.

- database: `SELECT 1` answers;
- redis: the Redis of REDIS_URL (broker and cache) answers PING; "not configured" where there is none (`make run`'s
  filesystem broker and database cache);
- worker: some Celery worker wrote its heartbeat (iwg/heartbeat.py) within IWG_WORKER_HEARTBEAT_MAX_AGE seconds;
- sweep: the deadline sweep (beat, every 5 minutes) last completed within IWG_SWEEP_MAX_AGE seconds.

Each check has a machine-readable `ok` and `problem` code and a translated `detail` for the operator."""

import datetime as dt
import logging

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from communications.selectors.notices import sweep_last_run
from iwg.models import WorkerHeartbeat

logger = logging.getLogger(__name__)


def redis_url() -> str:
    """The Redis the installation uses (REDIS_URL, else a Redis broker), or "" when none is configured."""
    url = getattr(settings, "REDIS_URL", "") or ""
    broker = getattr(settings, "CELERY_BROKER_URL", "") or ""
    if not url and broker.startswith(("redis://", "rediss://")):
        url = broker
    return url


def _result(ok: bool, problem: str = "", detail: str = "", **extra) -> dict:
    return {"ok": ok, "problem": problem, "detail": detail, **extra}


def check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        logger.warning("Health: the database does not answer", exc_info=True)
        return _result(False, "database_unreachable", _("The database does not answer."))
    return _result(True)


def check_redis() -> dict:
    url = redis_url()
    if not url:
        return _result(True, detail=_("Not configured: filesystem broker and database cache."))
    import redis

    try:
        client = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
        try:
            client.ping()
        finally:
            client.close()
    except Exception:
        logger.warning("Health: Redis does not answer", exc_info=True)
        return _result(False, "redis_unreachable", _("Redis does not answer."))
    return _result(True)


def check_worker(now: dt.datetime) -> dict:
    max_age = settings.IWG_WORKER_HEARTBEAT_MAX_AGE
    try:
        latest = WorkerHeartbeat.objects.order_by("-seen_at").first()
        alive = WorkerHeartbeat.objects.filter(seen_at__gte=now - dt.timedelta(seconds=max_age)).count()
    except Exception:
        return _result(False, "unknown", _("Unknown: the database does not answer."))
    if latest is None:
        return _result(False, "no_worker", _("No Celery worker has reported a heartbeat."), workers=0)
    age = (now - latest.seen_at).total_seconds()
    if age > max_age:
        return _result(
            False,
            "worker_silent",
            _("No Celery worker has reported for %(seconds)d s (limit %(limit)d s).")
            % {"seconds": age, "limit": max_age},
            workers=0,
            last_heartbeat_at=latest.seen_at.isoformat(),
        )
    return _result(True, workers=alive, last_heartbeat_at=latest.seen_at.isoformat())


def check_sweep(now: dt.datetime) -> dict:
    max_age = settings.IWG_SWEEP_MAX_AGE
    try:
        last = sweep_last_run()
    except Exception:
        return _result(False, "unknown", _("Unknown: the database does not answer."))
    if last is None:
        return _result(False, "no_sweep", _("The deadline sweep has never completed."), last_sweep_at=None)
    age = (now - last.finished_at).total_seconds()
    if age > max_age:
        return _result(
            False,
            "sweep_late",
            _("The deadline sweep last completed %(seconds)d s ago (limit %(limit)d s).")
            % {"seconds": age, "limit": max_age},
            last_sweep_at=last.finished_at.isoformat(),
        )
    return _result(True, last_sweep_at=last.finished_at.isoformat())


def health_report() -> dict:
    """Every check; `status` is "ok" when all pass, else "degraded"."""
    now = timezone.now()
    checks = {
        "database": check_database(),
        "redis": check_redis(),
        "worker": check_worker(now),
        "sweep": check_sweep(now),
    }
    return {
        "status": "ok" if all(check["ok"] for check in checks.values()) else "degraded",
        "checks": checks,
        "last_sweep_at": checks["sweep"].get("last_sweep_at"),
    }
