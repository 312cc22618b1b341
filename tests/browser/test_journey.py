"""One communication taken through the whole path by four people, through the pages only: the MFA registers the
incoming note and refers it, the PGO uploads the legal analysis, the MoJ runs the IWG meeting and approves the
State position, the MFA sends it, and an auditor reads who changed what. Each step asserts what the person sees
(messages, status badges, the timeline), not just where the browser went."""

import datetime as dt
import re

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import Page, expect

from iwg.calendar import local_date
from iwg.texts import long_day
from portal.demo import minimal_pdf
from tests.browser.conftest import settle

pytestmark = pytest.mark.browser

NUMBER = "2731/2026"
COMMUNICATION = f"CCPR {NUMBER}"
INCOMING = "IN-2026/0427"
OUTGOING = "OUT-2026/1190"
NEW_COMMUNICATION = "New communication transmitted for observations"
ROUND_LABEL = f"{COMMUNICATION} · {NEW_COMMUNICATION}"


def short_date(day: dt.date) -> str:
    """A date as the English pages show it (users in these tests read English)."""
    with translation.override("en"):
        return date_format(day, "SHORT_DATE_FORMAT")


def pdf(tmp_path, name: str):
    path = tmp_path / name
    path.write_bytes(minimal_pdf(name))
    return path


def message(page: Page):
    """The message Django shows at the top of the page after a step."""
    return page.locator("main > .alert")


def round_card(page: Page):
    return page.locator(".round-card").first


def round_status(page: Page):
    """The round's status badge (the last badge of the round's header; an "Urgent" badge may come before it)."""
    return round_card(page).locator(".card-header .badge").last


def timeline(page: Page):
    return page.locator("#timeline ol.timeline")


def menu(page: Page, name: str) -> None:
    page.locator("#main-menu").get_by_role("link", name=name, exact=True).click()


