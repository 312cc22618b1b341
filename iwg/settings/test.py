"""Test settings. PostgreSQL is the database when it answers (it always does in CI, where
IWG_REQUIRE_SERVICES=1 makes a missing service an error); otherwise SQLite, and tests marked
`postgres` are skipped."""

import os
import socket
from pathlib import Path
from urllib.parse import urlparse

from .base import *  # noqa: F403
from .base import BASE_DIR, env, with_db_metrics


def _reachable(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=1):
            return True
    except OSError:
        return False


DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["*"]
REQUIRE_SERVICES = os.environ.get("IWG_REQUIRE_SERVICES") == "1"

TEST_DATABASE_URL = env("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/iwg")
POSTGRES_AVAILABLE = TEST_DATABASE_URL.startswith("postgres") and _reachable(TEST_DATABASE_URL, 5432)
if POSTGRES_AVAILABLE or REQUIRE_SERVICES:
    DATABASES = {"default": env.db_url_config(TEST_DATABASE_URL)}
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(BASE_DIR / "var" / "test.sqlite3")}}

DATABASES["default"] = with_db_metrics(DATABASES["default"])
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # A commit does not wait for its WAL record to reach the disk (a crash may lose the last few commits, never
    # corrupt): the tests that commit (browser, worker, concurrency) commit thousands of times, and nothing of a
    # test database has to survive a crash. Production keeps PostgreSQL's default.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"


def _redis_for_this_test_process(url: str) -> str:
    """One Redis database per pytest-xdist process (15, 14, ... under gw0, gw1, ...), as each has its own test
    database: tests that empty Redis and start real workers then never meet another process's messages. The
    processes those tests start inherit IWG_TEST_REDIS_OF and keep the database they are given."""
    xdist_process = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not xdist_process or os.environ.get("IWG_TEST_REDIS_OF") == xdist_process:
        return url
    parsed = urlparse(url)
    base = int(parsed.path.strip("/") or 0)
    offset = int(xdist_process.removeprefix("gw") or 0)
    own = parsed._replace(path=f"/{(base - offset) % 16}").geturl()
    os.environ["TEST_REDIS_URL"] = own
    os.environ["IWG_TEST_REDIS_OF"] = xdist_process
    return own


TEST_REDIS_URL = _redis_for_this_test_process(env("TEST_REDIS_URL", default="redis://127.0.0.1:6379/15"))
REDIS_AVAILABLE = _reachable(TEST_REDIS_URL, 6379)

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
IWG_USER_CACHE_SECONDS = 300  # the signed-in user in the cache (locmem here), as in production
IWG_USER_LOCAL_CACHE_SECONDS = 0  # the signed-in user in process memory: on only in the tests of it
# The register page's cache: on only in its own tests (tests/communications/test_register_cache.py). A test's
# transaction never commits, so the generation bumped on commit would never move and a test rendering the register
# before and after a write would be served the page from before it.
IWG_REGISTER_CACHE_SECONDS = 0
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A real worker (tests/test_worker.py) cannot share locmem's outbox: it writes e-mails to files instead.
EMAIL_BACKEND = env("IWG_TEST_EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend")
EMAIL_FILE_PATH = env("IWG_TEST_EMAIL_FILE_PATH", default=str(BASE_DIR / "var" / "test-mail"))
STORAGES = {
    **STORAGES,  # noqa: F405  (documents: the local folder, or the object store when IWG_S3_BUCKET is set)
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Processes started by the tests (tests/test_cluster.py) share one documents folder given in IWG_TEST_MEDIA_ROOT.
MEDIA_ROOT = Path(env("IWG_TEST_MEDIA_ROOT", default=str(BASE_DIR / "var" / "test-documents")))
SENDFILE_ROOT = str(MEDIA_ROOT)
LANGUAGE_CODE = "en"

# Unit tests run tasks eagerly. Tests that depend on a real worker (tests/test_worker.py) start one with
# IWG_CELERY_EAGER=0: that worker, and the messages the tests send it, use the Redis at TEST_REDIS_URL.
CELERY_TASK_ALWAYS_EAGER = env.bool("IWG_CELERY_EAGER", default=True)
CELERY_TASK_EAGER_PROPAGATES = True
if not CELERY_TASK_ALWAYS_EAGER:
    CELERY_BROKER_URL = TEST_REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env.int("IWG_BROKER_VISIBILITY_TIMEOUT", default=3600),
        # Look for unacknowledged messages of a killed worker every second rather than every 100 s.
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
    }
# No sweep at worker start in tests: each test sends exactly the sweeps it counts (the catch-up test turns it on).
IWG_SWEEP_ON_WORKER_START = env.bool("IWG_SWEEP_ON_WORKER_START", default=False)

# django-axes needs the request in authenticate(); tests that check the lockout switch it on.
AXES_ENABLED = False
IWG_REQUIRE_2FA = False
