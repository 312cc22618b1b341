"""The PGO's legal analyses of a round and the State's position (its texts in each language): what the IWG
examines and what the MFA sends back to OHCHR."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from iwg.history import HistoricalRecords
from iwg.models import BaseModel

from .communications import Document, Round


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


# The analysis form's choices: admissibility and merits have their own conclusions ("merits: admissible" is not one).
ADMISSIBILITY_CONCLUSIONS = (
    LegalAnalysis.Conclusion.ADMISSIBLE,
    LegalAnalysis.Conclusion.INADMISSIBLE,
    LegalAnalysis.Conclusion.NOT_APPLICABLE,
)
MERITS_CONCLUSIONS = (
    LegalAnalysis.Conclusion.VIOLATION,
    LegalAnalysis.Conclusion.NO_VIOLATION,
    LegalAnalysis.Conclusion.PARTLY,
    LegalAnalysis.Conclusion.NOT_APPLICABLE,
)


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
