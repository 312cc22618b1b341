"""Item 1 of issue 11: hand-off notices. When a round reaches a step another agency takes, that agency's users are
told at once (in the app and by e-mail, at once or in the digest, in the reader's language), exactly once per
hand-off, never naming a confidential party. Recipients come from the workflow table."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import translation

from communications import services, workflow
from communications.models import Decision, HandoffNotice, NoteKind, Notification, Remedy, Round
from communications.services.handoffs import handoff_notify
from iwg.calendar import local_date
from iwg.models import User
from iwg.roles import Role
from meetings.models import AgendaItem
from tests.factories import UserFactory, held_meeting_for, register_note, round_at, submit_analysis

pytestmark = pytest.mark.django_db

SECRET = "Elena Zhukova"


@pytest.fixture
def team(users):
    """A second PGO prosecutor reading Russian who wants the daily digest, a Kazakh MoJ secretary, an MFA head."""
    extra = {
        "pgo_ru": UserFactory(
            username="pgo_ru",
            role=Role.PGO_PROSECUTOR,
            agency_code="PGO",
            language="ru",
            email_delivery=User.EmailDelivery.DIGEST,
        ),
        "moj_kk": UserFactory(username="moj_kk", role=Role.MOJ_SECRETARY, agency_code="MOJ", language="kk"),
        "mfa_head": UserFactory(username="mfa_head", role=Role.MFA_OFFICER, agency_code="MFA", is_agency_head=True),
    }
    return {**users, **extra}


def registered(team, **extra):
    return register_note(
        team,
        communication_fields={"parties": [{"role": "author", "full_name": SECRET, "is_confidential": True}]},
        **extra,
    ).opened_round


def told(step, round=None) -> list[str]:
    rows = Notification.objects.filter(handoff__step=step)
    if round is not None:
        rows = rows.filter(handoff__round=round)
    return sorted(rows.values_list("user__username", flat=True))


def test_a_referral_tells_the_pgo_and_the_moj_once_in_their_language(team, django_capture_on_commit_callbacks):
    round = registered(team)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.round_refer(actor=team["mfa"], round=round)
    expected = sorted(user.username for user in workflow.handoff_recipients("refer", round))
    assert told("refer", round) == expected == ["moj", "moj_kk", "pgo", "pgo_ru"]
    # exactly once: the same hand-off again notifies nobody
    assert handoff_notify(step="refer", communication=round.communication, round=round) is None
    assert HandoffNotice.objects.filter(step="refer").count() == 1
    assert len(told("refer", round)) == 4
    # the Russian reader reads Russian, the Kazakh reader Kazakh, the rest English; the PGO sees when it is due
    pgo_ru = Notification.objects.get(user=team["pgo_ru"], handoff__step="refer")
    with translation.override("ru"):
        assert "Передано" in pgo_ru.title_text or "Передан" in pgo_ru.title_text
        assert "2137/2012" not in pgo_ru.title_text and round.communication.number in pgo_ru.title_text
    with translation.override("en"):
        assert pgo_ru.title_text.startswith("Referred:") and "legal analysis due" in pgo_ru.title_text
    assert Notification.objects.get(user=team["moj_kk"], handoff__step="refer").title != pgo_ru.title
    # e-mails at once to those who chose it; the digest reader waits for the digest
    emailed = sorted(address for message in mail.outbox for address in message.to)
    assert emailed == sorted([team["pgo"].email, team["moj"].email, team["moj_kk"].email])


def test_every_hand_off_reaches_the_next_actor_of_the_table(team, django_capture_on_commit_callbacks):
    round = round_at(team, Round.Status.ANALYSIS_SUBMITTED)
    assert told("submit_analysis", round) == ["moj", "moj_kk"]
    submit_analysis(team, round)  # a new version is a new hand-off
    assert told("revise_analysis", round) == ["moj", "moj_kk"]
    services.position_draft(actor=team["moj"], round=round, texts={"en": "Position."}, expected_version=0)
    held_meeting_for(team, [round])
    assert told("iwg_approve", round) == ["moj", "moj_kk"]
    services.position_approve(actor=team["moj"], round=round)
    assert told("approve_position", round) == ["mfa", "mfa_head"]
    other = round_at(team, Round.Status.ANALYSIS_SUBMITTED)
    held_meeting_for(team, [other], decision=AgendaItem.Decision.MORE_ANALYSIS)
    assert told("iwg_more_analysis", other) == ["pgo", "pgo_ru"]


def test_views_tell_the_agency_answering_for_each_remedy(team):
    communication = register_note(team, kind=NoteKind.VIEWS_ADOPTED).communication
    decision = services.decision_record(
        actor=team["mfa"],
        communication=communication,
        kind=Decision.Kind.VIEWS_VIOLATION,
        adopted_on=local_date() - dt.timedelta(days=3),
        remedies=[
            {"kind": Remedy.Kind.REVIEW, "description": "Review", "responsible_agency": "MIA"},
            {"kind": Remedy.Kind.COMPENSATION, "description": "Pay", "responsible_agency": "PGO"},
        ],
    )
    rows = Notification.objects.filter(handoff__step="views_remedy")
    assert sorted(rows.values_list("user__username", "parameters__params__remedy")) == [
        ("iwg", Remedy.Kind.REVIEW),
        ("pgo", Remedy.Kind.COMPENSATION),
        ("pgo_ru", Remedy.Kind.COMPENSATION),
    ]
    # the same remedies again notify nobody
    assert rows.count() == 3 and decision.remedies.count() == 2


def test_an_interim_measures_request_tells_the_supervisor_pgo_and_moj_at_once(team, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        round = registered(team, kind=NoteKind.INTERIM_MEASURES)
    assert told("urgent_note", round) == ["mfa_head", "moj", "moj_kk", "pgo", "pgo_ru"]
    # urgent: e-mailed at once, also to whoever chose the digest
    emailed = sorted(address for message in mail.outbox for address in message.to)
    assert team["pgo_ru"].email in emailed and len(emailed) == 5


def test_hand_offs_never_name_a_confidential_party(team, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        round = registered(team, kind=NoteKind.INTERIM_MEASURES)
        services.round_refer(actor=team["mfa"], round=round)
    rows = list(Notification.objects.filter(handoff__isnull=False))
    assert rows
    for language in ("en", "ru", "kk"):
        with translation.override(language):
            for row in rows:
                assert SECRET not in row.title_text + row.message_text
    assert all(SECRET not in message.subject + message.body for message in mail.outbox)


def test_a_historical_entry_hands_nothing_off(team):
    register_note(
        team,
        number="9/2015",
        kind=NoteKind.INTERIM_MEASURES,
        ohchr_date=dt.date(2015, 2, 1),
        received_on=dt.date(2015, 2, 3),
        historical=True,
    )
    assert not HandoffNotice.objects.exists()


def test_the_iwg_cannot_approve_a_position_that_has_no_draft(team):
    from django.core.exceptions import ValidationError

    round = round_at(team, Round.Status.ANALYSIS_SUBMITTED)
    with pytest.raises(ValidationError, match="no draft State position"):
        held_meeting_for(team, [round])
    round.refresh_from_db()
    assert round.status == Round.Status.ON_AGENDA
    assert not Notification.objects.filter(handoff__step="iwg_approve").exists()
