"""Every main page, as the role that uses it, on data built through the real services:
- a full-page screenshot of each into test-artifacts/screenshots/<name>.png (stable names, for people to look at);
- no console error, uncaught exception, failed request or 4xx/5xx static file on any of them, under the
  Content-Security-Policy the pages are written for (no inline scripts)."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from communications import services
from communications.models import Communication, Notification, Round
from iwg.calendar import local_date
from meetings import services as meeting_services
from meetings.models import Meeting
from tests.browser.conftest import SCREENSHOTS, screenshot, settle
from tests.factories import register_note, round_at

pytestmark = pytest.mark.browser

ROLES = ("mfa", "pgo", "moj", "iwg", "auditor", "admin")
PAGE_NAMES = [
    "login",
    *(f"home-{role}" for role in ROLES),
    "register",
    "communication",
    "note-form-preview",
    "analysis-form",
    "notifications",
    "meetings",
    "calendar",
    "meeting",
    "meeting-planned",
    "record-held",
    "dashboard",
    "history",
    "activity",
]


@dataclass
class Showcase:
    sent: Communication  # went the whole path: notes, analysis, IWG decision, position, outgoing note
    referred: Round  # waits for the PGO's analysis
    held: Meeting
    planned: Meeting  # started an hour ago, one item on the agenda, another round ready for it


def build_showcase(users) -> Showcase:
    """Data for every page to have something to show, built through the services (quick, and the UI path itself
    is tested in test_journey.py)."""
    sent = round_at(users, Round.Status.SENT, committee="CCPR")
    held = sent.agenda_items.get().meeting
    referred = round_at(users, Round.Status.REFERRED, committee="CAT")
    on_agenda = round_at(users, Round.Status.ANALYSIS_SUBMITTED, committee="CEDAW")
    round_at(users, Round.Status.ANALYSIS_SUBMITTED, committee="CRPD")  # waits, offered for the agenda
    planned = meeting_services.meeting_schedule(
        actor=users["moj"],
        starts_at=timezone.now() - dt.timedelta(hours=1),
        place="Ministry of Justice, Astana",
        chair=users["moj"],
    )
    meeting_services.agenda_item_add(actor=users["moj"], meeting=planned, round=on_agenda)
    # A note from seven months ago: its deadlines have passed, and the sweep marks them missed and notifies.
    late = register_note(users, committee="CRC", ohchr_date=local_date() - relativedelta(months=7))
    services.round_refer(actor=users["mfa"], round=late.opened_round)
    services.deadlines_sweep()
    assert Notification.objects.filter(user=users["pgo"]).exists()
    return Showcase(sent=sent.communication, referred=referred, held=held, planned=planned)


def open_page(page: Page, url: str, heading: str) -> None:
    """Open `url`, check it answered 200 with the expected heading, and wait until htmx and charts are done."""
    response = page.goto(url)
    assert response is not None and response.status == 200, f"{url}: {response and response.status}"
    expect(page.locator("h1").first).to_contain_text(heading)
    settle(page)


def walk_main_pages(browsing, users, showcase: Showcase, visit: Callable[[str, Page], None], *, csp=False) -> None:
    """Open each main page as the role that uses it and call `visit(name, page)` on it, in PAGE_NAMES order."""
    anonymous = browsing.page(label="anonymous", csp=csp)
    open_page(anonymous, reverse("account_login"), "Sign in")
    visit("login", anonymous)

    pages = {}
    for role in ROLES:
        pages[role] = page = browsing.page(users[role], csp=csp)
        expect(page.locator("h1")).to_have_text("What needs me now")
        settle(page)
        visit(f"home-{role}", page)
    mfa, pgo, moj, auditor = pages["mfa"], pages["pgo"], pages["moj"], pages["auditor"]

    open_page(mfa, reverse("communications:list"), "Register of communications")
    expect(mfa.locator("tbody tr")).to_have_count(Communication.objects.count())
    visit("register", mfa)

    open_page(mfa, showcase.sent.get_absolute_url(), str(showcase.sent))
    expect(mfa.locator(".round-card .card-header .badge").last).to_have_text("Sent to OHCHR")
    visit("communication", mfa)

    open_page(mfa, reverse("communications:note_register"), "Register an incoming note verbale")
    mfa.select_option("#id_committee", "CERD")
    mfa.fill("#id_communication_number", "118/2026")
    mfa.select_option("#id_kind", "new_communication")
    mfa.fill("#id_registry_number", "IN-2026/0502")
    mfa.fill("#id_ohchr_date", (local_date() - dt.timedelta(days=5)).isoformat())
    expect(mfa.locator("#deadline-preview")).to_contain_text("Committee's deadline for the reply")
    settle(mfa)
    visit("note-form-preview", mfa)

    open_page(pgo, reverse("communications:analysis_submit", args=[showcase.referred.pk]), "Upload the legal analysis")
    visit("analysis-form", pgo)

    open_page(pgo, reverse("notifications:list"), "Notifications")
    notices = Notification.objects.filter(user=users["pgo"], read_at__isnull=True)
    expect(pgo.locator("li[id^=notification-]")).to_have_count(notices.count())
    visit("notifications", pgo)

    open_page(moj, reverse("meetings:list"), "IWG meetings")
    expect(moj.locator("tbody tr")).to_have_count(2)
    visit("meetings", moj)

    open_page(moj, reverse("meetings:calendar"), "Calendar of IWG meetings")
    visit("calendar", moj)

    open_page(moj, showcase.held.get_absolute_url(), str(showcase.held))
    visit("meeting", moj)

    open_page(moj, showcase.planned.get_absolute_url(), str(showcase.planned))
    expect(moj.get_by_role("button", name="Add to the agenda")).to_have_count(1)
    visit("meeting-planned", moj)

    open_page(moj, reverse("meetings:record_held", args=[showcase.planned.pk]), "as held")
    visit("record-held", moj)

    open_page(mfa, reverse("dashboard"), "Dashboard")
    visit("dashboard", mfa)

    history = reverse("audit:history", args=["communications", "communication", showcase.sent.pk])
    open_page(auditor, history, f"History of {showcase.sent}")
    visit("history", auditor)

    open_page(auditor, reverse("audit:activity"), "Activity log")
    visit("activity", auditor)


@pytest.fixture
def showcase(users):
    return build_showcase(users)


def test_every_main_page_logs_no_error_under_the_content_security_policy_and_is_captured(browsing, users, showcase):
    """One walk over the main pages (each costs the browser a second): under the CSP, no console error, failed
    request, missing static file, inline script or handler; and a full-page screenshot of each."""
    found = {}
    seen = {}
    taken = []

    def check(name: str, page: Page) -> None:
        problems = browsing.problems(page)
        new, seen[id(page)] = problems[seen.get(id(page), 0) :], len(problems)
        inline = page.evaluate(
            """() => {
                const found = [];
                for (const script of document.querySelectorAll("script:not([src])")) {
                    if (script.type !== "application/json") found.push("inline <script>");
                }
                for (const element of document.querySelectorAll("*")) {
                    for (const attribute of element.attributes) {
                        if (attribute.name.startsWith("on")) found.push(`${element.tagName} ${attribute.name}=`);
                    }
                }
                for (const link of document.querySelectorAll("a[href^='javascript:']")) found.push("javascript: link");
                return found;
            }"""
        )
        static = page.evaluate(
            "() => performance.getEntriesByType('resource').filter(e => e.name.includes('/static/')).length"
        )
        if static < 3:  # Bootstrap's CSS and JS, app.css, app.js, htmx at least
            new.append(f"only {static} static files loaded")
        if new or inline:
            found[name] = new + inline
        path = screenshot(page, name)
        assert path.stat().st_size > 10_000, f"{name}: suspiciously small screenshot"
        taken.append(name)

    walk_main_pages(browsing, users, showcase, check, csp=True)

    assert found == {}, "\n".join(f"{name}: {problem}" for name, problems in found.items() for problem in problems)
    assert taken == PAGE_NAMES
    assert {path.stem for path in SCREENSHOTS.glob("*.png")} >= set(PAGE_NAMES)
