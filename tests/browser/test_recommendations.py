"""A measure of the action plan through the pages: the responsible agency (the PGO) finds it on its home page and
files a progress report with a document; the MoJ secretariat finds the report on its home page and accepts it.
Each step asserts what the person sees (messages, status badges, the timeline). And the recommendations pages pass
axe-core's WCAG 2.1 AA checks in Russian, Kazakh and English."""

import datetime as dt

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from iwg.calendar import local_date
from iwg.models import Agency
from portal.demo import minimal_pdf
from recommendations import services
from recommendations.models import Measure, ProgressReport, Response, Review, Theme
from tests.browser.conftest import TIMEOUT_MS, VIEWPORT, settle, sign_in_by_cookie
from tests.browser.test_accessibility import _axe_available, axe_violations

pytestmark = pytest.mark.browser

TITLE = "Investigate every complaint of torture through special units"


def message(page: Page):
    return page.locator("main > .alert")


def measure_for_the_pgo(users) -> Measure:
    """A supported UPR recommendation with a measure the PGO answers for."""
    review = services.review_create(
        actor=users["mfa"], mechanism=Review.Mechanism.UPR, title="UPR 4th cycle", cycle=4, session=48
    )
    recommendation = services.recommendation_add(
        actor=users["mfa"], review=review, number="45.2", text="Investigate all allegations of torture"
    )
    services.response_record(actor=users["mfa"], response=recommendation.response, position=Response.Position.SUPPORTED)
    recommendation.refresh_from_db()
    measure = services.measure_plan(
        actor=users["moj"],
        recommendations=[recommendation],
        title=TITLE,
        responsible_agency=Agency.objects.get(code="PGO"),
        indicator="Share of complaints investigated within 30 days",
        target_date=local_date() + dt.timedelta(days=60),
    )
    return measure


def test_an_agency_files_a_progress_report_and_the_moj_accepts_it(browsing, users, tmp_path):
    measure = measure_for_the_pgo(users)

    # --- the PGO finds the measure on its home page and files a report with a document ----------------------
    pgo = browsing.page(users["pgo"], label="pgo")
    queue = pgo.locator("section", has=pgo.get_by_role("heading", name="Measures awaiting your progress report"))
    expect(queue).to_contain_text(TITLE[:60])
    queue.get_by_role("link", name=f"Open · Measure {measure.pk}").click()
    expect(pgo.locator("h1")).to_contain_text(TITLE)
    pgo.fill("#id_text", "Special units examined 212 complaints; 187 within 30 days.")
    document = tmp_path / "progress-report.pdf"
    document.write_bytes(minimal_pdf("progress report"))
    pgo.set_input_files("#id_documents", document)
    pgo.get_by_role("button", name="File the report").click()
    expect(message(pgo)).to_contain_text("The progress report was filed")
    report_card = pgo.locator("article.card").first
    expect(report_card.locator(".badge")).to_have_text("Submitted")
    expect(report_card.get_by_role("link", name="progress-report.pdf")).to_be_visible()
    # the agency files no second report while this one awaits review, and cannot review its own
    expect(pgo.get_by_role("heading", name="File a progress report")).to_have_count(0)
    expect(pgo.get_by_role("button", name="Accept the report")).to_have_count(0)

    # --- the MoJ finds the report on its home page and accepts it --------------------------------------------
    moj = browsing.page(users["moj"], label="moj")
    reviews = moj.locator("section", has=moj.get_by_role("heading", name="Progress reports awaiting review"))
    expect(reviews).to_contain_text(TITLE[:60])
    reviews.get_by_role("link", name=f"Open · Measure {measure.pk}").click()
    expect(moj.locator("article.card").first).to_contain_text("187 within 30 days")
    moj.locator("article.card").first.locator("textarea").fill("Well documented.")
    moj.get_by_role("button", name="Accept the report").click()
    expect(message(moj)).to_contain_text("The progress report was accepted.")
    expect(moj.locator("article.card").first.locator(".badge")).to_have_text("Accepted")
    expect(moj.locator("dl")).to_contain_text("In progress")
    expect(moj.locator("main ol").last).to_contain_text("Progress report accepted")

    # then: the records agree with what the pages showed, and the PGO was told of nothing more to do
    report = ProgressReport.objects.get(measure=measure)
    assert report.status == ProgressReport.Status.ACCEPTED and report.reviewed_by == users["moj"]
    assert report.documents.count() == 1
    assert Measure.objects.get(pk=measure.pk).status == Measure.Status.IN_PROGRESS


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_the_recommendations_pages_have_no_serious_accessibility_violation(chromium, live_server, users, lang):
    _axe_available()
    measure = measure_for_the_pgo(users)
    recommendation = measure.recommendations.get()
    theme, _ = Theme.objects.get_or_create(code="torture", defaults={"name": "Torture prevention"})
    recommendation.themes.set([theme])
    reported = services.measure_plan(
        actor=users["moj"],
        recommendations=[recommendation],
        title="Train prosecutors",
        responsible_agency=Agency.objects.get(code="PGO"),
        indicator="Prosecutors trained",
        target_date=local_date() + dt.timedelta(days=90),
    )
    services.report_submit(actor=users["pgo"], measure=reported, text="Half of them trained")
    pending = services.recommendation_add(
        actor=users["mfa"], review=recommendation.review, number="45.3", text="Amend the law on assemblies"
    )
    for user in users.values():
        user.language = lang
        user.save(update_fields=["language"])
    pages = [
        ("register-grouped", "iwg", reverse("recommendations:list") + "?group=theme"),
        ("recommendation", "moj", recommendation.get_absolute_url()),
        ("response-form", "mfa", reverse("recommendations:response_propose", args=[pending.pk])),
        ("measure-plan-form", "moj", reverse("recommendations:measure_plan", args=[recommendation.pk])),
        ("measure-report-form", "pgo", measure.get_absolute_url()),
        ("measure-review", "moj", reported.get_absolute_url()),
        ("review", "mfa", recommendation.review.get_absolute_url()),
        ("review-import", "mfa", reverse("recommendations:review_import", args=[recommendation.review_id])),
        ("home-pgo", "pgo", "/"),
        ("home-moj", "moj", "/"),
        ("dashboard", "auditor", reverse("dashboard")),
    ]
    found: dict[str, list[str]] = {}
    contexts = {}
    try:
        for name, role, url in pages:
            if role not in contexts:
                context = chromium.new_context(
                    base_url=live_server.url, viewport=VIEWPORT, bypass_csp=True, locale="en-GB"
                )
                context.set_default_timeout(TIMEOUT_MS)
                page = context.new_page()
                sign_in_by_cookie(context, users[role], live_server.url)
                contexts[role] = (context, page)
            page = contexts[role][1]
            response = page.goto(url)
            assert response is not None and response.status == 200, f"{name}: {response and response.status}"
            settle(page)
            assert page.locator("html").get_attribute("lang") == lang, name
            violations = axe_violations(page)
            if violations:
                found[name] = violations
    finally:
        for context, _page in contexts.values():
            context.close()
    assert not found, "\n".join(f"{lang} {name}: {v}" for name, vs in found.items() for v in vs)
