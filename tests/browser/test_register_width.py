"""Issue 11 item 12 (part): the register fits a 1366 px wide screen in Russian, Kazakh and English (the widest
words are Kazakh and Russian): the document is no wider than the viewport, so nothing scrolls sideways."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from communications import services
from communications.models import Communication, NoteKind, Party, Round
from tests.browser.conftest import VIEWPORT, screenshot, settle
from tests.browser.test_pages import build_showcase
from tests.factories import register_note


def build_wide_rows(users) -> None:
    """Rows that stretch the table: long names and subject, several authors, a joined number, an urgent round."""
    note = register_note(
        users,
        committee="CEDAW",
        number="12345/2025",
        kind=NoteKind.INTERIM_MEASURES,
        communication_fields={
            "subject": "Право на справедливое судебное разбирательство и запрет пыток; "
            "әділ сот талқылауына құқық және азаптауға тыйым салу; extradition to a third country"
        },
    )
    communication = note.communication
    for name in ("Абдрахманова-Құрманғалиева Айгерім Серікқызы", "Константинопольский Александр Владимирович"):
        services.party_add(actor=users["mfa"], communication=communication, role=Party.Role.AUTHOR, full_name=name)
    services.communication_join_number(actor=users["mfa"], communication=communication, number="12346/2025")
    services.round_refer(actor=users["mfa"], round=note.opened_round)


pytestmark = pytest.mark.browser


# The outermost elements that reach past the screen's right edge (what to fix when the test fails).
WIDER_THAN_SCREEN = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5
    && !(e.parentElement && e.parentElement.getBoundingClientRect().right > window.innerWidth + 0.5))
  .slice(0, 10).map(e => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}px`)"""


@pytest.mark.parametrize("language", ["ru", "kk", "en"])
def test_the_register_fits_a_1366_px_screen(browsing, users, language):
    build_showcase(users)
    build_wide_rows(users)
    users["mfa"].language = language
    users["mfa"].save(update_fields=["language"])
    page = browsing.page(users["mfa"])
    assert VIEWPORT["width"] == 1366
    response = page.goto(reverse("communications:list"))
    assert response is not None and response.status == 200
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("tbody tr")).to_have_count(Communication.objects.count())
    settle(page)
    screenshot(page, f"register-{language}")
    widths = page.evaluate(
        "() => ({document: document.documentElement.scrollWidth, body: document.body.scrollWidth,"
        " viewport: window.innerWidth})"
    )
    assert widths["viewport"] == 1366
    assert widths["document"] <= 1366, (widths, page.evaluate(WIDER_THAN_SCREEN))
    assert widths["body"] <= 1366, widths
    assert Round.objects.exists()
