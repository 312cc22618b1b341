"""Development settings: the embedded default (SQLite, no Redis needed, console e-mail)."""

import environ

from .base import *  # noqa: F403
from .base import BASE_DIR

environ.Env.read_env(BASE_DIR / ".env")  # development only

DEBUG = True
SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-insecure-key-not-for-production")  # noqa: F405
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    **STORAGES,  # noqa: F405  (documents: the local folder, or the object store when IWG_S3_BUCKET is set)
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING["handlers"]["console"]["formatter"] = env("IWG_LOG_FORMAT", default="text")  # noqa: F405
