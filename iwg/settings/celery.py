"""Celery settings. Redis is the broker when REDIS_URL is set; otherwise kombu's filesystem broker, so the
embedded default (`make run`) runs a real worker and beat with no server at all.

Also the settings of the deadline sweep that beat runs (reminder offsets, batch size)."""

from pathlib import Path

import environ

env = environ.Env()
_BASE_DIR = Path(__file__).resolve().parent.parent.parent
_REDIS_URL = env("REDIS_URL", default="")
_BROKER_DIR = Path(env("IWG_BROKER_DIR", default=str(_BASE_DIR / "var" / "broker")))

if _REDIS_URL:
    CELERY_BROKER_URL = _REDIS_URL
    # A message a worker took but never acknowledged (killed) goes back to the queue after this many seconds.
    CELERY_BROKER_TRANSPORT_OPTIONS: dict = {
        "visibility_timeout": env.int("IWG_BROKER_VISIBILITY_TIMEOUT", default=3600)
    }
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # kombu's filesystem transport: one folder for both directions.
        "data_folder_in": str(_BROKER_DIR),
        "data_folder_out": str(_BROKER_DIR),
        "processed_folder": str(_BROKER_DIR / "processed"),
        "control_folder": str(_BROKER_DIR / "control"),  # else "control/" in the working directory
        "store_processed": False,
    }
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_DEFAULT_QUEUE = "celery"  # its length is a metric (iwg/metrics.py)
CELERY_TIMEZONE = "Asia/Almaty"
CELERY_ENABLE_UTC = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The worker logs through Django's LOGGING (one JSON line per task, iwg/logs.py) rather than Celery's own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# The schedule, in Asia/Almaty time (CELERY_TIMEZONE). Beat runs inside `make run`'s worker (-B) and as its own
# service in docker-compose; run exactly one beat per installation. Each "schedule" holds the arguments of
# celery.schedules.crontab, built by iwg/celery.py: importing Celery here would load it into every process that
# reads the settings (start-up: docs/performance.md).
CELERY_BEAT_SCHEDULE: dict = {
    # Every 5 minutes, day and night: reminders, missed deadlines and escalations (communications.tasks).
    # A sweep not started within 4 min 50 s is dropped: the next one does the same work, so a backlog after
    # downtime never piles up.
    "deadlines-sweep": {
        "task": "communications.tasks.deadlines_sweep",
        "schedule": {"minute": "*/5"},
        "options": {"expires": 290},
    },
    # Every day at 08:00 in Kazakhstan: one e-mail per user who chose the daily digest.
    "notifications-digest": {
        "task": "communications.tasks.notifications_send_digests",
        "schedule": {"hour": 8, "minute": 0},
        "options": {"expires": 3 * 3600},
    },
    # Every day at 03:30 in Kazakhstan: rows of expired API tokens are removed (iwg.tasks).
    "api-tokens-remove-expired": {
        "task": "iwg.tasks.api_tokens_remove_expired",
        "schedule": {"hour": 3, "minute": 30},
        "options": {"expires": 3 * 3600},
    },
}

# Deadline sweep. Reminders go out this many Kazakhstan working days before a due date; rounds on interim or
# protection measures get one every working day within the largest offset.
IWG_REMINDER_OFFSETS: list[int] = env.list("IWG_REMINDER_OFFSETS", cast=int, default=[14, 7, 3, 1])
# Deadlines locked and handled per transaction.
IWG_SWEEP_BATCH_SIZE = env.int("IWG_SWEEP_BATCH_SIZE", default=200)
# A worker that starts asks for one sweep at once, so that after downtime the catch-up does not wait for beat.
IWG_SWEEP_ON_WORKER_START = env.bool("IWG_SWEEP_ON_WORKER_START", default=True)

# Health (/health/, /ready/): each worker writes a heartbeat every IWG_WORKER_HEARTBEAT_SECONDS; a worker is alive
# when its heartbeat is younger than IWG_WORKER_HEARTBEAT_MAX_AGE; the sweep (every 5 minutes) is late after
# IWG_SWEEP_MAX_AGE seconds.
IWG_WORKER_HEARTBEAT_SECONDS = env.float("IWG_WORKER_HEARTBEAT_SECONDS", default=30)
IWG_WORKER_HEARTBEAT_MAX_AGE = env.int("IWG_WORKER_HEARTBEAT_MAX_AGE", default=120)
IWG_SWEEP_MAX_AGE = env.int("IWG_SWEEP_MAX_AGE", default=15 * 60)
