"""Cross-site request forgery: a POST that rides on a signed-in browser session without the CSRF token is refused
(403) and changes nothing, on pages and on the API; API calls authenticated by token need no CSRF token (a forged
cross-site request cannot carry the Authorization header)."""

import pytest
from django.test import Client

from communications.models import Party, PositionText, Round
from tests.factories import position_version, round_at
from tests.tokens import api_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def round(users):
    return round_at(users, Round.Status.ON_AGENDA)


def session_client(user) -> Client:
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_a_page_action_without_the_csrf_token_is_refused_and_changes_nothing(users, round):
    client = session_client(users["mfa"])
    communication = round.communication
    response = client.post(
        f"/communications/{communication.pk}/parties/",
        {"party-role": "author", "party-full_name": "Forged Person"},
    )
    assert response.status_code == 403
    assert not Party.objects.filter(full_name="Forged Person").exists()


def test_the_same_page_action_with_the_token_goes_through(users, round):
    # proves the refusal above is the CSRF check, not the form
    client = session_client(users["mfa"])
    communication = round.communication
    page = client.get(f"/communications/{communication.pk}/")
    token = page.cookies["csrftoken"].value if "csrftoken" in page.cookies else client.cookies["csrftoken"].value
    response = client.post(
        f"/communications/{communication.pk}/parties/",
        {"party-role": "author", "party-full_name": "Real Person", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert Party.objects.filter(full_name="Real Person").exists()


def test_a_session_authenticated_api_action_without_the_csrf_token_is_refused(users, round):
    client = session_client(users["moj"])
    response = client.post(
        f"/api/v1/rounds/{round.pk}/position/",
        {"texts": {"en": "Forged position."}},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert "CSRF" in response.content.decode()
    assert not PositionText.objects.filter(text="Forged position.").exists()


def test_a_token_authenticated_api_action_needs_no_csrf_token(users, round):
    token = api_token(users["moj"])
    client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Token {token}", HTTP_ACCEPT_LANGUAGE="en")
    response = client.post(
        f"/api/v1/rounds/{round.pk}/position/",
        {"texts": {"en": "Position by token."}, "expected_version": position_version(round)},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert PositionText.objects.filter(position__round=round, text="Position by token.").exists()


def test_a_session_api_read_needs_no_csrf_token(users, round):
    assert session_client(users["moj"]).get("/api/v1/communications/").status_code == 200
