"""Item 3 of issue 11: correct mistakes, never lose them. The MFA corrects a communication's committee and number,
edits and removes a party, changes the confidentiality flag, voids a note or a round registered by mistake and
merges a communication registered twice. Each act is tested four ways (allowed, illegal state, repeated, a role
that may not), with its history, its timeline entry, what it recomputes, and that no row is deleted."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from communications import selectors, services
from communications.models import (
    Communication,
    Deadline,
    DeadlineKind,
    Event,
    JoinedNumber,
    NoteKind,
    NoteVerbale,
    Notification,
    Party,
    Round,
)
from iwg.calendar import add_period, local_date
from iwg.errors import ConcurrentEdit, InvalidTransition, PermissionRefused
from portal import selectors as portal_selectors
from tests.factories import register_note, round_at

pytestmark = pytest.mark.django_db

REASON = "Typed wrongly at registration"


def _case(users, *, number=None, parties=None, **extra):
    fields = {"parties": parties or [{"role": "author", "full_name": "Aliya Nurpeisova"}]}
    note = register_note(users, number=number, communication_fields=fields, **extra)
    return Communication.objects.get(pk=note.communication_id), note


def _version(communication) -> int:
    return Communication.objects.get(pk=communication.pk).lock_version


def _counts() -> dict:
    from communications.models import Document

    return {
        model.__name__: model.objects.count()
        for model in (Communication, Party, NoteVerbale, Round, Deadline, Event, JoinedNumber, Document)
    }


def _event_details(communication, kind) -> list[str]:
    return [event.detail for event in Event.objects.filter(communication=communication, kind=kind)]


# ---------------------------------------------------------------------------------------------------------------
# Committee and number


def test_the_number_is_corrected_with_history_and_a_timeline_entry(users):
    communication, _note = _case(users, number="9100/2026")
    services.communication_correct_number(
        actor=users["mfa"],
        communication=communication,
        expected_version=_version(communication),
        committee_code="CCPR",
        number="9101/2026",
        reason=REASON,
    )
    communication.refresh_from_db()
    assert communication.number == "9101/2026"
    assert [r.number for r in communication.history.all()[:2]] == ["9101/2026", "9100/2026"]
    assert "number_corrected" in communication.history.first().history_change_reason
    (detail,) = _event_details(communication, Event.Kind.NUMBER_CORRECTED)
    assert "CCPR 9100/2026" in detail and "CCPR 9101/2026" in detail and REASON in detail


def test_a_committee_change_recomputes_the_deadlines_that_depend_on_it(users):
    # given a CCPR case: 6 months for observations, 2 for asking admissibility to be examined separately
    ohchr_date = local_date() - dt.timedelta(days=10)
    communication, note = _case(users, number="9102/2026", ohchr_date=ohchr_date)
    round = note.opened_round
    committee_deadline = round.deadlines.get(kind=DeadlineKind.COMMITTEE)
    assert committee_deadline.due_on == add_period(ohchr_date, months=6)
    pgo_before = round.deadlines.get(kind=DeadlineKind.PGO_ANALYSIS).due_on

    # when the MFA corrects it to CERD (3 months, no separate admissibility request)
    services.communication_correct_number(
        actor=users["mfa"],
        communication=communication,
        expected_version=_version(communication),
        committee_code="CERD",
        number="9102/2026",
        reason="It is a CERD case",
    )

    # then the committee deadline and the internal ones are recomputed, with the old dates in history
    committee_deadline.refresh_from_db()
    assert committee_deadline.due_on == add_period(ohchr_date, months=3)
    assert committee_deadline.history.all()[1].due_on == add_period(ohchr_date, months=6)
    assert "deadline_recomputed" in committee_deadline.history.first().history_change_reason
    assert round.deadlines.get(kind=DeadlineKind.PGO_ANALYSIS).due_on < pgo_before
    admissibility = round.deadlines.get(kind=DeadlineKind.ADMISSIBILITY_REQUEST)
    assert admissibility.status == Deadline.Status.CANCELLED
    communication.refresh_from_db()
    assert communication.committee.code == "CERD"
    assert communication.next_due_on == round.deadlines.get(kind=DeadlineKind.PGO_ANALYSIS).due_on


def test_a_number_of_another_case_or_an_ill_formed_one_is_refused(users):
    communication, _note = _case(users, number="9103/2026")
    other, _ = _case(users, number="9104/2026")
    for number in ("9104/2026", "abc; DROP TABLE", "12/1980"):
        with pytest.raises(ValidationError) as refused:
            services.communication_correct_number(
                actor=users["mfa"],
                communication=communication,
                expected_version=_version(communication),
                committee_code="CCPR",
                number=number,
                reason=REASON,
            )
        assert "number" in refused.value.message_dict
    assert Communication.objects.get(pk=communication.pk).number == "9103/2026"
    assert _event_details(communication, Event.Kind.NUMBER_CORRECTED) == []


def test_a_repeated_number_correction_is_refused_as_stale(users):
    communication, _note = _case(users, number="9105/2026")
    version = _version(communication)
    call = dict(
        actor=users["mfa"],
        communication=communication,
        expected_version=version,
        committee_code="CCPR",
        number="9106/2026",
        reason=REASON,
    )
    services.communication_correct_number(**call)
    with pytest.raises(ConcurrentEdit):
        services.communication_correct_number(**call)
    with pytest.raises(ValidationError):  # the same values again, on the current version: nothing to correct
        services.communication_correct_number(**{**call, "expected_version": _version(communication)})
    assert len(_event_details(communication, Event.Kind.NUMBER_CORRECTED)) == 1


@pytest.mark.parametrize("role", ["pgo", "moj", "iwg", "auditor", "admin"])
def test_only_the_mfa_corrects_a_number(users, role):
    communication, _note = _case(users, number="9107/2026")
    with pytest.raises(PermissionRefused):
        services.communication_correct_number(
            actor=users[role],
            communication=communication,
            expected_version=_version(communication),
            committee_code="CCPR",
            number="9108/2026",
            reason=REASON,
        )


def test_a_correction_needs_a_reason(users):
    communication, _note = _case(users, number="9109/2026")
    with pytest.raises(ValidationError) as refused:
        services.communication_correct_number(
            actor=users["mfa"],
            communication=communication,
            expected_version=_version(communication),
            committee_code="CCPR",
            number="9110/2026",
            reason="   ",
        )
    assert "reason" in refused.value.message_dict


# ---------------------------------------------------------------------------------------------------------------
# Parties


def test_a_party_is_edited_with_history_and_the_timeline_names_no_one(users):
    communication, _note = _case(users, number="9111/2026")
    party = communication.parties.get()
    services.party_edit(
        actor=users["mfa"],
        party=party,
        expected_version=_version(communication),
        full_name="Aliya Nurpeissova",
        role="victim",
        reason="Spelling as in the committee's letter",
    )
    party.refresh_from_db()
    assert party.full_name == "Aliya Nurpeissova" and party.role == "victim"
    assert party.history.all()[1].full_name == "Aliya Nurpeisova"
    (detail,) = _event_details(communication, Event.Kind.PARTY_EDITED)
    assert "Nurpeis" not in detail and "Spelling" in detail


def test_a_removed_party_is_kept_but_no_longer_shown_and_cannot_be_edited(users, client):
    communication, _note = _case(users, number="9112/2026")
    party = communication.parties.get()
    before = _counts()
    services.party_remove(actor=users["mfa"], party=party, expected_version=_version(communication), reason=REASON)
    assert _counts()["Party"] == before["Party"]
    party.refresh_from_db()
    assert party.is_removed and party.removed_by == users["mfa"] and party.removal_reason == REASON
    assert list(selectors.communication_detail(user=users["mfa"], pk=communication.pk).parties.all()) == []
    client.force_login(users["mfa"])
    page = client.get(communication.get_absolute_url()).content.decode()
    assert "Aliya Nurpeisova" not in page.split('id="timeline"')[0]
    # repeated and illegal: a removed party is neither removed again nor edited
    with pytest.raises(InvalidTransition):
        services.party_remove(actor=users["mfa"], party=party, expected_version=_version(communication), reason=REASON)
    with pytest.raises(InvalidTransition):
        services.party_edit(
            actor=users["mfa"], party=party, expected_version=_version(communication), full_name="X Y", reason=REASON
        )
    assert len(_event_details(communication, Event.Kind.PARTY_REMOVED)) == 1


@pytest.mark.parametrize("role", ["pgo", "moj", "iwg", "auditor"])
def test_only_the_mfa_edits_removes_or_changes_confidentiality(users, role):
    communication, _note = _case(users, number="9113/2026")
    party = communication.parties.get()
    version = _version(communication)
    with pytest.raises(PermissionRefused):
        services.party_edit(actor=users[role], party=party, expected_version=version, full_name="X", reason=REASON)
    with pytest.raises(PermissionRefused):
        services.party_remove(actor=users[role], party=party, expected_version=version, reason=REASON)
    with pytest.raises(PermissionRefused):
        services.party_set_confidential(
            actor=users[role], party=party, expected_version=version, is_confidential=True, reason=REASON
        )


def test_a_party_edit_with_nothing_changed_is_refused(users):
    communication, _note = _case(users, number="9114/2026")
    party = communication.parties.get()
    with pytest.raises(ValidationError):
        services.party_edit(
            actor=users["mfa"],
            party=party,
            expected_version=_version(communication),
            full_name="Aliya Nurpeisova",
            reason=REASON,
        )


def _case_before_the_iwg(users, number):
    """A case on an IWG agenda, which IWG members may see."""
    round = round_at(
        users,
        Round.Status.ON_AGENDA,
        number=number,
        communication_fields={"parties": [{"role": "author", "full_name": "Aliya Nurpeisova", "initials": "A.N."}]},
    )
    return round.communication


def test_a_confidentiality_change_hides_the_name_from_an_iwg_member_at_once(users, client):
    communication = _case_before_the_iwg(users, "9115/2026")
    client.force_login(users["iwg"])
    assert "Aliya Nurpeisova" in client.get(communication.get_absolute_url()).content.decode()
    party = communication.parties.get()

    services.party_set_confidential(
        actor=users["mfa"],
        party=party,
        expected_version=_version(communication),
        is_confidential=True,
        reason="The committee's letter asks for confidentiality",
    )

    page = client.get(communication.get_absolute_url()).content.decode()
    assert "Aliya Nurpeisova" not in page and "A.N." in page
    from tests.api.conftest import token_client

    body = token_client(users["iwg"]).get(f"/api/v1/communications/{communication.pk}/").content.decode()
    assert "Aliya Nurpeisova" not in body and "A.N." in body
    assert party.history.first().is_confidential is True
    assert _event_details(communication, Event.Kind.CONFIDENTIALITY_CHANGED)
    # repeated: already confidential
    with pytest.raises(InvalidTransition):
        services.party_set_confidential(
            actor=users["mfa"], party=party, expected_version=_version(communication), is_confidential=True, reason="x"
        )


# ---------------------------------------------------------------------------------------------------------------
# Voiding a note or a round


def test_a_voided_round_is_kept_cancelled_and_creates_no_reminder_in_the_sweep(users):
    # given a round whose PGO analysis is due in a few days (inside the reminder window)
    communication, note = _case(
        users,
        number="9116/2026",
        internal_due_dates={"pgo_analysis": local_date() + dt.timedelta(days=3)},
    )
    round = note.opened_round
    before = _counts()

    services.round_void(actor=users["mfa"], round=round, expected_version=_version(communication), reason=REASON)
    services.deadlines_sweep(today=local_date())

    round.refresh_from_db()
    assert round.is_voided and round.voided_by == users["mfa"] and round.void_reason == REASON
    assert round.status == Round.Status.CANCELLED
    assert not round.deadlines.filter(status__in=[Deadline.Status.OPEN, Deadline.Status.MISSED]).exists()
    assert not Notification.objects.filter(deadline__round=round).exists()
    counts = _counts()
    assert {k: v for k, v in counts.items() if k != "Event"} == {k: v for k, v in before.items() if k != "Event"}
    assert Event.objects.filter(round=round, kind=Event.Kind.ROUND_VOIDED).count() == 1
    assert "round_voided" in round.history.first().history_change_reason
    for role in ("mfa", "pgo", "moj"):
        queue = portal_selectors.home_work_queue(user=users[role])
        assert not any(r.pk == round.pk for rounds in queue.sections.values() for r in rounds)
    communication.refresh_from_db()
    assert communication.next_due_on is None and not communication.has_urgent_round


def test_a_voided_round_is_shown_as_voided_and_not_counted(users, client):
    communication, note = _case(users, number="9117/2026")
    services.round_void(
        actor=users["mfa"], round=note.opened_round, expected_version=_version(communication), reason=REASON
    )
    client.force_login(users["mfa"])
    page = client.get(communication.get_absolute_url()).content.decode()
    assert "round-voided" in page and "voided" in page and REASON in page
    assert 'Rounds <span class="badge text-bg-secondary">0</span>' in page


def test_a_round_is_voided_once_an_answered_one_never_and_only_by_the_mfa(users):
    communication, note = _case(users, number="9118/2026")
    round = note.opened_round
    with pytest.raises(PermissionRefused):
        services.round_void(actor=users["moj"], round=round, expected_version=_version(communication), reason=REASON)
    services.round_void(actor=users["mfa"], round=round, expected_version=_version(communication), reason=REASON)
    with pytest.raises(InvalidTransition):
        services.round_void(actor=users["mfa"], round=round, expected_version=_version(communication), reason=REASON)
    sent = round_at(users, Round.Status.SENT)
    with pytest.raises(InvalidTransition):
        services.round_void(
            actor=users["mfa"], round=sent, expected_version=_version(sent.communication), reason=REASON
        )


def test_a_voided_note_voids_its_round_and_stays_on_the_page(users, client):
    communication, note = _case(users, number="9119/2026")
    before = _counts()
    services.note_void(actor=users["mfa"], note=note, expected_version=_version(communication), reason=REASON)
    note.refresh_from_db()
    assert note.is_voided and note.void_reason == REASON
    assert Round.objects.get(pk=note.opened_round.pk).is_voided
    assert _counts()["NoteVerbale"] == before["NoteVerbale"]
    assert _event_details(communication, Event.Kind.NOTE_VOIDED)
    client.force_login(users["mfa"])
    page = client.get(communication.get_absolute_url()).content.decode()
    assert f"<del>{note.registry_number}" in page
    # repeated, and a role that may not
    with pytest.raises(InvalidTransition):
        services.note_void(actor=users["mfa"], note=note, expected_version=_version(communication), reason=REASON)
    with pytest.raises(PermissionRefused):
        services.note_void(actor=users["pgo"], note=note, expected_version=_version(communication), reason=REASON)


def test_an_outgoing_note_is_not_voided(users):
    sent = round_at(users, Round.Status.SENT)
    with pytest.raises(InvalidTransition):
        services.note_void(
            actor=users["mfa"],
            note=sent.outgoing_note,
            expected_version=_version(sent.communication),
            reason=REASON,
        )


# ---------------------------------------------------------------------------------------------------------------
# Merging a communication registered twice


def test_a_merge_keeps_both_numbers_and_everything_from_both(users, client):
    # given the same case registered twice: the second time under a mistyped number, with its own first note
    kept, kept_note = _case(users, number="9120/2026")
    duplicate, duplicate_note = _case(
        users, number="9121/2026", parties=[{"role": "counsel", "full_name": "Dana Mukhamedova"}]
    )
    extra = register_note(users, number="9121/2026", kind=NoteKind.ADDITIONAL_INFORMATION)
    services.communication_join_number(actor=users["mfa"], communication=duplicate, number="9122/2026")
    # both have a first-reply round: refused until the mistaken one is voided
    with pytest.raises(ValidationError):
        services.communication_merge(
            actor=users["mfa"], communication=kept, duplicate=duplicate, expected_version=_version(kept), reason=REASON
        )
    services.note_void(
        actor=users["mfa"], note=duplicate_note, expected_version=_version(duplicate), reason="Registered twice"
    )
    before = _counts()

    services.communication_merge(
        actor=users["mfa"], communication=kept, duplicate=duplicate, expected_version=_version(kept), reason=REASON
    )

    # then nothing is deleted, everything is on the kept one, and both numbers find it
    after = _counts()
    assert after["Communication"] == before["Communication"]
    assert after["JoinedNumber"] == before["JoinedNumber"] + 1
    duplicate.refresh_from_db()
    assert duplicate.merged_into_id == kept.pk
    assert set(kept.notes.values_list("pk", flat=True)) == {kept_note.pk, duplicate_note.pk, extra.pk}
    assert kept.rounds.count() == 3 and kept.parties.count() == 2
    assert set(kept.joined_numbers.values_list("number", flat=True)) == {"9121/2026", "9122/2026"}
    assert not duplicate.notes.exists() and not duplicate.rounds.exists()
    for number in ("9120/2026", "9121/2026", "9122/2026"):
        assert selectors.communication_find(committee=kept.committee, number=number).pk == kept.pk
        found = selectors.communication_list(user=users["mfa"], filters={"q": number})
        assert [c.pk for c in found] == [kept.pk]
    assert _event_details(kept, Event.Kind.MERGED) and _event_details(duplicate, Event.Kind.MERGED)
    assert "merged_into" in duplicate.history.first().history_change_reason
    # the duplicate's page leads to the kept one
    client.force_login(users["mfa"])
    response = client.get(duplicate.get_absolute_url())
    assert response.status_code == 302 and response["Location"] == kept.get_absolute_url()
    # repeated, and illegal afterwards
    with pytest.raises(InvalidTransition):
        services.communication_merge(
            actor=users["mfa"], communication=kept, duplicate=duplicate, expected_version=_version(kept), reason=REASON
        )
    with pytest.raises(InvalidTransition):
        services.communication_correct_number(
            actor=users["mfa"],
            communication=duplicate,
            expected_version=_version(duplicate),
            committee_code="CCPR",
            number="9123/2026",
            reason=REASON,
        )


def test_a_merge_across_committees_or_into_itself_is_refused_and_only_the_mfa_merges(users):
    kept, _ = _case(users, number="9124/2026")
    other, _ = _case(users, committee="CAT", number="9125/2026")
    for duplicate in (kept, other):
        with pytest.raises(ValidationError):
            services.communication_merge(
                actor=users["mfa"],
                communication=kept,
                duplicate=duplicate,
                expected_version=_version(kept),
                reason=REASON,
            )
    with pytest.raises(PermissionRefused):
        services.communication_merge(
            actor=users["moj"], communication=kept, duplicate=other, expected_version=_version(kept), reason=REASON
        )
    assert not Communication.objects.filter(merged_into__isnull=False).exists()


# ---------------------------------------------------------------------------------------------------------------
# Pages


def test_the_correction_pages_ask_for_a_reason_and_refuse_other_roles(users, client):
    communication, note = _case(users, number="9126/2026")
    party = communication.parties.get()
    urls = [
        reverse("communications:correct", args=[communication.pk]),
        reverse("communications:merge", args=[communication.pk]),
        reverse("communications:party_edit", args=[communication.pk, party.pk]),
        reverse("communications:party_confidentiality", args=[communication.pk, party.pk]),
        reverse("communications:party_remove", args=[communication.pk, party.pk]),
        reverse("communications:note_void", args=[communication.pk, note.pk]),
        reverse("communications:round_void", args=[communication.pk, note.opened_round.pk]),
    ]
    client.force_login(users["mfa"])
    page = client.get(communication.get_absolute_url()).content.decode()
    for url in urls:
        assert url in page
        response = client.get(url)
        assert response.status_code == 200 and 'name="reason"' in response.content.decode()
        response = client.post(url, {"reason": "", "expected_version": _version(communication)})
        assert response.status_code == 200  # the form again, with the reason required
    client.force_login(users["pgo"])
    assert url not in client.get(communication.get_absolute_url()).content.decode()
    for url in urls:
        assert client.get(url).status_code == 403


def test_voiding_a_round_from_the_page(users, client):
    communication, note = _case(users, number="9127/2026")
    client.force_login(users["mfa"])
    url = reverse("communications:round_void", args=[communication.pk, note.opened_round.pk])
    assert 'data-confirm="' in client.get(url).content.decode()
    response = client.post(url, {"reason": REASON, "expected_version": _version(communication)})
    assert response.status_code == 302
    assert Round.objects.get(pk=note.opened_round.pk).is_voided
    # the page was based on an old version: refused, nothing changed
    stale = client.post(
        reverse("communications:correct", args=[communication.pk]),
        {"committee": "CCPR", "number": "9128/2026", "reason": REASON, "expected_version": 0},
    )
    assert stale.status_code == 409
    assert Communication.objects.get(pk=communication.pk).number == "9127/2026"
