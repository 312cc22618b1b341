"""gunicorn settings for the web processes (docker-compose `web`, tests/test_cluster.py).

Prometheus multiprocess mode: with several gunicorn workers, each writes its metrics into PROMETHEUS_MULTIPROC_DIR
and /metrics adds them up (iwg/metrics.py). The folder must be empty when gunicorn starts (the compose command
empties it) and a dead worker's files are marked here so that its gauges stop counting."""

import os

# Our own JSON line per request (iwg/logs.py) replaces gunicorn's access log.
accesslog = None
# Behind the proxy: gunicorn trusts its X-Forwarded-* only from these addresses (docs/deployment.md).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
