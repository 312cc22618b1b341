"""Notifications, the deadline sweep's notices and its runs."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from iwg import texts

from .communications import Communication, Deadline


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
        """The message in the reader's language (the stored message for a row that has no parameters)."""
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
    round = models.ForeignKey(
        "communications.Round", on_delete=models.CASCADE, null=True, blank=True, related_name="handoffs"
    )
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
