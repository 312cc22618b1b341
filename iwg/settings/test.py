"""Test settings. PostgreSQL is the database when it answers (it always does in CI, where
IWG_REQUIRE_SERVICES=1 makes a missing service an error); otherwise SQLite, and tests marked
`postgres` are skipped."""

import os
import socket
from urllib.parse import urlparse

from .base import *  # noqa: F403
from .base import BASE_DIR, env


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

TEST_REDIS_URL = env("TEST_REDIS_URL", default="redis://127.0.0.1:6379/15")
REDIS_AVAILABLE = _reachable(TEST_REDIS_URL, 6379)

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / "var" / "test-documents"
LANGUAGE_CODE = "en"

# Unit tests run tasks eagerly; tests that depend on a real worker start one (tests/celery_worker.py).
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True

# django-axes needs the request in authenticate(); tests that check the lockout switch it on.
AXES_ENABLED = False
IWG_REQUIRE_2FA = False
