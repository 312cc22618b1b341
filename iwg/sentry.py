"""Error reports to Sentry (sentry-sdk), only when SENTRY_DSN is set: nothing is initialised otherwise.

Personal data is kept out twice: the SDK is told not to collect it (`send_default_pii=False`, no request bodies,
no local variables), and `scrub_event` removes whatever could still carry it before an event leaves: request
bodies, cookies, query strings and auth headers; every user field but the id; exception and log messages (a
database error quotes the values of the row: a party's name); breadcrumbs' data; and any extra or context field
whose name looks like party data. The event keeps the exception's type and stack (files, functions, lines) and the
request id, which finds the matching JSON log lines (iwg/logs.py)."""

import re

FILTERED = "[Filtered]"
# Field names that may hold a party's name or a document's content, or credentials.
SENSITIVE_KEY = re.compile(
    r"name|party|parties|author|victim|initial|email|phone|address|summary|content|text|body|file|document|"
    r"password|secret|token|key|cookie|session|authorization|csrf|passport|birth",
    re.IGNORECASE,
)
_KEPT_HEADERS = {"user-agent", "accept-language", "content-type", "content-length", "x-request-id", "host"}


def _scrub_mapping(value):
    if isinstance(value, dict):
        return {
            key: (FILTERED if SENSITIVE_KEY.search(str(key)) else _scrub_mapping(item)) for key, item in value.items()
        }
    if isinstance(value, list):
        return [_scrub_mapping(item) for item in value]
    return value


def scrub_event(event: dict, hint: dict | None = None) -> dict:
    """Sentry's `before_send`: the event without personal data (see the module's docstring)."""
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("data", "cookies", "query_string", "env"):
            request.pop(key, None)
        if isinstance(request.get("url"), str):
            request["url"] = request["url"].split("?", 1)[0]
        headers = request.get("headers") or {}
        request["headers"] = {key: value for key, value in headers.items() if key.lower() in _KEPT_HEADERS}
    user = event.get("user")
    if isinstance(user, dict):
        event["user"] = {"id": user["id"]} if "id" in user else {}
    for exception in (event.get("exception") or {}).get("values") or []:
        if exception.get("value"):
            exception["value"] = FILTERED
        for frame in (exception.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)
    for thread in (event.get("threads") or {}).get("values") or []:
        for frame in (thread.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)
    logentry = event.get("logentry")
    if isinstance(logentry, dict):
        event["logentry"] = {"message": FILTERED}
    if isinstance(event.get("message"), str):
        event["message"] = FILTERED
    for crumb in (event.get("breadcrumbs") or {}).get("values") or []:
        crumb.pop("data", None)
        if crumb.get("message") and crumb.get("category") not in ("query", "django.db"):
            crumb["message"] = FILTERED
    for section in ("extra", "contexts"):
        if isinstance(event.get(section), dict):
            event[section] = _scrub_mapping(event[section])
    from .logs import request_id_var

    if request_id_var.get():
        event.setdefault("tags", {})["request_id"] = request_id_var.get()
    return event


def init_sentry(*, dsn: str, environment: str = "", release: str = "", traces_sample_rate: float = 0.0, **extra):
    """Start the SDK with the Django and Celery integrations and the scrubber. Called by the settings only when
    SENTRY_DSN is set."""
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment or None,
        release=release or None,
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        before_send=scrub_event,  # type: ignore[arg-type]
        traces_sample_rate=traces_sample_rate,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        **extra,
    )
