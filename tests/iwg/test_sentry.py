"""Error reports (iwg/sentry.py): nothing is initialised without SENTRY_DSN; with it, an error in a request reaches
the transport (the one thing replaced: a transport that keeps envelopes instead of sending them) without a
party's name, the request body, cookies, the query string or any user field but the id."""

import json
import os
import subprocess
import sys

import pytest
import sentry_sdk
from sentry_sdk.transport import Transport

from communications import services
from iwg.sentry import FILTERED, scrub_event

NAME = "Zhanna Konysbayeva"


PROBE = (
    "import django; django.setup(); import sentry_sdk; from django.conf import settings; "
    "print(sentry_sdk.get_client().is_active(), sentry_sdk.get_client().options.get('send_default_pii'))"
)


@pytest.mark.parametrize(
    ("dsn", "expected"),
    [(None, "False None"), ("https://public@sentry.example.invalid/1", "True False")],
)
def test_the_sdk_starts_only_when_a_dsn_is_set(dsn, expected):
    env = {key: value for key, value in os.environ.items() if key != "SENTRY_DSN"}
    env["DJANGO_SETTINGS_MODULE"] = "iwg.settings.test"
    if dsn:
        env["SENTRY_DSN"] = dsn
    probe = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=60, check=True
    )
    assert probe.stdout.split("\n")[-2] == expected


class KeepingTransport(Transport):
    def __init__(self, options=None):
        super().__init__(options)
        self.envelopes = []

    def capture_envelope(self, envelope):
        self.envelopes.append(envelope)

    def events(self) -> list[dict]:
        return [item.payload.json for envelope in self.envelopes for item in envelope.items if item.type == "event"]


@pytest.fixture
def sentry():
    from iwg.sentry import init_sentry

    transport = KeepingTransport()
    init_sentry(dsn="https://public@sentry.example.invalid/1", transport=transport)
    try:
        yield transport
    finally:
        sentry_sdk.get_client().close()
        for scope in (sentry_sdk.get_global_scope(), sentry_sdk.get_isolation_scope(), sentry_sdk.get_current_scope()):
            scope.set_client(None)  # inactive again for the tests that follow
    assert not sentry_sdk.get_client().is_active()


@pytest.mark.django_db
def test_an_error_in_a_request_is_reported_without_personal_data(client, users, sentry, monkeypatch):
    def failing(**kwargs):
        raise RuntimeError(f"duplicate key for author {kwargs['communication_fields']['parties'][0]['full_name']}")

    monkeypatch.setattr(services, "note_register", failing)  # fault injection: the service fails unexpectedly
    from tests.tokens import api_token

    client.raise_request_exception = False
    response = client.post(
        f"/api/v1/notes/?q={NAME.replace(' ', '+')}",
        data=json.dumps(
            {
                "committee": "CCPR",
                "communication_number": "1/2026",
                "kind": "new_communication",
                "registry_number": "IN-1",
                "received_date": "2026-01-10",
                "ohchr_date": "2026-01-05",
                "communication": {"parties": [{"role": "author", "full_name": NAME, "initials": "Zh. K."}]},
            }
        ),
        content_type="application/json",
        HTTP_X_REQUEST_ID="req-sentry-1",
        HTTP_AUTHORIZATION=f"Token {api_token(users['mfa'])}",
        HTTP_COOKIE="extra=Zhanna",
    )
    assert response.status_code == 500
    sentry_sdk.get_client().flush()
    events = sentry.events()
    assert events, "the error reached the transport"
    assert "Konysbayeva" not in json.dumps(events) and "Zhanna" not in json.dumps(events)
    for event in events:
        assert event["exception"]["values"][-1]["type"] == "RuntimeError"
        assert event["exception"]["values"][-1]["value"] == FILTERED
        request = event.get("request", {})
        assert "data" not in request and "cookies" not in request and "query_string" not in request
        assert "?" not in request.get("url", "") and "Cookie" not in request.get("headers", {})
        assert set(event.get("user", {})) <= {"id"}
        assert event["tags"]["request_id"] == "req-sentry-1"


def test_the_scrubber_removes_bodies_names_and_party_fields():
    event = {
        "request": {
            "url": "https://iwg.example/communications/?q=Zhanna",
            "method": "POST",
            "data": {"full_name": NAME},
            "cookies": {"sessionid": "abc"},
            "query_string": "q=Zhanna",
            "headers": {"Authorization": "Token secret", "Cookie": "sessionid=abc", "User-Agent": "Firefox"},
        },
        "user": {"id": 7, "username": "mfa", "email": "a@b.c", "ip_address": "10.0.0.1"},
        "exception": {
            "values": [
                {
                    "type": "IntegrityError",
                    "value": f"Key (full_name)=({NAME}) already exists",
                    "stacktrace": {"frames": [{"function": "party_add", "vars": {"full_name": NAME}}]},
                }
            ]
        },
        "logentry": {"message": "Party %s added", "params": [NAME]},
        "breadcrumbs": {"values": [{"category": "log", "message": f"saw {NAME}", "data": {"name": NAME}}]},
        "extra": {"party": {"full_name": NAME}, "round_id": 5, "nested": {"victim_name": NAME, "count": 2}},
        "contexts": {"document": {"content": "the text"}, "runtime": {"name": "CPython"}},
    }
    scrubbed = scrub_event(event, {})
    assert "Zhanna" not in json.dumps(scrubbed) and "Konysbayeva" not in json.dumps(scrubbed)
    assert "the text" not in json.dumps(scrubbed) and "secret" not in json.dumps(scrubbed)
    assert scrubbed["request"] == {
        "url": "https://iwg.example/communications/",
        "method": "POST",
        "headers": {"User-Agent": "Firefox"},
    }
    assert scrubbed["user"] == {"id": 7}
    assert scrubbed["exception"]["values"][0]["type"] == "IntegrityError"
    assert scrubbed["exception"]["values"][0]["stacktrace"]["frames"] == [{"function": "party_add"}]
    assert scrubbed["extra"] == {"party": FILTERED, "round_id": 5, "nested": {"victim_name": FILTERED, "count": 2}}
