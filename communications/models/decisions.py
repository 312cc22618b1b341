"""The committee's final decision, its remedies and their follow-up (actions and grades)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from iwg.history import HistoricalRecords
from iwg.models import Agency, BaseModel

from .communications import Communication, NoteVerbale


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
    from_note = models.OneToOneField(
        NoteVerbale,
        verbose_name=_("recorded from the note"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recorded_decision",
        help_text=_("The 'Views adopted' note it was recorded from; the MFA then completes remedies and articles."),
    )
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
    lock_version = models.PositiveIntegerField(default=0, help_text=_("Guards against a silent concurrent edit."))
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
