"""API tokens: the token endpoint asks for the second factor like the sign-in page; tokens are stored hashed with an
expiry; nobody creates or reads another person's token (the admin lists and revokes); a password change or reset
and a deactivation revoke every token of the user; issuing and revoking are in the access trail."""

import re

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core import mail
from django.core.cache import cache
from django.test import Client
from knox.models import AuthToken

from iwg.models import AccessEvent
from tests.tokens import api_token

pytestmark = pytest.mark.django_db

URL = "/api/v1/auth/token/"
PASSWORD = "test-Password-123"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # the throttle and allauth's used-code memory live in the cache
    yield
    cache.clear()


def token_request(username, password=PASSWORD, **extra):
    return Client(HTTP_ACCEPT_LANGUAGE="en").post(
        URL, {"username": username, "password": password, **extra}, content_type="application/json"
    )


def with_totp(user) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def current_code(secret) -> str:
    return format_hotp_value(hotp_value(secret, next(iter(yield_hotp_counters_from_time()))))


def stats_with(token):
    return Client(HTTP_AUTHORIZATION=f"Token {token}").get("/api/v1/stats/")


# ---------------------------------------------------------------------------------------------------------------
# Two-factor on the token endpoint


def test_a_user_who_must_have_two_factor_and_has_not_gets_no_token(users, settings):
    settings.IWG_REQUIRE_2FA = True
    response = token_request("pgo")
    assert response.status_code == 403, response.content
    error = response.json()["error"]
    assert error["code"] == "two_factor_required"
    assert "set it up" in error["message"]
    assert not AuthToken.objects.exists()


def test_the_two_factor_refusal_is_translated(users, settings):
    settings.IWG_REQUIRE_2FA = True
    response = Client(HTTP_ACCEPT_LANGUAGE="ru").post(
        URL, {"username": "pgo", "password": PASSWORD}, content_type="application/json"
    )
    assert response.status_code == 403
    assert re.search("[а-яА-Я]", response.json()["error"]["message"])


@pytest.mark.parametrize("required", [True, False], ids=["2fa-required", "2fa-optional"])
def test_a_user_with_totp_must_give_a_code(users, settings, required):
    settings.IWG_REQUIRE_2FA = required
    secret = with_totp(users["mfa"])

    missing = token_request("mfa")
    assert missing.status_code == 401, missing.content
    assert "code" in missing.json()["error"]["fields"]
    wrong = token_request("mfa", code="000000")
    assert wrong.status_code == 401
    assert "code" in wrong.json()["error"]["fields"]
    assert not AuthToken.objects.exists()

    response = token_request("mfa", code=current_code(secret))
    assert response.status_code == 200, response.content
    assert stats_with(response.json()["token"]).status_code == 200


def test_a_totp_code_is_accepted_once(users):
    secret = with_totp(users["mfa"])
    code = current_code(secret)
    assert token_request("mfa", code=code).status_code == 200
    assert token_request("mfa", code=code).status_code == 401


def test_a_recovery_code_gets_a_token_once(users, settings):
    settings.IWG_REQUIRE_2FA = True
    with_totp(users["mfa"])
    recovery = RecoveryCodes.activate(users["mfa"])
    code = recovery.get_unused_codes()[0]
    assert token_request("mfa", code=code).status_code == 200
    assert token_request("mfa", code=code).status_code == 401


def test_wrong_codes_count_towards_the_lockout(users, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    secret = with_totp(users["mfa"])
    answers = [token_request("mfa", code="000000").status_code for _ in range(3)]
    assert answers[-1] == 429, answers
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.SIGN_IN_FAILED, username="mfa").count() == 3
    response = token_request("mfa", code=current_code(secret))
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "locked_out"
    assert not AuthToken.objects.exists()


# ---------------------------------------------------------------------------------------------------------------
# Tokens: hashed, expiring, one's own, revoked with the password, recorded


def test_issuing_and_revoking_a_token_are_recorded(users):
    token = token_request("moj").json()["token"]
    created = AccessEvent.objects.get(kind=AccessEvent.Kind.TOKEN_CREATED)
    assert created.user == users["moj"] and token not in created.detail

    response = Client(HTTP_AUTHORIZATION=f"Token {token}").delete(URL)
    assert response.status_code == 204
    revoked = AccessEvent.objects.get(kind=AccessEvent.Kind.TOKEN_REVOKED)
    assert revoked.user == users["moj"]
    assert stats_with(token).status_code == 401


