"""Every id an aria attribute points to exists on the page (a dangling aria-describedby hides the error message from
a screen reader): the sign-in form with and without errors, and a form page with errors."""

import re

import pytest
from django.urls import reverse

ARIA_REFERENCE = re.compile(r'aria-(?:describedby|labelledby|controls)="([^"]+)"')


def dangling_references(html: str) -> list[str]:
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    return [ref for refs in ARIA_REFERENCE.findall(html) for ref in refs.split() if ref not in ids]


@pytest.mark.django_db
def test_sign_in_form_aria_references_exist(client):
    page = client.get(reverse("account_login")).content.decode()
    assert 'aria-describedby="id_password_helptext"' in page
    assert dangling_references(page) == []


@pytest.mark.django_db
def test_sign_in_errors_are_tied_to_their_fields(client):
    page = client.post(reverse("account_login"), {"login": "", "password": ""}).content.decode()
    assert 'aria-invalid="true"' in page
    assert 'id="id_login_error"' in page
    assert dangling_references(page) == []


@pytest.mark.django_db
def test_register_and_home_aria_references_exist(client, users):
    client.force_login(users["mfa"])
    for url in ("/", reverse("communications:list"), reverse("communications:note_register")):
        assert dangling_references(client.get(url).content.decode()) == [], url


def test_the_check_finds_a_dangling_reference():
    assert dangling_references('<input aria-describedby="nowhere" id="x">') == ["nowhere"]
