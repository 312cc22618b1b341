"""Script and markup stored in text fields stay text in a real browser: the communication page (with its timeline)
and the meeting page show the payload as text, no dialog opens, no script runs, nothing is logged as an error."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import settle
from tests.security.test_injection import PAYLOAD, build_hostile_case

pytestmark = pytest.mark.browser


def test_a_hostile_payload_is_shown_as_text_and_never_runs(browsing, users):
    case = build_hostile_case(users)
    page = browsing.page(users["mfa"], csp=True)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    # a page script that would record any alert or error the payload might cause
    page.add_init_script(
        "window.__hostile = [];"
        "window.alert = (m) => window.__hostile.push('alert ' + m);"
        "window.addEventListener('error', (e) => window.__hostile.push('error ' + e.message));"
    )

    for url in (
        f"/communications/{case['communication'].pk}/",
        f"/communications/{case['cancelled'].pk}/",
        f"/meetings/{case['meeting'].pk}/",
        "/communications/?q=script",
    ):
        page.goto(url)
        settle(page)
        expect(page.get_by_text(PAYLOAD, exact=False).first).to_be_visible()
        assert page.locator("img[src=x]").count() == 0, url
        assert page.evaluate("window.__hostile") == [], url

    page.goto(f"/communications/{case['communication'].pk}/#timeline")
    timeline = page.locator("#timeline")
    expect(timeline).to_contain_text("<script>alert(1)</script>")
    assert page.locator("#timeline script").count() == 0
    assert dialogs == []
    assert browsing.problems(page) == []
