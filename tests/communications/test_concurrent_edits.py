"""No silent overwrite (issue 9, item 10): every edit of an existing record carries the version it was based on;
a missing or stale version is refused with 409 and a message, and nothing is overwritten. Pages carry the
version as a hidden field; the API takes `expected_version` or an `If-Match` header."""

import datetime as dt
import re
import threading

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from communications import services
from communications.models import Communication, Deadline, DeadlineKind, Decision, Remedy, Round, StatePosition
from iwg.calendar import local_date
from iwg.errors import ConcurrentEdit
from meetings import services as meeting_services
from meetings.models import Meeting
from tests.factories import round_at
from tests.tokens import api_token

THREADS = 50


def _race(target) -> list[str]:
    """Run `target(index)` in THREADS threads released together; each returns "won" or the error's code."""
    barrier = threading.Barrier(THREADS)
    outcomes: list[str] = []

    def attempt(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            target(index)
            outcomes.append("won")
        except ConcurrentEdit as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(outcomes) == THREADS, outcomes
    return outcomes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_position_edits_without_a_version_are_all_refused(users):
    # given a drafted position
    round = round_at(users, Round.Status.ANALYSIS_SUBMITTED)
    services.position_draft(actor=users["moj"], round=round, texts={"en": "Original"}, expected_version=0)
    # when 50 people save their edit at once without saying which version they edited
    outcomes = _race(
        lambda i: services.position_draft(
            actor=users["mfa"], round=round, texts={"en": f"Edit {i}"}, expected_version=None
        )
    )
    # then every edit is refused and the text is unchanged
    assert outcomes == ["version_required"] * THREADS
    position = StatePosition.objects.get(round=round)
    assert position.texts.get(language="en").text == "Original"
    assert position.lock_version == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_position_edits_from_the_same_version_exactly_one_wins(users):
    round = round_at(users, Round.Status.ANALYSIS_SUBMITTED)
    position = services.position_draft(actor=users["moj"], round=round, texts={"en": "Original"}, expected_version=0)
    loaded = position.lock_version
    written: dict[int, str] = {}

    def edit(i: int) -> None:
        services.position_draft(actor=users["mfa"], round=round, texts={"en": f"Edit {i}"}, expected_version=loaded)
        written[i] = f"Edit {i}"

    outcomes = _race(edit)
    assert outcomes.count("won") == 1, outcomes
    assert outcomes.count("concurrent_edit") == THREADS - 1
    position = StatePosition.objects.get(round=round)
    assert position.lock_version == loaded + 1
    assert [position.texts.get(language="en").text] == list(written.values())


# ---------------------------------------------------------------------------------------------------------------
# Every edit page carries the version and refuses a missing or stale one


def _remedy(users) -> Remedy:
    round = round_at(users, Round.Status.SENT)
    decision = services.decision_record(
        actor=users["mfa"],
        communication=round.communication,
        kind=Decision.Kind.VIEWS_VIOLATION,
        adopted_on=local_date() - dt.timedelta(days=30),
        articles_violated=["7"],
        remedies=[{"kind": Remedy.Kind.COMPENSATION, "description": "Compensation", "responsible_agency": "MOF"}],
    )
    return decision.remedies.get()


def _edits(users) -> dict:
    """Each edit page: (role, url, a valid POST without the version, how to read the edited value)."""
    round = round_at(users, Round.Status.REFERRED)
    communication = round.communication
    internal = round.deadlines.get(kind=DeadlineKind.DISPATCH)
    committee = round.deadlines.get(kind=DeadlineKind.COMMITTEE)
    meeting = meeting_services.meeting_schedule(actor=users["moj"], starts_at=timezone.now() + dt.timedelta(days=5))
    remedy = _remedy(users)
    when = timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M")
    return {
        "communication": (
            "mfa",
            f"/communications/{communication.pk}/edit/",
            {"subject": "Edited subject"},
            lambda: Communication.objects.get(pk=communication.pk).subject,
        ),
        "position": (
            "moj",
            f"/communications/rounds/{round.pk}/position/",
            {"text_en": "Edited position"},
            lambda: list(StatePosition.objects.filter(round=round).values_list("texts__text", flat=True)),
        ),
        "internal deadline": (
            "mfa",
            f"/communications/deadlines/{internal.pk}/change/",
            {"due_on": (internal.due_on - dt.timedelta(days=1)).isoformat(), "reason": "Earlier"},
            lambda: Deadline.objects.get(pk=internal.pk).due_on,
        ),
        "extension": (
            "mfa",
            f"/communications/deadlines/{committee.pk}/extend/",
            {"new_due_on": (committee.due_on + dt.timedelta(days=30)).isoformat(), "reason": "Granted"},
            lambda: Deadline.objects.get(pk=committee.pk).due_on,
        ),
        "meeting": (
            "moj",
            f"/meetings/{meeting.pk}/edit/",
            {"starts_at": when, "place": "Edited room", "format": "online"},
            lambda: Meeting.objects.get(pk=meeting.pk).place,
        ),
        "remedy status": (
            "mfa",
            f"/communications/remedies/{remedy.pk}/actions/",
            {"taken_on": local_date().isoformat(), "description": "Paid", "status": "implemented"},
            lambda: Remedy.objects.get(pk=remedy.pk).status,
        ),
    }


EDITS = ["communication", "position", "internal deadline", "extension", "meeting", "remedy status"]


@pytest.mark.django_db
@pytest.mark.parametrize("edit", EDITS)
def test_every_edit_page_carries_the_version_and_refuses_a_missing_or_stale_one(users, edit):
    role, url, data, current = _edits(users)[edit]
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(users[role])
    # the page carries the version it shows as a hidden field
    page = client.get(url).content.decode()
    field = re.search(r'<input type="hidden" name="expected_version" value="(\d+)"', page)
    assert field, "no hidden expected_version on the page"
    version = int(field.group(1))
    before = current()
    # an edit without the version: 409, a message, nothing changed
    missing = client.post(url, data)
    assert missing.status_code == 409
    assert "does not say which version" in missing.content.decode()
    assert current() == before
    # an edit based on an older version: 409, nothing changed
    stale = client.post(url, {**data, "expected_version": version + 7})
    assert stale.status_code == 409
    assert "Someone else changed this record" in stale.content.decode()
    assert current() == before
    # the edit based on what the page showed goes through
    saved = client.post(url, {**data, "expected_version": version})
    assert saved.status_code == 302, saved.content.decode()[:2000]
    assert current() != before


# ---------------------------------------------------------------------------------------------------------------
# API: `expected_version` or If-Match


def _api(user) -> Client:
    token = api_token(user)
    return Client(HTTP_ACCEPT_LANGUAGE="en", HTTP_AUTHORIZATION=f"Token {token}")


def _error_code(response) -> str:
    return response.json()["error"]["code"]


@pytest.mark.django_db
def test_an_api_position_edit_needs_the_version_in_the_body_or_if_match(users):
    round = round_at(users, Round.Status.ANALYSIS_SUBMITTED)
    api = _api(users["moj"])
    url = f"/api/v1/rounds/{round.pk}/position/"
    body = {"texts": {"en": "First"}}
    missing = api.post(url, body, content_type="application/json")
    assert (missing.status_code, _error_code(missing)) == (409, "version_required")
    assert not StatePosition.objects.filter(round=round).exists()
    assert api.post(url, {**body, "expected_version": 0}, content_type="application/json").status_code == 200
    version = StatePosition.objects.get(round=round).lock_version
    stale = api.post(
        url, {"texts": {"en": "Second"}}, content_type="application/json", HTTP_IF_MATCH=f'"{version - 1}"'
    )
    assert (stale.status_code, _error_code(stale)) == (409, "concurrent_edit")
    fresh = api.post(url, {"texts": {"en": "Second"}}, content_type="application/json", HTTP_IF_MATCH=f'"{version}"')
    assert fresh.status_code == 200
    assert fresh.json()["position"]["lock_version"] == version + 1


@pytest.mark.django_db
def test_api_deadline_extension_and_remedy_status_need_the_version(users):
    round = round_at(users, Round.Status.REFERRED)
    committee = round.deadlines.get(kind=DeadlineKind.COMMITTEE)
    api = _api(users["mfa"])
    url = f"/api/v1/deadlines/{committee.pk}/extensions/"
    body = {"new_due_on": (committee.due_on + dt.timedelta(days=30)).isoformat(), "reason": "Granted"}
    missing = api.post(url, body, content_type="application/json")
    assert (missing.status_code, _error_code(missing)) == (409, "version_required")
    listed = api.get("/api/v1/deadlines/?limit=100").json()["results"]
    assert [row["lock_version"] for row in listed if row["id"] == committee.pk] == [committee.lock_version]
    ok = api.post(url, {**body, "expected_version": committee.lock_version}, content_type="application/json")
    assert ok.status_code == 201
    assert Deadline.objects.get(pk=committee.pk).due_on == committee.due_on + dt.timedelta(days=30)

    remedy = _remedy(users)
    url = f"/api/v1/remedies/{remedy.pk}/actions/"
    action = {"taken_on": local_date().isoformat(), "description": "Paid", "status": "implemented"}
    missing = api.post(url, action, content_type="application/json")
    assert (missing.status_code, _error_code(missing)) == (409, "version_required")
    assert Remedy.objects.get(pk=remedy.pk).status == Remedy.Status.PENDING
    ok = api.post(url, action, content_type="application/json", HTTP_IF_MATCH=str(remedy.lock_version))
    assert ok.status_code == 201 and ok.json()["status"] == "implemented"
