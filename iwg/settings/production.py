"""Production settings: PostgreSQL and Redis from the environment, no defaults for secrets, DEBUG always off."""

from .base import *  # noqa: F403
from .base import env, redis_cache, with_db_metrics

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")  # no default: fails at start-up when missing
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
DATABASES = {"default": with_db_metrics(env.db("DATABASE_URL"))}
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# PostgreSQL connections: psycopg's pool in each process (Django 5.2), IWG_DB_POOL_MAX_SIZE connections at most
# (match gunicorn's --threads; a Celery prefork child needs 1). It cannot be combined with CONN_MAX_AGE, which is 0
# with it. IWG_DB_POOL_MAX_SIZE=0 turns it off (e.g. behind PgBouncer): persistent connections then, for
# DATABASE_CONN_MAX_AGE seconds. See docs/deployment.md.
IWG_DB_POOL_MAX_SIZE = env.int("IWG_DB_POOL_MAX_SIZE", default=4)
if DATABASES["default"]["ENGINE"].endswith(".postgresql") and IWG_DB_POOL_MAX_SIZE > 0:
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env.int("IWG_DB_POOL_MIN_SIZE", default=1),
        "max_size": IWG_DB_POOL_MAX_SIZE,
        "timeout": env.int("IWG_DB_POOL_TIMEOUT", default=10),
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
REDIS_URL = env("REDIS_URL")
CACHES = {"default": redis_cache(REDIS_URL)}  # degrades to no cache, logged, when Redis is down
CELERY_BROKER_URL = REDIS_URL
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("IWG_BROKER_VISIBILITY_TIMEOUT", default=3600)}

IWG_REQUIRE_2FA = env.bool("IWG_REQUIRE_2FA", default=True)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
EMAIL_URL = env.email_url("EMAIL_URL", default="smtp://localhost:25")
vars().update(EMAIL_URL)
# EMAIL_URL's scheme chooses a backend too; an explicit EMAIL_BACKEND wins (e.g. the file backend on a test site).
EMAIL_BACKEND = env("EMAIL_BACKEND", default=EMAIL_URL["EMAIL_BACKEND"])

# Downloads: after the permission check and the audit record, nginx sends the file through an `internal`
# location (X-Accel-Redirect), e.g.  location /protected-documents/ { internal; alias /data/documents/; }
SENDFILE_BACKEND = "django_sendfile.backends.nginx"
SENDFILE_ROOT = str(MEDIA_ROOT)  # noqa: F405
SENDFILE_URL = "/protected-documents"
