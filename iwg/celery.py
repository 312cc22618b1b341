"""The Celery app. Settings come from Django settings with the CELERY_ prefix (iwg/settings/celery.py)."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iwg.settings.local")

app = Celery("iwg")
app.config_from_object("django.conf:settings", namespace="CELERY")
# The settings give each entry's crontab as its arguments (iwg/settings/celery.py).
app.conf.beat_schedule = {
    name: {
        **entry,
        "schedule": crontab(**entry["schedule"]) if isinstance(entry["schedule"], dict) else entry["schedule"],
    }
    for name, entry in app.conf.beat_schedule.items()
}
app.autodiscover_tasks()

# Every worker writes a heartbeat row that /health/ and /ready/ read (iwg/heartbeat.py).
from .heartbeat import HeartbeatStep  # noqa: E402

app.steps["worker"].add(HeartbeatStep)

# Request ids, user ids and roles travel in task headers; one JSON line per task (iwg/logs.py).
from .logs import connect_celery_signals  # noqa: E402

connect_celery_signals()
