import pytest

from iwg.models import AccessEvent

pytestmark = pytest.mark.django_db


def test_sign_in_failure_and_sign_out_are_recorded(client, users):
    response = client.post("/accounts/login/", {"username": "mfa", "password": "wrong"})
    assert response.status_code == 200
    failed = AccessEvent.objects.get(kind=AccessEvent.Kind.SIGN_IN_FAILED)
    assert failed.username == "mfa" and failed.user is None and failed.ip_address == "127.0.0.1"

    assert client.login(username="mfa", password="test-Password-123")
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.SIGN_IN, user=users["mfa"]).count() == 1
    client.post("/accounts/logout/")
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.SIGN_OUT, user=users["mfa"]).count() == 1


def test_refused_request_is_recorded(client, users):
    from communications.models import TimeLimit

    client.force_login(users["admin"])
    limit = TimeLimit.objects.first()
    assert client.get(f"/admin/communications/timelimit/{limit.pk}/history/1/").status_code == 403
    refused = AccessEvent.objects.get(kind=AccessEvent.Kind.REFUSED)
    assert refused.user == users["admin"] and "/history/" in refused.path


def test_access_events_cannot_be_edited_or_deleted_in_the_admin(client, users):
    client.force_login(users["admin"])
    client.post("/accounts/login/", {"username": "x", "password": "y"})
    event = AccessEvent.objects.first()
    assert client.get("/admin/iwg/accessevent/").status_code == 200
    assert client.post(f"/admin/iwg/accessevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AccessEvent.objects.filter(pk=event.pk).exists()
