"""The dashboard: the published figures as charts with the same figures in tables, scoped to what the user sees."""

import datetime as dt
import json
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from communications import services as communication_services
from communications.models import Decision, Round
from iwg.calendar import ALMATY
from meetings import services as meeting_services
from meetings.models import AgendaItem
from tests.factories import register_note, round_at

pytestmark = pytest.mark.django_db

ROLES = ["mfa", "pgo", "moj", "iwg", "auditor", "admin"]


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def chart_data(response) -> dict:
    match = re.search(
        r'<script id="dashboard-charts" type="application/json">(.*?)</script>', response.content.decode()
    )
    return json.loads(match.group(1))


@pytest.mark.parametrize("role", ROLES)
def test_dashboard_is_open_to_every_role(users, role):
    response = client_for(users[role]).get(reverse("dashboard"))

    assert response.status_code == 200
    assert "IWG meetings held" in response.content.decode()


def test_dashboard_counts_meetings_rounds_considered_and_positions_sent(users):
    round_at(users, Round.Status.SENT, committee="CAT")
    round_at(users, Round.Status.IWG_APPROVED, committee="CCPR")

    response = client_for(users["mfa"]).get(reverse("dashboard"))

    figures = response.context["figures"]
    assert (figures["meetings_held"], figures["rounds_considered"], figures["positions_sent"]) == (2, 2, 1)
    year = timezone.localdate().year
    assert response.context["considered"]["committees"] == ["CAT", "CCPR"]
    assert response.context["considered"]["rows"] == [{"year": year, "counts": [1, 1], "total": 2}]
    assert response.context["sent"]["rows"] == [{"year": year, "counts": [1], "total": 1}]
    assert figures["median_days_note_to_position"] is not None


def test_rounds_are_counted_in_the_year_of_the_meeting_that_considered_them(users):
    round = round_at(users, Round.Status.ANALYSIS_SUBMITTED)
    last_year = timezone.localdate().year - 1
    meeting = meeting_services.meeting_schedule(
        actor=users["moj"], starts_at=dt.datetime(last_year, 6, 1, 10, tzinfo=ALMATY), number=16
    )
    item = meeting_services.agenda_item_add(actor=users["moj"], meeting=meeting, round=round)
    meeting_services.meeting_record_held(
        actor=users["moj"], meeting=meeting, decisions={item.pk: (AgendaItem.Decision.DEFER, "")}
    )

    response = client_for(users["auditor"]).get(reverse("dashboard"))

    assert response.context["considered"]["rows"] == [{"year": last_year, "counts": [1], "total": 1}]
    assert response.context["meetings_by_year"] == [{"year": last_year, "count": 1}]


def test_every_chart_has_the_same_figures_in_a_table_beneath(users):
    round_at(users, Round.Status.SENT, committee="CAT")

    response = client_for(users["auditor"]).get(reverse("dashboard"))

    page = response.content.decode()
    charts = chart_data(response)
    for key in ("meetings", "considered", "sent"):
        canvas = page.index(f'data-chart="{key}"')
        table = page.index("<table", canvas)
        caption = page.index("<caption>", table)
        assert caption - table < 200
        for label in charts[key]["labels"]:
            assert f'<th scope="row">{label}</th>' in page[table:]
        assert 'role="img"' in page[page.rindex("<canvas", 0, canvas + 20) : canvas + 200]
    assert charts["sent"]["datasets"] == [{"label": "CAT", "data": [1]}]
    assert "vendor/chartjs/chart.umd.min.js" in page and "js/dashboard.js" in page
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", page)


