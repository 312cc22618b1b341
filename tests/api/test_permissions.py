"""Every endpoint with every role: the roles allowed get their success status, the others a 403 with the reason,
and what a role may not see is a 404 (a guessed id reveals nothing). Anonymous requests get a 401."""

import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.utils import timezone

from communications import services
from communications.models import Deadline, DeadlineKind, Decision, Round
from iwg.calendar import local_date
from meetings import services as meeting_services
from tests.api.conftest import ROLES
from tests.factories import next_number, pdf_file, round_at

pytestmark = pytest.mark.django_db

_serial = itertools.count(1)
ALL = frozenset(ROLES)
HISTORY_READERS = frozenset({"auditor", "admin"})


@dataclass(frozen=True)
class Op:
    """One operation: `build(users)` makes what it needs and returns (url, body, format)."""

    name: str
    method: str
    build: Callable
    allowed: frozenset
    success: int = 200
    iwg_status: int | None = None  # what the IWG member gets when not 403 (404: the object is not visible to it)

    def expected(self, role: str) -> int:
        if role in self.allowed:
            return self.success
        if role == "iwg" and self.iwg_status:
            return self.iwg_status
        return 403


def _get(url):
    return lambda users: (url, None, None)


def _visible_round(users) -> Round:
    """A round on an IWG agenda: every role, the IWG member included, may see it."""
    return round_at(users, Round.Status.ON_AGENDA)


def _remedy(users, agency="MIA"):
    round = _visible_round(users)
    decision = services.decision_record(
        actor=users["mfa"],
        communication=round.communication,
        kind=Decision.Kind.VIEWS_VIOLATION,
        adopted_on=local_date(),
        remedies=[{"kind": "review", "description": "Review of the conviction", "responsible_agency": agency}],
    )
    return decision.remedies.get()


def _past_meeting_with_item(users):
    round = round_at(users, Round.Status.ANALYSIS_SUBMITTED)
    meeting = meeting_services.meeting_schedule(actor=users["moj"], starts_at=timezone.now() - dt.timedelta(hours=1))
    item = meeting_services.agenda_item_add(actor=users["moj"], meeting=meeting, round=round)
    return meeting, item


def _planned_meeting(users):
    return meeting_services.meeting_schedule(actor=users["moj"], starts_at=timezone.now() + dt.timedelta(days=5))


def _note_body():
    today = local_date()
    return {
        "committee": "CAT",
        "communication_number": next_number(),
        "kind": "new_communication",
        "registry_number": f"IN-M-{next(_serial)}",
        "received_date": str(today),
        "ohchr_date": str(today - dt.timedelta(days=5)),
    }


