"""One communication's whole path through the API alone, as another system would take it: tokens, the note, the
referral, the legal analysis (multipart), the IWG meeting, the position drafted, approved and sent, the Views with
remedies, a remedy action and the committee's follow-up grade."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from iwg.calendar import add_period, local_date
from portal.demo import minimal_pdf

pytestmark = pytest.mark.django_db

PASSWORD = "test-Password-123"  # tests.factories.UserFactory


def signed_in(username: str) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    response = client.post("/api/v1/auth/token/", {"username": username, "password": PASSWORD}, format="json")
    assert response.status_code == 200, response.json()
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    return client


def ok(response, status: int = 200) -> dict:
    assert response.status_code == status, response.content
    return response.json()


def test_a_communication_goes_from_the_note_to_the_follow_up_grade_through_the_api(users):
    mfa, pgo, moj, auditor = (signed_in(name) for name in ("mfa", "pgo", "moj", "auditor"))
    today = local_date()

    # MFA registers the note verbale transmitting a new communication.
    registered = ok(
        mfa.post(
            "/api/v1/notes/",
            {
                "committee": "CCPR",
                "communication_number": "4321/2026",
                "kind": "new_communication",
                "registry_number": "IN-2026-0001",
                "received_date": str(today - dt.timedelta(days=3)),
                "ohchr_reference": "G/SO 215/51 KAZ (4321/2026)",
                "ohchr_date": str(today - dt.timedelta(days=10)),
                "communication": {
                    "subject": "Detention without judicial review",
                    "articles_invoked": ["9", "14"],
                    "parties": [{"role": "author", "full_name": "Elena Zhukova", "is_confidential": True}],
                },
            },
            format="json",
        ),
        201,
    )
    communication_id, round = registered["communication_id"], registered["round"]
    assert round["status"] == "registered"
    committee_deadline = next(d for d in round["deadlines"] if d["kind"] == "committee")
    assert committee_deadline["due_on"] == str(add_period(today - dt.timedelta(days=10), months=6))  # CCPR rule 92
    assert committee_deadline["responsible_agency"] == "MFA" and committee_deadline["status"] == "open"
    assert {d["kind"] for d in round["deadlines"]} >= {"committee", "pgo_analysis", "dispatch"}
    round_url = f"/api/v1/rounds/{round['id']}"

    # MFA refers it to the PGO and MoJ; the PGO uploads its legal analysis.
    assert ok(mfa.post(f"{round_url}/referral/", {}, format="json"))["status"] == "referred"
    analysis = ok(
        pgo.post(
            f"{round_url}/legal-analyses/",
            {
                "document": _pdf("analysis.pdf"),
                "summary": "Domestic remedies were not exhausted.",
                "admissibility_conclusion": "inadmissible",
                "merits_conclusion": "no_violation",
            },
            format="multipart",
        ),
        201,
    )
    assert analysis["version"] == 1 and analysis["document"]["content_type"] == "application/pdf"

    # MoJ schedules an IWG meeting, puts the round on its agenda, drafts the position, records the meeting held.
    meeting = ok(
        moj.post(
            "/api/v1/meetings/",
            {"starts_at": (timezone.now() - dt.timedelta(hours=2)).isoformat(), "place": "MoJ, Astana"},
            format="json",
        ),
        201,
    )
    item = ok(
        moj.post(f"/api/v1/meetings/{meeting['id']}/agenda-items/", {"round_id": round["id"]}, format="json"), 201
    )
    assert item["round_status"] == "on_agenda"
    drafted = ok(
        moj.post(f"{round_url}/position/", {"texts": {"en": "Inadmissible.", "ru": "Неприемлемо."}}, format="json")
    )
    assert drafted["position"]["texts"] == {"en": "Inadmissible.", "ru": "Неприемлемо."}
    held = ok(
        moj.post(
            f"/api/v1/meetings/{meeting['id']}/held/",
            {
                "participants": f'[{users["pgo"].pk}, "A. Guest (Supreme Court)"]',
                "decisions": f'[{{"agenda_item_id": {item["id"]}, "decision": "approve_position"}}]',
                "minutes_summary": "Draft position approved.",
                "minutes_file": _pdf("minutes.pdf"),
            },
            format="multipart",
        )
    )
    assert held["status"] == "held" and held["minutes_document_id"]
    assert [p["name"] for p in held["participants"]][1] == "A. Guest (Supreme Court)"
    assert held["agenda_items"][0]["decision"] == "approve_position"

    # MoJ approves the position; the MFA sends it with the outgoing note.
    assert ok(moj.post(f"{round_url}/position/approve/"))["status"] == "position_approved"
    sent = ok(mfa.post(f"{round_url}/position/send/", {"registry_number": "OUT-2026-0001", "sent_on": str(today)}))
    assert sent["status"] == "sent" and sent["outgoing_note"]["registry_number"] == "OUT-2026-0001"
    assert {d["kind"]: d["status"] for d in sent["deadlines"]}["committee"] == "met"

    # The committee adopts Views finding a violation; remedies are followed up and graded.
    decision = ok(
        mfa.post(
            f"/api/v1/communications/{communication_id}/decision/",
            {
                "kind": "views_violation",
                "adopted_on": str(today),
                "symbol": "CCPR/C/140/D/4321/2026",
                "articles_violated": ["9(3)"],
                "remedies": [
                    {"kind": "compensation", "description": "Adequate compensation", "responsible_agency": "MOF"},
                    {"kind": "publication", "description": "Publish the Views", "responsible_agency": "MOJ"},
                ],
            },
            format="json",
        ),
        201,
    )
    publication = next(r for r in decision["remedies"] if r["kind"] == "publication")
    acted = ok(
        moj.post(
            f"/api/v1/remedies/{publication['id']}/actions/",
            {"taken_on": str(today), "description": "Published on adilet.zan.kz", "status": "implemented"},
            format="json",
        ),
        201,
    )
    assert acted["status"] == "implemented" and acted["actions"][0]["agency"] == "MOJ"
    graded = ok(
        mfa.post(
            f"/api/v1/remedies/{publication['id']}/grades/",
            {"grade": "A", "assessed_on": str(today), "state_assessment": "implemented", "reference": "CCPR/C/141/3"},
            format="json",
        ),
        201,
    )
    assert graded["committee_grade"] == "A"

    # The whole story is in the communication, and its history for the auditor.
    detail = ok(mfa.get(f"/api/v1/communications/{communication_id}/"))
    assert detail["phase"] == "follow_up"
    assert detail["rounds"][0]["status"] == "sent" and detail["decision"]["kind"] == "views_violation"
    assert [n["direction"] for n in detail["notes"]].count("outgoing") == 1
    assert detail["parties"][0]["name"] == "Elena Zhukova"  # the MFA sees a confidential name
    history = ok(auditor.get(f"/api/v1/communications/{communication_id}/history/"))
    assert {"communication", "party", "noteverbale", "decision", "remedy"} <= {row["object_type"] for row in history}
    round_history = ok(auditor.get(f"{round_url}/history/"))
    assert any(row["object_type"] == "deadline" and row["kind"] == "changed" for row in round_history)

    # A revoked token no longer opens anything.
    assert mfa.delete("/api/v1/auth/token/").status_code == 204
    assert mfa.get("/api/v1/communications/").status_code == 401


def _pdf(name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, minimal_pdf(name), content_type="application/pdf")
