"""Switching the interface language with the selector in the menu bar: the page's `lang`, the selected option,
the date format and the menu's words (as far as the catalogues translate them) all change, and the choice
stays on the next page, and in a new browser, because it is kept on the user's account."""

import ast
import datetime as dt
import re

import pytest
from django.conf import settings
from django.utils import formats, translation
from playwright.sync_api import Page, expect

from iwg.calendar import local_date
from iwg.models import User
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def catalogue_translation(language: str, msgid: str) -> str | None:
    """The translation of `msgid` in locale/<language>/LC_MESSAGES/django.po, read at run time so that this test
    follows the catalogues as they are written; None when the catalogue, the entry or its translation is missing,
    or the entry is fuzzy (Django does not use fuzzy entries)."""
    path = settings.BASE_DIR / "locale" / language / "LC_MESSAGES" / "django.po"
    if not path.exists():
        return None
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if any(line.startswith("#,") and "fuzzy" in line for line in lines):
            continue
        if any(line.startswith("msgctxt") for line in lines):
            continue
        fields: dict[str, str] = {}
        current = None
        for line in lines:
            if line.startswith("#"):
                continue
            keyword, _, rest = line.partition(" ")
            if keyword in ("msgid", "msgstr", "msgid_plural") and rest.startswith('"'):
                current = keyword
                fields[current] = ast.literal_eval(rest)
            elif line.startswith('"') and current:
                fields[current] += ast.literal_eval(line)
        if fields.get("msgid") == msgid and "msgid_plural" not in fields:
            return fields.get("msgstr") or None
    return None


def short_date(day: dt.date, language: str) -> str:
    with translation.override(language):
        return formats.date_format(day, "SHORT_DATE_FORMAT")


def assert_page_in(page: Page, language: str) -> None:
    """The page is in `language`: the `lang` attribute, the option the server marked selected, the date format
    of the home page's header and, if translated already, the menu's "Home"."""
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("#language-select option[selected]")).to_have_attribute("value", language)
    expect(page.locator("#language-select")).to_have_value(language)
    expect(page.locator("#main-menu .nav-link").first).to_have_text(menu_word(language, "Home"))


def menu_word(language: str, english: str) -> str:
    """What the menu should say: the project's catalogue first (the translators' word); failing that, what the
    catalogues in force give (Django's own ones translate a few menu words such as "Home"); English only for
    English or when nothing translates the word yet."""
    if language == "en":
        return english
    word = catalogue_translation(language, english)
    if word:
        return word
    with translation.override(language):
        return translation.gettext(english)


def choose_language(page: Page, language: str) -> None:
    """Pick a language in the menu bar's selector and press its button (choosing alone switches nothing)."""
    page.select_option("#language-select", language)
    with page.expect_navigation():
        page.locator("form:has(#language-select) button[type=submit]").click()


def test_arrow_keys_in_the_language_selector_do_not_switch_the_language(browsing, users):
    page = browsing.page(users["mfa"])
    assert_page_in(page, "en")
    selector = page.locator("#language-select")
    selector.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    page.wait_for_timeout(500)
    # The page was not reloaded in another language (the option the server marked is still English).
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#language-select option[selected]")).to_have_attribute("value", "en")
    users["mfa"].refresh_from_db()
    assert users["mfa"].language == "en"


def test_switching_to_kazakh_and_to_russian_changes_the_pages_and_is_remembered(browsing, users):
    user = users["mfa"]
    today = local_date()
    page = browsing.page(user)
    # English to start with (the factory's default), so each switch below is a real change.
    assert_page_in(page, "en")
    header = page.locator("main h1 + span")
    expect(header).to_contain_text(short_date(today, "en"))

    # --- Kazakh ----------------------------------------------------------------------------------------------
    choose_language(page, "kk")
    assert_page_in(page, "kk")
    assert menu_word("kk", "Home") != "Home", "no catalogue translates the menu's “Home” into Kazakh"
    expect(page).to_have_url(re.compile(r"/$"))  # back on the page where the language was chosen
    expect(header).to_contain_text(short_date(today, "kk"))  # iwg/formats/kk: dd.mm.yyyy
    assert short_date(today, "kk") != short_date(today, "en")
    screenshot(page, "home-mfa-kk")

    # The next page is in Kazakh too.
    page.locator('#main-menu a[href="/meetings/"]').click()  # "Meetings", whatever its Kazakh name
    expect(page).to_have_url(re.compile(r"/meetings/$"))
    expect(page.locator("html")).to_have_attribute("lang", "kk")
    expect(page.locator("#language-select option[selected]")).to_have_attribute("value", "kk")
    user.refresh_from_db()
    assert user.language == "kk"

    # --- Russian, chosen on another page ------------------------------------------------------------------------
    choose_language(page, "ru")
    expect(page).to_have_url(re.compile(r"/meetings/$"))
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.locator("#language-select option[selected]")).to_have_attribute("value", "ru")
    page.goto("/")
    assert_page_in(page, "ru")
    assert menu_word("ru", "Home") != "Home", "no catalogue translates the menu's “Home” into Russian"
    expect(header).to_contain_text(short_date(today, "ru"))
    screenshot(page, "home-mfa-ru")

    # --- A new browser (no cookie, browser asking for English) still gets the account's language -----------
    assert User.objects.get(pk=user.pk).language == "ru"
    other = browsing.page(user, label="mfa-second-browser")
    assert_page_in(other, "ru")

    for opened in (page, other):
        assert browsing.problems(opened) == [], "\n".join(browsing.problems(opened))
