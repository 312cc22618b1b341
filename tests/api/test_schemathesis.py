"""schemathesis over every operation of /api/v1/schema/, authenticated as each role: no response is a 5xx and every
response (status code, content type, headers, body) conforms to the schema. Positive and negative examples are
generated; path ids point at real objects at the right stage, so that the services behind are exercised, not only
the 404s.

Bounded for CI (a few minutes on two cores): a few cases per operation and mode (two when the role is refused the
operation, which it is before its input is read), generated once per process, derandomized so that a run is
reproducible, and sent by every role. A failing case is reported as it was generated (no shrinking), with the
response that broke the check. Marked `postgres`: PostgreSQL enforces column lengths and rejects NUL
characters where SQLite does not, so only there does the fuzz find those bugs; in CI (IWG_REQUIRE_SERVICES=1) it
runs, never skips.
"""

import datetime as dt
import os

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import CHECKS as CHECK_REGISTRY
from schemathesis.checks import load_all_checks
from schemathesis.config import SchemathesisConfig

from communications import services
from communications.models import DeadlineKind, Decision, ExportJob, ImportJob, Notification, Round
from iwg.calendar import local_date
from iwg.models import Agency
from meetings import services as meeting_services
from recommendations import services as recommendation_services
from recommendations.models import Response, Review
from tests.api.conftest import ROLES
from tests.factories import round_at
from tests.tokens import api_token

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

# Examples per operation and mode. CI runs the same derandomized examples every time; IWG_FUZZ_SCALE=10 explores
# ten times as many, new ones on every run (locally).
SCALE = int(os.environ.get("IWG_FUZZ_SCALE", "1"))
DERANDOMIZE = "IWG_FUZZ_SCALE" not in os.environ
EXAMPLES = {GenerationMode.POSITIVE: 6 * SCALE, GenerationMode.NEGATIVE: 4 * SCALE}
# A role refused an operation is refused before its input is read (the permission comes first), so a couple of
# examples check the refusal's shape; the access matrix (test_permissions.py) checks who is refused what.
EXAMPLES_REFUSED = {GenerationMode.POSITIVE: 2 * SCALE, GenerationMode.NEGATIVE: 1 * SCALE}
# Every check schemathesis has, not a chosen subset: conformance of status, content type, headers and body, bad
# input refused (negative_data_rejection), good input accepted, methods not offered answered with 405 and an Allow
# header, authentication not ignored, and the rest.
load_all_checks()
CHECKS = list(CHECK_REGISTRY.get_all())
# ignored_auth sends each case twice more (without credentials, and with wrong ones), and whether an operation
# ignores them does not depend on the case: it runs on each role's first case of each operation and mode.
CHECKS_AFTER_FIRST = [check for check in CHECKS if check.__name__ != "ignored_auth"]
assert len(CHECKS_AFTER_FIRST) == len(CHECKS) - 1


