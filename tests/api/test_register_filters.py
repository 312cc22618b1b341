"""The register page and the API filter communications with one FilterSet (communications/filters.py): the API
accepts the page's filters under the page's names and answers with the same communications."""

import datetime as dt

import pytest
from django.urls import reverse

from communications import services
from communications.apis.communications import CommunicationsApi
from communications.filters import CommunicationFilter
from communications.models import Decision, NoteKind, Remedy, Round
from iwg.calendar import local_date
from tests.factories import register_note, round_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(users):
    old_ccpr = register_note(users, number="100/2024", ohchr_date=dt.date(2024, 3, 1)).communication  # overdue
    cat_referred = round_at(users, Round.Status.REFERRED, committee="CAT", number="200/2026").communication
    note = register_note(users, kind=NoteKind.VIEWS_ADOPTED, number="300/2026")
    services.decision_record(
        actor=users["mfa"],
        communication=note.communication,
        kind=Decision.Kind.VIEWS_VIOLATION,
        adopted_on=local_date() - dt.timedelta(days=30),
        symbol="CCPR/C/140/D/300/2026",
        remedies=[{"kind": Remedy.Kind.REVIEW, "description": "Review the conviction", "responsible_agency": "SC"}],
    )
    return [old_ccpr.number, cat_referred.number, note.communication.number]


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"committee": "CAT"}, {"200/2026"}),
        ({"phase": "follow_up"}, {"300/2026"}),
        ({"round_status": "referred"}, {"200/2026"}),
        ({"agency": "SC"}, {"300/2026"}),
        ({"overdue": "on"}, {"100/2024"}),
        ({"year": "2024"}, {"100/2024"}),
        ({"q": "300/2026"}, {"300/2026"}),
        ({}, {"100/2024", "200/2026", "300/2026"}),
    ],
)
def test_the_api_and_the_page_answer_the_same_filters_alike(api, client, users, three, params, expected):
    client.force_login(users["mfa"])
    page = client.get(reverse("communications:list"), params)
    on_page = {number for number in three if number in page.content.decode()}
    response = api["mfa"].get("/api/v1/communications/", params)
    assert response.status_code == 200, response.json()
    in_api = {row["number"] for row in response.json()["results"]}
    assert on_page == in_api == expected


def test_the_api_sorts_by_the_page_sort_keys(api, three):
    numbers = [row["number"] for row in api["mfa"].get("/api/v1/communications/?sort=-number").json()["results"]]
    assert numbers == sorted(three, reverse=True)


def test_the_api_refuses_a_year_that_is_not_a_year(api, three):
    for year in ("2.5e-58", "0", "abc"):
        response = api["mfa"].get("/api/v1/communications/", {"year": year})
        assert response.status_code == 400, year
        assert "year" in response.json()["error"]["fields"]


def test_the_page_and_the_api_declare_one_filterset():
    assert CommunicationsApi.filterset_class is CommunicationFilter
    assert {"round_status", "agency", "year", "sort", "status", "ordering", "q", "overdue"} <= set(
        CommunicationFilter.base_filters
    )


@pytest.mark.parametrize("path", ["/api/v1/communications/", "/api/v1/deadlines/"])
def test_the_api_refuses_an_overdue_filter_that_is_neither_true_nor_false(api, three, path):
    """Found by the fuzzer: any other value was read as "either", so a mistyped filter silently widened the list."""
    for value in ("(", "yes please", "2"):
        response = api["mfa"].get(path, {"overdue": value})
        assert response.status_code == 400, (path, value)
        assert "overdue" in response.json()["error"]["fields"]
    for value in ("true", "false", "1", "0"):
        assert api["mfa"].get(path, {"overdue": value}).status_code == 200, (path, value)
