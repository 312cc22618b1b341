"""Structured logs: one JSON line per request and per Celery task (python-json-logger on the standard `logging`
module, so Django's, Celery's and our own loggers all write the same JSON without changing how code logs).

Every line carries the request id (the client's or the proxy's `X-Request-ID` when it is a plain token, else a new
one; sent back in the response's `X-Request-ID`), the user's id and role. A task started while a request (or
another task) runs carries them in its message headers (`before_task_publish`), and the worker puts them back in
place for the task's own lines (`task_prerun`). Lines never hold a party's name or a document's content: requests
are logged by method, path without the query string (where searches are), status and duration; tasks by name, id,
state and duration; ids and roles only; Django's request object by method and path; a traceback by its frames and
exception types, without the messages.
"""

import logging
import re
import time
import traceback
import uuid
from contextvars import ContextVar

from pythonjsonlogger.json import JsonFormatter

request_id_var: ContextVar[str | None] = ContextVar("iwg_request_id", default=None)
user_id_var: ContextVar[int | None] = ContextVar("iwg_user_id", default=None)
role_var: ContextVar[str | None] = ContextVar("iwg_role", default=None)

request_logger = logging.getLogger("iwg.requests")
task_logger = logging.getLogger("iwg.tasks")

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
HEADER_REQUEST_ID, HEADER_USER_ID, HEADER_ROLE = "iwg_request_id", "iwg_user_id", "iwg_role"


class ContextFilter(logging.Filter):
    """Puts the request id, user id and role of the current request or task on every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "method"):
            # Django's own request lines (django.request, django.security) pass the request object, whose text
            # holds the query string: keep the method and the path only, and the request's id.
            if not hasattr(record, "request_id") and getattr(request, "request_id", None):
                record.request_id = request.request_id
            record.request = f"{request.method} {getattr(request, 'path', '')}"
        for name, var in (("request_id", request_id_var), ("user_id", user_id_var), ("role", role_var)):
            if not hasattr(record, name):
                setattr(record, name, var.get())
        return True


class Formatter(JsonFormatter):
    """`{"timestamp", "level", "logger", "message", "request_id", "user_id", "role", ...extra}` on one line."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("timestamp", True)
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("json_ensure_ascii", False)
        super().__init__("%(levelname)s %(name)s %(message)s", *args, **kwargs)

    def formatException(self, ei) -> str:  # noqa: N802 (logging's name)
        """The traceback's frames and each exception's type, without its message: a database error quotes the
        row's values (a party's name). The request id leads to the request; Sentry has the same frames."""
        chain, seen, error = [], set(), ei[1]
        while error is not None and id(error) not in seen:
            chain.append(error)
            seen.add(id(error))
            error = error.__cause__ or error.__context__
        lines = []
        for error in reversed(chain):
            lines += traceback.format_tb(error.__traceback__)
            lines.append(f"{type(error).__module__}.{type(error).__qualname__}: (message withheld)\n")
        return "".join(lines).rstrip()


def new_request_id(offered: str | None) -> str:
    """The proxy's or client's id when it is a plain token (letters, digits, `._-`, at most 64), else a new one."""
    if offered and _REQUEST_ID.match(offered):
        return offered
    return uuid.uuid4().hex


class RequestLogMiddleware:
    """First in MIDDLEWARE: sets the request id, and after the response logs the request's one line."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        request_id = new_request_id(request.headers.get("X-Request-ID"))
        request.request_id = request_id
        tokens = [request_id_var.set(request_id), user_id_var.set(None), role_var.set(None)]
        try:
            response = self.get_response(request)
            user = getattr(request, "user", None)  # set by the session, or by the API's token authentication
            if user is not None and user.is_authenticated:
                user_id_var.set(user.pk)
                role_var.set(getattr(user, "role", None) or None)
            response["X-Request-ID"] = request_id
            request_logger.info(
                "request",
                extra={
                    "event": "request",
                    "method": request.method,
                    "path": request.path,  # never the query string: searches may hold names
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                },
            )
            return response
        finally:
            for var, token in zip((request_id_var, user_id_var, role_var), tokens):
                var.reset(token)  # type: ignore[attr-defined]


# Celery: carry the ids in the message headers and restore them in the worker (infrastructure signals).
def _on_publish(sender=None, headers=None, **kwargs) -> None:
    if headers is None:
        return
    for key, var in ((HEADER_REQUEST_ID, request_id_var), (HEADER_USER_ID, user_id_var), (HEADER_ROLE, role_var)):
        value = var.get()
        if value is not None and key not in headers:
            headers[key] = value


_task_state: dict[str, tuple[float, list]] = {}


def _on_prerun(task_id=None, task=None, **kwargs) -> None:
    request = task.request
    tokens = []
    for key, var in ((HEADER_REQUEST_ID, request_id_var), (HEADER_USER_ID, user_id_var), (HEADER_ROLE, role_var)):
        value = getattr(request, key, None)
        if value is None and request.headers:
            value = request.headers.get(key)
        if key == HEADER_REQUEST_ID and value is None and not request.is_eager:
            value = f"task-{task_id}"  # a task nobody's request started (beat): its own id
        tokens.append((var, var.set(value) if value is not None else None))
    _task_state[task_id] = (time.monotonic(), tokens)


def _on_postrun(task_id=None, task=None, state=None, **kwargs) -> None:
    started, tokens = _task_state.pop(task_id, (None, []))
    task_logger.info(
        "task",
        extra={
            "event": "task",
            "task": task.name if task else None,
            "task_id": task_id,
            "state": state,
            "duration_ms": round((time.monotonic() - started) * 1000, 1) if started else None,
        },
    )
    for var, token in reversed(tokens):
        if token is not None:
            var.reset(token)


def connect_celery_signals() -> None:
    from celery.signals import before_task_publish, task_postrun, task_prerun

    before_task_publish.connect(_on_publish, weak=False, dispatch_uid="iwg-logs-publish")
    task_prerun.connect(_on_prerun, weak=False, dispatch_uid="iwg-logs-prerun")
    task_postrun.connect(_on_postrun, weak=False, dispatch_uid="iwg-logs-postrun")