OPERATIONS = [
    Op("communications_list", "get", _get("/api/v1/communications/"), ALL),
    Op(
        "communications_create",
        "post",
        lambda users: ("/api/v1/communications/", {"committee": "CCPR", "number": next_number()}, "json"),
        frozenset({"mfa"}),
        201,
    ),
    Op(
        "communications_retrieve",
        "get",
        lambda users: (f"/api/v1/communications/{_visible_round(users).communication_id}/", None, None),
        ALL,
    ),
    Op(
        "communications_history",
        "get",
        lambda users: (f"/api/v1/communications/{_visible_round(users).communication_id}/history/", None, None),
        HISTORY_READERS,
    ),
    Op(
        "communications_decision_create",
        "post",
        lambda users: (
            f"/api/v1/communications/{_visible_round(users).communication_id}/decision/",
            {"kind": "inadmissible", "adopted_on": str(local_date())},
            "json",
        ),
        frozenset({"mfa"}),
        201,
    ),
    Op("notes_create", "post", lambda users: ("/api/v1/notes/", _note_body(), "json"), frozenset({"mfa"}), 201),
    Op("rounds_retrieve", "get", lambda users: (f"/api/v1/rounds/{_visible_round(users).pk}/", None, None), ALL),
    Op(
        "rounds_referral_create",
        "post",
        lambda users: (f"/api/v1/rounds/{round_at(users, Round.Status.REGISTERED).pk}/referral/", {}, "json"),
        frozenset({"mfa"}),
        iwg_status=404,  # a registered round concerns no body the IWG member belongs to yet
    ),
    Op(
        "rounds_legal_analyses_create",
        "post",
        lambda users: (
            f"/api/v1/rounds/{round_at(users, Round.Status.REFERRED).pk}/legal-analyses/",
            {
                "document": pdf_file(),
                "summary": "Remedies not exhausted.",
                "admissibility_conclusion": "inadmissible",
                "merits_conclusion": "no_violation",
            },
            "multipart",
        ),
        frozenset({"pgo"}),
        201,
        iwg_status=404,
    ),
    Op(
        "rounds_position_create",
        "post",
        lambda users: (
            f"/api/v1/rounds/{_visible_round(users).pk}/position/",
            {"texts": {"en": "Text."}, "expected_version": 0},
            "json",
        ),
        frozenset({"mfa", "pgo", "moj"}),
    ),
    Op(
        "rounds_position_approve",
        "post",
        lambda users: (f"/api/v1/rounds/{round_at(users, Round.Status.IWG_APPROVED).pk}/position/approve/", None, None),
        frozenset({"moj"}),
    ),
    Op(
        "rounds_position_send",
        "post",
        lambda users: (
            f"/api/v1/rounds/{round_at(users, Round.Status.POSITION_APPROVED).pk}/position/send/",
            {"registry_number": f"OUT-M-{next(_serial)}", "sent_on": str(local_date())},
            "json",
        ),
        frozenset({"mfa"}),
    ),
    Op(
        "rounds_history",
        "get",
        lambda users: (f"/api/v1/rounds/{_visible_round(users).pk}/history/", None, None),
        HISTORY_READERS,
    ),
    Op("deadlines_list", "get", _get("/api/v1/deadlines/"), ALL),
    Op(
        "deadlines_extensions_create",
        "post",
        lambda users: (
            f"/api/v1/deadlines/{_visible_round(users).deadlines.get(kind=DeadlineKind.COMMITTEE).pk}/extensions/",
            {
                "new_due_on": str(local_date() + dt.timedelta(days=400)),
                "reference": "Ref/1",
                "reason": "Granted",
                "expected_version": 0,  # a new round's deadline, never edited
            },
            "json",
        ),
        frozenset({"mfa"}),
        201,
    ),
    Op(
        "remedies_actions_create",
        "post",
        lambda users: (
            f"/api/v1/remedies/{_remedy(users).pk}/actions/",
            {"taken_on": str(local_date()), "description": "Case reopened"},
            "json",
        ),
        frozenset({"mfa", "pgo", "moj", "iwg"}),  # the IWG member of the responsible agency (MIA) too
        201,
    ),
    Op(
        "remedies_grades_create",
        "post",
        lambda users: (
            f"/api/v1/remedies/{_remedy(users).pk}/grades/",
            {"grade": "B", "assessed_on": str(local_date()), "state_assessment": "in_progress"},
            "json",
        ),
        frozenset({"mfa"}),
        201,
    ),
    Op("meetings_list", "get", _get("/api/v1/meetings/"), ALL),
    Op(
        "meetings_create",
        "post",
        lambda users: ("/api/v1/meetings/", {"starts_at": (timezone.now() + dt.timedelta(days=3)).isoformat()}, "json"),
        frozenset({"moj"}),
        201,
    ),
    Op("meetings_retrieve", "get", lambda users: (f"/api/v1/meetings/{_planned_meeting(users).pk}/", None, None), ALL),
    Op(
        "meetings_agenda_items_create",
        "post",
        lambda users: (
            f"/api/v1/meetings/{_planned_meeting(users).pk}/agenda-items/",
            {"round_id": round_at(users, Round.Status.ANALYSIS_SUBMITTED).pk},
            "json",
        ),
        frozenset({"moj"}),
        201,
    ),
    Op(
        "meetings_held_create",
        "post",
        lambda users: (
            lambda meeting, item: (
                f"/api/v1/meetings/{meeting.pk}/held/",
                {
                    "participants": [users["pgo"].pk, "A. Guest"],
                    "decisions": [{"agenda_item_id": item.pk, "decision": "more_analysis"}],
                },
                "json",
            )
        )(*_past_meeting_with_item(users)),
        frozenset({"moj"}),
    ),
    Op(
        "meetings_cancel",
        "post",
        lambda users: (f"/api/v1/meetings/{_planned_meeting(users).pk}/cancel/", {"reason": "No quorum"}, "json"),
        frozenset({"moj"}),
    ),
    Op(
        "meetings_history",
        "get",
        lambda users: (f"/api/v1/meetings/{_planned_meeting(users).pk}/history/", None, None),
        HISTORY_READERS,
    ),
    Op("notifications_list", "get", _get("/api/v1/notifications/"), ALL),
    Op(
        "notifications_read",
        "post",
        lambda users: ("/api/v1/notifications/read/", {"all": True}, "json"),
        ALL,
    ),
    Op("stats_retrieve", "get", _get("/api/v1/stats/"), ALL),
    Op("auth_token_destroy", "delete", _get("/api/v1/auth/token/"), ALL, 204),
]


