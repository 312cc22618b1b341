"""The corrections' API (issue 11, item 3): each endpoint takes a reason and the communication's version, answers
with the communication as it now is, refuses other roles (403), stale versions (409) and bad input (400) in the
shared error shape."""

import pytest

from communications.models import Communication, Event, Round
from tests.factories import register_note

pytestmark = pytest.mark.django_db


def _case(users, number):
    note = register_note(
        users, number=number, communication_fields={"parties": [{"role": "author", "full_name": "Rustam Aliyev"}]}
    )
    return Communication.objects.get(pk=note.communication_id), note


def _version(communication) -> int:
    return Communication.objects.get(pk=communication.pk).lock_version


def test_the_number_is_corrected_through_the_api(users, api):
    communication, _ = _case(users, "9200/2026")
    url = f"/api/v1/communications/{communication.pk}/corrections/"
    body = {"committee": "CCPR", "number": "9201/2026", "reason": "Typo", "expected_version": _version(communication)}
    assert api["pgo"].post(url, body, format="json").status_code == 403
    response = api["mfa"].post(url, body, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["number"] == "9201/2026"
    repeated = api["mfa"].post(url, body, format="json")
    assert repeated.status_code == 409 and repeated.json()["error"]["code"] == "concurrent_edit"
    bad = api["mfa"].post(url, {**body, "number": "abc", "expected_version": _version(communication)}, format="json")
    assert bad.status_code == 400 and "number" in bad.json()["error"]["fields"]
    no_reason = api["mfa"].post(url, {**body, "reason": ""}, format="json")
    assert no_reason.status_code == 400


def test_party_edit_confidentiality_and_removal_through_the_api(users, api):
    communication, _ = _case(users, "9202/2026")
    party = communication.parties.get()
    base = f"/api/v1/communications/{communication.pk}/parties/{party.pk}/"
    response = api["mfa"].patch(
        base,
        {"initials": "R.Al.", "reason": "As in the letter", "expected_version": _version(communication)},
        format="json",
    )
    assert response.status_code == 200, response.json()
    response = api["mfa"].post(
        base + "confidentiality/",
        {"is_confidential": True, "reason": "Committee's request", "expected_version": _version(communication)},
        format="json",
    )
    assert response.status_code == 200
    iwg_view = api["moj"].get(f"/api/v1/communications/{communication.pk}/").json()
    assert iwg_view["parties"][0]["name"] == "R.Al."  # the MoJ sees initials only
    assert api["mfa"].get(f"/api/v1/communications/{communication.pk}/").json()["parties"][0]["initials"] == "R.Al."
    repeated = api["mfa"].post(
        base + "confidentiality/",
        {"is_confidential": True, "reason": "Again", "expected_version": _version(communication)},
        format="json",
    )
    assert repeated.status_code == 409 and repeated.json()["error"]["code"] == "invalid_state"
    assert api["iwg"].post(base + "removal/", {"reason": "x", "expected_version": 0}, format="json").status_code in (
        403,
        404,
    )
    response = api["mfa"].post(
        base + "removal/", {"reason": "Entered by mistake", "expected_version": _version(communication)}, format="json"
    )
    assert response.status_code == 200 and response.json()["parties"] == []
    gone = api["mfa"].post(
        base + "removal/", {"reason": "x", "expected_version": _version(communication)}, format="json"
    )
    assert gone.status_code == 404  # no longer a current party
    assert communication.parties.count() == 1


def test_void_and_merge_through_the_api(users, api):
    kept, _ = _case(users, "9203/2026")
    duplicate, duplicate_note = _case(users, "9204/2026")
    base = f"/api/v1/communications/{duplicate.pk}/"
    response = api["mfa"].post(
        base + f"notes/{duplicate_note.pk}/void/",
        {"reason": "Registered twice", "expected_version": _version(duplicate)},
        format="json",
    )
    assert response.status_code == 200
    notes = response.json()["notes"]
    assert notes[0]["voided_at"] and notes[0]["void_reason"] == "Registered twice"
    assert response.json()["rounds"][0]["voided_at"]
    again = api["mfa"].post(
        base + f"rounds/{duplicate_note.opened_round.pk}/void/",
        {"reason": "x", "expected_version": _version(duplicate)},
        format="json",
    )
    assert again.status_code == 409
    merge_url = f"/api/v1/communications/{kept.pk}/merge/"
    body = {"duplicate_number": "9204/2026", "reason": "Registered twice", "expected_version": _version(kept)}
    assert api["moj"].post(merge_url, body, format="json").status_code == 403
    unknown = api["mfa"].post(merge_url, {**body, "duplicate_number": "9999/2025"}, format="json")
    assert unknown.status_code == 400
    response = api["mfa"].post(merge_url, body, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["joined_numbers"] == ["9204/2026"]
    assert len(response.json()["notes"]) == 2 and len(response.json()["rounds"]) == 2
    assert api["mfa"].get(f"/api/v1/communications/{duplicate.pk}/").json()["merged_into"] == kept.pk
    listed = api["mfa"].get("/api/v1/communications/", {"q": "9204/2026"}).json()
    assert [row["id"] for row in listed["results"]] == [kept.pk]
    assert Event.objects.filter(kind=Event.Kind.MERGED).count() == 2
    assert Round.objects.filter(communication=kept).count() == 2
