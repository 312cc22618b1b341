"""What both apps share: the base model, agencies, users with a role, and the decreed working-day transfers."""

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .history import HistoricalRecords
from .roles import ROLES_READING_HISTORY, ROLES_SEEING_ALL, ROLES_SEEING_CONFIDENTIAL_NAMES, Role

# Largest value of a database id (bigint): bigger numbers are refused as input rather than sent to the database.
MAX_ID = 2**63 - 1


class BaseModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class Agency(BaseModel):
    """A State body taking part in the process (MFA, PGO, MoJ, and others as needed)."""

    class Code(models.TextChoices):
        MFA = "MFA", _("Ministry of Foreign Affairs")
        PGO = "PGO", _("Prosecutor General's Office")
        MOJ = "MOJ", _("Ministry of Justice")
        MIA = "MIA", _("Ministry of Internal Affairs")
        SC = "SC", _("Supreme Court")
        MOF = "MOF", _("Ministry of Finance")
        OMBUDSMAN = "OMBUDSMAN", _("Commissioner for Human Rights")
        OTHER = "OTHER", _("Other body")

    code = models.CharField(_("code"), max_length=20, unique=True, help_text=_("Short stable code, e.g. MFA."))
    name = models.CharField(_("name"), max_length=200)
    name_ru = models.CharField(_("name in Russian"), max_length=200, blank=True)
    name_kk = models.CharField(_("name in Kazakh"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self) -> str:
        return str(AGENCY_ABBREVIATIONS.get(self.code) or self.code)

    @property
    def abbreviation(self) -> str:
        """The agency's short name in the user's language (МИД, СІМ…); `code` stays the stable English code."""
        return str(self)


AGENCY_ABBREVIATIONS: dict[str, Any] = {
    Agency.Code.MFA: pgettext_lazy("agency abbreviation", "MFA"),
    Agency.Code.PGO: pgettext_lazy("agency abbreviation", "PGO"),
    Agency.Code.MOJ: pgettext_lazy("agency abbreviation", "MoJ"),
    Agency.Code.MIA: pgettext_lazy("agency abbreviation", "MIA"),
    Agency.Code.SC: pgettext_lazy("agency abbreviation", "Supreme Court"),
    Agency.Code.MOF: pgettext_lazy("agency abbreviation", "MoF"),
    Agency.Code.OMBUDSMAN: pgettext_lazy("agency abbreviation", "Ombudsman"),
    Agency.Code.OTHER: pgettext_lazy("agency abbreviation", "Other"),
}


def agency_label(code: str | None) -> str:
    """An agency's short name in the active language for its stable code (PGO → ГП in Russian, БП in Kazakh);
    what events, notices and pages store is the code, this is how they show it."""
    if not code:
        return ""
    return str(AGENCY_ABBREVIATIONS.get(code) or code)


class User(AbstractUser):
    """A person using the tracker: one agency and one role."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices, blank=True)
    is_agency_head = models.BooleanField(
        _("head of agency"), default=False, help_text=_("Receives escalations of missed deadlines for the agency.")
    )
    language = models.CharField(
        _("language"),
        max_length=5,
        default="ru",
        choices=settings.LANGUAGES,
        help_text=_("Language of the interface and of e-mails."),
    )

    class EmailDelivery(models.TextChoices):
        IMMEDIATE = "immediate", _("Each notice at once")
        DIGEST = "digest", _("One daily digest")
        NONE = "none", _("No e-mail")

    email_delivery = models.CharField(
        _("e-mail notices"), max_length=20, choices=EmailDelivery.choices, default=EmailDelivery.IMMEDIATE
    )
    history = HistoricalRecords(excluded_fields=["last_login", "password"])

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def sees_all_communications(self) -> bool:
        return self.is_superuser or self.role in ROLES_SEEING_ALL

    @property
    def sees_confidential_names(self) -> bool:
        return self.role in ROLES_SEEING_CONFIDENTIAL_NAMES

    @property
    def reads_history(self) -> bool:
        return self.is_superuser or self.role in ROLES_READING_HISTORY


class CalendarTransfer(BaseModel):
    """A working day moved by government decree: a weekday made a day off, or a weekend day made a working day."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("day off (not a working day)")
        WORKING_DAY = "working_day", _("working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    decree = models.CharField(_("decree"), max_length=200, blank=True, help_text=_("The decree that moves the day."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date"]
        verbose_name = _("working-day transfer")
        verbose_name_plural = _("working-day transfers")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}"


