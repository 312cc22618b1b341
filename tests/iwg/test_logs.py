"""Structured logs (iwg/logs.py): one JSON line per request and per task, formatted by the handler the settings
configure, with the request id, the user's id and role; never a party's name or a search term. A request id
carried through a real worker is tested in tests/test_worker.py."""

import io
import json
import logging

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from communications import tasks
from iwg.logs import ContextFilter, Formatter, request_id_var
from tests.factories import register_note

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_lines():
    """The JSON lines written by a handler configured exactly as LOGGING's console handler."""
    config = django_settings.LOGGING
    assert config["handlers"]["console"]["formatter"] == "json"
    assert config["formatters"]["json"]["()"] == "iwg.logs.Formatter"
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(ContextFilter())
    handler.setFormatter(Formatter())
    root = logging.getLogger()
    root.addHandler(handler)
    previous = root.level
    root.setLevel(logging.INFO)

    def read(event=None):
        lines = [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]
        return [line for line in lines if event is None or line.get("event") == event]

    read.clear = lambda: (stream.seek(0), stream.truncate())
    yield read
    root.removeHandler(handler)
    root.setLevel(previous)


def test_one_json_line_per_request_with_id_user_and_role(client, users, log_lines):
    client.force_login(users["mfa"])
    response = client.get(reverse("communications:list"), {"q": "Secret Person"})
    assert response.status_code == 200
    [line] = log_lines("request")
    assert line["request_id"] == response["X-Request-ID"] and len(line["request_id"]) == 32
    assert (line["user_id"], line["role"]) == (users["mfa"].pk, users["mfa"].role)
    assert (line["method"], line["path"], line["status"]) == ("GET", reverse("communications:list"), 200)
    assert line["duration_ms"] >= 0 and line["level"] == "INFO" and line["logger"] == "iwg.requests"
    assert "timestamp" in line
    assert "Secret" not in json.dumps(log_lines())  # the query string (a search for a name) is never logged


def test_the_proxy_s_request_id_is_kept_and_a_hostile_one_replaced(client, log_lines):
    assert client.get("/health/", HTTP_X_REQUEST_ID="abc-123.4")["X-Request-ID"] == "abc-123.4"
    replaced = client.get("/health/", HTTP_X_REQUEST_ID='x"}\n{"forged": 1')["X-Request-ID"]
    assert replaced != 'x"}\n{"forged": 1' and len(replaced) == 32
    ids = [line["request_id"] for line in log_lines("request")]
    assert ids == ["abc-123.4", replaced]
    assert all("forged" not in line for line in log_lines())


def test_an_anonymous_request_has_no_user(client, log_lines):
    client.get("/health/")
    [line] = log_lines("request")
    assert line["user_id"] is None and line["role"] is None


def test_an_api_token_request_names_its_user(client, users, log_lines):
    from tests.tokens import api_token

    token = api_token(users["pgo"])
    response = client.get("/api/v1/communications/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200
    [line] = log_lines("request")
    assert (line["user_id"], line["role"]) == (users["pgo"].pk, "pgo_prosecutor")


def test_a_party_s_name_is_on_the_page_but_never_in_the_logs(client, users, log_lines):
    from communications import services
    from communications.models import Party

    note = register_note(users)
    log_lines.clear()
    services.party_add(
        actor=users["mfa"],
        communication=note.communication,
        role=Party.Role.AUTHOR,
        full_name="Zhanna Konysbayeva",
        initials="Zh. K.",
        is_confidential=True,
    )
    client.force_login(users["mfa"])
    response = client.get(reverse("communications:detail", args=[note.communication_id]))
    assert response.status_code == 200 and "Konysbayeva" in response.content.decode()
    assert log_lines("request")
    text = json.dumps(log_lines())
    assert "Zhanna" not in text and "Konysbayeva" not in text  # the author's name is on the page, not in logs


def test_one_json_line_per_task_with_the_request_id_of_its_caller(users, log_lines):
    token = request_id_var.set("req-for-task")
    try:
        tasks.deadlines_sweep.delay()
    finally:
        request_id_var.reset(token)
    [line] = log_lines("task")
    assert line["task"] == "communications.tasks.deadlines_sweep" and line["state"] == "SUCCESS"
    assert line["request_id"] == "req-for-task" and line["task_id"] and line["duration_ms"] >= 0


def test_django_s_own_request_lines_carry_the_id_but_not_the_query_string(client, log_lines):
    response = client.get("/api/v1/communications/?q=Zhanna+Konysbayeva")
    assert response.status_code in (401, 403)
    [line] = [line for line in log_lines() if line["logger"] == "django.request"]
    assert line["request"] == "GET /api/v1/communications/"
    assert line["request_id"] == response["X-Request-ID"]
    assert "Zhanna" not in json.dumps(log_lines())


def test_a_traceback_keeps_its_frames_but_not_the_message(log_lines):
    name = "Zhanna Konysbayeva"  # in a variable, as in the code: the source lines of frames are logged
    try:
        try:
            raise ValueError(f"Key (full_name)=({name}) already exists")
        except ValueError as error:
            raise RuntimeError(f"party {name}") from error
    except RuntimeError:
        logging.getLogger("iwg.test").exception("failed")
    [line] = log_lines()
    assert "Zhanna" not in json.dumps(line)
    assert "ValueError: (message withheld)" in line["exc_info"]
    assert "RuntimeError: (message withheld)" in line["exc_info"]
    assert "test_a_traceback_keeps_its_frames_but_not_the_message" in line["exc_info"]
