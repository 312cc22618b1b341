"""The event log of a communication: one row per step, which the timeline reads."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from iwg import texts

from .communications import Communication, Round


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
        # Corrections (issue 11, item 3): each with the reason the MFA gave.
        NUMBER_CORRECTED = "number_corrected", _("Committee or number corrected")
        PARTY_EDITED = "party_edited", _("Party corrected")
        PARTY_REMOVED = "party_removed", _("Party removed")
        CONFIDENTIALITY_CHANGED = "confidentiality_changed", _("Confidentiality changed")
        NOTE_VOIDED = "note_voided", _("Note verbale voided")
        ROUND_VOIDED = "round_voided", _("Round voided")
        MERGED = "merged", _("Communications merged")

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
