"""Settings shared by every environment. Environment variables are read with django-environ."""

from pathlib import Path
from typing import Any

import environ
import rest_framework
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A .env file is read in development only (local.py sets IWG_READ_DOT_ENV); production takes real variables.

SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
DEBUG = False
ALLOWED_HOSTS: list[str] = env.list("DJANGO_ALLOWED_HOSTS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # third party. Not "rest_framework": the API renders JSON only, so DRF's app (the browsable API's templates,
    # static files and template tags) serves nothing, and Django's template check imported its tags, and with
    # them pygments, requests and yaml, in every process (a quarter of `manage.py check`). DRF's one system check
    # is registered by iwg/apps.py.
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "django_htmx",
    "template_partials",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "csp",
    "django_prometheus",
    # ours
    "iwg.apps.IwgConfig",
    "communications.apps.CommunicationsConfig",
    "recommendations.apps.RecommendationsConfig",
    "meetings.apps.MeetingsConfig",
    "audit.apps.AuditConfig",
    "portal.apps.PortalConfig",
]

MIDDLEWARE = [
    "iwg.logs.RequestLogMiddleware",  # first: the request id and the one JSON line per request (iwg/logs.py)
    "django_prometheus.middleware.PrometheusBeforeMiddleware",  # request counts and latencies (iwg/metrics.py)
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "iwg.middleware.NoStoreForSignedInMiddleware",  # after WhiteNoise: static files keep their caching
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "iwg.middleware.IdleSessionMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "iwg.i18n.UserLanguageMiddleware",
    "iwg.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "audit.middleware.RefusalAuditMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "iwg.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "iwg.context_processors.csp_nonce",
            ],
        },
    },
]

# Database metrics (django-prometheus): its backends are Django's own with counted and timed cursors.
METRICS_DB_ENGINES = {
    "django.db.backends.postgresql": "django_prometheus.db.backends.postgresql",
    "django.db.backends.sqlite3": "django_prometheus.db.backends.sqlite3",
}


def with_db_metrics(database: dict) -> dict:
    return {**database, "ENGINE": METRICS_DB_ENGINES.get(database["ENGINE"], database["ENGINE"])}


