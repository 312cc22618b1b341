"""Prometheus metrics at /metrics.

- Requests, latencies, responses by status and view, database connections, queries and their durations: from
  django-prometheus (its middleware pair and its database backends, set in the settings).
- The domain's own gauges, computed when Prometheus scrapes (a custom collector, so nothing runs in between):
  open and overdue deadlines per responsible agency, the age of the last completed deadline sweep, notifications
  waiting for their immediate e-mail, workers with a fresh heartbeat, and the Celery queue's length (Redis LLEN).

Only an address in IWG_METRICS_ALLOWED_IPS (the connecting address, REMOTE_ADDR: never a forwarded header) or a
request with `Authorization: Bearer <IWG_METRICS_TOKEN>` gets them; anyone else gets a 404 (a wrong token: 403).
With several gunicorn workers set PROMETHEUS_MULTIPROC_DIR (docs/operations.md): each process writes its own
files there and the scrape adds them up.
"""

import datetime as dt
import hmac
import logging
import os

from django.conf import settings
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, HttpResponseForbidden
from django.utils import timezone
from django.views.decorators.http import require_safe
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from communications.models import Deadline, Notification, SweepRun
from iwg.calendar import local_date
from iwg.models import User, WorkerHeartbeat

from .health import redis_url

logger = logging.getLogger(__name__)


class DomainCollector(Collector):
    """The domain's figures, read from the database (and Redis) at scrape time."""

    def collect(self):
        today = local_date()
        open_deadlines = GaugeMetricFamily(
            "iwg_deadlines_open", "Open deadlines per responsible agency.", labels=["agency"]
        )
        overdue = GaugeMetricFamily(
            "iwg_deadlines_overdue",
            "Open deadlines whose due date has passed (the sweep marks them missed), per responsible agency.",
            labels=["agency"],
        )
        rows = (
            Deadline.objects.filter(status=Deadline.Status.OPEN)
            .values("responsible_agency__code")
            .annotate(open=Count("id"), overdue=Count("id", filter=Q(due_on__lt=today)))
            .order_by("responsible_agency__code")
        )
        for row in rows:
            open_deadlines.add_metric([row["responsible_agency__code"]], row["open"])
            overdue.add_metric([row["responsible_agency__code"]], row["overdue"])
        yield open_deadlines
        yield overdue

        last = SweepRun.objects.order_by("-finished_at", "-id").values_list("finished_at", flat=True).first()
        age = GaugeMetricFamily(
            "iwg_sweep_last_age_seconds",
            "Seconds since the last deadline sweep completed (NaN: never).",
        )
        age.add_metric([], (timezone.now() - last).total_seconds() if last else float("nan"))
        yield age

        pending = Notification.objects.filter(
            notice__isnull=False,
            notice__cancelled_at__isnull=True,
            emailed_at__isnull=True,
            user__is_active=True,
            user__email_delivery=User.EmailDelivery.IMMEDIATE,
        ).exclude(user__email="")
        yield GaugeMetricFamily(
            "iwg_notifications_email_pending",
            "Deadline notifications waiting for their immediate e-mail.",
            value=pending.count(),
        )

        fresh = timezone.now() - dt.timedelta(seconds=settings.IWG_WORKER_HEARTBEAT_MAX_AGE)
        yield GaugeMetricFamily(
            "iwg_workers_alive",
            "Celery workers whose heartbeat is fresh.",
            value=WorkerHeartbeat.objects.filter(seen_at__gte=fresh).count(),
        )

        queue = GaugeMetricFamily(
            "iwg_celery_queue_length", "Messages waiting in the Celery queue (Redis LLEN).", labels=["queue"]
        )
        length = celery_queue_length()
        if length is not None:
            queue.add_metric([settings.CELERY_TASK_DEFAULT_QUEUE], length)
        yield queue


def celery_queue_length() -> int | None:
    """LLEN of the default queue on the Redis broker; None without Redis or when it does not answer."""
    url = redis_url()
    if not url:
        return None
    import redis

    try:
        client = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
        try:
            return int(client.llen(settings.CELERY_TASK_DEFAULT_QUEUE))
        finally:
            client.close()
    except Exception:
        logger.warning("Metrics: the Celery queue's length could not be read", exc_info=True)
        return None


class _ProcessRegistry(Collector):
    """This process's own metrics (django-prometheus', the client's process and platform figures)."""

    def collect(self):
        yield from REGISTRY.collect()


def _client_allowed(request) -> bool | None:
    """True: allowed; None: not allowed and no token offered (404); False: a wrong token (403)."""
    token = settings.IWG_METRICS_TOKEN
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        if token and hmac.compare_digest(header.removeprefix("Bearer ").strip().encode(), token.encode()):
            return True
        return False
    if request.META.get("REMOTE_ADDR") in settings.IWG_METRICS_ALLOWED_IPS:
        return True
    return None


@require_safe
def metrics(request):
    """The Prometheus text format, to allowed addresses or with the bearer token only."""
    allowed = _client_allowed(request)
    if allowed is None:
        raise Http404
    if allowed is False:
        return HttpResponseForbidden()
    registry = CollectorRegistry(auto_describe=False)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(_ProcessRegistry())
    registry.register(DomainCollector())
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)