def _call(client, method, url, body, fmt):
    if body is None:
        return getattr(client, method)(url)
    return getattr(client, method)(url, body, format=fmt)


def _send(client, op, url, body, fmt):
    """One request, rolled back: an allowed action leaves the objects as the next role needs them (each is built
    once per operation, for all the roles)."""
    for value in (body or {}).values():
        if hasattr(value, "seek"):
            value.seek(0)  # a file read by the previous request is sent again from its start
    with transaction.atomic():
        response = _call(client, op.method, url, body, fmt)
        transaction.set_rollback(True)
    return response


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.name)
def test_every_endpoint_answers_anonymous_and_each_role_as_its_permissions_say(api, users, op):
    # given
    url, body, fmt = op.build(users)
    # when, then: anonymous is asked to authenticate
    response = _send(api[None], op, url, body, fmt)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["error"]["code"] == "not_authenticated"
    # when, then: each role gets its success status, a 403 with the reason, or a 404
    failures = []
    for role in ROLES:
        response = _send(api[role], op, url, body, fmt)
        expected = op.expected(role)
        if response.status_code != expected:
            failures.append(f"{role}: {response.status_code}, expected {expected}: {response.content[:300]!r}")
        elif expected == 403:
            error = response.json()["error"]
            if error["code"] != "permission_denied" or "may not" not in error["message"]:
                failures.append(f"{role}: 403 without the reason naming the role and the step: {error}")
        elif expected == 404 and response.json()["error"]["code"] != "not_found":
            failures.append(f"{role}: 404 that is not the API's not_found: {response.content[:300]!r}")
    assert not failures, failures


# What the IWG member may not see: a communication with no agenda item, remedy or deadline of its agency.
HIDDEN_FROM_IWG = [
    ("get", "/api/v1/communications/{communication}/", None),
    ("post", "/api/v1/communications/{communication}/decision/", {"kind": "inadmissible", "adopted_on": "2020-01-01"}),
    ("get", "/api/v1/rounds/{round}/", None),
    ("post", "/api/v1/rounds/{round}/referral/", {}),
    ("post", "/api/v1/rounds/{round}/position/", {"texts": {"en": "x"}}),
    ("post", "/api/v1/rounds/{round}/position/approve/", None),
    ("post", "/api/v1/rounds/{round}/position/send/", {"registry_number": "OUT-X", "sent_on": "2020-01-01"}),
    ("post", "/api/v1/deadlines/{deadline}/extensions/", {"new_due_on": "2030-01-01", "reason": "x"}),
    ("post", "/api/v1/remedies/{remedy}/actions/", {"taken_on": "2020-01-01", "description": "x"}),
    (
        "post",
        "/api/v1/remedies/{remedy}/grades/",
        {"grade": "A", "assessed_on": "2020-01-01", "state_assessment": "pending"},
    ),
]


@pytest.mark.parametrize(("method", "template", "body"), HIDDEN_FROM_IWG)
def test_what_the_iwg_member_may_not_see_is_not_found(api, users, method, template, body):
    # given: a communication in the registered stage, with Views and a remedy of the MOF: nothing of the MIA's
    round = round_at(users, Round.Status.REGISTERED)
    decision = services.decision_record(
        actor=users["mfa"],
        communication=round.communication,
        kind=Decision.Kind.VIEWS_VIOLATION,
        adopted_on=local_date(),
        remedies=[{"kind": "compensation", "description": "Compensation", "responsible_agency": "MOF"}],
    )
    round = round_at(users, Round.Status.REGISTERED, committee="CAT")
    ids = {
        "communication": round.communication_id,
        "round": round.pk,
        "deadline": Deadline.objects.filter(round=round).first().pk,
        "remedy": decision.remedies.get().pk,
    }
    url = template.format(**ids)
    # when
    response = _call(api["iwg"], method, url, body, "json")
    # then: the same answer as for an id that does not exist
    assert response.status_code == 404, response.content
    assert response.json()["error"]["code"] == "not_found"
    assert _call(api["mfa"], "get", "/api/v1/communications/", None, None).json()["count"] == 2


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "path",
    [
        "communications/{}/",
        "communications/{}/decision/",
        "rounds/{}/",
        "rounds/{}/referral/",
        "deadlines/{}/extensions/",
        "remedies/{}/actions/",
        "meetings/{}/",
        "meetings/{}/cancel/",
    ],
)
def test_an_id_that_does_not_exist_is_404_for_every_role(api, users, role, path):
    url = "/api/v1/" + path.format(987654321)
    method = "get" if path.count("/") == 2 else "post"
    response = _call(api[role], method, url, {}, "json")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
