"""Issue 11 item 12 (part): agency names and codes are shown in the reader's language (Russian and Kazakh pages,
the history and activity pages, notifications), and the admin works in all three languages."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from communications import selectors
from communications.models import Notification, Round
from communications.texts import notice_message
from iwg.models import agency_label
from tests.factories import round_at

pytestmark = pytest.mark.django_db

PGO = {"ru": "ГП", "kk": "БП", "en": "PGO"}


@pytest.mark.parametrize("language", ["ru", "kk", "en"])
def test_agency_label_follows_the_active_language(language):
    with translation.override(language):
        assert agency_label("PGO") == PGO[language]
        assert agency_label("") == ""
        assert agency_label("UNKNOWN") == "UNKNOWN"


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_deadline_notice_names_the_responsible_agency_in_the_readers_language(language):
    params = {
        "notice": "reminder",
        "deadline": "pgo_analysis",
        "communication": "CCPR 12/2024",
        "date": "2026-12-01",
        "agency": "PGO",
        "days_left": 3,
        "round": "new_communication",
    }
    with translation.override(language):
        message = notice_message(params)
    responsible = next(line for line in message.splitlines() if "PGO" in line or PGO[language] in line)
    assert PGO[language] in responsible
    assert "PGO" not in responsible


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_timeline_names_agencies_in_the_readers_language(users, language):
    round = round_at(users, Round.Status.REFERRED)
    with translation.override(language):
        titles = [entry.title for entry in selectors.communication_timeline(round.communication)]
        deadline_titles = [str(title) for title in titles if f"({PGO[language]})" in str(title)]
    assert deadline_titles, titles
    assert not any("(PGO)" in str(title) for title in titles)


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_communication_page_and_notifications_show_no_bare_agency_code(client, users, language):
    round = round_at(users, Round.Status.REFERRED)
    users["pgo"].language = language
    users["pgo"].save(update_fields=["language"])
    client.force_login(users["pgo"])
    page = client.get(round.communication.get_absolute_url()).content.decode()
    assert f"({PGO[language]})" in page
    assert "(PGO)" not in page
    assert Notification.objects.filter(user=users["pgo"]).exists()
    notices = client.get(reverse("notifications:list")).content.decode()
    assert "PGO" not in notices


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_activity_log_names_the_agency_of_who_acted_in_the_readers_language(client, users, language):
    round_at(users, Round.Status.ANALYSIS_SUBMITTED)
    users["auditor"].language = language
    users["auditor"].save(update_fields=["language"])
    client.force_login(users["auditor"])
    page = client.get(reverse("audit:activity")).content.decode()
    assert f"({PGO[language]})" in page
    assert "(PGO)" not in page


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_dashboard_names_overdue_agencies_in_the_readers_language(client, users, language):
    from communications import services
    from tests.factories import register_note

    late = register_note(users, ohchr_date=dt.date.today() - dt.timedelta(days=240))
    services.round_refer(actor=users["mfa"], round=late.opened_round)
    users["mfa"].language = language
    users["mfa"].save(update_fields=["language"])
    client.force_login(users["mfa"])
    response = client.get(reverse("dashboard"))
    rows = response.context["overdue_by_agency"]
    assert rows and all(row["agency"] != "PGO" for row in rows)
    assert any(row["agency"] == PGO[language] for row in rows)


ADMIN_WORDS = {
    # Our model's plural name and Django's own admin heading, as the catalogues translate them.
    "ru": ("Сообщения", "Администрирование"),
    "kk": ("Хабарламалар", None),
    "en": ("Communications", "Site administration"),
}


@pytest.mark.parametrize("language", ["ru", "kk", "en"])
def test_the_admin_speaks_the_users_language(client, users, language):
    users["admin"].language = language
    users["admin"].save(update_fields=["language"])
    client.force_login(users["admin"])
    page = client.get(reverse("admin:index")).content.decode()
    assert f'lang="{language}"' in page
    ours, djangos = ADMIN_WORDS[language]
    assert ours in page
    if djangos:
        assert djangos in page
    changelist = client.get(reverse("admin:communications_communication_changelist"))
    assert changelist.status_code == 200