DATABASES = {"default": with_db_metrics(env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"))}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "iwg.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out users before any password check
    "rules.permissions.ObjectPermissionBackend",
    # allauth's, with the signed-in user read from the cache (one query less on every signed-in request).
    "iwg.auth_backends.CachedUserBackend",
]
# How long the signed-in user stays in the shared cache, and in each process's memory; every save of the user
# drops both at once in the saving process (iwg/signals.py), the other processes' memory within its few seconds.
# Only with Redis (production and wherever REDIS_URL is set): the database cache would cost the query it saves.
IWG_USER_CACHE_SECONDS = env.int("IWG_USER_CACHE_SECONDS", default=300 if env("REDIS_URL", default="") else 0)
# Off by default: a copy in one process's memory would let another process serve a changed user (a deactivation,
# a new role) for that long; a deployment may trade that for a Redis round trip less per request.
IWG_USER_LOCAL_CACHE_SECONDS = env.float("IWG_USER_LOCAL_CACHE_SECONDS", default=0.0)
# The register's rendered results and filter form, per reader, language, day and query string, in the shared cache
# (communications/register_cache.py), dropped by a generation bumped after every committed write the register shows.
# Only with Redis by default, as the user cache; 0 renders every request.
IWG_REGISTER_CACHE_SECONDS = env.int("IWG_REGISTER_CACHE_SECONDS", default=600 if env("REDIS_URL", default="") else 0)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "account_login"

# Sign-in (django-allauth): username and password, then a one-time code when two-factor is on. No sign-up:
# administrators create accounts.
ACCOUNT_ADAPTER = "iwg.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_GET = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "IWG Tracker"
# Every role must set up two-factor sign-in when this is on (production.py turns it on).
IWG_REQUIRE_2FA = env.bool("IWG_REQUIRE_2FA", default=False)

# Lockout (django-axes): 5 failures for a user name lock it for 30 minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
# Per user name, not per address: ministries sit behind shared NAT addresses, so an address lockout would lock a
# whole office out after one person's typos.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account/lockout.html"
# The API's token endpoint answers a lockout in the API's error shape; the sign-in page shows the template above.
AXES_LOCKOUT_CALLABLE = "iwg.views.lockout_response"
# The client's address comes from iwg.addresses, which believes X-Forwarded-For only from configured proxies.
AXES_CLIENT_IP_CALLABLE = "iwg.addresses.client_ip"

# bench/load.sh: route the bare benchmark view (iwg/bench.py). Never on in a real installation.
IWG_BENCH_VIEWS = env.bool("IWG_BENCH_VIEWS", default=False)

# Sessions end after 30 minutes without activity of the person (background polls do not count) and when the
# browser closes: iwg.middleware.IdleSessionMiddleware keeps the time of the last activity in the session and
# writes it at most once a minute, so a read request writes nothing. Sessions live in the cache (Redis in
# production) backed by the database: `cached_db` reads the cache first and still works when Redis is down.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=30 * 60)
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_SAVE_EVERY_REQUEST = False
IWG_SESSION_ACTIVITY_INTERVAL = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Languages: Russian first (most users), Kazakh, English.
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Russian")), ("kk", _("Kazakh")), ("en", _("English"))]
# Ours first (they win), then DRF's messages ("Authentication credentials were not provided." in Russian and
# Kazakh), which an installed app would bring: DRF's app is left out of INSTALLED_APPS (see there).
LOCALE_PATHS = [BASE_DIR / "locale", Path(rest_framework.__file__).resolve().parent / "locale"]
FORMAT_MODULE_PATH = ["iwg.formats"]
USE_I18N = True
TIME_ZONE = "Asia/Almaty"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded documents live outside the static and web roots and are served only through a permission-checking view.
MEDIA_ROOT = Path(env("IWG_MEDIA_ROOT", default=str(BASE_DIR / "var" / "documents")))
MEDIA_URL = "/documents/raw/"  # never routed: downloads go through communications.views
IWG_MAX_UPLOAD_BYTES = env.int("IWG_MAX_UPLOAD_BYTES", default=20 * 1024 * 1024)
# The form fields (files aside) Django parses at most: large enough that every form filled to its fields' limits
# (a State position: five texts of 200 000 Cyrillic characters, percent-encoded, about 6 MB) and a little over
# is parsed, so that an over-long field gets its error beside the field with the text kept, not a bare 400 that
# loses everything typed (Django's default is 2.5 MB). nginx stops bodies over 25 MB (deploy/nginx.conf).
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("IWG_MAX_FORM_BYTES", default=10 * 1024 * 1024)
# ClamAV: every upload is scanned by clamd when set (tcp://host:3310 or unix:///run/clamav/clamd.ctl); an upload
# that cannot be scanned (clamd down, timeout) is refused, never stored unscanned. Empty: no virus scan.
IWG_CLAMAV_URL = env("IWG_CLAMAV_URL", default="")
IWG_CLAMAV_TIMEOUT = env.float("IWG_CLAMAV_TIMEOUT", default=30.0)
# Exports of more rows than this run as a background job (progress on the page, then a download link).
IWG_EXPORT_SYNC_LIMIT = env.int("IWG_EXPORT_SYNC_LIMIT", default=2000)
# Most rows one import file may hold (a ministry's caseload is hundreds of rows, not millions).
IWG_IMPORT_MAX_ROWS = env.int("IWG_IMPORT_MAX_ROWS", default=5000)
# Protected downloads (django-sendfile2): Django serves the file itself in development and tests.
SENDFILE_BACKEND = "django_sendfile.backends.simple"
SENDFILE_ROOT = str(MEDIA_ROOT)

# Documents on an S3-compatible object store (django-storages) instead of the local folder, when a bucket is set:
# then every web host and worker reads and writes the same documents. Downloads still go through the permission
# check and the access trail (iwg/downloads.py): a redirect to a presigned URL valid IWG_S3_URL_SECONDS, or the app
# streams the object (IWG_S3_DOWNLOADS=stream, the default, when browsers cannot reach the store).
IWG_S3_BUCKET = env("IWG_S3_BUCKET", default="")
IWG_S3_DOWNLOADS = env("IWG_S3_DOWNLOADS", default="stream")
IWG_S3_URL_SECONDS = env.int("IWG_S3_URL_SECONDS", default=60)
if IWG_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": IWG_S3_BUCKET,
            "endpoint_url": env("IWG_S3_ENDPOINT_URL", default=None),
            "region_name": env("IWG_S3_REGION", default=None),
            "access_key": env("IWG_S3_ACCESS_KEY_ID", default=None),
            "secret_key": env("IWG_S3_SECRET_ACCESS_KEY", default=None),
            "location": env("IWG_S3_PREFIX", default=""),
            "default_acl": None,  # private objects: only presigned URLs or the app reach them
            "querystring_auth": True,
            "querystring_expire": IWG_S3_URL_SECONDS,
            "file_overwrite": False,  # a second upload under the same name gets a new name, as on disk
            "addressing_style": env("IWG_S3_ADDRESSING_STYLE", default="path"),
            "signature_version": "s3v4",
        },
    }
