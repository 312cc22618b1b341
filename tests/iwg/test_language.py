import pytest

pytestmark = pytest.mark.django_db


def test_language_choice_is_kept_on_the_user_and_applied_to_pages(client, users):
    user = users["moj"]
    client.force_login(user)
    response = client.post("/i18n/setlang/", {"language": "kk", "next": "/meetings/"})
    assert response.status_code == 302 and response["Location"] == "/meetings/"
    user.refresh_from_db()
    assert user.language == "kk"
    assert user.history.latest().history_user == user
    # A new session (another browser, no cookie) still gets the user's language.
    client.logout()
    client.cookies.clear()
    client.force_login(user)
    response = client.get("/meetings/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.headers["Content-Language"] == "kk"
    assert '<html lang="kk">' in response.content.decode()


def test_unknown_language_and_foreign_redirect_are_ignored(client, users):
    client.force_login(users["mfa"])
    response = client.post("/i18n/setlang/", {"language": "xx", "next": "https://evil.example/"})
    assert response["Location"] == "/"
    users["mfa"].refresh_from_db()
    assert users["mfa"].language == "en"


def test_set_language_needs_post(client, users):
    assert client.get("/i18n/setlang/?language=kk").status_code == 405