def test_overdue_now_lists_only_what_the_user_may_see(users):
    # given a round whose PGO analysis is overdue; its deadlines belong to MFA, PGO and MoJ, not to the MIA
    note = register_note(users, ohchr_date=timezone.localdate() - dt.timedelta(days=20))
    communication_services.round_refer(actor=users["mfa"], round=note.opened_round)

    with time_machine.travel(timezone.now() + dt.timedelta(days=400), tick=False):
        mfa = client_for(users["mfa"]).get(reverse("dashboard"))
        iwg = client_for(users["iwg"]).get(reverse("dashboard"))

    assert mfa.context["figures"]["overdue_deadlines"] > 0
    assert {d.round.communication_id for d in mfa.context["overdue"]} == {note.communication_id}
    assert note.communication.number in mfa.content.decode()
    assert iwg.context["figures"]["overdue_deadlines"] == 0
    assert iwg.context["overdue"] == []
    assert note.communication.number not in iwg.content.decode()


def test_dashboard_query_count_does_not_grow_with_data(users, django_assert_max_num_queries):
    for committee in ("CAT", "CCPR", "CEDAW"):
        round_at(users, Round.Status.SENT, committee=committee)
    for _ in range(5):
        round_at(users, Round.Status.REFERRED)
    with time_machine.travel(timezone.now() + dt.timedelta(days=400), tick=False):
        client = client_for(users["mfa"])  # signed in after the jump, or the session would have expired
        with django_assert_max_num_queries(21):  # +3: session saved on every request; +2: the Views figures
            response = client.get(reverse("dashboard"))

    assert len(response.context["overdue"]) >= 10


def test_dashboard_only_answers_reads(users):
    assert client_for(users["auditor"]).post(reverse("dashboard")).status_code == 405


def views_adopted(users, committee: str, number: str, adopted_on: dt.date, kind=Decision.Kind.VIEWS_VIOLATION):
    note = register_note(users, committee=committee, number=number, ohchr_date=adopted_on + dt.timedelta(days=20))
    communication_services.decision_record(
        actor=users["mfa"], communication=note.communication, kind=kind, adopted_on=adopted_on, symbol=""
    )


def test_dashboard_counts_views_per_committee_and_year(users):
    views_adopted(users, "CCPR", "10/2023", dt.date(2024, 3, 1))
    views_adopted(users, "CCPR", "11/2023", dt.date(2025, 7, 1), kind=Decision.Kind.VIEWS_NO_VIOLATION)
    views_adopted(users, "CAT", "12/2023", dt.date(2025, 4, 1))
    inadmissible = register_note(users, committee="CAT", number="13/2023").communication
    communication_services.decision_record(
        actor=users["mfa"], communication=inadmissible, kind=Decision.Kind.INADMISSIBLE, adopted_on=dt.date(2025, 5, 5)
    )

    response = client_for(users["mfa"]).get(reverse("dashboard"))

    assert response.context["figures"]["views_adopted"] == 3  # not the inadmissibility decision
    views = response.context["views"]
    assert views["committees"] == ["CAT", "CCPR"]
    assert [(line["year"], line["counts"]) for line in views["rows"]] == [(2024, [0, 1]), (2025, [1, 1])]
    assert views["totals"] == [1, 2]
    assert chart_data(response)["views"]["labels"] == ["2024", "2025"]
    assert "chart-views-heading" in response.content.decode()


def test_the_overdue_list_says_when_it_is_cut_and_links_to_all(users, monkeypatch):
    from portal import views as portal_views

    for _ in range(2):
        note = register_note(users, ohchr_date=timezone.localdate() - dt.timedelta(days=20))
        communication_services.round_refer(actor=users["mfa"], round=note.opened_round)
    with time_machine.travel(timezone.now() + dt.timedelta(days=400), tick=False):
        client = client_for(users["mfa"])
        complete = client.get(reverse("dashboard"))
        monkeypatch.setattr(portal_views, "DASHBOARD_OVERDUE_LIMIT", 3)
        cut = client.get(reverse("dashboard"))

    total = complete.context["figures"]["overdue_deadlines"]
    assert total > 3
    assert len(complete.context["overdue"]) == total
    assert 'id="overdue-cut"' not in complete.content.decode()
    assert len(cut.context["overdue"]) == 3
    page = cut.content.decode()
    assert 'id="overdue-cut"' in page
    assert f"{reverse('communications:list')}?overdue=on" in page
    assert f"3 most overdue of {total}" in page
