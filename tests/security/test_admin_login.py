"""The admin signs in through allauth's flow: its own form would take the password alone, without the second
factor. An administrator with TOTP cannot reach an admin page with the password only."""

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.test import Client

pytestmark = pytest.mark.django_db
PASSWORD = "test-Password-123"


def test_an_administrator_with_totp_cannot_reach_the_admin_with_the_password_alone(users):
    TOTP.activate(users["admin"], generate_totp_secret())
    client = Client(HTTP_ACCEPT_LANGUAGE="en")

    response = client.post("/admin/login/?next=/admin/", {"username": "admin", "password": PASSWORD})

    assert "_auth_user_id" not in client.session
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    page = client.get("/admin/iwg/user/")
    assert page.status_code == 302 and "/login/" in page["Location"]


def test_the_admin_login_page_sends_to_the_sign_in_page(users):
    response = Client().get("/admin/login/?next=/admin/iwg/user/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_an_administrator_signs_in_to_the_admin_with_password_and_code(users):
    secret = generate_totp_secret()
    TOTP.activate(users["admin"], secret)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = client.post("/accounts/login/?next=/admin/", {"login": "admin", "password": PASSWORD})
    assert response.status_code == 302 and "/accounts/2fa/authenticate" in response["Location"]
    code = format_hotp_value(hotp_value(secret, next(iter(yield_hotp_counters_from_time()))))
    response = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_signed_in_user_who_is_not_staff_is_refused_the_admin_login(users):
    client = Client()
    client.force_login(users["pgo"])
    assert client.get("/admin/login/").status_code == 403
