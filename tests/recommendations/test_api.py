"""The recommendations API alone: a review imported, responded to, put on an IWG agenda and decided, planned,
reported on and accepted; filters, scoping and the shared error shape."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from communications.models import Deadline
from recommendations.models import Measure, Recommendation, Response
from tests.api.conftest import token_client

pytestmark = pytest.mark.django_db

CSV = (
    "number,text,recommending_states,response,themes\n"
    '45.1,"Ratify the Optional Protocol",Germany,,torture\n'
    '45.2,"Decriminalise defamation","France, Norway",noted,expression\n'
    '45.3,"Amend the law on peaceful assemblies",Canada,,assembly\n'
)


@pytest.fixture
def client_of(users, themes):
    return {role: token_client(user) for role, user in users.items()}


def test_review_imported_responded_decided_planned_reported_and_accepted_through_the_api(client_of, users):
    mfa, moj, iwg = client_of["mfa"], client_of["moj"], client_of["iwg"]
    # a review, and its recommendations imported from a spreadsheet
    review = mfa.post(
        "/api/v1/reviews/",
        {"mechanism": "upr", "title": "UPR 4th cycle", "cycle": 4, "session": 48, "adopted_on": "2025-06-20"},
        format="json",
    )
    assert review.status_code == 201, review.content
    review_id = review.json()["id"]
    upload = SimpleUploadedFile("matrix.csv", CSV.encode(), content_type="text/csv")
    imported = mfa.post(f"/api/v1/reviews/{review_id}/import/", {"file": upload}, format="multipart")
    assert imported.status_code == 200, imported.content
    assert imported.json() == {"created": 3, "unchanged": 0}
    listed = mfa.get("/api/v1/recommendations/", {"review": review_id, "response": "pending"}).json()
    assert [row["number"] for row in listed["results"]] == ["45.1", "45.3"]
    target = next(row for row in listed["results"] if row["number"] == "45.3")
    # the MFA proposes the response
    proposed = mfa.post(f"/api/v1/recommendations/{target['id']}/response/", {"position": "supported"}, format="json")
    assert proposed.status_code == 200 and proposed.json()["status"] == "proposed"
    # the MoJ puts it on an IWG agenda; the meeting is held and adopts it
    meeting = moj.post(
        "/api/v1/meetings/", {"starts_at": (timezone.now() - dt.timedelta(hours=2)).isoformat()}, format="json"
    ).json()
    item = moj.post(
        f"/api/v1/meetings/{meeting['id']}/response-items/", {"recommendation_id": target["id"]}, format="json"
    )
    assert item.status_code == 201, item.content
    held = moj.post(
        f"/api/v1/meetings/{meeting['id']}/held/",
        {"decisions": [], "response_decisions": [{"response_item_id": item.json()["id"], "decision": "adopt"}]},
        format="json",
    )
    assert held.status_code == 200, held.content
    detail = mfa.get(f"/api/v1/recommendations/{target['id']}/").json()
    assert detail["response"]["status"] == "decided" and detail["response"]["decided_by_meeting"] == meeting["number"]
    # the MoJ plans a measure for the MIA
    measure = moj.post(
        "/api/v1/measures/",
        {
            "recommendation_ids": [target["id"]],
            "title": "Amend the law",
            "responsible_agency": "MIA",
            "co_executors": ["PGO"],
            "indicator": "Law adopted",
            "target_date": (dt.date.today() + dt.timedelta(days=120)).isoformat(),
        },
        format="json",
    )
    assert measure.status_code == 201, measure.content
    measure_id = measure.json()["id"]
    # the MIA (an IWG member of the responsible agency) reports; the MFA may not
    assert mfa.post(f"/api/v1/measures/{measure_id}/progress-reports/", {"text": "x"}, format="json").status_code == 403
    report = iwg.post(
        f"/api/v1/measures/{measure_id}/progress-reports/", {"text": "Law adopted", "is_final": True}, format="json"
    )
    assert report.status_code == 201, report.content
    # the MoJ accepts it: the measure is complete, its deadline met, the recommendation implemented
    accepted = moj.post(
        f"/api/v1/progress-reports/{report.json()['id']}/review/", {"decision": "accept"}, format="json"
    )
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert Measure.objects.get(pk=measure_id).status == Measure.Status.COMPLETED
    assert Deadline.objects.get(measure__pk=measure_id).status == Deadline.Status.MET
    assert Recommendation.objects.get(pk=target["id"]).implementation == Recommendation.Implementation.IMPLEMENTED
    assert mfa.get("/api/v1/recommendations/", {"status": "implemented"}).json()["count"] == 1
    assert mfa.get("/api/v1/recommendations/", {"agency": "MIA"}).json()["count"] == 1
    assert Response.objects.get(recommendation__number="45.2").position == Response.Position.NOTED


def test_bad_input_gets_the_shared_error_shape(client_of):
    mfa = client_of["mfa"]
    assert mfa.get("/api/v1/recommendations/", {"mechanism": "nonsense"}).status_code == 400
    assert mfa.get("/api/v1/recommendations/", {"misspelt": "1"}).status_code == 400
    missing = mfa.get("/api/v1/recommendations/999999/")
    assert missing.status_code == 404
    bad = mfa.post("/api/v1/reviews/", {"mechanism": "treaty_body", "title": "CO"}, format="json")
    assert bad.status_code == 400
    assert bad.json()["error"]["code"] == "invalid"
    assert {"committee", "symbol"} <= set(bad.json()["error"]["fields"])
    assert missing.json()["error"]["code"]


def test_import_with_a_bad_row_writes_nothing(client_of, users):
    mfa = client_of["mfa"]
    review = mfa.post("/api/v1/reviews/", {"mechanism": "upr", "title": "UPR 3", "cycle": 3}, format="json").json()
    upload = SimpleUploadedFile("bad.csv", b"number,text,response\n1,Text,maybe\n", content_type="text/csv")
    response = mfa.post(f"/api/v1/reviews/{review['id']}/import/", {"file": upload}, format="multipart")
    assert response.status_code == 400
    assert not Recommendation.objects.exists()


def test_an_auditor_reads_but_may_not_write(client_of):
    auditor = client_of["auditor"]
    assert auditor.get("/api/v1/recommendations/").status_code == 200
    assert (
        auditor.post("/api/v1/reviews/", {"mechanism": "upr", "title": "x", "cycle": 1}, format="json").status_code
        == 403
    )


def test_the_pages_show_the_register_a_recommendation_and_a_measure(
    client, users, review, django_assert_max_num_queries
):
    from .conftest import plan, supported

    recommendation = supported(users, review)
    measure = plan(users, [recommendation])
    client.force_login(users["iwg"])
    with django_assert_max_num_queries(25):
        register = client.get("/recommendations/", {"status": "planned"})
    assert register.status_code == 200 and recommendation.number in register.content.decode()
    assert client.get(recommendation.get_absolute_url()).status_code == 200
    assert client.get(measure.get_absolute_url()).status_code == 200
    assert client.get(review.get_absolute_url()).status_code == 200
    assert client.get("/recommendations/", {"status": "nonsense"}).status_code == 200