@pytest.fixture
def wsgi_app():
    """Django's WSGI handler, as a server runs it, inside the test's transaction: the handler's closing of
    connections at each request's start and end would end that transaction, so it is switched off meanwhile."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


# Rules a schema-valid request can still break, which JSON Schema cannot state (another record must exist, a
# date relative to another, a unique number, a file's content, a JSON text inside a form field). For these
# operations, and only these, positive_data_acceptance takes 400 (`invalid`, naming the field) as an answer too.
DOMAIN_RULES = {
    "communications_create": "the number is unique per committee",
    "notes_create": "the MFA registry number is unique; dates in order",
    "communications_decision_create": "dates not before the Covenant's ratification (1991-12-16)",
    "deadlines_extensions_create": "the new date is later than the current one",
    "meetings_create": "a meeting does not start before 1991-12-16; the chair is an existing user",
    "meetings_agenda_items_create": "the round exists and is ready for the agenda",
    "meetings_held_create": "`decisions` is JSON text naming a decision for every agenda item",
    "remedies_actions_create": "dates not before 1991-12-16",
    "remedies_grades_create": "dates not before 1991-12-16",
    "rounds_legal_analyses_create": "the document is a PDF, DOCX or ODT by its content",
    "rounds_position_create": "the text is written in at least one language",
    "imports_create": "the file is an XLSX or CSV by its content",
    "rounds_position_send": "sent on or after the note was received; the registry number is unique",
    # Corrections (issue 11, item 3): a well-formed number free in its committee, something to change, a duplicate
    # that exists in the same committee.
    "communications_corrections_create": "the number is well formed for the committee and not another case's",
    "communications_parties_partial_update": "at least one field differs from what is recorded",
    "communications_merge_create": "the duplicate's number exists in the same committee",
    "reviews_create": "a UPR review has its cycle; concluding observations their committee and symbol, unique",
    "reviews_import_create": "the file is an XLSX or CSV by its content, every row valid",
    "recommendations_response_create": "a noted response gives its reason",
    "recommendations_communications_create": "the communication exists and is linked once",
    "measures_create": "the recommendations exist and are supported; the target date is not in the past",
    "measures_progress_reports_create": "the documents are PDF, DOCX or ODT by their content",
    "progress_reports_review_create": "a returned report says what it lacks (the comment)",
    "meetings_response_items_create": "the recommendation exists and its response is proposed",
}
POSITIVE_STATUSES = ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx"]


def schemathesis_config() -> SchemathesisConfig:
    operations = "\n".join(
        f'[[operations]]\ninclude-operation-id = "{operation_id}"\n'
        f"checks.positive_data_acceptance.expected-statuses = {[*POSITIVE_STATUSES, '400']!r}\n"
        for operation_id in DOMAIN_RULES
    )
    return SchemathesisConfig.from_str(operations.replace("'", '"'))


_SCHEMA: list = []  # the loaded schema, once per process: it is the same for every role


@pytest.fixture
def api_schema(wsgi_app):
    if not _SCHEMA:
        _SCHEMA.append(schemathesis.openapi.from_wsgi("/api/v1/schema/", wsgi_app, config=schemathesis_config()))
    return _SCHEMA[0]


def _recommendations_world(users, meeting) -> dict:
    """A UPR review with a recommendation awaiting its response, one proposed (on the planned meeting's agenda, the
    other free to put there), and a supported one with a measure carrying a submitted progress report."""
    review = recommendation_services.review_create(
        actor=users["mfa"], mechanism=Review.Mechanism.UPR, title="UPR 4th cycle", cycle=4, session=48
    )

    def add(number):
        return recommendation_services.recommendation_add(
            actor=users["mfa"], review=review, number=number, text=f"Recommendation {number}"
        )

    pending = add("45.1")
    for number in ("45.2", "45.3"):
        recommendation_services.response_propose(
            actor=users["mfa"], response=add(number).response, position=Response.Position.SUPPORTED
        )
    supported = add("45.4")
    recommendation_services.response_record(
        actor=users["mfa"],
        response=supported.response,
        position=Response.Position.SUPPORTED,
        decided_on=local_date() - dt.timedelta(days=30),
    )
    supported.refresh_from_db()
    plan = {
        "actor": users["moj"],
        "recommendations": [supported],
        "responsible_agency": Agency.objects.get(code="PGO"),
        "indicator": "Law adopted",
        "target_date": local_date() + dt.timedelta(days=90),
    }
    measure = recommendation_services.measure_plan(title="Amend the law", **plan)
    reported = recommendation_services.measure_plan(title="Train prosecutors", **plan)
    report = recommendation_services.report_submit(actor=users["pgo"], measure=reported, text="Done in part")
    return {
        "/api/v1/reviews/{id}/import/": review.pk,
        "/api/v1/recommendations/{id}/": supported.pk,
        "/api/v1/recommendations/{id}/response/": pending.pk,
        "/api/v1/recommendations/{id}/communications/": supported.pk,
        "/api/v1/measures/{id}/progress-reports/": measure.pk,
        "/api/v1/progress-reports/{id}/review/": report.pk,
        "/api/v1/meetings/{id}/response-items/": meeting.pk,
    }


@pytest.fixture
def world(users):
    """Objects at every stage: the path id each operation is fuzzed on, by path."""
    stage = {status: round_at(users, status) for status in (Round.Status.REGISTERED, Round.Status.REFERRED)}
    stage[Round.Status.ON_AGENDA] = round_at(users, Round.Status.ON_AGENDA)
    stage[Round.Status.IWG_APPROVED] = round_at(users, Round.Status.IWG_APPROVED)
    stage[Round.Status.POSITION_APPROVED] = round_at(users, Round.Status.POSITION_APPROVED)
    sent = round_at(users, Round.Status.SENT)
    decision = services.decision_record(
        actor=users["mfa"],
        communication=sent.communication,
        kind=Decision.Kind.VIEWS_VIOLATION,
        adopted_on=local_date(),
        remedies=[{"kind": "review", "description": "Review of the conviction", "responsible_agency": "MIA"}],
    )
    past = meeting_services.meeting_schedule(actor=users["moj"], starts_at=timezone.now() - dt.timedelta(hours=3))
    meeting_services.agenda_item_add(
        actor=users["moj"], meeting=past, round=round_at(users, Round.Status.ANALYSIS_SUBMITTED)
    )
    planned = meeting_services.meeting_schedule(actor=users["moj"], starts_at=timezone.now() + dt.timedelta(days=4))
    for user in users.values():
        Notification.objects.create(user=user, kind="info", title="Welcome")
    export_job = ExportJob.objects.create(owner=users["mfa"], kind="register", format="csv")
    import_job = ImportJob.objects.create(uploaded_by=users["mfa"], file="imports/x.csv", original_name="x.csv")
    on_agenda = stage[Round.Status.ON_AGENDA]
    undecided = round_at(users, Round.Status.ON_AGENDA)  # a decision cancels its rounds: not one fuzzed elsewhere
    to_close = round_at(users, Round.Status.REGISTERED)  # closing cancels its rounds: not one fuzzed elsewhere
    # Corrections change what they touch: a case of their own, with a party, a note and its round.
    corrected = round_at(
        users,
        Round.Status.REGISTERED,
        communication_fields={"parties": [{"role": "author", "full_name": "Rustam Aliyev"}]},
    ).communication
    party = {"id": corrected.pk, "party_pk": corrected.parties.get().pk}
    return {
        "/api/v1/communications/{id}/corrections/": corrected.pk,
        "/api/v1/communications/{id}/merge/": corrected.pk,
        "/api/v1/communications/{id}/parties/{party_pk}/": party,
        "/api/v1/communications/{id}/parties/{party_pk}/confidentiality/": party,
        "/api/v1/communications/{id}/parties/{party_pk}/removal/": party,
        "/api/v1/communications/{id}/notes/{note_pk}/void/": {"id": corrected.pk, "note_pk": corrected.notes.get().pk},
        "/api/v1/communications/{id}/rounds/{round_pk}/void/": {
            "id": corrected.pk,
            "round_pk": corrected.rounds.get().pk,
        },
        "/api/v1/communications/{id}/": sent.communication_id,
        "/api/v1/communications/{id}/history/": sent.communication_id,
        "/api/v1/communications/{id}/decision/": undecided.communication_id,
        "/api/v1/communications/{id}/close/": to_close.communication_id,
        "/api/v1/rounds/{id}/": sent.pk,
        "/api/v1/rounds/{id}/history/": sent.pk,
        "/api/v1/rounds/{id}/referral/": stage[Round.Status.REGISTERED].pk,
        "/api/v1/rounds/{id}/legal-analyses/": stage[Round.Status.REFERRED].pk,
        "/api/v1/rounds/{id}/position/": on_agenda.pk,
        "/api/v1/rounds/{id}/position/approve/": stage[Round.Status.IWG_APPROVED].pk,
        "/api/v1/rounds/{id}/position/send/": stage[Round.Status.POSITION_APPROVED].pk,
        "/api/v1/deadlines/{id}/extensions/": stage[Round.Status.REFERRED]
        .deadlines.get(kind=DeadlineKind.COMMITTEE)
        .pk,
        "/api/v1/remedies/{id}/actions/": decision.remedies.get().pk,
        "/api/v1/remedies/{id}/grades/": decision.remedies.get().pk,
        "/api/v1/meetings/{id}/": past.pk,
        "/api/v1/meetings/{id}/history/": past.pk,
        "/api/v1/meetings/{id}/held/": past.pk,
        "/api/v1/meetings/{id}/agenda-items/": planned.pk,
        "/api/v1/meetings/{id}/cancel/": planned.pk,
        "/api/v1/communications/{id}/export/": sent.communication_id,
        "/api/v1/exports/{id}/": export_job.pk,
        "/api/v1/exports/{id}/download/": export_job.pk,
        "/api/v1/imports/{id}/": import_job.pk,
        "/api/v1/imports/{id}/confirm/": import_job.pk,
        "/api/v1/meetings/{id}/pack/": planned.pk,
        "/api/v1/meetings/{id}/minutes/": past.pk,
        "/api/v1/meetings/{id}/calendar/": planned.pk,
        **_recommendations_world(users, planned),
    }


def _path_parameters(operation, world) -> dict:
    """The id of an object at the stage the operation needs (every path with an id must be listed; a path with
    several ids lists them all)."""
    if "{id}" not in operation.path:
        return {}
    value = world[operation.path]
    return value if isinstance(value, dict) else {"id": value}


# The cases of each operation and mode, generated once per process and sent by every role. Generating them (the
# schemas canonicalised, their validators compiled, and for a negative case many drafts drawn until one is invalid)
# took about three fifths of the fuzzing when each role generated its own, and derandomized generation gave every
# role the same cases anyway. The cases are generated on the first world's path ids; each is sent with the current
# world's ids. An operation and mode with nothing to generate (Unsatisfiable) is remembered as empty.
_CASES: dict = {}


def _cases(operation, mode, path_parameters) -> list:
    key = (operation.label, mode)
    if key not in _CASES:
        cases: list = []

        @settings(
            max_examples=EXAMPLES[mode],
            deadline=None,
            derandomize=DERANDOMIZE,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(generation_mode=mode, path_parameters=path_parameters))
        def collect(case):
            cases.append(case)

        try:
            collect()
        except Unsatisfiable:
            # Nothing left to make invalid (an enum-only query, say): only the negative mode may find none.
            assert mode == GenerationMode.NEGATIVE, operation.label
        _CASES[key] = cases
    return _CASES[key]


# The credentials the schema's security schemes add to every operation (the token header, the session cookie):
# every case is sent with the role's own token, whatever was generated, so there is nothing to make invalid there.
CREDENTIALS = {"headers": {"Authorization"}, "cookies": {django_settings.SESSION_COOKIE_NAME}}


def nothing_to_make_invalid(operation) -> bool:
    """No body, query, header or cookie in the schema but the credentials, and the path ids fixed: a negative case
    cannot exist (drawing drafts until hypothesis gives up took about a second per such operation)."""
    headers = [header for header in operation.headers if header.name not in CREDENTIALS["headers"]]
    cookies = [cookie for cookie in operation.cookies if cookie.name not in CREDENTIALS["cookies"]]
    return not any(len(part) for part in (operation.body, operation.query, headers, cookies))


def refused(operation, *, user, app, path_parameters) -> bool:
    """Whether the role is refused the operation whatever it sends: a request with nothing in it answered 403. Rolled
    back, so that an action which needs no body, done by a role allowed it, leaves the world as the fuzzing needs it."""
    with transaction.atomic():
        headers = {"Authorization": f"Token {api_token(user)}", "Accept-Language": "en"}
        response = operation.Case(path_parameters=path_parameters).call(app=app, headers=headers)
        transaction.set_rollback(True)
    return response.status_code == 403


def revokes_its_token(case) -> bool:
    return case.operation.method.upper() == "DELETE" and case.operation.path.endswith("/auth/token/")


def _fuzz(cases, *, user, app, path_parameters) -> str | None:
    """Sends the cases as the user and checks each response; the first case that fails, with the failure."""
    token = None
    for index, generated in enumerate(cases):
        case = generated.derive()  # a copy: the cases are shared by the roles
        if path_parameters:
            case.path_parameters = dict(path_parameters)
        # A new token where the case may revoke the one it is sent with (DELETE /auth/token/ is fuzzed too).
        if token is None or revokes_its_token(case):
            token = api_token(user)
        headers = {"Authorization": f"Token {token}", "Accept-Language": "en"}
        try:
            response = case.call(app=app, headers=headers)
            checks = CHECKS if index == 0 else CHECKS_AFTER_FIRST
            case.validate_response(response, checks=checks, headers=headers, transport_kwargs={"app": app})
        except (Exception, BaseExceptionGroup) as exc:
            return f"{case!r}\n{exc}"
    return None


@pytest.mark.parametrize("role", ROLES)
def test_every_operation_holds_to_the_schema_under_fuzzing(role, users, world, wsgi_app, api_schema):
    failures, operations = [], 0
    for result in api_schema.get_all_operations():
        operation = result.ok()
        operations += 1
        path_parameters = _path_parameters(operation, world)
        examples = (
            EXAMPLES_REFUSED
            if refused(operation, user=users[role], app=wsgi_app, path_parameters=path_parameters)
            else EXAMPLES
        )
        for mode in EXAMPLES:
            if mode == GenerationMode.NEGATIVE and nothing_to_make_invalid(operation):
                continue
            cases = _cases(operation, mode, path_parameters)[: examples[mode]]
            failure = _fuzz(cases, user=users[role], app=wsgi_app, path_parameters=path_parameters)
            if failure:  # every operation's failures, reported together
                failures.append(f"{operation.label} [{mode}]: {failure}")
    assert operations >= 29
    assert not failures, "\n\n".join(failures)


def test_the_fuzz_reports_a_case_that_breaks_a_check(users, api_schema):
    """The fuzz can fail: the same cases sent to an API that answers every request with a 500 are reported, with
    the case that broke the check."""

    def broken(environ, start_response):
        start_response("500 Internal Server Error", [("Content-Type", "application/json")])
        return [b"{}"]

    operation = api_schema["/api/v1/communications/"]["GET"]
    cases = _cases(operation, GenerationMode.POSITIVE, {})
    assert cases
    failure = _fuzz(cases, user=users["mfa"], app=broken, path_parameters={})
    assert failure is not None and "500" in failure, failure
    assert failure.startswith("Case("), failure
