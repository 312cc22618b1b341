"""The event log of recommendations: one row per step, stored as a kind and parameters and rendered in the
reader's language; the recommendation's timeline reads it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from iwg import texts

from .plan import Measure
from .reviews import Recommendation, Review


class RecommendationEvent(models.Model):
    class Kind(models.TextChoices):
        IMPORTED = "imported", _("Recommendations imported")
        RECEIVED = "received", _("Recommendation received")
        RESPONSE_PROPOSED = "response_proposed", _("Response proposed")
        RESPONSE_RECORDED = "response_recorded", _("Response recorded")
        PUT_ON_AGENDA = "put_on_agenda", _("Put on an IWG agenda")
        REMOVED_FROM_AGENDA = "removed_from_agenda", _("Removed from an IWG agenda")
        IWG_DECISION = "iwg_decision", _("IWG decision")
        MEASURE_PLANNED = "measure_planned", _("Measure planned")
        MEASURE_CANCELLED = "measure_cancelled", _("Measure cancelled")
        TARGET_MISSED = "target_missed", _("Target date missed")
        REPORT_SUBMITTED = "report_submitted", _("Progress report submitted")
        REPORT_ACCEPTED = "report_accepted", _("Progress report accepted")
        REPORT_RETURNED = "report_returned", _("Progress report returned")
        MEASURE_COMPLETED = "measure_completed", _("Measure completed")
        COMMUNICATION_LINKED = "communication_linked", _("Communication linked")

    review = models.ForeignKey(Review, on_delete=models.CASCADE, null=True, blank=True, related_name="events")
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, null=True, blank=True, related_name="events")
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
    parameters = models.JSONField(_("detail"), default=dict, blank=True)
    occurred_at = models.DateTimeField(_("when"), db_index=True)

    class Meta:
        ordering = ["occurred_at", "id"]
        verbose_name = _("recommendation event")
        verbose_name_plural = _("recommendation events")

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.get_kind_display()}"

    @property
    def detail(self) -> str:
        return texts.render_data(self.parameters)


class RecommendationHandoff(models.Model):
    """One hand-off on a recommendation's response or a measure: the step another agency takes next was reached,
    and its users were told (one `communications.Notification` each). Inserted under a unique constraint (step,
    key) like a round's `HandoffNotice`: told at most once however often or concurrently the service runs (`key`
    tells apart the occurrences: the response and its version, the measure, the report)."""

    step = models.CharField(_("step"), max_length=40)
    key = models.CharField(_("occurrence"), max_length=60)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    notified_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("recommendation hand-off")
        verbose_name_plural = _("recommendation hand-offs")
        constraints = [models.UniqueConstraint(fields=["step", "key"], name="unique_recommendation_handoff")]

    def __str__(self) -> str:
        return f"{self.step} {self.key}"
