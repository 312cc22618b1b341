"""WCAG 2.1 AA: axe-core (from the npm registry, tests/browser/package.json) runs in Debian's Chromium on every main
page, in Russian, Kazakh and English, as the role that uses the page; no serious or critical violation is allowed.

axe-core is installed by `.ci/run` (`npm ci --prefix tests/browser`); without it the test is skipped on a developer's
machine and fails under IWG_REQUIRE_SERVICES=1."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Page

from tests.browser.conftest import TIMEOUT_MS, VIEWPORT, settle, sign_in_by_cookie
from tests.browser.test_pages import build_showcase

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}


def _axe_available() -> None:
    if not AXE.exists():
        message = f"axe-core missing at {AXE} (npm ci --prefix tests/browser)"
        if settings.REQUIRE_SERVICES:
            pytest.fail(message)
        pytest.skip(message)


def main_pages(showcase) -> list[tuple[str, str, str]]:
    """(name, role, url) of each main page, as the role that uses it."""
    sent = showcase.sent
    return [
        ("login", "", reverse("account_login")),
        *((f"home-{role}", role, "/") for role in ("mfa", "pgo", "moj", "iwg", "auditor")),
        ("register", "mfa", reverse("communications:list")),
        ("communication", "mfa", sent.get_absolute_url()),
        ("note-form", "mfa", reverse("communications:note_register")),
        ("analysis-form", "pgo", reverse("communications:analysis_submit", args=[showcase.referred.pk])),
        ("notifications", "pgo", reverse("notifications:list")),
        ("meetings", "moj", reverse("meetings:list")),
        ("calendar", "moj", reverse("meetings:calendar")),
        ("meeting", "moj", showcase.held.get_absolute_url()),
        ("record-held", "moj", reverse("meetings:record_held", args=[showcase.planned.pk])),
        ("dashboard", "mfa", reverse("dashboard")),
        ("history", "auditor", reverse("audit:history", args=["communications", "communication", sent.pk])),
        ("activity", "auditor", reverse("audit:activity")),
    ]


def axe_violations(page: Page) -> list[str]:
    """The serious and critical WCAG 2.1 A/AA violations axe finds on the page as it is now."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
            return r.violations.map(v => ({id: v.id, impact: v.impact,
                targets: v.nodes.slice(0, 3).map(n => n.target.join(" ")), count: v.nodes.length}));
        }""",
        WCAG_TAGS,
    )
    return [
        f"{v['id']} ({v['impact']}, {v['count']} nodes: {', '.join(v['targets'])})"
        for v in result
        if v["impact"] in BLOCKING
    ]


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_main_pages_have_no_serious_accessibility_violation(chromium, live_server, users, lang):
    _axe_available()
    showcase = build_showcase(users)
    for user in users.values():
        user.language = lang
        user.save(update_fields=["language"])
    found: dict[str, list[str]] = {}
    checked = 0
    contexts = {}
    try:
        for name, role, url in main_pages(showcase):
            if role not in contexts:
                # axe is injected as a script of the test's own; the pages' CSP would refuse it.
                context = chromium.new_context(
                    base_url=live_server.url, viewport=VIEWPORT, bypass_csp=True, locale="en-GB"
                )
                context.set_default_timeout(TIMEOUT_MS)
                page = context.new_page()
                if role:
                    sign_in_by_cookie(context, users[role], live_server.url)
                contexts[role] = (context, page)
            page = contexts[role][1]
            if not role:
                page.context.add_cookies(
                    [{"name": settings.LANGUAGE_COOKIE_NAME, "value": lang, "url": live_server.url}]
                )
            response = page.goto(url)
            assert response is not None and response.status == 200, f"{name}: {response and response.status}"
            settle(page)
            assert page.locator("html").get_attribute("lang") == lang, name
            violations = axe_violations(page)
            checked += 1
            if violations:
                found[name] = violations
    finally:
        for context, _page in contexts.values():
            context.close()
    assert checked == len(main_pages(showcase))
    report = "\n".join(f"{lang} {name}: {v}" for name, vs in found.items() for v in vs)
    assert not found, report


def test_axe_finds_a_violation_on_a_page_that_has_one(chromium, live_server):
    """The check can fail: a page with white text on white and an image without a name is reported."""
    _axe_available()
    context = chromium.new_context(base_url=live_server.url, bypass_csp=True)
    try:
        page = context.new_page()
        page.set_content(
            '<html lang="en"><head><title>t</title></head><body><main>'
            '<p style="color:#fff;background:#fff">invisible</p><img src="x.png"></main></body></html>'
        )
        assert any(v.startswith(("color-contrast", "image-alt")) for v in axe_violations(page))
    finally:
        context.close()
