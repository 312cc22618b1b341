"""Guessing ids: an IWG member (of the MIA) who probes sequential ids of communications, rounds, deadlines,
remedies, documents, notifications and history of other agencies gets 404 everywhere, on pages and in the API:
the same answer as for an id that does not exist, so nothing is revealed."""

import pytest
from django.test import Client

from communications import services
from communications.models import Communication, Deadline, Decision, Document, Notification, Remedy, Round
from iwg.calendar import local_date
from tests.factories import round_at
from tests.tokens import api_token

pytestmark = pytest.mark.django_db

PROBES = 3  # ids past the highest existing one are probed too: same answer


@pytest.fixture
def hidden(users):
    """Objects the MIA member may not see: registered and analysed rounds, a remedy of the MOF, a document."""
    registered = round_at(users, Round.Status.REGISTERED)
    analysed = round_at(users, Round.Status.ANALYSIS_SUBMITTED, committee="CAT")
    services.decision_record(
        actor=users["mfa"],
        communication=registered.communication,
        kind=Decision.Kind.VIEWS_VIOLATION,
        adopted_on=local_date(),
        remedies=[{"kind": "compensation", "description": "Compensation", "responsible_agency": "MOF"}],
    )
    Notification.objects.create(user=users["mfa"], kind=Notification.Kind.INFO, title="For the MFA only")
    return {"registered": registered, "analysed": analysed}


def _ids(model) -> list[int]:
    existing = list(model.objects.values_list("pk", flat=True))
    top = max(existing, default=0)
    return existing + list(range(top + 1, top + 1 + PROBES))


PAGE_ROUTES = [
    (Communication, "get", "/communications/{}/"),
    (Communication, "post", "/communications/{}/edit/"),
    (Communication, "post", "/communications/{}/decision/"),
    (Round, "get", "/communications/rounds/{}/refer/"),
    (Round, "post", "/communications/rounds/{}/position/"),
    (Round, "post", "/communications/rounds/{}/analysis/"),
    (Deadline, "post", "/communications/deadlines/{}/extend/"),
    (Deadline, "post", "/communications/deadlines/{}/change/"),
    (Remedy, "post", "/communications/remedies/{}/actions/"),
    (Remedy, "post", "/communications/remedies/{}/grades/"),
    (Document, "get", "/documents/{}/"),
    (Notification, "post", "/notifications/{}/read/"),
]
API_ROUTES = [
    (Communication, "get", "/api/v1/communications/{}/"),
    (Communication, "post", "/api/v1/communications/{}/decision/"),
    (Round, "get", "/api/v1/rounds/{}/"),
    (Round, "post", "/api/v1/rounds/{}/referral/"),
    (Round, "post", "/api/v1/rounds/{}/position/"),
    (Deadline, "post", "/api/v1/deadlines/{}/extensions/"),
    (Remedy, "post", "/api/v1/remedies/{}/actions/"),
    (Remedy, "post", "/api/v1/remedies/{}/grades/"),
]


@pytest.mark.parametrize(("model", "method", "template"), PAGE_ROUTES, ids=[t for _m, _x, t in PAGE_ROUTES])
def test_pages_answer_404_to_every_guessed_id(users, hidden, model, method, template):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(users["iwg"])
    answers = {pk: getattr(client, method)(template.format(pk)).status_code for pk in _ids(model)}
    assert set(answers.values()) == {404}, answers


@pytest.mark.parametrize(("model", "method", "template"), API_ROUTES, ids=[t for _m, _x, t in API_ROUTES])
def test_api_answers_404_to_every_guessed_id(users, hidden, model, method, template):
    token = api_token(users["iwg"])
    client = Client(HTTP_AUTHORIZATION=f"Token {token}", HTTP_ACCEPT_LANGUAGE="en")
    answers = {}
    for pk in _ids(model):
        url = template.format(pk)
        response = client.get(url) if method == "get" else client.post(url, "{}", content_type="application/json")
        answers[pk] = response.status_code
        if response.status_code == 404:
            assert response.json()["error"]["code"] == "not_found"
    assert set(answers.values()) == {404}, answers


def test_lists_and_figures_do_not_reveal_hidden_communications(users, hidden):
    token = api_token(users["iwg"])
    client = Client(HTTP_AUTHORIZATION=f"Token {token}", HTTP_ACCEPT_LANGUAGE="en")
    assert client.get("/api/v1/communications/").json()["count"] == 0
    assert client.get("/api/v1/deadlines/").json()["count"] == 0
    page = Client()
    page.force_login(users["iwg"])
    body = page.get("/communications/").content.decode()
    for round in hidden.values():
        assert round.communication.number not in body


def test_history_is_refused_to_the_iwg_member_for_any_id(users, hidden):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(users["iwg"])
    for pk in _ids(Communication):
        assert client.get(f"/audit/history/communications/communication/{pk}/").status_code == 403
