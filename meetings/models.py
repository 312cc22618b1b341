"""IWG meetings run by the MoJ secretariat: numbered, with an agenda of rounds, participants, minutes and a
decision per agenda item."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from iwg.history import HistoricalRecords
from iwg.models import Agency, BaseModel


class Meeting(BaseModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    number = models.PositiveIntegerField(_("number"), unique=True, help_text=_("Sequential: the 16th meeting is 16."))
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    format = models.CharField(_("format"), max_length=20, choices=Format.choices, default=Format.IN_PERSON)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chair"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    minutes = models.ForeignKey(
        "communications.Document",
        verbose_name=_("minutes"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    minutes_summary = models.TextField(_("summary of the minutes"), blank=True)
    held_at = models.DateTimeField(_("recorded as held at"), null=True, blank=True)
    cancellation_reason = models.TextField(_("reason for cancelling"), blank=True)
    lock_version = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("IWG meeting")
        verbose_name_plural = _("IWG meetings")
        constraints = [models.CheckConstraint(condition=Q(number__gt=0), name="meeting_number_positive")]

    def __str__(self) -> str:
        return _("IWG meeting No. %(number)s") % {"number": self.number}

    def get_absolute_url(self) -> str:

        return reverse("meetings:detail", args=[self.pk])


# Allowed moves of a meeting; enforced by meetings.services.
MEETING_TRANSITIONS: dict[str, frozenset[str]] = {
    Meeting.Status.PLANNED: frozenset({Meeting.Status.HELD, Meeting.Status.CANCELLED}),
    Meeting.Status.HELD: frozenset(),
    Meeting.Status.CANCELLED: frozenset(),
}


class Participant(BaseModel):
    """Someone who took part in a meeting: a user of the tracker, or a named guest of another body."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return self.name


class AgendaItem(BaseModel):
    """A round on a meeting's agenda, and the IWG's decision on it once the meeting is held."""

    class Decision(models.TextChoices):
        APPROVE_POSITION = "approve_position", _("Approve the draft position")
        MORE_ANALYSIS = "more_analysis", _("Ask for more analysis")
        DEFER = "defer", _("Defer")
        NOTE_IMPLEMENTATION = "note_implementation", _("Note the implementation")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    round = models.ForeignKey("communications.Round", on_delete=models.PROTECT, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    decision = models.CharField(_("decision"), max_length=30, choices=Decision.choices, blank=True)
    decision_notes = models.TextField(_("notes on the decision"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [models.UniqueConstraint(fields=["meeting", "round"], name="unique_agenda_round")]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.round}"


class ResponseItem(BaseModel):
    """A recommendation's proposed response on a meeting's agenda, and the IWG's decision on it once the meeting is
    held. Beside the rounds' agenda items (`AgendaItem`), numbered in the same order."""

    class Decision(models.TextChoices):
        ADOPT = "adopt", _("Adopt the proposed response")
        DEFER = "defer", _("Defer")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="response_items")
    response = models.ForeignKey("recommendations.Response", on_delete=models.PROTECT, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    decision = models.CharField(_("decision"), max_length=30, choices=Decision.choices, blank=True)
    decision_notes = models.TextField(_("notes on the decision"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order", "id"]
        verbose_name = _("recommendation on the agenda")
        verbose_name_plural = _("recommendations on the agenda")
        constraints = [models.UniqueConstraint(fields=["meeting", "response"], name="unique_agenda_response")]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.response.recommendation}"
