"""What a correction leaves on a record instead of deleting it (issue 11, item 3): a note or a round registered
by mistake is voided, a party entered by mistake is removed; the row stays, with when, by whom and why, and the
pages show it struck through and labelled. The services are in `communications/services/corrections.py`."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class VoidableQuerySet(models.QuerySet):
    def current(self):
        """The rows not voided: what counts, queues and figures read."""
        return self.filter(voided_at__isnull=True)


class Voidable(models.Model):
    """A record that can be voided (registered by mistake): kept and shown as voided, counted nowhere."""

    voided_at = models.DateTimeField(
        _("voided at"), null=True, blank=True, help_text=_("Set when the record was voided as registered by mistake.")
    )
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    void_reason = models.TextField(_("reason for voiding"), blank=True)

    class Meta:
        abstract = True

    @property
    def is_voided(self) -> bool:
        return self.voided_at is not None


class Removable(models.Model):
    """A record removed by a correction: kept in the database and its history, no longer shown as current."""

    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    removal_reason = models.TextField(_("reason for removal"), blank=True)

    class Meta:
        abstract = True

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None
