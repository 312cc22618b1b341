"""The State's response to a recommendation (decided by the IWG through the agenda of its meetings), the action
plan's measures (their target date is a deadline the communications sweep enforces) and the responsible agencies'
progress reports on them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from iwg.history import HistoricalRecords
from iwg.models import Agency, BaseModel

from .reviews import Recommendation


class Response(BaseModel):
    """The State's answer to one recommendation: supported or noted, with the reason when noted. The MFA proposes
    it, the MoJ puts it on an IWG agenda and the IWG decides when the meeting is held (or it was given before the
    tracker, as in an imported UPR matrix)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting a proposal")
        PROPOSED = "proposed", _("Proposed")
        ON_AGENDA = "on_agenda", _("On an IWG agenda")
        DECIDED = "decided", _("Decided")

    class Position(models.TextChoices):
        SUPPORTED = "supported", _("Supported")
        NOTED = "noted", _("Noted")

    recommendation = models.OneToOneField(Recommendation, on_delete=models.CASCADE, related_name="response")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    position = models.CharField(_("response"), max_length=20, choices=Position.choices, blank=True)
    reason = models.TextField(_("reason for noting"), blank=True, help_text=_("Required when the response is noted."))
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by_meeting = models.PositiveIntegerField(
        _("IWG meeting"),
        null=True,
        blank=True,
        help_text=_("The number of the IWG meeting that decided (empty when the response predates the tracker)."),
    )
    lock_version = models.PositiveIntegerField(default=0, help_text=_("Guards against a silent concurrent edit."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["recommendation"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="pending") | ~Q(position=""), name="response_position_once_proposed"
            ),
            models.CheckConstraint(
                condition=~Q(position="noted") | ~Q(reason="") | Q(decided_by_meeting__isnull=True),
                name="response_noted_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="decided") | Q(decided_on__isnull=False), name="response_decided_has_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recommendation}: {self.get_position_display() or self.get_status_display()}"

    def get_absolute_url(self) -> str:
        return self.recommendation.get_absolute_url()


class MeasureQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status__in=[Measure.Status.COMPLETED, Measure.Status.CANCELLED])

    def overdue(self, *, today):
        return self.active().filter(target_date__lt=today)


class Measure(BaseModel):
    """One measure of the action plan: it may serve several recommendations; its responsible agency reports on it;
    its target date is a deadline (kind `measure_target`) that the deadline sweep enforces."""

    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("measure status", "Planned")
        REPORTED = "reported", _("Report awaiting review")
        IN_PROGRESS = "in_progress", _("In progress")
        RETURNED = "returned", _("Report returned")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", pgettext_lazy("measure status", "Cancelled")

    title = models.CharField(_("measure"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    recommendations = models.ManyToManyField(
        Recommendation, verbose_name=_("recommendations it serves"), related_name="measures"
    )
    responsible_agency = models.ForeignKey(
        Agency, verbose_name=_("responsible agency"), on_delete=models.PROTECT, related_name="measures"
    )
    co_executors = models.ManyToManyField(
        Agency, verbose_name=_("co-executors"), blank=True, related_name="co_executed_measures"
    )
    indicator = models.CharField(_("indicator"), max_length=500, help_text=_("How implementation is measured."))
    target_date = models.DateField(_("target date"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    deadline = models.OneToOneField(
        "communications.Deadline",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measure",
        help_text=_("The target date as a deadline of the common engine (reminders, missed, escalation)."),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    lock_version = models.PositiveIntegerField(default=0, help_text=_("Guards against a silent concurrent edit."))
    history = HistoricalRecords(m2m_fields=[recommendations, co_executors])

    objects = MeasureQuerySet.as_manager()

    class Meta:
        ordering = ["target_date", "id"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        indexes = [models.Index(fields=["responsible_agency", "status"], name="measure_agency_status")]

    def __str__(self) -> str:
        return _("Measure %(number)s") % {"number": self.pk}

    def get_absolute_url(self) -> str:
        return reverse("recommendations:measure", args=[self.pk])


class ProgressReport(BaseModel):
    """A progress report on a measure by its responsible agency (text and documents); the MoJ or the MFA accepts
    it or returns it with a comment. A returned report stays as it was; the agency files a new one."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned")

    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="reports")
    text = models.TextField(_("what was done"))
    is_final = models.BooleanField(
        _("final report"), default=False, help_text=_("The measure is complete; accepting it completes the measure.")
    )
    documents = models.ManyToManyField("communications.Document", verbose_name=_("documents"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(_("comment of the reviewer"), blank=True)
    history = HistoricalRecords(m2m_fields=[documents])

    class Meta:
        ordering = ["measure", "submitted_at", "id"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [
            # At most one report of a measure waits for review at a time.
            models.UniqueConstraint(
                fields=["measure"], condition=Q(status="submitted"), name="one_report_awaiting_review"
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(review_comment=""), name="returned_report_has_comment"
            ),
        ]

    def __str__(self) -> str:
        return _("Progress report %(number)s on measure %(measure)s") % {"number": self.pk, "measure": self.measure_id}
