"""Communications and everything that happens to them up to the State's position: the kinds of notes and deadlines,
communications, parties, documents, notes verbales, rounds, deadlines, extensions (legal analyses and State
positions are in `positions`, the event log in `events`).

A round's status moves along the steps of one declarative table (`communications/workflow.py`), which
`communications.services.common.round_move` enforces.
"""

from django.conf import settings
from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from iwg import texts
from iwg.history import HistoricalRecords
from iwg.models import Agency, BaseModel

from .corrections import Removable, Voidable, VoidableQuerySet


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
    MEASURE_TARGET = "measure_target", _("Target date of an action-plan measure")


COMMITTEE_DEADLINE_KINDS = frozenset({DeadlineKind.COMMITTEE, DeadlineKind.ADMISSIBILITY_REQUEST})
INTERNAL_DEADLINE_KINDS = (
    DeadlineKind.PGO_ANALYSIS,
    DeadlineKind.IWG_CONSIDERATION,
    DeadlineKind.POSITION_APPROVAL,
    DeadlineKind.DISPATCH,
)
# Deadlines that belong to another app's record rather than to a round (see communications.deadline_owners).
OWNED_DEADLINE_KINDS = frozenset({DeadlineKind.MEASURE_TARGET})
# Deadlines that are options for the State rather than obligations: never "missed" or escalated.
OPTIONAL_DEADLINE_KINDS = frozenset({DeadlineKind.ADMISSIBILITY_REQUEST})
# Who answers for each internal step.
INTERNAL_DEADLINE_AGENCY = {
    DeadlineKind.PGO_ANALYSIS: Agency.Code.PGO,
    DeadlineKind.IWG_CONSIDERATION: Agency.Code.MOJ,
    DeadlineKind.POSITION_APPROVAL: Agency.Code.MOJ,
    DeadlineKind.DISPATCH: Agency.Code.MFA,
}


class CommunicationQuerySet(models.QuerySet):
    def current(self):
        """Not merged into another communication (a duplicate merged away is kept, but is not a case of its own)."""
        return self.filter(merged_into__isnull=True)

    def open(self):
        return self.exclude(phase=Communication.Phase.CLOSED)

    def overdue(self, *, today):
        overdue_deadlines = Deadline.objects.overdue(today=today).filter(round__communication=models.OuterRef("pk"))
        return self.filter(models.Exists(overdue_deadlines))


# The register's read model (communications/schedule.py, communications/search_text.py): written only by its
# refreshes, in the writer's transaction, never by a save of the instance, whose values may have been read before
# the rows they are derived from changed (a decision cancels deadlines, then moves the phase).
SCHEDULE_FIELDS = (
    "next_due_on",
    "next_due_kind",
    "has_urgent_round",
    "first_received_on",
    "answering_agencies",
    "round_statuses",
)
SEARCH_FIELDS = ("search_text", "search_names")
# Sort keys derived from the communication's own fields on every save (communications/signals.py).
SORT_KEY_FIELDS = ("number_sort", "committee_code")


