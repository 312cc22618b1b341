"""The worker's heartbeat: a Celery bootstep that, in every worker, writes `WorkerHeartbeat(hostname, now)` every
IWG_WORKER_HEARTBEAT_SECONDS from a thread of the worker's main process, and removes the row when the worker stops.
/health/ and /ready/ (iwg/health.py) call a worker alive when its row is younger than
IWG_WORKER_HEARTBEAT_MAX_AGE. It needs no broker feature, so it works on Redis and on the filesystem broker."""

import logging
import threading

from celery import bootsteps

logger = logging.getLogger(__name__)


def heartbeat_record(*, hostname: str) -> None:
    from django.utils import timezone

    from .models import WorkerHeartbeat

    WorkerHeartbeat.objects.update_or_create(hostname=hostname, defaults={"seen_at": timezone.now()})


def heartbeat_remove(*, hostname: str) -> None:
    from .models import WorkerHeartbeat

    WorkerHeartbeat.objects.filter(hostname=hostname).delete()


class HeartbeatStep(bootsteps.StartStopStep):
    """Started after the pool (so no forked child inherits the thread's database connection)."""

    requires = {"celery.worker.components:Pool"}

    def __init__(self, worker, **kwargs):
        super().__init__(worker, **kwargs)
        self._stopped = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, worker) -> None:
        from django.conf import settings

        interval = settings.IWG_WORKER_HEARTBEAT_SECONDS
        self._thread = threading.Thread(
            target=self._run, args=(worker.hostname, interval), name="iwg-heartbeat", daemon=True
        )
        self._thread.start()

    def _run(self, hostname: str, interval: float) -> None:
        from django.db import connection

        while not self._stopped.is_set():
            try:
                heartbeat_record(hostname=hostname)
            except Exception:  # the database may be down for a while: keep beating, say so
                logger.exception("Worker heartbeat not written")
            finally:
                connection.close()  # no connection held between beats
            self._stopped.wait(interval)

    def stop(self, worker) -> None:
        from django.db import connection

        self._stopped.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        try:
            heartbeat_remove(hostname=worker.hostname)
        except Exception:
            logger.exception("Worker heartbeat not removed")
        finally:
            connection.close()
