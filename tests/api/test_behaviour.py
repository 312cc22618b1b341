"""The API's contract beyond permissions: one error shape (translated), 409 for a step the state does not allow,
tokens and their throttle, filters, search that never reveals a confidential name, pagination, notifications,
figures, history for auditors, and the schema and its documentation served offline."""

import datetime as dt

import pytest
from django.utils import translation
from knox.models import AuthToken
from rest_framework import exceptions

from communications import services
from communications.models import Communication, Notification, Round
from iwg.calendar import local_date
from portal import selectors as portal_selectors
from tests.factories import register_note, round_at

pytestmark = pytest.mark.django_db


def error_of(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "fields"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    return body["error"]


# ---------------------------------------------------------------------------------------------------------------
# Errors


def test_invalid_input_is_400_with_the_fields_to_correct(api):
    error = error_of(
        api["mfa"].post("/api/v1/notes/", {"committee": "XYZ", "kind": "new_communication"}), 400, "invalid"
    )
    assert {"committee", "communication_number", "registry_number", "received_date", "ohchr_date"} <= set(
        error["fields"]
    )


def test_a_rule_of_the_service_is_400_on_the_field_it_concerns(api):
    today = local_date()
    body = {
        "committee": "CCPR",
        "communication_number": "1/2026",
        "kind": "new_communication",
        "registry_number": "IN-1",
        "received_date": str(today - dt.timedelta(days=5)),
        "ohchr_date": str(today),  # after the note was received
    }
    error = error_of(api["mfa"].post("/api/v1/notes/", body), 400, "invalid")
    assert list(error["fields"]) == ["ohchr_date"]


def test_a_body_that_is_not_json_is_a_parse_error(api):
    response = api["mfa"].generic("POST", "/api/v1/notes/", "{not json", content_type="application/json")
    error_of(response, 400, "parse_error")


def test_an_unsupported_media_type_is_415(api):
    response = api["mfa"].generic("POST", "/api/v1/notes/", "a=b", content_type="text/plain")
    error_of(response, 415, "unsupported_media_type")


def test_a_method_the_path_does_not_have_is_405(api):
    error_of(api["mfa"].put("/api/v1/communications/", {}), 405, "method_not_allowed")


def test_an_unknown_api_address_is_404_in_the_error_shape(api):
    assert "/api/v1/docs/" in error_of(api["mfa"].get("/api/v1/no-such-thing/"), 404, "not_found")["message"]
    error_of(api["mfa"].get("/api/v1/communications/not-a-number/"), 404, "not_found")
    missing_slash = error_of(api["mfa"].post("/api/v1/notes", {}), 404, "not_found")
    assert "/api/v1/notes/" in missing_slash["message"]


def test_a_step_the_state_does_not_allow_is_409_with_the_reason(api, users):
    round = round_at(users, Round.Status.REFERRED)
    error = error_of(api["mfa"].post(f"/api/v1/rounds/{round.pk}/referral/", {}), 409, "invalid_state")
    assert "already been referred" in error["message"]


def test_a_stale_position_draft_is_409_concurrent_edit(api, users):
    round = round_at(users, Round.Status.ON_AGENDA)
    first = (
        api["moj"].post(f"/api/v1/rounds/{round.pk}/position/", {"texts": {"en": "One."}, "expected_version": 0}).json()
    )
    version = first["position"]["lock_version"]
    api["mfa"].post(f"/api/v1/rounds/{round.pk}/position/", {"texts": {"en": "Two."}, "expected_version": version})
    stale = api["moj"].post(
        f"/api/v1/rounds/{round.pk}/position/", {"texts": {"en": "Three."}, "expected_version": version}
    )
    error_of(stale, 409, "concurrent_edit")
    assert round.position.texts.get(language="en").text == "Two."


def test_the_message_follows_accept_language(api, users):
    round = round_at(users, Round.Status.REFERRED)
    with translation.override("ru"):
        expected = str(exceptions.NotAuthenticated.default_detail)
    assert expected != str(exceptions.NotAuthenticated.default_detail)  # Russian really differs from English
    response = api[None].get("/api/v1/communications/", HTTP_ACCEPT_LANGUAGE="ru")
    assert error_of(response, 401, "not_authenticated")["message"] == expected
    refused = api["auditor"].post(f"/api/v1/rounds/{round.pk}/referral/", {}, HTTP_ACCEPT_LANGUAGE="en")
    assert "may not" in error_of(refused, 403, "permission_denied")["message"]


def test_an_upload_that_is_not_a_document_is_refused_on_its_field(api, users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    round = round_at(users, Round.Status.REFERRED)
    body = {
        "document": SimpleUploadedFile("analysis.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"),
        "summary": "x",
        "admissibility_conclusion": "admissible",
        "merits_conclusion": "violation",
    }
    error = error_of(
        api["pgo"].post(f"/api/v1/rounds/{round.pk}/legal-analyses/", body, format="multipart"), 400, "invalid"
    )
    assert list(error["fields"]) == ["document"]
    assert not round.analyses.exists()


def test_a_meeting_held_body_in_multipart_must_carry_json(api, users):
    from meetings import services as meeting_services

    meeting = meeting_services.meeting_schedule(actor=users["moj"], starts_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    response = api["moj"].post(f"/api/v1/meetings/{meeting.pk}/held/", {"decisions": "[{"}, format="multipart")
    assert "decisions" in error_of(response, 400, "invalid")["fields"]


# ---------------------------------------------------------------------------------------------------------------
# Tokens


def test_a_token_is_issued_for_a_username_and_password_and_opens_the_api(api, users):
    response = api[None].post("/api/v1/auth/token/", {"username": "pgo", "password": "test-Password-123"})
    assert response.status_code == 200
    token = response.json()["token"]
    stored = AuthToken.objects.get(user=users["pgo"])
    assert token.startswith(stored.token_key) and stored.digest != token  # kept as a digest only
    assert stored.expiry is not None and response.json()["expires_at"]
    assert api[None].get("/api/v1/stats/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 200


def test_a_wrong_password_gets_no_token(api, users):
    response = api[None].post("/api/v1/auth/token/", {"username": "pgo", "password": "wrong-password-123"})
    error_of(response, 401, "authentication_failed")
    assert not AuthToken.objects.filter(user=users["pgo"]).exists()


def test_a_wrong_token_is_401(api):
    response = api[None].get("/api/v1/stats/", HTTP_AUTHORIZATION="Token not-a-token")
    error_of(response, 401, "authentication_failed")


def test_a_revoked_token_is_refused(api, users):
    client = api["moj"]
    assert client.delete("/api/v1/auth/token/").status_code == 204
    assert not AuthToken.objects.filter(user=users["moj"]).exists()
    error_of(client.get("/api/v1/stats/"), 401, "authentication_failed")


def test_the_token_endpoint_is_throttled(api, users, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"auth_token": "3/minute"}}
    attempts = [
        api[None].post("/api/v1/auth/token/", {"username": "pgo", "password": "wrong-password-123"}) for _ in range(4)
    ]
    assert [r.status_code for r in attempts] == [401, 401, 401, 429]
    assert int(attempts[-1]["Retry-After"]) > 0
    error_of(attempts[-1], 429, "throttled")


def test_the_browser_session_opens_the_api_too(client, users):
    client.force_login(users["auditor"])
    assert client.get("/api/v1/stats/").status_code == 200
    # a write with the session needs the CSRF token
    client.handler.enforce_csrf_checks = True
    error_of(
        client.post("/api/v1/notifications/read/", {"all": True}, content_type="application/json"),
        403,
        "permission_denied",
    )


# ---------------------------------------------------------------------------------------------------------------
# Lists: filters, search, pagination


def _numbers(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["number"] for row in response.json()["results"]}


def test_communications_filter_by_committee_phase_status_and_overdue(api, users):
    registered = round_at(users, Round.Status.REGISTERED, committee="CAT")
    sent = round_at(users, Round.Status.SENT, committee="CCPR")
    overdue = register_note(users, committee="CERD", ohchr_date=local_date() - dt.timedelta(days=200)).opened_round
    numbers = {r: r.communication.number for r in (registered, sent, overdue)}
    client = api["mfa"]
    assert _numbers(client.get("/api/v1/communications/?committee=CAT")) == {numbers[registered]}
    assert _numbers(client.get("/api/v1/communications/?status=sent")) == {numbers[sent]}
    assert _numbers(client.get("/api/v1/communications/?overdue=true")) == {numbers[overdue]}
    assert numbers[overdue] not in _numbers(client.get("/api/v1/communications/?overdue=false"))
    assert _numbers(client.get("/api/v1/communications/?phase=closed")) == set()
    listed = client.get("/api/v1/communications/?ordering=committee").json()["results"]
    assert [row["committee"] for row in listed] == ["CAT", "CCPR", "CERD"]
    assert [row["has_overdue"] for row in listed] == [False, False, True]


def test_an_invalid_filter_is_400(api):
    error = error_of(api["mfa"].get("/api/v1/communications/?committee=UNKNOWN&ordering=subject"), 400, "invalid")
    assert {"committee", "ordering"} <= set(error["fields"])


def test_search_never_matches_a_confidential_name_for_a_role_that_sees_initials(api, users):
    note = register_note(
        users,
        communication_fields={
            "parties": [{"role": "author", "full_name": "Elena Zhukova", "initials": "E.Z.", "is_confidential": True}]
        },
    )
    number = note.communication.number
    # the MFA may see the name, the MoJ sees initials only
    assert _numbers(api["mfa"].get("/api/v1/communications/?q=Zhukova")) == {number}
    assert _numbers(api["moj"].get("/api/v1/communications/?q=Zhukova")) == set()
    assert _numbers(api["moj"].get("/api/v1/communications/?q=E.Z.")) == {number}
    listed = api["moj"].get("/api/v1/communications/").json()["results"][0]["parties"][0]
    assert listed["name"] == "E.Z." and "Zhukova" not in str(listed)
    detail = api["moj"].get(f"/api/v1/communications/{note.communication_id}/").json()
    assert "Zhukova" not in str(detail)


def test_search_finds_numbers_joined_numbers_symbols_and_subject(api, users):
    note = register_note(users, communication_fields={"subject": "Freedom of assembly", "symbols": ["CCPR/C/1/D/7"]})
    communication = note.communication
    services.communication_join_number(actor=users["mfa"], communication=communication, number="7777/2026")
    for q in (communication.number, "7777", "C/1/D", "assembly"):
        assert _numbers(api["pgo"].get(f"/api/v1/communications/?q={q}")) == {communication.number}, q


def test_pages_are_bounded_and_carry_the_total(api, users):
    for _ in range(3):
        register_note(users)
    page = api["mfa"].get("/api/v1/communications/?limit=2").json()
    assert page["count"] == 3 and len(page["results"]) == 2 and page["next"]
    assert api["mfa"].get("/api/v1/communications/?limit=2&offset=2").json()["results"]
    assert api["mfa"].get("/api/v1/communications/?limit=100000&offset=99999999999999999999").status_code == 200


def test_deadlines_filter_by_status_agency_and_dates(api, users):
    round = round_at(users, Round.Status.REGISTERED)
    pgo_deadline = round.deadlines.get(kind="pgo_analysis")
    client = api["iwg"]
    assert client.get("/api/v1/deadlines/").json()["count"] == 0  # nothing the MIA's member may see
    client = api["pgo"]
    rows = client.get("/api/v1/deadlines/?agency=PGO").json()["results"]
    assert [row["id"] for row in rows] == [pgo_deadline.pk]
    assert rows[0]["communication_number"] == round.communication.number and rows[0]["responsible_agency"] == "PGO"
    due = pgo_deadline.due_on
    assert client.get(f"/api/v1/deadlines/?due_before={due}&due_after={due}&agency=pgo").json()["count"] == 1
    assert client.get(f"/api/v1/deadlines/?due_before={due - dt.timedelta(days=1)}&agency=PGO").json()["count"] == 0
    assert client.get("/api/v1/deadlines/?status=met").json()["count"] == 0
    error_of(client.get("/api/v1/deadlines/?due_before=yesterday"), 400, "invalid")


# ---------------------------------------------------------------------------------------------------------------
# Notifications, figures, history


def test_notifications_are_the_users_own_and_are_marked_read(api, users):
    mine = [Notification.objects.create(user=users["pgo"], kind="info", title=f"N{i}") for i in range(3)]
    other = Notification.objects.create(user=users["moj"], kind="info", title="Not yours")
    client = api["pgo"]
    assert client.get("/api/v1/notifications/").json()["count"] == 3
    response = client.post("/api/v1/notifications/read/", {"ids": [mine[0].pk, other.pk]})
    assert response.json() == {"marked": 1}
    assert client.get("/api/v1/notifications/?unread=true").json()["count"] == 2
    assert client.post("/api/v1/notifications/read/", {"all": True}).json() == {"marked": 2}
    other.refresh_from_db()
    assert other.read_at is None
    assert client.post("/api/v1/notifications/read/", {}).json() == {"marked": 0}  # nothing named, nothing marked


def test_stats_are_the_dashboards_figures(api, users):
    round_at(users, Round.Status.SENT)
    figures = api["auditor"].get("/api/v1/stats/").json()
    expected = portal_selectors.dashboard_figures(user=users["auditor"])
    assert figures["positions_sent"] == expected["positions_sent"] == 1
    assert figures["meetings_held"] == 1
    assert figures["communications_by_committee"] == [{"committee": "CCPR", "count": 1}]


def test_history_hides_a_confidential_name_from_an_administrator(api, users):
    note = register_note(
        users,
        communication_fields={
            "parties": [{"role": "victim", "full_name": "Aliya Nurpeisova", "is_confidential": True}]
        },
    )
    url = f"/api/v1/communications/{note.communication_id}/history/"
    assert "Nurpeisova" in str(api["auditor"].get(url).json())  # auditors read confidential names
    admin_view = api["admin"].get(url).json()
    assert admin_view and "Nurpeisova" not in str(admin_view)


def test_history_says_who_changed_what_and_why(api, users):
    round = round_at(users, Round.Status.REFERRED)
    rows = api["auditor"].get(f"/api/v1/rounds/{round.pk}/history/").json()
    change = next(row for row in rows if row["object_type"] == "round" and row["kind"] == "changed")
    assert change["user"] == "mfa" and change["reason"]
    assert {"field": "status", "old": "registered", "new": "referred"}.items() <= next(
        c for c in change["changes"] if c["field"] == "status"
    ).items()


# ---------------------------------------------------------------------------------------------------------------
# Communications created without a note


def test_a_communication_can_be_recorded_before_any_note(api, users):
    body = {
        "committee": "CRC",
        "number": "12/2026",
        "subject": "Access to education",
        "parties": [{"role": "author", "full_name": "Aigul Serikova"}],
    }
    created = api["mfa"].post("/api/v1/communications/", body)
    assert created.status_code == 201, created.content
    assert created.json()["parties"][0]["initials"] == "A.S." and created.json()["rounds"] == []
    error = error_of(api["mfa"].post("/api/v1/communications/", body), 400, "invalid")
    assert list(error["fields"]) == ["number"]
    # a later note links to it
    note = register_note(users, committee="CRC", number="12/2026")
    assert note.communication_id == created.json()["id"] == Communication.objects.get(number="12/2026").pk


# ---------------------------------------------------------------------------------------------------------------
# Schema and documentation


def test_the_schema_and_the_docs_are_served_without_signing_in(api):
    schema = api[None].get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/rounds/{id}/legal-analyses/" in paths
    # the token's scheme (iwg.schema.TokenScheme, registered with the schema class, not the authentication class)
    token_scheme = schema.json()["components"]["securitySchemes"]["tokenAuth"]
    assert token_scheme["in"] == "header" and token_scheme["name"] == "Authorization"
    assert {"tokenAuth": []} in paths["/api/v1/communications/"]["get"]["security"]
    assert "multipart/form-data" in paths["/api/v1/rounds/{id}/legal-analyses/"]["post"]["requestBody"]["content"]
    docs = api[None].get("/api/v1/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "swagger-ui" in html and "cdn" not in html.lower() and "/static/drf_spectacular_sidecar/" in html
    assert "<script>" not in html  # the init script is a separate file: the Content-Security-Policy allows no inline
    script = api[None].get("/api/v1/docs/?script=")
    assert script.status_code == 200 and "/api/v1/schema/" in script.content.decode()


def test_the_schema_is_valid_openapi_without_warnings():
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")


# ---------------------------------------------------------------------------------------------------------------
# Inputs the fuzzing found


def test_text_that_is_not_valid_unicode_is_a_parse_error(api):
    body = '{"committee": "CCPR", "number": "1\\ud800/2026"}'  # a lone surrogate, escaped in valid JSON
    response = api["mfa"].generic("POST", "/api/v1/communications/", body, content_type="application/json")
    error_of(response, 400, "parse_error")
    assert not Communication.objects.exists()


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/v1/meetings/", {"starts_at": "1900-01-01T10:00:00Z"}, "starts_at"),
        (
            "/api/v1/communications/",
            {"committee": "CCPR", "number": "1/2020", "submitted_on": "1950-01-01"},
            "submitted_on",
        ),
    ],
)
def test_a_date_before_independence_is_refused(api, path, body, field):
    role = "moj" if "meetings" in path else "mfa"
    assert list(error_of(api[role].post(path, body), 400, "invalid")["fields"]) == [field]


def test_a_note_dated_before_independence_is_refused(api):
    body = {
        "committee": "CCPR",
        "communication_number": "1/2020",
        "kind": "new_communication",
        "registry_number": "IN-1",
        "received_date": "0001-01-05",
        "ohchr_date": "0001-01-01",
    }
    assert list(error_of(api["mfa"].post("/api/v1/notes/", body), 400, "invalid")["fields"]) == ["ohchr_date"]


def test_an_internal_deadline_set_at_referral_cannot_precede_the_note(api, users):
    round = round_at(users, Round.Status.REGISTERED)
    body = {"internal_due_dates": {"pgo_analysis": str(round.incoming_note.registered_on - dt.timedelta(days=1))}}
    error = error_of(api["mfa"].post(f"/api/v1/rounds/{round.pk}/referral/", body), 400, "invalid")
    assert list(error["fields"]) == ["internal_due_dates"]
    round.refresh_from_db()
    assert round.status == Round.Status.REGISTERED


def test_a_position_cannot_be_sent_before_the_note_was_received(api, users):
    round = round_at(users, Round.Status.POSITION_APPROVED)
    body = {"registry_number": "OUT-1", "sent_on": str(round.incoming_note.registered_on - dt.timedelta(days=1))}
    error = error_of(api["mfa"].post(f"/api/v1/rounds/{round.pk}/position/send/", body), 400, "invalid")
    assert list(error["fields"]) == ["sent_on"]


def test_a_body_larger_than_django_accepts_is_413(api, users, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    round = round_at(users, Round.Status.ON_AGENDA)
    response = api["moj"].post(f"/api/v1/rounds/{round.pk}/position/", {"texts": {"en": "x" * 2000}})
    error_of(response, 413, "too_large")
