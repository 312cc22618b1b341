"""With DEBUG off, the 400, 403, 404 and 500 pages are the product's own, styled and in the reader's language."""

import pytest
from django.core.exceptions import BadRequest, PermissionDenied
from django.test import Client
from django.urls import path

from iwg.urls import urlpatterns as project_urlpatterns


def _fail(request):
    raise RuntimeError("boom")


def _bad(request):
    raise BadRequest("bad")


def _denied(request):
    raise PermissionDenied


urlpatterns = [
    path("test-errors/500/", _fail),
    path("test-errors/400/", _bad),
    path("test-errors/403/", _denied),
    *project_urlpatterns,
]

HEADINGS = {
    "en": {400: "Bad request", 403: "You may not do this", 404: "Page not found", 500: "Something went wrong"},
    "ru": {404: "Страница не найдена", 500: "Что-то пошло не так"},
    "kk": {404: "Бет табылмады", 500: "Бірдеңе дұрыс болмады"},
}


@pytest.fixture
def error_client(settings, users):
    settings.ROOT_URLCONF = __name__
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("code", [400, 403, 404, 500])
def test_error_pages_are_styled_and_translated(error_client, users, code):
    user = users["mfa"]
    url = f"/test-errors/{code}/" if code != 404 else "/no-such-page/"
    for language, headings in HEADINGS.items():
        user.language = language
        user.save(update_fields=["language"])
        error_client.force_login(user)
        response = error_client.get(url)
        assert response.status_code == code
        page = response.content.decode()
        assert f'<html lang="{language}">' in page
        assert "css/app.css" in page
        if code in headings:
            assert headings[code] in page, (language, code)
