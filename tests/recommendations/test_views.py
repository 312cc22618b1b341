"""The recommendations pages: the steps the workflow table gives each role (propose or record a response, plan a
measure, file a progress report, accept or return it), the hand-off notices they send, the register grouped by
theme, the home queues, the dashboard's figures and the communication page's links; in three languages."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from communications.models import Notification
from iwg.calendar import local_date
from iwg.models import Agency
from recommendations import services
from recommendations.models import Measure, ProgressReport, Response
from tests.factories import pdf_file, round_at

from .conftest import add, plan, supported

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_user(client, users):
    def sign_in(role):
        client.force_login(users[role])
        return client

    return sign_in


def handoffs(step, user=None):
    rows = Notification.objects.filter(parameters__code="rec_handoff", parameters__params__step=step)
    return rows.filter(user=user) if user is not None else rows


def test_the_responsible_agency_files_a_progress_report_with_a_document_and_the_moj_is_told(as_user, users, review):
    measure = plan(users, [supported(users, review)], agency="PGO")
    client = as_user("pgo")
    page = client.get(measure.get_absolute_url())
    assert page.status_code == 200
    assert "File a progress report" in page.content.decode()

    response = client.post(
        f"/recommendations/measures/{measure.pk}/reports/",
        {"text": "The draft law was sent to Parliament", "documents": [pdf_file("report.pdf")]},
    )

    assert response.status_code == 302
    report = ProgressReport.objects.get(measure=measure)
    assert report.documents.count() == 1
    measure.refresh_from_db()
    assert measure.status == Measure.Status.REPORTED
    assert handoffs("report_submit", users["moj"]).count() == 1
    assert handoffs("report_submit", users["mfa"]).count() == 1
    assert not handoffs("report_submit", users["pgo"]).exists()


def test_a_progress_report_with_a_file_that_is_no_document_changes_nothing(as_user, users, review):
    measure = plan(users, [supported(users, review)], agency="PGO")
    response = as_user("pgo").post(
        f"/recommendations/measures/{measure.pk}/reports/",
        {"text": "Done", "documents": [SimpleUploadedFile("x.pdf", b"MZ not a pdf", content_type="application/pdf")]},
    )
    assert response.status_code == 200
    assert "Nothing was saved." in response.content.decode()
    assert not ProgressReport.objects.exists()
    assert not handoffs("report_submit").exists()


def test_another_agency_may_not_file_a_report_on_the_measure(as_user, users, review):
    measure = plan(users, [supported(users, review)], agency="PGO")
    page = as_user("moj").get(measure.get_absolute_url())
    assert "File a progress report" not in page.content.decode()
    response = as_user("moj").post(f"/recommendations/measures/{measure.pk}/reports/", {"text": "Done"})
    assert response.status_code == 403
    assert not ProgressReport.objects.exists()


def test_the_moj_accepts_a_report_and_returns_one_only_with_a_comment(as_user, users, review):
    measure = plan(users, [supported(users, review)], agency="PGO")
    report = services.report_submit(actor=users["pgo"], measure=measure, text="Half done")
    client = as_user("moj")
    assert "Accept the report" in client.get(measure.get_absolute_url()).content.decode()

    refused = client.post(f"/recommendations/reports/{report.pk}/review/", {"decision": "return", "comment": ""})
    assert refused.status_code == 200
    assert "Say what the report lacks." in refused.content.decode()
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.SUBMITTED

    returned = client.post(
        f"/recommendations/reports/{report.pk}/review/", {"decision": "return", "comment": "No dates"}
    )
    assert returned.status_code == 302
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.RETURNED
    assert handoffs("report_return", users["pgo"]).count() == 1

    second = services.report_submit(actor=users["pgo"], measure=measure, text="Dates added")
    accepted = client.post(f"/recommendations/reports/{second.pk}/review/", {"decision": "accept"})
    assert accepted.status_code == 302
    second.refresh_from_db()
    assert second.status == ProgressReport.Status.ACCEPTED
    # a repeat refuses with a readable message and changes nothing
    again = client.post(f"/recommendations/reports/{second.pk}/review/", {"decision": "accept"})
    assert again.status_code == 409
    assert "it has been reviewed already" in again.content.decode()


def test_the_agency_may_not_review_its_own_report(as_user, users, review):
    measure = plan(users, [supported(users, review)], agency="PGO")
    report = services.report_submit(actor=users["pgo"], measure=measure, text="Half done")
    response = as_user("pgo").post(f"/recommendations/reports/{report.pk}/review/", {"decision": "accept"})
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.SUBMITTED


def test_the_mfa_proposes_a_response_and_the_moj_secretariat_is_told_once(as_user, users, review):
    recommendation = add(users, review)
    client = as_user("mfa")
    assert "Propose the State" in client.get(recommendation.get_absolute_url()).content.decode()
    url = f"/recommendations/{recommendation.pk}/response/"

    noted_without_reason = client.post(url, {"position": "noted", "reason": "", "expected_version": 0})
    assert noted_without_reason.status_code == 200
    recommendation.response.refresh_from_db()
    assert recommendation.response.status == Response.Status.PENDING

    done = client.post(url, {"position": "supported", "expected_version": 0})
    assert done.status_code == 302
    recommendation.response.refresh_from_db()
    assert recommendation.response.status == Response.Status.PROPOSED
    assert handoffs("response_propose", users["moj"]).count() == 1
    assert not handoffs("response_propose", users["pgo"]).exists()


def test_only_the_mfa_proposes_a_response(as_user, users, review):
    recommendation = add(users, review)
    assert "Propose the State" not in as_user("pgo").get(recommendation.get_absolute_url()).content.decode()
    response = as_user("pgo").post(f"/recommendations/{recommendation.pk}/response/", {"position": "supported"})
    assert response.status_code == 403


def test_the_mfa_records_a_past_response_and_the_moj_plans_a_measure_the_agency_is_told(as_user, users, review):
    recommendation = add(users, review)
    recorded = as_user("mfa").post(
        f"/recommendations/{recommendation.pk}/response/record/",
        {"position": "supported", "decided_on": "2025-06-20", "expected_version": 0},
    )
    assert recorded.status_code == 302
    client = as_user("moj")
    assert "Plan a measure" in client.get(recommendation.get_absolute_url()).content.decode()
    target = (local_date() + dt.timedelta(days=120)).isoformat()
    planned = client.post(
        f"/recommendations/{recommendation.pk}/measures/new/",
        {
            "title": "Amend the Criminal Code",
            "responsible_agency": Agency.objects.get(code="PGO").pk,
            "co_executors": [Agency.objects.get(code="MIA").pk],
            "indicator": "Law adopted",
            "target_date": target,
        },
    )
    assert planned.status_code == 302
    measure = Measure.objects.get()
    assert measure.responsible_agency.code == "PGO"
    assert handoffs("measure_plan", users["pgo"]).count() == 1
    past = client.post(
        f"/recommendations/{recommendation.pk}/measures/new/",
        {
            "title": "Another",
            "responsible_agency": Agency.objects.get(code="PGO").pk,
            "indicator": "x",
            "target_date": "2020-01-01",
        },
    )
    assert past.status_code == 200
    assert "The target date cannot be in the past." in past.content.decode()
    assert Measure.objects.count() == 1


def test_the_register_groups_by_theme_on_demand(as_user, users, review, themes):
    one = add(users, review, "45.1")
    one.themes.set([themes["torture"]])
    add(users, review, "45.2")
    page = as_user("iwg").get("/recommendations/?group=theme").content.decode()
    assert "Torture prevention" in page
    assert "Without a theme" in page
    flat = as_user("iwg").get("/recommendations/").content.decode()
    assert "Without a theme" not in flat


def test_the_register_refuses_a_bad_overdue_value_with_a_message(as_user, users, review):
    add(users, review)
    page = as_user("mfa").get("/recommendations/?overdue=maybe")
    assert page.status_code == 200
    assert "Choose true or false." in page.content.decode()


def test_home_pages_show_the_recommendations_work_of_each_role(as_user, users, review):
    add(users, review, "45.1")
    services.response_propose(
        actor=users["mfa"], response=add(users, review, "45.2").response, position=Response.Position.SUPPORTED
    )
    measure = plan(users, [supported(users, review, "45.3")], agency="PGO")
    reported = plan(users, [supported(users, review, "45.4")], agency="PGO")
    services.report_submit(actor=users["pgo"], measure=reported, text="Done")

    mfa = as_user("mfa").get("/").content.decode()
    assert "Recommendations awaiting a proposed response" in mfa
    assert "Progress reports awaiting review" in mfa
    pgo = as_user("pgo").get("/").content.decode()
    assert "Measures awaiting your progress report" in pgo
    assert measure.get_absolute_url() in pgo
    moj = as_user("moj").get("/").content.decode()
    assert "Progress reports awaiting review" in moj
    assert reported.get_absolute_url() in moj


def test_the_dashboard_shows_the_published_figures_and_implementation_by_agency_and_theme(
    as_user, users, review, themes
):
    recommendation = supported(users, review)
    recommendation.themes.set([themes["children"]])
    plan(users, [recommendation], agency="PGO")
    page = as_user("auditor").get("/dashboard/").content.decode()
    assert "Recommendations received" in page
    assert "Measures of the action plan, by responsible agency" in page
    assert "?agency=PGO" in page
    assert "?theme=children" in page


def test_the_communication_page_shows_the_recommendations_linked_to_it(as_user, users, review):
    recommendation = add(users, review)
    communication = round_at(users, "registered").communication
    services.recommendation_link_communication(
        actor=users["mfa"], recommendation=recommendation, communication=communication, note="Same law"
    )
    page = as_user("mfa").get(communication.get_absolute_url()).content.decode()
    assert recommendation.get_absolute_url() in page
    assert "Same law" in page


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_measure_page_is_translated(as_user, users, review, language):
    measure = plan(users, [supported(users, review)], agency="PGO")
    users["pgo"].language = language
    users["pgo"].save(update_fields=["language"])
    client = as_user("pgo")
    page = client.get(measure.get_absolute_url()).content.decode()
    assert f'lang="{language}"' in page
    with translation.override(language):
        expected = translation.gettext("File a progress report")
    assert expected != "File a progress report"
    assert expected in page


def test_the_register_number_of_queries_does_not_grow_with_the_page(
    as_user, users, review, themes, django_assert_max_num_queries
):
    for number in range(1, 4):
        add(users, review, f"45.{number}").themes.set([themes["torture"]])
    client = as_user("mfa")
    client.get("/recommendations/?group=theme")
    with django_assert_max_num_queries(12):
        client.get("/recommendations/?group=theme")
    for number in range(4, 30):
        add(users, review, f"45.{number}").themes.set([themes["torture"]])
    with django_assert_max_num_queries(12):
        client.get("/recommendations/?group=theme")


@pytest.mark.parametrize("role", ["mfa", "pgo", "moj", "iwg", "auditor", "admin"])
def test_every_role_reaches_the_register_of_recommendations_from_the_menu(as_user, role):
    from django.urls import reverse

    page = as_user(role).get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en")
    assert f'href="{reverse("recommendations:list")}"' in page.content.decode()
