"""Item 2 of issue 11: each user chooses immediate e-mail or the daily digest and their language on a profile page;
the language is a choice of the three (also in the admin's user form)."""

import pytest
from django.urls import reverse

from iwg.models import User

pytestmark = pytest.mark.django_db


def test_the_profile_page_sets_email_delivery_and_language(client, users):
    client.force_login(users["pgo"])
    page = client.get(reverse("profile"))
    assert page.status_code == 200 and 'name="email_delivery"' in page.content.decode()
    response = client.post(reverse("profile"), {"email_delivery": "digest", "language": "kk"})
    assert response.status_code == 302
    user = User.objects.get(pk=users["pgo"].pk)
    assert (user.email_delivery, user.language) == ("digest", "kk")
    assert user.history.first().history_user_id == user.pk


def test_a_language_outside_the_three_is_refused_and_nothing_changes(client, users):
    client.force_login(users["pgo"])
    response = client.post(reverse("profile"), {"email_delivery": "sometimes", "language": "fr"})
    assert response.status_code == 200
    form = response.context["form"]
    assert {"email_delivery", "language"} <= set(form.errors)
    user = User.objects.get(pk=users["pgo"].pk)
    assert (user.email_delivery, user.language) == ("immediate", "en")


def test_the_admin_user_form_offers_the_three_languages(client, users):
    client.force_login(users["admin"])
    page = client.get(reverse("admin:iwg_user_change", args=[users["pgo"].pk])).content.decode()
    assert '<select name="language"' in page
    for code in ("ru", "kk", "en"):
        assert f'<option value="{code}"' in page


def test_the_reason_kept_in_history_is_read_in_the_reader_s_language(client, users):
    from django.utils import translation

    from iwg.texts import render_stored

    client.force_login(users["pgo"])
    client.post(reverse("profile"), {"email_delivery": "digest", "language": "kk"})
    reason = User.objects.get(pk=users["pgo"].pk).history.first().history_change_reason
    with translation.override("ru"):
        assert render_stored(reason) == "Изменены настройки"
    with translation.override("kk"):
        assert render_stored(reason) == "Баптаулар өзгертілді"
    with translation.override("en"):
        assert render_stored(reason) == "Preferences changed"