# Reverse proxies in front of the app: X-Forwarded-For is believed only this far (iwg/addresses.py). 0 (the
# default): ignored, the client is the TCP peer; 1 behind the bundled nginx. IWG_TRUSTED_PROXIES (addresses or
# networks, comma-separated), when set, limits the belief to requests arriving from those proxies.
IWG_NUM_PROXIES = env.int("IWG_NUM_PROXIES", default=0)
IWG_TRUSTED_PROXIES: list[str] = env.list("IWG_TRUSTED_PROXIES", default=[])

# The REST API under /api/v1/ (portal/api_urls.py). Token first: an unauthenticated request gets 401 with
# `WWW-Authenticate: Token`; the browser session works too (with CSRF). Throttling state lives in the default cache
# (the database cache in development, Redis in production, local memory in tests).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "iwg.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["iwg.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "iwg.schema.ApiAutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "iwg.exceptions.api_exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        # POST /api/v1/auth/token/, per client address.
        "auth_token": env("IWG_API_TOKEN_THROTTLE_RATE", default="10/minute"),
    },
    # 0: X-Forwarded-For is ignored (DRF with None would believe the whole header). The throttle of the token
    # endpoint takes its address from iwg.addresses.client_ip in any case.
    "NUM_PROXIES": IWG_NUM_PROXIES,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# API tokens (django-rest-knox): only a SHA-512 digest is stored, each token expires, a user may hold several
# (one per program) and revoking one leaves the others. Issued by POST /api/v1/auth/token/ only (iwg.services).
import datetime as _dt  # noqa: E402