class AccessEvent(models.Model):
    """An access to the system worth showing auditors: sign-ins and failures, lockouts, downloads of documents,
    exports, refused requests. Append-only: nobody, not even an administrator, edits or deletes these rows."""

    class Kind(models.TextChoices):
        SIGN_IN = "sign_in", _("Signed in")
        SIGN_IN_FAILED = "sign_in_failed", _("Failed sign-in")
        SIGN_OUT = "sign_out", _("Signed out")
        LOCKED_OUT = "locked_out", _("Locked out")
        DOWNLOAD = "download", _("Document downloaded")
        EXPORT = "export", _("Export")
        REFUSED = "refused", _("Request refused")
        TOKEN_CREATED = "token_created", _("API token issued")
        TOKEN_REVOKED = "token_revoked", _("API token revoked")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.PROTECT, null=True, blank=True, related_name="access_events"
    )
    username = models.CharField(_("user name given"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    path = models.CharField(_("address"), max_length=500, blank=True)
    object_type = models.CharField(_("kind of object"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    detail = models.TextField(_("detail"), blank=True)
    occurred_at = models.DateTimeField(_("when"), db_index=True)
    count = models.PositiveIntegerField(
        _("times"),
        default=1,
        help_text=_(
            "How many requests this row stands for: more than one only for refused anonymous requests, "
            "counted per address, part of the site and minute."
        ),
    )
    aggregate_key = models.CharField(
        _("aggregation key"),
        max_length=200,
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text=_("Kind, address, part of the site and minute of an aggregated row; empty for single events."),
    )

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("access event")
        verbose_name_plural = _("access events")

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.get_kind_display()} {self.username}"

    def save(self, *args, **kwargs):
        # An invariant, not a rule of the workflow: an access event, once written, is never rewritten.
        if self.pk is not None and not self._state.adding:
            raise PermissionError("Access events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Access events are append-only.")


class WorkerHeartbeat(models.Model):
    """The last sign of life of each running Celery worker, written every IWG_WORKER_HEARTBEAT_SECONDS by the
    worker itself (iwg/heartbeat.py) and read by /health/ and /ready/. Kept in the database so that it works with
    every broker, the filesystem broker of `make run` included. A worker that stops cleanly removes its row."""

    hostname = models.CharField(max_length=255, unique=True)
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return self.hostname


def _new_calendar_token() -> str:
    # Kept for migration 0007, which names it; new secrets come from meetings.calendar_feed.
    import secrets

    return secrets.token_urlsafe(32)


def calendar_token_digest(token: str) -> str:
    """The SHA-256 of a calendar-feed secret, as stored: the secret itself is shown to its user once and never
    kept, like an API token. (A fast hash is enough: the secret is 256 random bits, not a password.)"""
    import hashlib

    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeedToken(models.Model):
    """A user's calendar-feed address (for calendar programs, which cannot sign in), kept as the digest of its
    secret part: the address is shown to the user once, when it is made; a lost one is replaced by a new one,
    which makes the old address stop working. Not in any history (it is a credential)."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="calendar_feed")
    digest = models.CharField(
        _("digest"), max_length=64, unique=True, help_text=_("SHA-256 of the secret part of the address.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now=True)

    class Meta:
        verbose_name = _("calendar feed address")
        verbose_name_plural = _("calendar feed addresses")

    def __str__(self) -> str:
        return str(self.user)