def test_one_communication_through_the_whole_path_as_four_users(browsing, users, tmp_path):
    today = local_date()
    ohchr_date = today - dt.timedelta(days=10)
    committee_due = ohchr_date + relativedelta(months=6)  # CCPR: six calendar months from OHCHR's date

    # --- MFA registers the incoming note (a new communication) ------------------------------------------------
    mfa = browsing.page(users["mfa"], label="mfa", through_the_form=True)
    menu(mfa, "Register a note")
    expect(mfa.locator("h1")).to_have_text("Register an incoming note verbale")
    preview = mfa.locator("#deadline-preview")
    expect(preview).to_contain_text("enter OHCHR's date to see the deadlines")

    mfa.select_option("#id_committee", "CCPR")
    expect(mfa.locator("#id_committee option:checked")).to_have_text("CCPR · Human Rights Committee")
    mfa.fill("#id_communication_number", NUMBER)
    mfa.select_option("#id_kind", label=NEW_COMMUNICATION)
    mfa.fill("#id_registry_number", INCOMING)
    mfa.fill("#id_ohchr_date", ohchr_date.isoformat())
    # The preview (htmx) shows the committee's deadline and the default internal deadlines before anything is saved.
    expect(preview).to_contain_text("Committee's deadline for the reply")
    expect(preview.locator("li", has_text="Committee's deadline for the reply")).to_contain_text(
        short_date(committee_due)
    )
    expect(preview).to_contain_text("This number is not registered yet")
    for kind in ("pgo_analysis", "iwg_consideration", "position_approval", "dispatch"):
        expect(preview.locator(f"#id_due_{kind}")).to_have_value(re.compile(r"^\d{4}-\d{2}-\d{2}$"))
    pgo_due = dt.date.fromisoformat(preview.locator("#id_due_pgo_analysis").input_value())
    assert today <= pgo_due < committee_due

    mfa.fill("#id_ohchr_reference", "G/SO 215/51 KAZ (3)")
    mfa.fill("#id_summary", "Transmittal of a new communication; observations requested.")
    mfa.fill("#id_subject", "Detention conditions; access to a lawyer.")
    mfa.fill("#id_articles_invoked", "7, 9(3), 14")
    mfa.fill("#id_parties-0-full_name", "Erlan Zhaksybekov")
    mfa.set_input_files("#id_documents", pdf(tmp_path, "incoming-note.pdf"))
    mfa.get_by_role("button", name="Register the note").click()

    expect(message(mfa)).to_have_text(f"Note {INCOMING} registered for {COMMUNICATION}.")
    expect(mfa.locator("h1")).to_have_text(COMMUNICATION)
    expect(mfa).to_have_url(re.compile(r"/communications/\d+/$"))
    communication_url = mfa.url
    expect(round_status(mfa)).to_have_text("Registered")
    committee_row = round_card(mfa).locator("tr", has_text="Committee's deadline for the reply")
    expect(committee_row).to_contain_text(short_date(committee_due))
    expect(mfa.locator("dd", has_text="Erlan Zhaksybekov")).to_be_visible()
    expect(timeline(mfa)).to_contain_text(f"Incoming note verbale No. {INCOMING}: {NEW_COMMUNICATION}")
    expect(timeline(mfa).get_by_role("link", name="incoming-note.pdf")).to_be_visible()

    # --- MFA refers the round to the PGO and the MoJ -------------------------------------------------------
    round_card(mfa).get_by_role("link", name="Refer to PGO and MoJ").click()
    expect(mfa.locator("h1")).to_have_text("Refer to the PGO and the MoJ")
    expect(mfa.locator("#id_due_pgo_analysis")).to_have_value(pgo_due.isoformat())
    mfa.fill("#id_comment", "Please analyse admissibility first.")
    mfa.get_by_role("button", name="Refer to the PGO and the MoJ").click()

    expect(message(mfa)).to_have_text("The round was referred to the PGO and the MoJ.")
    expect(round_status(mfa)).to_have_text("Referred to PGO and MoJ")
    expect(timeline(mfa)).to_contain_text("Referred to PGO and MoJ: Registered → Referred to PGO and MoJ")
    expect(round_card(mfa).get_by_role("link", name="Refer to PGO and MoJ")).to_have_count(0)

    # --- The referral reaches the PGO as a notice (a hand-off, docs/handoffs.md) -----------------------------
    pgo = browsing.page(users["pgo"], label="pgo", through_the_form=True)
    pgo.goto(reverse("notifications:list"))  # the menu's link also reads the unread count
    referral = pgo.locator("#notification-list li", has_text=f"Referred: {COMMUNICATION}")
    expect(referral).to_have_count(1)
    with translation.override("en"):
        expect(referral).to_contain_text(f"legal analysis due {long_day(pgo_due)}")
    referral.locator("a", has_text=f"Referred: {COMMUNICATION}").click()
    expect(pgo.locator("h1")).to_contain_text(COMMUNICATION)
    pgo.goto(reverse("home"))

    # --- PGO finds it on their home page and uploads the legal analysis ------------------------------------
    waiting = pgo.locator(
        "section", has=pgo.get_by_role("heading", name="Referred rounds waiting for a legal analysis")
    )
    row = waiting.locator("tr", has_text=COMMUNICATION)
    expect(row).to_contain_text(NEW_COMMUNICATION)
    row.get_by_role("link", name=re.compile("Upload analysis")).click()

    expect(pgo.locator("h1")).to_have_text("Upload the legal analysis")
    expect(pgo.locator(".card-body").first).to_contain_text("Referred to PGO and MoJ")
    pgo.set_input_files("#id_document", pdf(tmp_path, "legal-analysis.pdf"))
    pgo.fill("#id_summary", "Domestic remedies were not exhausted: no cassation appeal was lodged.")
    pgo.select_option("#id_admissibility_conclusion", label="Inadmissible")
    pgo.select_option("#id_merits_conclusion", label="No violation")
    pgo.get_by_role("button", name="Upload the legal analysis").click()

    expect(message(pgo)).to_have_text("Version 1 of the legal analysis was submitted.")
    expect(round_status(pgo)).to_have_text("Legal analysis submitted")
    analysis = round_card(pgo).locator(".analysis-list li").first
    expect(analysis).to_contain_text("Version 1")
    expect(analysis).to_contain_text("Admissibility: Inadmissible · Merits: No violation")
    expect(analysis).to_contain_text("no cassation appeal was lodged")
    expect(analysis).to_contain_text(str(users["pgo"]))
    with pgo.expect_download() as download:
        analysis.get_by_role("link", name="legal-analysis.pdf").click()
    assert download.value.suggested_filename == "legal-analysis.pdf"
    assert download.value.path().read_bytes().startswith(b"%PDF-")
    expect(timeline(pgo)).to_contain_text("Legal analysis, version 1: admissibility Inadmissible, merits No violation")

    # --- The analysis reaches the MoJ secretary as a notice ------------------------------------------------
    moj = browsing.page(users["moj"], label="moj", through_the_form=True)
    moj.goto(reverse("notifications:list"))
    handed_over = moj.locator("#notification-list li", has_text=f"Legal analysis submitted: {COMMUNICATION}")
    expect(handed_over).to_have_count(1)
    expect(moj.locator("#notification-list li", has_text=f"Referred: {COMMUNICATION}")).to_have_count(1)

    # --- MoJ schedules the IWG meeting (as it is being held: a future meeting cannot be recorded as held) ----
    menu(moj, "Meetings")
    moj.get_by_role("link", name="Schedule a meeting").click()
    starts_at = timezone.localtime()  # Almaty; the field takes minutes, so this is never in the future
    moj.fill("#id_starts_at", starts_at.strftime("%Y-%m-%dT%H:%M"))
    moj.fill("#id_place", "Ministry of Justice, Astana")
    moj.select_option("#id_chair", label=f"{users['moj']} (MOJ)")
    moj.get_by_role("button", name="Schedule the meeting").click()

    expect(message(moj)).to_have_text("IWG meeting No. 1 is scheduled.")
    expect(moj.locator("h1")).to_have_text("IWG meeting No. 1")
    expect(moj.locator("h1 + .badge")).to_have_text("Planned")
    ready = moj.locator("#agenda-section tr", has_text=COMMUNICATION)
    expect(ready).to_contain_text(NEW_COMMUNICATION)
    settle(moj)  # htmx (a deferred script) has taken over the form, so the click is its request
    ready.get_by_role("button", name=re.compile("Add to the agenda")).click()  # htmx swaps the agenda in place

    agenda = moj.locator("#agenda-section")
    expect(agenda.locator(".alert-success")).to_have_text(f"“{ROUND_LABEL}” is on the agenda.")
    expect(agenda.locator("table").first.locator("tbody tr")).to_have_count(1)
    expect(agenda.locator("table").first).to_contain_text("On an IWG agenda")
    expect(agenda).to_contain_text("No request is waiting for the IWG.")

    # --- MoJ drafts the State position the IWG will consider (no draft, nothing to approve) ------------------
    meeting_url = moj.url
    agenda.get_by_role("link", name=COMMUNICATION).click()
    expect(moj.locator("h1")).to_contain_text(COMMUNICATION)
    settle(moj)  # the communication page in place (a click while it still loads was once lost)
    round_card(moj).get_by_role("link", name="Draft the State position").click()
    expect(moj.locator("details", has_text="The PGO's legal analysis")).to_contain_text("no cassation appeal")
    moj.fill("#id_text_ru", "Государство-участник считает сообщение неприемлемым.")
    moj.fill("#id_text_en", "The State party considers the communication inadmissible.")
    moj.get_by_role("button", name="Draft the State position").click()
    expect(message(moj)).to_have_text("The draft State position was saved.")
    moj.goto(meeting_url)

    # --- MoJ records the meeting as held with the decision "approve the draft position" --------------------
    moj.get_by_role("link", name="Record as held").click()
    expect(moj.locator("h1")).to_have_text("Record IWG meeting No. 1 as held")
    decision = moj.locator("fieldset", has_text=COMMUNICATION)
    decision.locator("select").select_option(label="Approve the draft position")
    decision.locator("textarea").fill("The PGO's conclusions are endorsed.")
    moj.get_by_label(f"{users['pgo']} (PGO)").check()
    expect(moj.get_by_label(f"{users['moj']} (MOJ)")).to_be_checked()  # the chair is ticked in advance
    moj.fill("#id_guests", "A. Seitkali, Supreme Court")
    moj.set_input_files("#id_minutes_file", pdf(tmp_path, "minutes-1.pdf"))
    moj.fill("#id_minutes_summary", "One communication considered.")
    moj.get_by_role("button", name="Record as held").click()

    expect(message(moj)).to_have_text("IWG meeting No. 1 is recorded as held.")
    expect(moj.locator("h1 + .badge")).to_have_text("Held")
    expect(agenda.locator("tbody tr").first).to_contain_text("Approve the draft position")
    participants = moj.locator("section", has=moj.get_by_role("heading", name="Participants"))
    for name in (str(users["moj"]), str(users["pgo"]), "A. Seitkali, Supreme Court"):
        expect(participants).to_contain_text(name)
    expect(moj.get_by_role("link", name="minutes-1.pdf")).to_be_visible()

    # --- MoJ approves the State position on the basis of the IWG's decision ---------------------------------
    agenda.get_by_role("link", name=COMMUNICATION).click()
    expect(round_status(moj)).to_have_text("Approved by the IWG")
    expect(round_card(moj)).to_contain_text("IWG meeting No. 1")
    expect(timeline(moj)).to_contain_text("IWG meeting No. 1 decided: Approve the draft position")
    position = round_card(moj).locator("h4", has_text="State position")
    expect(position.locator(".badge")).to_have_text("Draft")
    moj.once("dialog", lambda dialog: dialog.accept())  # "Approve the State position on the basis of ...?"
    round_card(moj).get_by_role("button", name="Approve the State position").click()

    expect(message(moj)).to_have_text("The State position was approved.")
    expect(round_status(moj)).to_have_text("State position approved")
    expect(position.locator(".badge")).to_have_text("Approved")
    expect(round_card(moj)).to_contain_text(f"Approved on {short_date(today)} by {users['moj']}")

    # --- MFA sends the position with the outgoing note -----------------------------------------------------
    mfa.goto(communication_url)
    expect(round_status(mfa)).to_have_text("State position approved")
    round_card(mfa).get_by_role("link", name="Send the position to OHCHR").click()
    expect(mfa.locator("#id_sent_on")).to_have_value(today.isoformat())
    mfa.fill("#id_registry_number", OUTGOING)
    mfa.set_input_files("#id_documents", pdf(tmp_path, "outgoing-note.pdf"))
    mfa.get_by_role("button", name="Send the State position to OHCHR").click()

    expect(message(mfa)).to_have_text(f"The State position was sent with note {OUTGOING}.")
    expect(round_status(mfa)).to_have_text("Sent to OHCHR")
    expect(round_card(mfa)).to_contain_text(f"Answered by note No. {OUTGOING} sent on {short_date(today)}.")
    expect(timeline(mfa)).to_contain_text(f"Outgoing note verbale No. {OUTGOING}")
    met = timeline(mfa).locator("li", has_text="Deadline: Committee's deadline for the reply")
    expect(met.locator(".badge")).to_have_text("met")
    expect(round_card(mfa).locator(".round-actions")).to_have_count(0)  # nothing left to do on this round

    # --- The auditor reads who changed what ----------------------------------------------------------------
    auditor = browsing.page(users["auditor"], label="auditor", through_the_form=True)
    menu(auditor, "Activity log")
    auditor.select_option("#id_kind", "communications.communication")
    auditor.get_by_role("button", name="Show").click()
    auditor.get_by_role("link", name=COMMUNICATION, exact=True).first.click()

    expect(auditor).to_have_url(re.compile(r"/audit/history/communications/communication/\d+/$"))
    expect(auditor.locator("h1")).to_have_text(f"History of {COMMUNICATION}")
    created = auditor.locator("tbody tr").last
    expect(created).to_contain_text(f"{users['mfa']} (MFA)")
    expect(created).to_contain_text("Communication registered with its first note")
    expect(created).to_contain_text(NUMBER)

    # The round's own history: every status change, each with the name of the person who made it.
    menu(auditor, "Activity log")
    auditor.select_option("#id_kind", "communications.round")
    auditor.get_by_role("button", name="Show").click()
    auditor.get_by_role("link", name=ROUND_LABEL).first.click()
    expect(auditor.locator("h1")).to_have_text(f"History of {ROUND_LABEL}")
    history = auditor.locator("table tbody")
    for who, old, new in [
        (users["mfa"], "Registered", "Referred to PGO and MoJ"),
        (users["pgo"], "Referred to PGO and MoJ", "Legal analysis submitted"),
        (users["moj"], "Legal analysis submitted", "On an IWG agenda"),
        (users["moj"], "On an IWG agenda", "Approved by the IWG"),
        (users["moj"], "Approved by the IWG", "State position approved"),
        (users["mfa"], "State position approved", "Sent to OHCHR"),
    ]:
        change = (
            history.locator("tr", has_text=str(who))
            .filter(has=auditor.locator("del", has_text=re.compile(f"^{re.escape(old)}$")))
            .filter(has=auditor.locator("ins", has_text=re.compile(f"^{re.escape(new)}$")))
        )
        expect(change).to_have_count(1)

    for page in (mfa, pgo, moj, auditor):
        assert browsing.problems(page) == [], "\n".join(browsing.problems(page))