REST_KNOX = {
    "TOKEN_TTL": _dt.timedelta(hours=env.float("IWG_API_TOKEN_TTL_HOURS", default=10)),
    "AUTO_REFRESH": False,
    "AUTH_HEADER_PREFIX": "Token",
    # A recognisable prefix lets secret scanners find a token pasted where it should not be.
    "TOKEN_PREFIX": "iwg_",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "IWG Tracker API",
    "DESCRIPTION": (
        "Treaty-body communications, from the incoming note verbale to the State position. "
        "Authenticate with `Authorization: Token <token>` (POST /api/v1/auth/token/) or the browser session. "
        'Every error has the shape `{"error": {"code": "...", "message": "...", "fields": {...}}}`; the message '
        "follows `Accept-Language` (ru, kk, en)."
    ),
    "VERSION": "1.0.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "iwg.apis.schema_postprocess"],
    "ENUM_NAME_OVERRIDES": {
        "CommitteeCodeEnum": "communications.models.CommitteeCode",
        "NoteKindEnum": "communications.models.NoteKind",
        "DeadlineKindEnum": "communications.models.DeadlineKind",
        "PhaseEnum": "communications.models.Communication.Phase",
        "PartyRoleEnum": "communications.models.Party.Role",
        "LanguageEnum": "communications.models.Document.Language",
        "DirectionEnum": "communications.models.NoteVerbale.Direction",
        "RoundStatusEnum": "communications.models.Round.Status",
        "DeadlineStatusEnum": "communications.models.Deadline.Status",
        "ConclusionEnum": "communications.models.LegalAnalysis.Conclusion",
        "PositionStatusEnum": "communications.models.StatePosition.Status",
        "DecisionKindEnum": "communications.models.Decision.Kind",
        "FollowUpGradeEnum": "communications.models.FollowUpGrade",
        "RemedyKindEnum": "communications.models.Remedy.Kind",
        "RemedyStatusEnum": "communications.models.Remedy.Status",
        "NotificationKindEnum": "communications.models.Notification.Kind",
        "MeetingStatusEnum": "meetings.models.Meeting.Status",
        "MeetingFormatEnum": "meetings.models.Meeting.Format",
        "AgendaDecisionEnum": "meetings.models.AgendaItem.Decision",
        "HistoryKindEnum": ["created", "changed", "deleted"],
        "AgencyCodeEnum": "iwg.models.Agency.Code",
        "ReviewMechanismEnum": "recommendations.models.Review.Mechanism",
        "ImplementationEnum": "recommendations.models.Recommendation.Implementation",
        "ResponseStatusEnum": "recommendations.models.Response.Status",
        "ResponsePositionEnum": "recommendations.models.Response.Position",
        "MeasureStatusEnum": "recommendations.models.Measure.Status",
        "ProgressReportStatusEnum": "recommendations.models.ProgressReport.Status",
        "ReportDecisionEnum": ["accept", "return"],
        "ResponseItemDecisionEnum": "meetings.models.ResponseItem.Decision",
    },
}

# Content-Security-Policy (django-csp): no inline script or style anywhere; scripts from our own origin, and a
# per-request nonce for the htmx script tag django-htmx writes.
from csp.constants import NONCE, NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

SIMPLE_HISTORY_REVERT_DISABLED = True
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="iwg-tracker@localhost")
# The absolute address put in e-mails ("open the communication").
IWG_SITE_URL = env("IWG_SITE_URL", default="http://127.0.0.1:8000")

REDIS_URL = env("REDIS_URL", default="")
# Redis down: the cache answers "nothing there" and logs each failure (iwg/cache.py), rather than a 500.
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "iwg.cache"


def redis_cache(url: str) -> dict:
    """The CACHES entry for Redis at `url` (iwg.cache.RedisCache): short timeouts so that an outage costs a
    request half a second, not a hang; failures ignored and logged."""
    return {
        "BACKEND": "iwg.cache.RedisCache",
        "LOCATION": url,
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5, "IGNORE_EXCEPTIONS": True},
    }


if REDIS_URL:
    CACHES = {"default": redis_cache(REDIS_URL)}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "iwg_cache"}}

# Logs: one JSON line per request and per task on standard error (iwg/logs.py), with the request id, user id and
# role; IWG_LOG_FORMAT=text for plain lines.
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "iwg.logs.ContextFilter"}},
    "formatters": {
        "json": {"()": "iwg.logs.Formatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["context"],
            "formatter": env("IWG_LOG_FORMAT", default="json"),
        }
    },
    "root": {"handlers": ["console"], "level": env("IWG_LOG_LEVEL", default="INFO")},
}

from .celery import *  # noqa: E402,F403  (one module per integration)

# Prometheus metrics at /metrics (iwg/metrics.py): only to these connecting addresses (REMOTE_ADDR, never a forwarded
# header) or with `Authorization: Bearer <IWG_METRICS_TOKEN>`; anyone else gets a 404.
IWG_METRICS_ALLOWED_IPS: list[str] = env.list("IWG_METRICS_ALLOWED_IPS", default=["127.0.0.1", "::1"])
IWG_METRICS_TOKEN = env("IWG_METRICS_TOKEN", default="")

# Error reports (iwg/sentry.py): Sentry only when SENTRY_DSN is set; personal data scrubbed before sending.
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    from iwg.sentry import init_sentry

    init_sentry(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default=""),
        release=env("SENTRY_RELEASE", default=""),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )
