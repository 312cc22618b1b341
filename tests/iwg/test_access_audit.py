import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)

from iwg.models import AccessEvent

pytestmark = pytest.mark.django_db
PASSWORD = "test-Password-123"


def sign_in(client, username, password=PASSWORD):
    return client.post("/accounts/login/", {"login": username, "password": password})


def test_sign_in_failure_and_sign_out_are_recorded(client, users):
    response = sign_in(client, "mfa", "wrong")
    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    failed = AccessEvent.objects.get(kind=AccessEvent.Kind.SIGN_IN_FAILED)
    assert failed.username == "mfa" and failed.user is None and failed.ip_address == "127.0.0.1"

    assert sign_in(client, "mfa").status_code == 302
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.SIGN_IN, user=users["mfa"]).count() == 1
    client.post("/accounts/logout/")
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.SIGN_OUT, user=users["mfa"]).count() == 1


def test_a_sign_in_is_in_the_access_log_and_leaves_no_empty_row_in_the_users_history(client, users):
    """The last sign-in time is not tracked: a sign-in is recorded once, as an access event, not as a user history
    row that says nothing changed; a change of a tracked field still is."""
    user = users["mfa"]
    before = user.history.count()
    assert sign_in(client, "mfa").status_code == 302
    user.refresh_from_db()
    assert user.last_login is not None
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.SIGN_IN, user=user).count() == 1
    assert user.history.count() == before
    client.post("/i18n/setlang/", {"language": "kk", "next": "/"})
    assert user.history.count() == before + 1
    assert user.history.first().language == "kk"


def test_sign_up_is_closed(client, reference_data):
    response = client.post("/accounts/signup/", {"username": "intruder", "password1": "x" * 20, "password2": "x" * 20})
    assert "closed" in response.content.decode().lower() or response.status_code in (403, 404)
    from iwg.models import User

    assert not User.objects.filter(username="intruder").exists()


def test_lockout_after_the_set_number_of_failures(client, users, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        sign_in(client, "pgo", "wrong")
    # Now even the right password is refused, with a clear page, and the lockout is recorded.
    response = sign_in(client, "pgo")
    assert response.status_code == 429
    assert "locked" in response.content.decode().lower()
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.LOCKED_OUT, username="pgo").exists()
    assert "_auth_user_id" not in client.session
    # Another user is not affected.
    assert sign_in(client, "moj").status_code == 302


def test_two_factor_required_sends_users_to_set_it_up(client, users, settings):
    settings.IWG_REQUIRE_2FA = True
    client.force_login(users["auditor"])
    response = client.get("/")
    assert response.status_code == 302 and "/accounts/2fa/totp/activate" in response["Location"]
    assert client.get("/api/v1/stats/").status_code in (403, 404)


def test_two_factor_sign_in_needs_the_code_once_set_up(client, users, settings):
    settings.IWG_REQUIRE_2FA = True
    user = users["mfa"]
    secret = generate_totp_secret()
    TOTP.activate(user, secret)

    response = sign_in(client, "mfa")
    assert response.status_code == 302 and "/accounts/2fa/authenticate" in response["Location"]
    assert "_auth_user_id" not in client.session
    assert client.post("/accounts/2fa/authenticate/", {"code": "000000"}).status_code == 200
    assert "_auth_user_id" not in client.session
    counter = next(iter(yield_hotp_counters_from_time()))
    code = format_hotp_value(hotp_value(secret, counter))
    response = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get("/").status_code == 200


def test_refused_request_is_recorded(client, users):
    from communications.models import TimeLimit

    client.force_login(users["admin"])
    limit = TimeLimit.objects.first()
    assert client.get(f"/admin/communications/timelimit/{limit.pk}/history/1/").status_code == 403
    refused = AccessEvent.objects.get(kind=AccessEvent.Kind.REFUSED)
    assert refused.user == users["admin"] and "/history/" in refused.path


def test_access_events_cannot_be_edited_or_deleted_in_the_admin(client, users):
    sign_in(client, "x", "y")
    client.force_login(users["admin"])
    event = AccessEvent.objects.first()
    assert client.get("/admin/iwg/accessevent/").status_code == 200
    assert client.post(f"/admin/iwg/accessevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AccessEvent.objects.filter(pk=event.pk).exists()


def test_access_events_cannot_be_rewritten_or_deleted_in_code(users):
    from iwg.services import access_record

    event = access_record(kind=AccessEvent.Kind.DOWNLOAD, user=users["mfa"], detail="x")
    event.detail = "changed"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    assert AccessEvent.objects.get(pk=event.pk).detail == "x"
