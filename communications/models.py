"""Communications and everything that happens to them: notes verbales, rounds, deadlines, legal analyses,
State positions, final decisions, remedies and the event log that the timeline shows.

Status moves are data (`ROUND_TRANSITIONS`) enforced by `communications.services.common.round_move`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from iwg import texts
from iwg.models import Agency, BaseModel


class CommitteeCode(models.TextChoices):
    CCPR = "CCPR", _("Human Rights Committee")
    CAT = "CAT", _("Committee against Torture")
    CERD = "CERD", _("Committee on the Elimination of Racial Discrimination")
    CEDAW = "CEDAW", _("Committee on the Elimination of Discrimination against Women")
    CRPD = "CRPD", _("Committee on the Rights of Persons with Disabilities")
    CRC = "CRC", _("Committee on the Rights of the Child")


class NoteKind(models.TextChoices):
    """Kinds of note verbale. Incoming kinds come from OHCHR; the outgoing kind carries the State's reply."""

    NEW_COMMUNICATION = "new_communication", _("New communication transmitted for observations")
    INTERIM_MEASURES = "interim_measures", _("Request for interim measures")
    PROTECTION_MEASURES = "protection_measures", _("Request for protection measures (reprisals)")
    ADDITIONAL_INFORMATION = "additional_information", _("Request for additional information or comments")
    ADMISSIBILITY_DECISION = "admissibility_decision", _("Decision on examining admissibility separately")
    EXTENSION_GRANTED = "extension_granted", _("Extension granted")
    VIEWS_ADOPTED = "views_adopted", _("Views or decision adopted (with follow-up request)")
    FOLLOW_UP_REMINDER = "follow_up_reminder", _("Follow-up reminder")
    FOLLOW_UP_ASSESSMENT = "follow_up_assessment", _("Follow-up assessment")
    DISCONTINUANCE = "discontinuance", _("Discontinuance")
    STATE_REPLY = "state_reply", _("State's reply (outgoing)")


# Kinds that ask the State for a reply and so open a round.
ROUND_OPENING_KINDS = frozenset(
    {
        NoteKind.NEW_COMMUNICATION,
        NoteKind.INTERIM_MEASURES,
        NoteKind.PROTECTION_MEASURES,
        NoteKind.ADDITIONAL_INFORMATION,
        NoteKind.VIEWS_ADOPTED,
        NoteKind.FOLLOW_UP_REMINDER,
    }
)
URGENT_KINDS = frozenset({NoteKind.INTERIM_MEASURES, NoteKind.PROTECTION_MEASURES})
INCOMING_KINDS = [kind for kind in NoteKind if kind != NoteKind.STATE_REPLY]


class DeadlineKind(models.TextChoices):
    COMMITTEE = "committee", _("Committee's deadline for the reply")
    ADMISSIBILITY_REQUEST = "admissibility_request", _("Last day to ask for admissibility to be examined separately")
    PGO_ANALYSIS = "pgo_analysis", _("PGO legal analysis")
    IWG_CONSIDERATION = "iwg_consideration", _("IWG consideration")
    POSITION_APPROVAL = "position_approval", _("Approval of the State position")
    DISPATCH = "dispatch", _("Dispatch to OHCHR")


COMMITTEE_DEADLINE_KINDS = frozenset({DeadlineKind.COMMITTEE, DeadlineKind.ADMISSIBILITY_REQUEST})
INTERNAL_DEADLINE_KINDS = (
    DeadlineKind.PGO_ANALYSIS,
    DeadlineKind.IWG_CONSIDERATION,
    DeadlineKind.POSITION_APPROVAL,
    DeadlineKind.DISPATCH,
)
# Deadlines that are options for the State rather than obligations: never "missed" or escalated.
OPTIONAL_DEADLINE_KINDS = frozenset({DeadlineKind.ADMISSIBILITY_REQUEST})
# Who answers for each internal step.
INTERNAL_DEADLINE_AGENCY = {
    DeadlineKind.PGO_ANALYSIS: Agency.Code.PGO,
    DeadlineKind.IWG_CONSIDERATION: Agency.Code.MOJ,
    DeadlineKind.POSITION_APPROVAL: Agency.Code.MOJ,
    DeadlineKind.DISPATCH: Agency.Code.MFA,
}


