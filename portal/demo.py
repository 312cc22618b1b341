"""Demo data for the embedded default: one user per role and a dozen communications spread over every stage
of the path, built through the same services the pages and the API call."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from communications import services
from communications.models import Communication, Decision, LegalAnalysis, NoteKind, Remedy, Round, StatePosition
from iwg.calendar import local_date
from iwg.models import Agency, User
from iwg.roles import Role
from meetings import services as meeting_services
from meetings.models import AgendaItem

from .demo_recommendations import load_recommendations_demo

DEMO_PASSWORD = "demo-Password-2026"

DEMO_USERS = [
    # username, first, last, role, agency, head of agency, language
    ("mfa", "Aigerim", "Sadykova", Role.MFA_OFFICER, "MFA", False, "ru"),
    ("mfa_head", "Nurlan", "Abenov", Role.MFA_OFFICER, "MFA", True, "ru"),
    ("pgo", "Daniyar", "Omarov", Role.PGO_PROSECUTOR, "PGO", False, "ru"),
    ("moj", "Saule", "Tulegenova", Role.MOJ_SECRETARY, "MOJ", False, "kk"),
    ("iwg", "Arman", "Bekov", Role.IWG_MEMBER, "MIA", False, "ru"),
    ("auditor", "Gulnara", "Ismailova", Role.AUDITOR, "MOJ", False, "en"),
    ("admin", "System", "Administrator", Role.ADMINISTRATOR, "MFA", False, "en"),
]


def minimal_pdf(title: str) -> bytes:
    """A small valid one-page PDF, so that the demo's documents open."""
    text = title.encode("latin-1", "replace")
    stream = b"BT /F1 18 Tf 72 720 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def pdf_upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, minimal_pdf(name), content_type="application/pdf")


def demo_users() -> dict[str, User]:
    users = {}
    agencies = {agency.code: agency for agency in Agency.objects.all()}
    for username, first, last, role, agency, head, language in DEMO_USERS:
        user, _ = User.objects.get_or_create(username=username)
        user.first_name, user.last_name, user.role = first, last, role
        user.agency, user.is_agency_head, user.language = agencies[agency], head, language
        user.email = f"{username}@example.kz"
        user.is_staff = user.is_superuser = role == Role.ADMINISTRATOR
        user.set_password(DEMO_PASSWORD)
        user._history_user = None  # type: ignore[attr-defined]
        user._change_reason = "Demo user"  # type: ignore[attr-defined]
        user.save()
        users[username] = user
    return users


class _Path:
    """Takes one communication along the path with the demo users."""

    def __init__(self, users):
        self.users = users
        self.counter = 0

    def registry(self, prefix="IN") -> str:
        self.counter += 1
        return f"{prefix}-DEMO-{self.counter:03d}"

    def register(self, committee, number, kind, ohchr_date, *, subject="", parties=(), **fields):
        note = services.note_register(
            actor=self.users["mfa"],
            committee_code=committee,
            communication_number=number,
            kind=kind,
            registry_number=self.registry(),
            received_on=min(ohchr_date + dt.timedelta(days=5), local_date()),
            ohchr_reference=f"G/SO 215/51 {committee} {number}",
            ohchr_date=ohchr_date,
            summary=subject[:200],
            communication_fields={
                "subject": subject,
                "articles_invoked": fields.get("articles", ["7", "9", "14"]),
                "submitted_on": ohchr_date - dt.timedelta(days=120),
                "parties": list(parties),
            },
        )
        return note.communication, getattr(note, "opened_round", None)

    def refer(self, round):
        return services.round_refer(actor=self.users["mfa"], round=round)

    def analyse(self, round, version_note=""):
        return services.analysis_submit(
            actor=self.users["pgo"],
            round=round,
            document=pdf_upload(f"legal-analysis-{round.pk}.pdf"),
            summary="The author did not exhaust domestic remedies; the courts examined the claims in full. "
            + version_note,
            admissibility_conclusion=LegalAnalysis.Conclusion.INADMISSIBLE,
            merits_conclusion=LegalAnalysis.Conclusion.NO_VIOLATION,
        )

    def draft(self, round):
        position = StatePosition.objects.filter(round=round).first()
        return services.position_draft(
            actor=self.users["moj"],
            round=round,
            expected_version=position.lock_version if position else 0,
            texts={
                "ru": "Государство-участник считает сообщение неприемлемым ввиду неисчерпания внутренних средств.",
                "en": "The State party considers the communication inadmissible for non-exhaustion of remedies.",
            },
        )