class Communication(BaseModel):
    """A committee's case, identified by committee and number (unique only within the committee)."""

    class Phase(models.TextChoices):
        PENDING = "pending", _("Pending")
        DECIDED = "decided", _("Decided")
        FOLLOW_UP = "follow_up", _("Follow-up")
        CLOSED = "closed", _("Closed")

    committee = models.ForeignKey("Committee", verbose_name=_("committee"), on_delete=models.PROTECT)
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
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_duplicates",
        help_text=_("Registered twice: this duplicate was merged into that communication, which carries its number."),
    )
    merged_at = models.DateTimeField(_("merged at"), null=True, blank=True)
    # The register's read model, derived from deadlines, rounds and notes (communications/schedule.py); not
    # entered by anyone and not in the history (the rows it is derived from are).
    next_due_on = models.DateField(
        _("next due date"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Derived: the nearest open or missed obligation (the optional admissibility date left out)."),
    )
    next_due_kind = models.CharField(
        _("next deadline kind"), max_length=30, blank=True, editable=False, choices=DeadlineKind.choices
    )
    has_urgent_round = models.BooleanField(
        _("has an urgent round"),
        default=False,
        editable=False,
        help_text=_("Derived: a round with interim or protection measures, neither sent nor cancelled."),
    )
    answering_agencies = models.CharField(
        _("agencies with work on it"),
        max_length=200,
        blank=True,
        editable=False,
        help_text=_("Derived: the codes of the agencies with an open deadline or an unfinished remedy, as ,MFA,PGO,."),
    )
    round_statuses = models.CharField(
        _("statuses of its rounds"),
        max_length=200,
        blank=True,
        editable=False,
        help_text=_("Derived: the statuses of its rounds, as ,referred,sent,."),
    )
    first_received_on = models.DateField(
        _("first note received"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Derived: the date the first incoming note was received."),
    )
    number_sort = models.CharField(
        _("number sort key"),
        max_length=50,
        blank=True,
        editable=False,
        help_text=_("Derived from the number: year, then running number (communications/numbers.py: sort_key)."),
    )
    committee_code = models.CharField(
        _("committee code"),
        max_length=10,
        blank=True,
        editable=False,
        help_text=_("Derived from the committee: the register sorts by it without joining the committees."),
    )
    # What the register's search reads (communications/search_text.py): derived, folded, never shown.
    search_text = models.TextField(
        _("search text"),
        blank=True,
        editable=False,
        help_text=_("Derived: the numbers, subject, symbols and the names anyone who sees the case may search."),
    )
    search_names = models.TextField(
        _("confidential names searched"),
        blank=True,
        editable=False,
        help_text=_("Derived: confidential parties' full names, searched only for the roles that may see them."),
    )
    history = HistoricalRecords(excluded_fields=[*SCHEDULE_FIELDS, *SEARCH_FIELDS, *SORT_KEY_FIELDS])

    objects = CommunicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("communication")
        verbose_name_plural = _("communications")
        constraints = [
            models.UniqueConstraint(fields=["committee", "number"], name="unique_communication_number"),
        ]
        # The register's sorts (communications/selectors.py: register_ordering: the key, then the newest first
        # among equals; empty dates last in both directions) and filters.
        indexes = [
            # Ascending: PostgreSQL's default places NULL last. The descending ones with NULLS LAST, which
            # SQLite cannot index, are created on PostgreSQL only (migration 0007_register_desc_indexes).
            models.Index(F("next_due_on").asc(), F("id").desc(), name="comm_next_due_asc"),
            models.Index(F("first_received_on").asc(), F("id").desc(), name="comm_received_asc"),
            models.Index(F("number_sort").asc(), F("id").desc(), name="comm_number_sort"),
            models.Index(fields=["updated_at", "id"], name="comm_updated"),
            models.Index(fields=["created_at", "id"], name="comm_created"),
            models.Index(fields=["phase", "next_due_on"], name="comm_phase_next_due"),
            models.Index(fields=["committee", "next_due_on"], name="comm_committee_next_due"),
            # The committee sort, both directions (the page's newest-first among equals; the API's id order is
            # read backwards from the other one).
            models.Index(F("committee_code").asc(), F("id").desc(), name="comm_committee_code"),
            models.Index(F("committee_code").desc(), F("id").desc(), name="comm_committee_code_desc"),
            # The API's transmitted_on ordering.
            models.Index(fields=["transmitted_on", "id"], name="comm_transmitted"),
            # The API's exact count under the round-status filter: the statuses read from this small index
            # (about 0.7 MB at 100 000 communications) instead of the whole table's rows.
            models.Index(
                fields=["round_statuses"], condition=models.Q(merged_into__isnull=True), name="comm_round_statuses"
            ),
        ]

    READ_MODEL_FIELDS = frozenset(SCHEDULE_FIELDS + SEARCH_FIELDS)

    def __str__(self) -> str:
        return f"{self.committee.code} {self.number}"

    def save(self, *args, **kwargs):
        if not self._state.adding and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in self.READ_MODEL_FIELDS
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:

        return reverse("communications:detail", args=[self.pk])


class JoinedNumber(BaseModel):
    """A further number of a joined case (the committee examines several communications together)."""

    communication = models.ForeignKey(Communication, on_delete=models.CASCADE, related_name="joined_numbers")
    committee = models.ForeignKey("Committee", on_delete=models.PROTECT)
    number = models.CharField(_("number"), max_length=30)
    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        verbose_name = _("joined number")
        verbose_name_plural = _("joined numbers")
        constraints = [models.UniqueConstraint(fields=["committee", "number"], name="unique_joined_number")]

    def __str__(self) -> str:
        return self.number


class PartyQuerySet(models.QuerySet):
    def current(self):
        """The parties shown as the communication's: those not removed by a correction."""
        return self.filter(removed_at__isnull=True)


class Party(Removable, BaseModel):
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

    objects = PartyQuerySet.as_manager()

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


class NoteVerbale(Voidable, BaseModel):
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

    objects = VoidableQuerySet.as_manager()

    class Meta:
        ordering = ["-registered_on", "-id"]
        verbose_name = _("note verbale")
        verbose_name_plural = _("notes verbales")
        constraints = [
            models.UniqueConstraint(fields=["direction", "registry_number"], name="unique_note_registry_number"),
        ]

    def __str__(self) -> str:
        return f"{self.registry_number} ({self.get_kind_display()})"


class Round(Voidable, BaseModel):
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

    objects = VoidableQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        constraints = [
            # One first-reply round per communication: a second "new communication" note is a duplicate (a
            # voided one, registered by mistake, no longer counts: a merge can then bring it along).
            models.UniqueConstraint(
                fields=["communication"],
                condition=models.Q(kind="new_communication", voided_at__isnull=True),
                name="unique_first_reply_round",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.communication} · {self.get_kind_display()}"


# The allowed moves of a round are the steps of the workflow table (communications/workflow.py).
OPEN_ROUND_STATUSES = frozenset(set(Round.Status) - {Round.Status.SENT, Round.Status.CANCELLED})


class DeadlineQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Deadline.Status.OPEN)

    def of_rounds(self):
        """The rounds' deadlines only (not those another record owns, such as a measure's target date)."""
        return self.filter(round__isnull=False)

    def pending(self):
        """Steps not done yet: open, or missed (the sweep marks a passed deadline missed; the step is still owed)."""
        return self.filter(status__in=[Deadline.Status.OPEN, Deadline.Status.MISSED])

    def overdue(self, *, today):
        """Obligations whose day has passed and whose step is still not done. The admissibility-request date is
        an option the State may use, not an obligation, so it is never overdue."""
        return self.pending().filter(due_on__lt=today).exclude(kind__in=OPTIONAL_DEADLINE_KINDS)


class Deadline(BaseModel):
    """A procedural deadline of one round: the committee's, or an internal one set by the MFA; or a deadline owned
    by another app (a measure's target date: `round` is empty, and the owner registers itself in
    `communications.deadline_owners`), which the same sweep enforces."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("deadline status", "Open")
        MET = "met", _("Met")
        MISSED = "missed", _("Missed")
        CANCELLED = "cancelled", _("Cancelled")

    round = models.ForeignKey(
        Round,
        on_delete=models.CASCADE,
        related_name="deadlines",
        null=True,
        blank=True,
        help_text=_("The round the deadline belongs to; empty for a deadline another record owns (a measure)."),
    )
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
    lock_version = models.PositiveIntegerField(default=0, help_text=_("Guards against a silent concurrent edit."))
    history = HistoricalRecords()

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        constraints = [
            models.UniqueConstraint(fields=["round", "kind"], name="unique_deadline_per_round_kind"),
            # Only an owned kind may stand without a round.
            models.CheckConstraint(
                condition=models.Q(round__isnull=False)
                | models.Q(kind__in=sorted(kind.value for kind in OWNED_DEADLINE_KINDS)),
                name="deadline_round_or_owned_kind",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_on"], name="deadline_status_due"),
            # The register's agency filter: the pending steps of one agency, read from the index alone.
            models.Index(fields=["responsible_agency", "status", "round"], name="deadline_agency_status"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due_on:%Y-%m-%d}"

    @property
    def basis_text(self) -> str:
        """Where the date comes from, in the reader's language."""
        return texts.render_data(self.basis_parameters, fallback=self.basis)

    @property
    def round_required(self) -> Round:
        """The round of a round's deadline, for code that only handles rounds' deadlines (their selectors filter
        on the round). A deadline another record owns has none: reaching it here is a programming error."""
        if self.round is None:
            raise LookupError(f"Deadline {self.pk} ({self.kind}) belongs to no round.")
        return self.round


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