class Committee(BaseModel):
    """A treaty body Kazakhstan has recognised as competent to receive individual communications."""

    code = models.CharField(_("code"), max_length=10, unique=True, choices=CommitteeCode.choices)
    name = models.CharField(_("name"), max_length=200)
    treaty = models.CharField(_("treaty and procedure"), max_length=300, blank=True)
    calls_views_opinion = models.BooleanField(
        _("calls its Views an opinion"), default=False, help_text=_("CERD adopts 'opinions' rather than 'Views'.")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("committee")
        verbose_name_plural = _("committees")

    def __str__(self) -> str:
        return self.code

    @property
    def title(self) -> str:
        """The committee's name in the user's language (the stored `name` is the administrator's English text)."""
        return CommitteeCode(self.code).label if self.code in CommitteeCode.values else self.name

    @property
    def treaty_title(self) -> str:
        return TREATY_TITLES.get(self.code, self.treaty)


TREATY_TITLES = {
    CommitteeCode.CCPR: _("International Covenant on Civil and Political Rights, Optional Protocol"),
    CommitteeCode.CAT: _("Convention against Torture, article 22"),
    CommitteeCode.CERD: _(
        "International Convention on the Elimination of All Forms of Racial Discrimination, article 14"
    ),
    CommitteeCode.CEDAW: _(
        "Convention on the Elimination of All Forms of Discrimination against Women, Optional Protocol"
    ),
    CommitteeCode.CRPD: _("Convention on the Rights of Persons with Disabilities, Optional Protocol"),
    CommitteeCode.CRC: _("Convention on the Rights of the Child, Optional Protocol on a communications procedure"),
}


class TimeLimit(BaseModel):
    """A committee's time limit for one kind of note, as data an administrator can correct.

    The due date is the note's transmission date (OHCHR's date) plus `months` calendar months and `days` days.
    """

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="time_limits")
    note_kind = models.CharField(_("kind of note"), max_length=40, choices=NoteKind.choices)
    deadline_kind = models.CharField(
        _("kind of deadline"), max_length=30, choices=DeadlineKind.choices, default=DeadlineKind.COMMITTEE
    )
    months = models.PositiveSmallIntegerField(_("months"), default=0)
    days = models.PositiveSmallIntegerField(_("days"), default=0)
    basis = models.CharField(
        _("basis"), max_length=300, help_text=_("Where the period comes from, e.g. 'CCPR rule 92: 6 months'.")
    )
    to_confirm = models.BooleanField(
        _("to confirm"), default=False, help_text=_("The period is an assumption that still needs confirming.")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["committee__code", "note_kind", "deadline_kind"]
        verbose_name = _("committee time limit")
        verbose_name_plural = _("committee time limits")
        constraints = [
            models.UniqueConstraint(fields=["committee", "note_kind", "deadline_kind"], name="unique_time_limit"),
            models.CheckConstraint(condition=Q(months__gt=0) | Q(days__gt=0), name="time_limit_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.committee.code} {self.note_kind}: {self.basis}"


class InternalDeadlinePolicy(BaseModel):
    """Default internal deadline for one step of a round of a given kind: `days_before` calendar days before
    the committee's deadline, moved to the previous Kazakhstan working day."""

    note_kind = models.CharField(_("kind of note"), max_length=40, choices=NoteKind.choices)
    deadline_kind = models.CharField(_("step"), max_length=30, choices=DeadlineKind.choices)
    days_before = models.PositiveSmallIntegerField(_("days before the committee's deadline"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["note_kind", "-days_before"]
        verbose_name = _("internal deadline policy")
        verbose_name_plural = _("internal deadline policies")
        constraints = [
            models.UniqueConstraint(fields=["note_kind", "deadline_kind"], name="unique_internal_deadline_policy")
        ]

    def __str__(self) -> str:
        return f"{self.note_kind} {self.deadline_kind}: -{self.days_before}"


class CommunicationQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(phase=Communication.Phase.CLOSED)

    def overdue(self, *, today):
        overdue_deadlines = Deadline.objects.overdue(today=today).filter(round__communication=models.OuterRef("pk"))
        return self.filter(models.Exists(overdue_deadlines))


class Communication(BaseModel):
    """A committee's case, identified by committee and number (unique only within the committee)."""

    class Phase(models.TextChoices):
        PENDING = "pending", _("Pending")
        DECIDED = "decided", _("Decided")
        FOLLOW_UP = "follow_up", _("Follow-up")
        CLOSED = "closed", _("Closed")

    committee = models.ForeignKey(Committee, verbose_name=_("committee"), on_delete=models.PROTECT)
    number = models.CharField(_("number"), max_length=30, help_text=_("The committee's number, e.g. 2137/2012."))
    symbols = models.JSONField(
        _("document symbols"), default=list, blank=True, help_text=_("e.g. CCPR/C/130/D/2521/2015")
    )
    subject = models.TextField(_("subject matter"), blank=True)
    articles_invoked = models.JSONField(_("articles invoked"), default=list, blank=True)
    submitted_on = models.DateField(_("date submitted"), null=True, blank=True)
    transmitted_on = models.DateField(
        _("date transmitted to the State"), null=True, blank=True, help_text=_("OHCHR's date of transmission.")
    )
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, default=Phase.PENDING)
    lock_version = models.PositiveIntegerField(default=0, help_text=_("Guards against a silent concurrent edit."))
    history = HistoricalRecords()

    objects = CommunicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("communication")
        verbose_name_plural = _("communications")
        constraints = [
            models.UniqueConstraint(fields=["committee", "number"], name="unique_communication_number"),
        ]

    def __str__(self) -> str:
        return f"{self.committee.code} {self.number}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("communications:detail", args=[self.pk])


class JoinedNumber(BaseModel):
    """A further number of a joined case (the committee examines several communications together)."""

    communication = models.ForeignKey(Communication, on_delete=models.CASCADE, related_name="joined_numbers")
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT)
    number = models.CharField(_("number"), max_length=30)
    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        verbose_name = _("joined number")
        verbose_name_plural = _("joined numbers")
        constraints = [models.UniqueConstraint(fields=["committee", "number"], name="unique_joined_number")]

    def __str__(self) -> str:
        return self.number


class Party(BaseModel):
    """An author, alleged victim or counsel. A confidential party is shown by initials to roles not entitled."""

    class Role(models.TextChoices):
        AUTHOR = "author", _("Author")
        VICTIM = "victim", _("Alleged victim")
        COUNSEL = "counsel", _("Counsel")

    communication = models.ForeignKey(Communication, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    full_name = models.CharField(_("full name"), max_length=200)
    initials = models.CharField(_("initials"), max_length=20, help_text=_("e.g. E.Z."))
    is_confidential = models.BooleanField(
        _("identity confidential"),
        default=False,
        help_text=_("The committee keeps this person's identity confidential."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "id"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")

    def __str__(self) -> str:
        return self.initials if self.is_confidential else self.full_name

    def name_for(self, user) -> str:
        """The name `user` may see: initials when the identity is confidential and the role does not need it."""
        if self.is_confidential and not getattr(user, "sees_confidential_names", False):
            return self.initials
        return self.full_name


class Document(BaseModel):
    """An uploaded file, stored outside the web root and served only through a permission-checking view."""

    class Language(models.TextChoices):
        EN = "en", _("English")
        RU = "ru", _("Russian")
        KK = "kk", _("Kazakh")
        FR = "fr", _("French")
        ES = "es", _("Spanish")

    communication = models.ForeignKey(
        Communication, on_delete=models.PROTECT, related_name="documents", null=True, blank=True
    )
    file = models.FileField(_("file"), upload_to="documents/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64)
    language = models.CharField(_("language"), max_length=5, choices=Language.choices, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.original_name


class NoteVerbale(BaseModel):
    """A note verbale: incoming from OHCHR or outgoing from the MFA."""

    class Direction(models.TextChoices):
        INCOMING = "incoming", _("Incoming")
        OUTGOING = "outgoing", _("Outgoing")

    communication = models.ForeignKey(
        Communication, verbose_name=_("communication"), on_delete=models.PROTECT, related_name="notes"
    )
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    kind = models.CharField(_("kind"), max_length=40, choices=NoteKind.choices)
    registry_number = models.CharField(_("MFA registry number"), max_length=50)
    registered_on = models.DateField(_("date received or sent"), help_text=_("Received (incoming) or sent (outgoing)."))
    ohchr_reference = models.CharField(_("OHCHR reference"), max_length=100, blank=True)
    ohchr_date = models.DateField(
        _("OHCHR's date"), null=True, blank=True, help_text=_("The date of the note: the date of transmission.")
    )
    reply_requested_by = models.DateField(
        _("reply requested by"), null=True, blank=True, help_text=_("A date the note itself sets for the reply.")
    )
    summary = models.TextField(_("summary"), blank=True)
    is_historical = models.BooleanField(
        _("historical entry"),
        default=False,
        help_text=_("A past note entered afterwards: its steps are already done, so nothing reminds or escalates."),
    )
    documents = models.ManyToManyField(Document, verbose_name=_("documents"), blank=True, related_name="notes")
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    history = HistoricalRecords(m2m_fields=[documents])

    class Meta:
        ordering = ["-registered_on", "-id"]
        verbose_name = _("note verbale")
        verbose_name_plural = _("notes verbales")
        constraints = [
            models.UniqueConstraint(fields=["direction", "registry_number"], name="unique_note_registry_number"),
        ]

    def __str__(self) -> str:
        return f"{self.registry_number} ({self.get_kind_display()})"


class Round(BaseModel):
    """One request for a reply, opened by an incoming note, and its path to the outgoing note."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        REFERRED = "referred", _("Referred to PGO and MoJ")
        ANALYSIS_SUBMITTED = "analysis_submitted", _("Legal analysis submitted")
        ON_AGENDA = "on_agenda", _("On an IWG agenda")
        IWG_APPROVED = "iwg_approved", _("Approved by the IWG")
        POSITION_APPROVED = "position_approved", _("State position approved")
        SENT = "sent", _("Sent to OHCHR")
        CANCELLED = "cancelled", _("Cancelled")

    communication = models.ForeignKey(Communication, on_delete=models.PROTECT, related_name="rounds")
    incoming_note = models.OneToOneField(NoteVerbale, on_delete=models.PROTECT, related_name="opened_round")
    outgoing_note = models.OneToOneField(
        NoteVerbale, on_delete=models.PROTECT, related_name="answered_round", null=True, blank=True
    )
    kind = models.CharField(_("kind"), max_length=40, choices=NoteKind.choices)
    status = models.CharField(_("status"), max_length=30, choices=Status.choices, default=Status.REGISTERED)
    is_urgent = models.BooleanField(_("urgent"), default=False, help_text=_("Interim or protection measures."))
    referred_at = models.DateTimeField(_("referred at"), null=True, blank=True)
    is_historical = models.BooleanField(
        _("historical entry"),
        default=False,
        help_text=_("Entered afterwards with its steps already done: its deadlines are met or closed."),
    )
    replied_on = models.DateField(
        _("reply sent on"), null=True, blank=True, help_text=_("For a historical entry: when the reply was sent.")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("round")
        verbose_name_plural = _("rounds")

    def __str__(self) -> str:
        return f"{self.communication} · {self.get_kind_display()}"


# The allowed moves of a round. `round_move` in services/common.py is the one place that enforces them.
ROUND_TRANSITIONS: dict[str, frozenset[str]] = {
    Round.Status.REGISTERED: frozenset({Round.Status.REFERRED, Round.Status.CANCELLED}),
    Round.Status.REFERRED: frozenset({Round.Status.ANALYSIS_SUBMITTED, Round.Status.CANCELLED}),
    Round.Status.ANALYSIS_SUBMITTED: frozenset(
        {Round.Status.ANALYSIS_SUBMITTED, Round.Status.ON_AGENDA, Round.Status.CANCELLED}
    ),
    Round.Status.ON_AGENDA: frozenset(
        {Round.Status.IWG_APPROVED, Round.Status.REFERRED, Round.Status.ANALYSIS_SUBMITTED, Round.Status.CANCELLED}
    ),
    Round.Status.IWG_APPROVED: frozenset({Round.Status.POSITION_APPROVED, Round.Status.CANCELLED}),
    Round.Status.POSITION_APPROVED: frozenset({Round.Status.SENT, Round.Status.CANCELLED}),
    Round.Status.SENT: frozenset(),
    Round.Status.CANCELLED: frozenset(),
}
OPEN_ROUND_STATUSES = frozenset(set(Round.Status) - {Round.Status.SENT, Round.Status.CANCELLED})


class DeadlineQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Deadline.Status.OPEN)

    def pending(self):
        """Steps not done yet: open, or missed (the sweep marks a passed deadline missed; the step is still owed)."""
        return self.filter(status__in=[Deadline.Status.OPEN, Deadline.Status.MISSED])

    def overdue(self, *, today):
        """Obligations whose day has passed and whose step is still not done. The admissibility-request date is
        an option the State may use, not an obligation, so it is never overdue."""
        return self.pending().filter(due_on__lt=today).exclude(kind__in=OPTIONAL_DEADLINE_KINDS)


class Deadline(BaseModel):
    """A procedural deadline of one round: the committee's, or an internal one set by the MFA."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("deadline status", "Open")
        MET = "met", _("Met")
        MISSED = "missed", _("Missed")
        CANCELLED = "cancelled", _("Cancelled")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(_("kind"), max_length=30, choices=DeadlineKind.choices)
    due_on = models.DateField(_("due date"), db_index=True)
    responsible_agency = models.ForeignKey(Agency, verbose_name=_("responsible agency"), on_delete=models.PROTECT)
    basis = models.CharField(
        _("basis (as written)"),
        max_length=300,
        blank=True,
        help_text=_(
            "The basis in the words of whoever set the deadline; kept for rows written before bases were data."
        ),
    )
    basis_parameters = models.JSONField(
        _("basis"),
        default=dict,
        blank=True,
        help_text=_("Where the date comes from, as a text code and its parameters; shown in the reader's language."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    set_manually = models.BooleanField(
        _("set by hand"), default=False, help_text=_("Set by the MFA rather than computed; an extension keeps it.")
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    met_late = models.BooleanField(_("met late"), default=False)
    history = HistoricalRecords()

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        constraints = [models.UniqueConstraint(fields=["round", "kind"], name="unique_deadline_per_round_kind")]
        indexes = [models.Index(fields=["status", "due_on"], name="deadline_status_due")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due_on:%Y-%m-%d}"

    @property
    def basis_text(self) -> str:
        """Where the date comes from, in the reader's language."""
        return texts.render_data(self.basis_parameters, fallback=self.basis)


class Extension(BaseModel):
    """An extension granted by the committee (or an internal date moved), with the dates before and after."""

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="extensions")
    previous_due_on = models.DateField(_("previous due date"))
    new_due_on = models.DateField(_("new due date"))
    reference = models.CharField(_("reference"), max_length=200, blank=True)
    reason = models.TextField(_("reason"))
    note = models.ForeignKey(NoteVerbale, on_delete=models.PROTECT, null=True, blank=True, related_name="extensions")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")

    def __str__(self) -> str:
        return f"{self.previous_due_on} → {self.new_due_on}"


class LegalAnalysis(BaseModel):
    """One version of the PGO's legal analysis of a round. A new upload is a new version; none is replaced."""

    class Conclusion(models.TextChoices):
        ADMISSIBLE = "admissible", _("Admissible")
        INADMISSIBLE = "inadmissible", _("Inadmissible")
        NO_VIOLATION = "no_violation", _("No violation")
        VIOLATION = "violation", _("Violation")
        PARTLY = "partly", _("Partly founded")
        NOT_APPLICABLE = "not_applicable", _("Not applicable")

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="analyses")
    version = models.PositiveSmallIntegerField(_("version"))
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="+")
    summary = models.TextField(_("summary"))
    admissibility_conclusion = models.CharField(
        _("conclusion on admissibility"), max_length=20, choices=Conclusion.choices
    )
    merits_conclusion = models.CharField(_("conclusion on the merits"), max_length=20, choices=Conclusion.choices)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"))
    is_late = models.BooleanField(_("late"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "-version"]
        verbose_name = _("legal analysis")
        verbose_name_plural = _("legal analyses")
        constraints = [models.UniqueConstraint(fields=["round", "version"], name="unique_analysis_version")]

    def __str__(self) -> str:
        return f"{self.round} v{self.version}"


class StatePosition(BaseModel):
    """The State's position in one round: drafted, approved on the basis of an IWG decision, then sent."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")
        SENT = "sent", _("Sent")

    round = models.OneToOneField(Round, on_delete=models.PROTECT, related_name="position")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    approved_by_decision = models.ForeignKey(
        "meetings.AgendaItem",
        verbose_name=_("approved by IWG decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent_on = models.DateField(_("date sent"), null=True, blank=True)
    lock_version = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("State position")
        verbose_name_plural = _("State positions")

    def __str__(self) -> str:
        return f"{self.round} ({self.get_status_display()})"


class PositionText(BaseModel):
    """The State position's text (and optional document) in one language."""

    position = models.ForeignKey(StatePosition, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=5, choices=Document.Language.choices)
    text = models.TextField(_("text"))
    document = models.ForeignKey(Document, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["language"]
        verbose_name = _("position text")
        verbose_name_plural = _("position texts")
        constraints = [models.UniqueConstraint(fields=["position", "language"], name="unique_position_language")]

    def __str__(self) -> str:
        return f"{self.position_id} {self.language}"


class Decision(BaseModel):
    """The committee's final decision on a communication."""

    class Kind(models.TextChoices):
        VIEWS_VIOLATION = "views_violation", _("Views: violation found")
        VIEWS_NO_VIOLATION = "views_no_violation", _("Views: no violation")
        INADMISSIBLE = "inadmissible", _("Inadmissible")
        DISCONTINUED = "discontinued", _("Discontinued")

    communication = models.OneToOneField(Communication, on_delete=models.PROTECT, related_name="decision")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    adopted_on = models.DateField(_("date adopted"))
    symbol = models.CharField(_("document symbol"), max_length=100, blank=True, help_text=_("CCPR/C/130/D/2521/2015"))
    articles_violated = models.JSONField(_("articles found violated"), default=list, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("final decision")
        verbose_name_plural = _("final decisions")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.adopted_on}"


class FollowUpGrade(models.TextChoices):
    A = "A", _("A: largely satisfactory")
    B = "B", _("B: action taken, more needed")
    C = "C", _("C: reply not relevant or not implementing")
    D = "D", _("D: no reply after reminders")
    E = "E", _("E: contrary to the recommendation")
    B1 = "B1", _("B1 (before 2017)")
    B2 = "B2", _("B2 (before 2017)")
    C1 = "C1", _("C1 (before 2017)")
    C2 = "C2", _("C2 (before 2017)")
    D1 = "D1", _("D1 (before 2017)")
    D2 = "D2", _("D2 (before 2017)")


class Remedy(BaseModel):
    """A remedy named in the Views, followed up on its own."""

    class Kind(models.TextChoices):
        COMPENSATION = "compensation", _("Compensation")
        REVIEW = "review", _("Review of conviction or retrial")
        CHANGE_OF_LAW = "change_of_law", _("Change of law")
        NON_REPETITION = "non_repetition", _("Measures of non-repetition")
        PUBLICATION = "publication", _("Publication and dissemination")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("remedy status", "Pending")
        IN_PROGRESS = "in_progress", _("In progress")
        IMPLEMENTED = "implemented", _("Implemented")
        PARTLY = "partly", _("Partly implemented")
        NOT_IMPLEMENTED = "not_implemented", _("Not implemented")

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="remedies")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    description = models.TextField(_("description"))
    responsible_agency = models.ForeignKey(Agency, verbose_name=_("responsible agency"), on_delete=models.PROTECT)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    state_assessment = models.CharField(
        _("State's own assessment"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    committee_grade = models.CharField(
        _("committee's latest grade"), max_length=2, choices=FollowUpGrade.choices, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name = _("remedy")
        verbose_name_plural = _("remedies")

    def __str__(self) -> str:
        return self.get_kind_display()


class RemedyAction(BaseModel):
    """Something done to implement a remedy."""

    remedy = models.ForeignKey(Remedy, on_delete=models.CASCADE, related_name="actions")
    taken_on = models.DateField(_("date"))
    description = models.TextField(_("what was done"))
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-taken_on", "-id"]
        verbose_name = _("remedy action")
        verbose_name_plural = _("remedy actions")

    def __str__(self) -> str:
        return f"{self.taken_on}: {self.description[:40]}"


class RemedyGrade(BaseModel):
    """The committee's grade of the State's follow-up reply on one remedy, beside the State's own view."""

    remedy = models.ForeignKey(Remedy, on_delete=models.CASCADE, related_name="grades")
    grade = models.CharField(_("committee's grade"), max_length=2, choices=FollowUpGrade.choices)
    assessed_on = models.DateField(_("date of the assessment"))
    reference = models.CharField(_("reference"), max_length=200, blank=True, help_text=_("Follow-up report symbol."))
    state_assessment = models.CharField(_("State's own assessment"), max_length=20, choices=Remedy.Status.choices)
    comment = models.TextField(_("comment"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-assessed_on", "-id"]
        verbose_name = _("follow-up grade")
        verbose_name_plural = _("follow-up grades")

    def __str__(self) -> str:
        return f"{self.grade} {self.assessed_on}"


class Event(models.Model):
    """One step of the path: who, when, from which status to which, and why. The timeline reads these."""

    class Kind(models.TextChoices):
        NOTE_REGISTERED = "note_registered", _("Note verbale registered")
        COMMUNICATION_UPDATED = "communication_updated", _("Communication updated")
        ROUND_OPENED = "round_opened", _("Round opened")
        REFERRED = "referred", _("Referred to PGO and MoJ")
        ANALYSIS_SUBMITTED = "analysis_submitted", _("Legal analysis submitted")
        PUT_ON_AGENDA = "put_on_agenda", _("Put on an IWG agenda")
        REMOVED_FROM_AGENDA = "removed_from_agenda", _("Removed from an IWG agenda")
        IWG_DECISION = "iwg_decision", _("IWG decision")
        POSITION_DRAFTED = "position_drafted", _("State position drafted")
        POSITION_APPROVED = "position_approved", _("State position approved")
        POSITION_SENT = "position_sent", _("State position sent")
        DEADLINE_EXTENDED = "deadline_extended", _("Deadline extended")
        DEADLINE_CHANGED = "deadline_changed", _("Deadline changed")
        DEADLINE_MET = "deadline_met", _("Deadline met")
        DEADLINE_MISSED = "deadline_missed", _("Deadline missed")
        DECISION_RECORDED = "decision_recorded", _("Final decision recorded")
        REMEDY_ACTION = "remedy_action", _("Remedy action recorded")
        REMEDY_GRADED = "remedy_graded", _("Follow-up grade recorded")
        ROUND_CANCELLED = "round_cancelled", _("Round cancelled")
        PHASE_CHANGED = "phase_changed", _("Phase changed")

    communication = models.ForeignKey(Communication, on_delete=models.CASCADE, related_name="events")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, null=True, blank=True, related_name="events")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    from_status = models.CharField(_("from"), max_length=30, blank=True)
    to_status = models.CharField(_("to"), max_length=30, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when the system acted."),
    )
    reason = models.TextField(
        _("reason (as written)"),
        blank=True,
        help_text=_("The detail in the words of whoever acted; kept for rows written before events were data."),
    )
    parameters = models.JSONField(
        _("detail"),
        default=dict,
        blank=True,
        help_text=_(
            "The detail as a text code and its parameters (dates, numbers, statuses, ids, and what a person typed), "
            "rendered in the reader's language."
        ),
    )
    occurred_at = models.DateTimeField(_("when"), db_index=True)

    class Meta:
        ordering = ["occurred_at", "id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.get_kind_display()}"

    @property
    def detail(self) -> str:
        """The detail in the reader's language (as written for an old row the data migration could not read)."""
        return texts.render_data(self.parameters, fallback=self.reason)


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        """Not read yet, and not withdrawn: a reminder whose notice no longer applies (the deadline was extended
        or moved) is withdrawn rather than left waiting."""
        return self.filter(Q(notice__isnull=True) | Q(notice__cancelled_at__isnull=True), read_at__isnull=True)


class Notification(models.Model):
    """A notice to one user (a deadline reminder, an escalation, a step that needs them), shown in the app and
    sent by e-mail (at once or in the daily digest, as the user chose)."""

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("Reminder")
        ESCALATION = "escalation", _("Escalation")
        MISSED = "missed", _("Deadline missed")
        CATCH_UP = "catch_up", _("Catch-up notice")
        ACTION_NEEDED = "action_needed", _("Action needed")
        INFO = "info", _("Information")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(
        _("title (as written)"), max_length=300, help_text=_("In the recipient's language when it was created.")
    )
    message = models.TextField(_("message (as written)"), blank=True)
    parameters = models.JSONField(
        _("content"),
        default=dict,
        blank=True,
        help_text=_("What the notice says, as a text code and its parameters, rendered in the reader's language."),
    )
    communication = models.ForeignKey(
        Communication, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    deadline = models.ForeignKey(
        Deadline, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    notice = models.ForeignKey(
        "DeadlineNotice",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        help_text=_("The deadline notice this notification delivers to one recipient."),
    )
    handoff = models.ForeignKey(
        "HandoffNotice",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        help_text=_("The hand-off notice this notification delivers to one recipient."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]
        constraints = [
            # One notification per recipient per notice: a notice delivered twice is impossible.
            models.UniqueConstraint(fields=["notice", "user"], name="unique_notification_per_notice_user"),
            models.UniqueConstraint(fields=["handoff", "user"], name="unique_notification_per_handoff_user"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title_text(self) -> str:
        """The title in the reader's language (the stored title for a row that has no parameters)."""
        if not self.parameters:
            return self.title
        return texts.render(f"{self.parameters['code']}_title", self.parameters.get("params")) or self.title

    @property
    def message_text(self) -> str:
        if not self.parameters:
            return self.message
        return texts.render(f"{self.parameters['code']}_message", self.parameters.get("params")) or self.message


class DeadlineNotice(models.Model):
    """One reminder, catch-up reminder, missed notice or escalation about a deadline.

    The row is the notice: the sweep inserts it under a unique constraint (deadline, kind, level, due date), so a
    notice exists at most once however often or concurrently the sweep runs; it then becomes one Notification per
    recipient, and its e-mails are sent by a separate task. `due_on` is part of the key because reminder levels
    count back from a due date: after an extension the levels apply again to the new date, while the notices for
    the old date stay as history (withdrawn if they had not been read).
    """

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("Reminder")
        CATCH_UP = "catch_up", _("Catch-up reminder")
        MISSED = "missed", _("Deadline missed")
        ESCALATION = "escalation", _("Escalation")

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    level = models.PositiveSmallIntegerField(
        _("level"),
        help_text=_("Working days before the due date that the reminder is for; 0 for a missed notice or escalation."),
    )
    due_on = models.DateField(_("due date"), help_text=_("The due date the notice was computed against."))
    skipped_levels = models.JSONField(
        _("reminders replaced"),
        default=list,
        blank=True,
        help_text=_("For a catch-up reminder: the levels that could not be sent on their day and that it replaces."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    notified_at = models.DateTimeField(
        _("e-mailed at"),
        null=True,
        blank=True,
        help_text=_("When its immediate e-mails were sent (users who chose the digest get it in their digest)."),
    )
    cancelled_at = models.DateTimeField(
        _("withdrawn at"), null=True, blank=True, help_text=_("Set when the notice no longer applies.")
    )
    cancel_reason = models.CharField(_("why withdrawn"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("deadline notice")
        verbose_name_plural = _("deadline notices")
        constraints = [
            models.UniqueConstraint(fields=["deadline", "kind", "level", "due_on"], name="unique_deadline_notice"),
        ]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=Q(notified_at__isnull=True, cancelled_at__isnull=True),
                name="deadline_notice_unsent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.level} · {self.due_on:%Y-%m-%d}"


class HandoffNotice(models.Model):
    """One hand-off: a round (or a remedy) reached a step another agency takes, whose users are told at once.

    Like a deadline notice, the row is the notice: it is inserted under a unique constraint (communication, step,
    key), so a hand-off is notified at most once however often or concurrently the service that makes it runs
    (`key` tells apart the hand-offs of one step that may happen again: the round, the analysis version, the agenda
    item, the remedy). It becomes one Notification per recipient (the workflow table's next actors); its e-mails are
    sent by a Celery task after the commit."""

    communication = models.ForeignKey(Communication, on_delete=models.CASCADE, related_name="handoffs")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, null=True, blank=True, related_name="handoffs")
    step = models.CharField(_("step"), max_length=40)
    key = models.CharField(_("occurrence"), max_length=60)
    urgent = models.BooleanField(_("urgent"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    notified_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("hand-off notice")
        verbose_name_plural = _("hand-off notices")
        constraints = [
            models.UniqueConstraint(fields=["communication", "step", "key"], name="unique_handoff_notice"),
        ]

    def __str__(self) -> str:
        return f"{self.step} {self.key}"


class SweepRun(models.Model):
    """One completed run of the deadline sweep: when, for which day, and what it did. The latest is shown to
    administrators and in the health check; runs older than a month are pruned by the sweep itself."""

    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), db_index=True)
    swept_for = models.DateField(_("date swept for"), help_text=_("The date in Kazakhstan the sweep ran for."))
    examined = models.PositiveIntegerField(_("deadlines examined"), default=0)
    reminders = models.PositiveIntegerField(_("reminders"), default=0)
    catch_ups = models.PositiveIntegerField(_("catch-up reminders"), default=0)
    missed = models.PositiveIntegerField(_("deadlines marked missed"), default=0)
    escalations = models.PositiveIntegerField(_("escalations"), default=0)
    options_closed = models.PositiveIntegerField(_("options closed unused"), default=0)
    notifications = models.PositiveIntegerField(_("notifications created"), default=0)
    errors = models.PositiveIntegerField(_("deadlines that failed"), default=0)

    class Meta:
        ordering = ["-finished_at", "-id"]
        verbose_name = _("deadline sweep")
        verbose_name_plural = _("deadline sweeps")

    def __str__(self) -> str:
        return f"{self.finished_at:%Y-%m-%d %H:%M:%S} ({self.swept_for:%Y-%m-%d})"

    @property
    def duration(self):
        return self.finished_at - self.started_at


class ExportJob(BaseModel):
    """An export too large to build during the request: a Celery job builds the file into storage (Django's
    storage API); the page polls its progress and then offers the download, to its owner only."""

    class Kind(models.TextChoices):
        REGISTER = "register", _("Register of communications")
        DEADLINES = "deadlines", _("Deadlines")

    class Format(models.TextChoices):
        XLSX = "xlsx", "XLSX"
        CSV = "csv", "CSV"

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    filters = models.JSONField(_("filters"), default=dict, blank=True, help_text=_("The query string, as given."))
    language = models.CharField(_("language"), max_length=5, default="ru")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(_("progress, %"), default=0)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    file = models.FileField(_("file"), upload_to="exports/%Y/%m/", blank=True)
    error = models.TextField(_("error"), blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("export job")
        verbose_name_plural = _("export jobs")
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="export_job_progress_percent"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.format} ({self.get_status_display()})"


class ImportJob(BaseModel):
    """One uploaded spreadsheet of communications: checked row by row into a preview (nothing written), then, once
    confirmed, imported by a Celery job. `errors` holds every row's problems as {row, field, message}."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Checked, waiting for confirmation")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=200)
    sha256 = models.CharField(max_length=64)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PREVIEW)
    progress = models.PositiveSmallIntegerField(_("progress, %"), default=0)
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    rows_valid = models.PositiveIntegerField(_("rows without problems"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    errors = models.JSONField(_("problems"), default=list, blank=True, help_text=_("[{row, field, message}]"))
    preview = models.JSONField(
        _("preview"), default=list, blank=True, help_text=_("Per row: number, committee, what the import will do.")
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="import_job_progress_percent"),
        ]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"
