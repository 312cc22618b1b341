"""Protocol hygiene: an unknown API address answers in the API's error shape whatever the method (not Django's
HTML CSRF page), and pages answer a method they do not take with 405, never by serving the page."""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

# Not ours to police here: the admin and allauth decide their own methods; the API has its own tests.
SKIPPED_PREFIXES = ("admin/", "api/", "accounts/", "health/")
SAMPLE = {"int": "1", "str": "x", "slug": "x", "path": "x"}


def page_routes(resolver=None, prefix=""):
    """Every page route of the project as a sample path (ids 1), with the view's name."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(SKIPPED_PREFIXES):
            continue
        if isinstance(entry, URLResolver):
            yield from page_routes(entry, route)
        elif isinstance(entry, URLPattern):
            path = route
            for converter, value in SAMPLE.items():
                while f"<{converter}:" in path:
                    start = path.index(f"<{converter}:")
                    path = path[:start] + value + path[path.index(">", start) + 1 :]
            yield "/" + path.lstrip("^").rstrip("$")


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_an_unknown_api_address_answers_in_the_error_shape(method):
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    response = getattr(client, method)("/api/v1/no-such-thing/", {}, content_type="application/json")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_no_page_takes_put_patch_or_delete(users, method):
    client = Client()
    client.force_login(users["admin"])
    answers = {path: getattr(client, method)(path).status_code for path in page_routes()}
    assert len(answers) > 30
    assert {path: status for path, status in answers.items() if status != 405} == {}


@pytest.mark.parametrize("query", ["limit=abc", "limit=0", "limit=-5", "offset=1.5", "offset=-1", "limti=5"])
def test_a_list_refuses_a_bad_page_or_an_unknown_parameter(users, query):
    from tests.tokens import api_token

    client = Client(HTTP_AUTHORIZATION=f"Token {api_token(users['mfa'])}", HTTP_ACCEPT_LANGUAGE="en")
    response = client.get(f"/api/v1/communications/?{query}")
    assert response.status_code == 400, response.content
    assert response.json()["error"]["code"] == "invalid"
    assert query.split("=")[0] in response.json()["error"]["fields"]


def test_an_empty_filter_means_no_filter(users):
    from tests.tokens import api_token

    client = Client(HTTP_AUTHORIZATION=f"Token {api_token(users['mfa'])}")
    assert client.get("/api/v1/communications/?committee=&phase=").status_code == 200