@transaction.atomic
def load_demo() -> dict[str, User]:
    users = demo_users()
    if Communication.objects.filter(number__endswith="/DEMO").exists() or Communication.objects.exists():
        return users
    path = _Path(users)
    today = local_date()
    now = timezone.now()
    ago = lambda days: today - dt.timedelta(days=days)  # noqa: E731

    person = lambda name, confidential=False: {  # noqa: E731
        "role": "author",
        "full_name": name,
        "is_confidential": confidential,
    }
    # 1. Registered only.
    path.register(
        "CCPR",
        "4101/2025",
        NoteKind.NEW_COMMUNICATION,
        ago(10),
        subject="Detention without judicial review",
        parties=[person("Yerlan Kassymov")],
    )
    # 2. Referred, PGO analysis overdue.
    _, r2 = path.register(
        "CAT",
        "1201/2025",
        NoteKind.NEW_COMMUNICATION,
        ago(150),
        subject="Alleged ill-treatment in custody",
        parties=[person("Marat Zhaksybekov")],
    )
    path.refer(r2)
    # 3. Analysis in, ready for the agenda.
    _, r3 = path.register(
        "CEDAW",
        "210/2025",
        NoteKind.NEW_COMMUNICATION,
        ago(60),
        subject="Domestic violence and protection orders",
        parties=[person("Aliya Nurpeisova", confidential=True)],
    )
    path.refer(r3)
    path.analyse(r3)
    # 4. On the agenda of the next (planned) meeting.
    _, r4 = path.register(
        "CERD",
        "88/2025",
        NoteKind.NEW_COMMUNICATION,
        ago(40),
        subject="Discrimination in access to housing",
        parties=[person("Rustam Aliyev")],
    )
    path.refer(r4)
    path.analyse(r4)
    # 5. IWG approved at meeting 24; position drafted, awaiting approval.
    _, r5 = path.register(
        "CCPR",
        "3990/2024",
        NoteKind.NEW_COMMUNICATION,
        ago(120),
        subject="Freedom of peaceful assembly",
        parties=[person("Bolat Seitkali")],
    )
    path.refer(r5)
    path.analyse(r5)
    path.draft(r5)
    # 6. Position approved, awaiting dispatch.
    _, r6 = path.register(
        "CRPD",
        "77/2025",
        NoteKind.NEW_COMMUNICATION,
        ago(130),
        subject="Reasonable accommodation at work",
        parties=[person("Dana Mukhamedova")],
    )
    path.refer(r6)
    path.analyse(r6)
    path.draft(r6)
    # 7. Position sent; waiting for the committee.
    _, r7 = path.register(
        "CCPR",
        "3500/2023",
        NoteKind.NEW_COMMUNICATION,
        ago(300),
        subject="Fair trial guarantees",
        parties=[person("Timur Akhmetov")],
    )
    path.refer(r7)
    path.analyse(r7)
    path.draft(r7)

    meeting_23 = meeting_services.meeting_schedule(
        actor=users["moj"], starts_at=now - dt.timedelta(days=200), place="Ministry of Justice, Astana", number=23
    )
    meeting_24 = meeting_services.meeting_schedule(
        actor=users["moj"],
        starts_at=now - dt.timedelta(days=20),
        place="Ministry of Justice, Astana",
        number=24,
        chair=users["moj"],
    )
    items_23 = [meeting_services.agenda_item_add(actor=users["moj"], meeting=meeting_23, round=r7)]
    meeting_services.meeting_record_held(
        actor=users["moj"],
        meeting=meeting_23,
        participants=[users["moj"], users["pgo"], users["mfa"], users["iwg"]],
        decisions={items_23[0].pk: (AgendaItem.Decision.APPROVE_POSITION, "")},
        minutes_summary="Position approved.",
    )
    items = [meeting_services.agenda_item_add(actor=users["moj"], meeting=meeting_24, round=r) for r in (r5, r6)]
    meeting_services.meeting_record_held(
        actor=users["moj"],
        meeting=meeting_24,
        participants=[users["moj"], users["pgo"], users["mfa"], users["iwg"]],
        decisions={item.pk: (AgendaItem.Decision.APPROVE_POSITION, "") for item in items},
        minutes_file=pdf_upload("minutes-24.pdf"),
        minutes_summary="Draft positions approved.",
    )
    meeting_25 = meeting_services.meeting_schedule(
        actor=users["moj"],
        starts_at=now + dt.timedelta(days=9),
        place="Ministry of Justice, Astana",
        number=25,
        chair=users["moj"],
    )
    meeting_services.agenda_item_add(actor=users["moj"], meeting=meeting_25, round=r4)
    services.position_approve(actor=users["moj"], round=Round.objects.get(pk=r6.pk))
    services.position_approve(actor=users["moj"], round=Round.objects.get(pk=r7.pk))
    services.position_send(
        actor=users["mfa"], round=Round.objects.get(pk=r7.pk), registry_number=path.registry("OUT"), sent_on=ago(150)
    )

    # 8. Views with a violation, remedies, a follow-up round and grades.
    c8, r8 = path.register(
        "CCPR",
        "2137/2012",
        NoteKind.VIEWS_ADOPTED,
        ago(100),
        subject="Arbitrary detention and torture",
        parties=[person("Kairat Dzhumabaev")],
    )
    decision = services.decision_record(
        actor=users["mfa"],
        communication=c8,
        kind=Decision.Kind.VIEWS_VIOLATION,
        adopted_on=ago(110),
        symbol="CCPR/C/130/D/2137/2012",
        articles_violated=["7", "9(3)", "14(3)(g)"],
        remedies=[
            {
                "kind": Remedy.Kind.COMPENSATION,
                "description": "Adequate compensation including legal costs",
                "responsible_agency": "MOF",
            },
            {"kind": Remedy.Kind.REVIEW, "description": "Review of the conviction", "responsible_agency": "SC"},
            {
                "kind": Remedy.Kind.PUBLICATION,
                "description": "Publish the Views in Kazakh and Russian",
                "responsible_agency": "MOJ",
            },
        ],
    )
    path.refer(r8)
    remedy = decision.remedies.order_by("id")[0]
    services.remedy_action_record(
        actor=users["mfa"],
        remedy=remedy,
        taken_on=ago(30),
        description="Claim for compensation filed with the Ministry of Finance",
        status=Remedy.Status.IN_PROGRESS,
        expected_version=remedy.lock_version,
    )
    services.remedy_grade(
        actor=users["mfa"],
        remedy=remedy,
        grade="B",
        assessed_on=ago(20),
        state_assessment=Remedy.Status.IN_PROGRESS,
        reference="CCPR/C/133/3",
    )
    # 9. Inadmissible, decided.
    c9, _ = path.register("CAT", "900/2019", NoteKind.NEW_COMMUNICATION, ago(900), subject="Extradition risk")
    services.decision_record(
        actor=users["mfa"],
        communication=c9,
        kind=Decision.Kind.INADMISSIBLE,
        adopted_on=ago(400),
        symbol="CAT/C/75/D/900/2019",
    )
    # 10. Interim measures: urgent, referred.
    _, r10 = path.register(
        "CRC",
        "45/2025",
        NoteKind.INTERIM_MEASURES,
        ago(2),
        subject="Medical care for a child in detention",
        parties=[person("A.B.", confidential=True)],
    )
    path.refer(r10)
    # 11. Confidential author, additional information overdue.
    _, r11 = path.register(
        "CCPR",
        "3800/2024",
        NoteKind.ADDITIONAL_INFORMATION,
        ago(75),
        subject="Health care in detention",
        parties=[person("Elena Zhukova", confidential=True)],
    )
    path.refer(r11)
    # 12. Discontinued.
    path.register("CEDAW", "150/2020", NoteKind.NEW_COMMUNICATION, ago(700), subject="Employment discrimination")
    path.register("CEDAW", "150/2020", NoteKind.DISCONTINUANCE, ago(90))
    load_recommendations_demo(users, next_meeting=meeting_25, communication=c8)
    return users