def test_revoking_one_token_leaves_the_others(users):
    first, second = api_token(users["moj"]), api_token(users["moj"])
    assert Client(HTTP_AUTHORIZATION=f"Token {first}").delete(URL).status_code == 204
    assert stats_with(first).status_code == 401
    assert stats_with(second).status_code == 200


def test_an_expired_token_is_refused(users, settings):
    import datetime as dt

    import time_machine

    token = api_token(users["moj"])
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(hours=11)):
        assert stats_with(token).status_code == 401


def test_the_admin_may_list_and_revoke_tokens_but_not_create_or_read_them(users):
    token = api_token(users["pgo"])
    stored = AuthToken.objects.get(user=users["pgo"])
    admin = Client(HTTP_ACCEPT_LANGUAGE="en")
    admin.force_login(users["admin"])

    assert admin.get("/admin/knox/authtoken/add/").status_code == 403
    listing = admin.get("/admin/knox/authtoken/")
    assert listing.status_code == 200
    assert f"{stored.token_key[:8]}…" in listing.content.decode()
    assert token not in listing.content.decode()  # never stored: only its digest (the row's key) is
    created = admin.post(
        "/admin/knox/authtoken/add/", {"user": users["pgo"].pk, "expiry_0": "2030-01-01", "expiry_1": "00:00:00"}
    )
    assert created.status_code == 403
    assert AuthToken.objects.count() == 1

    response = admin.post(
        "/admin/knox/authtoken/", {"action": "revoke", "_selected_action": [stored.pk], "index": 0}, follow=True
    )
    assert response.status_code == 200
    assert not AuthToken.objects.exists()
    assert stats_with(token).status_code == 401
    event = AccessEvent.objects.get(kind=AccessEvent.Kind.TOKEN_REVOKED)
    assert event.user == users["pgo"] and "admin" in event.detail


def test_a_password_change_revokes_every_token(users):
    tokens = [api_token(users["pgo"]), api_token(users["pgo"])]
    other = api_token(users["moj"])
    client = Client()
    client.force_login(users["pgo"])
    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": "another-Password-456", "password2": "another-Password-456"},
    )
    assert response.status_code == 302, response.content
    assert all(stats_with(token).status_code == 401 for token in tokens)
    assert stats_with(other).status_code == 200
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.TOKEN_REVOKED, user=users["pgo"]).count() == 2


def test_a_password_reset_revokes_every_token(users):
    token = api_token(users["pgo"])
    client = Client()
    assert client.post("/accounts/password/reset/", {"email": users["pgo"].email}).status_code == 302
    link = re.search(r"http://testserver(\S+)", mail.outbox[-1].body).group(1)
    form_page = client.get(link, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"password1": "another-Password-456", "password2": "another-Password-456"},
    )
    assert response.status_code == 302, response.content
    assert stats_with(token).status_code == 401


def test_an_administrator_setting_a_password_revokes_every_token(users):
    token = api_token(users["pgo"])
    admin = Client()
    admin.force_login(users["admin"])
    response = admin.post(
        f"/admin/iwg/user/{users['pgo'].pk}/password/",
        {"password1": "another-Password-456", "password2": "another-Password-456", "usable_password": "true"},
    )
    assert response.status_code == 302, response.content
    assert stats_with(token).status_code == 401


def test_deactivating_a_user_in_the_admin_revokes_every_token(users):
    user = users["pgo"]
    token = api_token(user)
    admin = Client()
    admin.force_login(users["admin"])
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "agency": user.agency_id,
        "role": user.role,
        "language": user.language,
        "email_delivery": user.email_delivery,
    }  # no "is_active": the box is unticked
    response = admin.post(f"/admin/iwg/user/{user.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    user.refresh_from_db()
    assert not user.is_active
    assert not AuthToken.objects.filter(user=user).exists()
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.TOKEN_REVOKED, user=user).exists()
    assert stats_with(token).status_code == 401
