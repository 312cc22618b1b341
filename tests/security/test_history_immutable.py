"""History (django-simple-history records) and the access audit trail (AccessEvent) cannot be changed by anyone
through the pages, the API or the Django admin: every history route answers a write with 405/403, the admin's
"revert to this version" view is refused for every model, and access events cannot be added, changed or deleted
(one by one or with the bulk delete action)."""

import datetime as dt

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import HistoricalChanges

from communications.models import Round
from iwg.models import AccessEvent
from iwg.services import access_record
from meetings import services as meeting_services
from tests.factories import round_at
from tests.security.test_access_matrix import url_patterns
from tests.tokens import api_token

pytestmark = pytest.mark.django_db

WRITES = ("post", "put", "patch", "delete")


def history_models():
    return [model for model in apps.get_models() if issubclass(model, HistoricalChanges)]


def history_counts() -> dict:
    return {model._meta.label: model.objects.count() for model in history_models()}


@pytest.fixture
def round(users):
    return round_at(users, Round.Status.ANALYSIS_SUBMITTED)


def test_every_history_route_is_known_here():
    """A new route that shows history must be added to the write checks below."""
    routes = {route for route, name in url_patterns() if name and "history" in name and not route.startswith("admin/")}
    assert routes == {
        "audit/history/<str:app_label>/<str:model_name>/<int:pk>/",
        "api/v1/communications/<int:pk>/history/",
        "api/v1/rounds/<int:pk>/history/",
        "api/v1/meetings/<int:pk>/history/",
    }


@pytest.mark.parametrize("role", ["auditor", "admin", "mfa"])
def test_history_pages_and_api_accept_no_writes(users, round, role):
    meeting = meeting_services.meeting_schedule(actor=users["moj"], starts_at=timezone.now() + dt.timedelta(days=3))
    page = Client(HTTP_ACCEPT_LANGUAGE="en")
    page.force_login(users[role])
    before = history_counts()
    token = api_token(users[role])
    api = Client(HTTP_AUTHORIZATION=f"Token {token}", HTTP_ACCEPT_LANGUAGE="en")
    communication = round.communication
    targets = [
        (page, f"/audit/history/communications/communication/{communication.pk}/"),
        (page, f"/audit/history/communications/round/{round.pk}/"),
        (page, "/audit/activity/"),
        (api, f"/api/v1/communications/{communication.pk}/history/"),
        (api, f"/api/v1/rounds/{round.pk}/history/"),
    ]
    targets.append((api, f"/api/v1/meetings/{meeting.pk}/history/"))
    answers = {}
    for client, url in targets:
        for method in WRITES:
            response = getattr(client, method)(url, data="{}", content_type="application/json")
            answers[(method, url)] = response.status_code
    assert all(status in (403, 405) for status in answers.values()), answers
    assert history_counts() == before


def test_no_history_model_is_editable_in_the_admin():
    registered = {model for model in admin.site._registry}
    assert not [model for model in history_models() if model in registered]


def test_the_admin_refuses_to_revert_any_model_to_a_past_version(users, round):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(users["admin"])
    before = history_counts()
    checked = 0
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, SimpleHistoryAdmin):
            continue
        record = model.history.first()
        if record is None:
            continue
        object_id = getattr(record, model._meta.pk.attname)
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/{object_id}/history/{record.history_id}/"
        assert client.get(url).status_code == 403, url
        assert client.post(url, {}).status_code == 403, url
        checked += 1
    assert checked >= 5  # communications, rounds, deadlines, users, agencies...
    assert history_counts() == before


def test_access_events_cannot_be_added_changed_or_deleted_in_the_admin(users):
    event = access_record(kind=AccessEvent.Kind.SIGN_IN_FAILED, username="someone")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(users["admin"])
    base = "/admin/iwg/accessevent/"
    assert client.get(base).status_code == 200
    assert client.post(f"{base}add/", {"kind": "sign_in", "username": "forged"}).status_code == 403
    assert client.post(f"{base}{event.pk}/change/", {"kind": "sign_in", "username": "forged"}).status_code == 403
    assert client.post(f"{base}{event.pk}/delete/", {"post": "yes"}).status_code == 403
    client.post(base, {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"})
    event.refresh_from_db()
    assert event.username == "someone"
    assert AccessEvent.objects.filter(username="forged").count() == 0
