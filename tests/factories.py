"""factory_boy factories and builders that take a round to any stage of the path through the real services."""

import datetime as dt
import itertools

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from communications import reference_data, services
from communications.models import (
    Committee,
    InternalDeadlinePolicy,
    LegalAnalysis,
    NoteKind,
    Round,
    TimeLimit,
)
from iwg.calendar import local_date
from iwg.models import Agency, User
from iwg.roles import Role
from meetings import services as meeting_services
from meetings.models import AgendaItem
from portal.demo import minimal_pdf

_counter = itertools.count(1)


def ensure_reference_data() -> None:
    """Committees, time limits, policies and agencies (a transactional test's flush removes the migration's)."""
    if not TimeLimit.objects.exists():
        reference_data.load(
            Agency=Agency, Committee=Committee, TimeLimit=TimeLimit, InternalDeadlinePolicy=InternalDeadlinePolicy
        )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    class Params:
        agency_code = "MFA"

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.kz")
    role = Role.MFA_OFFICER
    language = "en"  # tests read English unless they switch
    agency = factory.LazyAttribute(lambda user: Agency.objects.get(code=user.agency_code))
    password = factory.django.Password("test-Password-123")


def pdf_file(name: str = "analysis.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, minimal_pdf(name), content_type="application/pdf")


def next_number() -> str:
    return f"{9000 + next(_counter)}/2026"


def register_note(users, *, committee="CCPR", number=None, kind=NoteKind.NEW_COMMUNICATION, ohchr_date=None, **extra):
    """Register an incoming note as the MFA officer; returns the note."""
    ohchr_date = ohchr_date or local_date() - dt.timedelta(days=10)
    return services.note_register(
        actor=users["mfa"],
        committee_code=committee,
        communication_number=number or next_number(),
        kind=kind,
        registry_number=extra.pop("registry_number", f"IN-{next(_counter):05d}"),
        received_on=extra.pop("received_on", min(ohchr_date + dt.timedelta(days=3), local_date())),
        ohchr_reference=extra.pop("ohchr_reference", "G/SO 215/51"),
        ohchr_date=ohchr_date,
        **extra,
    )


def submit_analysis(users, round, **extra):
    return services.analysis_submit(
        actor=users["pgo"],
        round=round,
        document=extra.pop("document", pdf_file()),
        summary=extra.pop("summary", "Domestic remedies were not exhausted."),
        admissibility_conclusion=extra.pop("admissibility_conclusion", LegalAnalysis.Conclusion.INADMISSIBLE),
        merits_conclusion=extra.pop("merits_conclusion", LegalAnalysis.Conclusion.NO_VIOLATION),
    )


def held_meeting_for(users, rounds, decision=AgendaItem.Decision.APPROVE_POSITION):
    meeting = meeting_services.meeting_schedule(actor=users["moj"], starts_at=timezone.now() - dt.timedelta(hours=2))
    items = [meeting_services.agenda_item_add(actor=users["moj"], meeting=meeting, round=r) for r in rounds]
    meeting_services.meeting_record_held(
        actor=users["moj"],
        meeting=meeting,
        participants=[users["moj"], users["pgo"]],
        decisions={item.pk: (decision, "") for item in items},
    )
    return meeting


STAGES = [
    Round.Status.REGISTERED,
    Round.Status.REFERRED,
    Round.Status.ANALYSIS_SUBMITTED,
    Round.Status.ON_AGENDA,
    Round.Status.IWG_APPROVED,
    Round.Status.POSITION_APPROVED,
    Round.Status.SENT,
]


def round_at(users, status: str, **note_kwargs) -> Round:
    """A new round taken through the services to `status`."""
    note = register_note(users, **note_kwargs)
    round = note.opened_round
    target = STAGES.index(status)
    if target >= 1:
        services.round_refer(actor=users["mfa"], round=round)
    if target >= 2:
        submit_analysis(users, round)
    if target == 3:
        meeting = meeting_services.meeting_schedule(actor=users["moj"], starts_at=timezone.now() + dt.timedelta(days=3))
        meeting_services.agenda_item_add(actor=users["moj"], meeting=meeting, round=round)
    if target >= 4:
        services.position_draft(
            actor=users["moj"], round=round, texts={"en": "The State's position.", "ru": "Позиция."}
        )
        held_meeting_for(users, [round])
    if target >= 5:
        services.position_approve(actor=users["moj"], round=round)
    if target >= 6:
        services.position_send(
            actor=users["mfa"], round=round, registry_number=f"OUT-{next(_counter):05d}", sent_on=local_date()
        )
    return Round.objects.get(pk=round.pk)
