"""Reference data: the treaty bodies (committees), their time limits and the internal deadline policy."""

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from iwg.history import HistoricalRecords
from iwg.models import BaseModel

from .communications import CommitteeCode, DeadlineKind, NoteKind


class Committee(BaseModel):
    """A treaty body Kazakhstan has recognised as competent to receive individual communications."""

    code = models.CharField(_("code"), max_length=10, unique=True, choices=CommitteeCode.choices)
    name = models.CharField(_("name"), max_length=200)
    treaty = models.CharField(_("treaty and procedure"), max_length=300, blank=True)
    calls_views_opinion = models.BooleanField(
        _("calls its Views an opinion"), default=False, help_text=_("CERD adopts 'opinions' rather than 'Views'.")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("committee")
        verbose_name_plural = _("committees")

    def __str__(self) -> str:
        return self.code

    @property
    def title(self) -> str:
        """The committee's name in the user's language (the stored `name` is the administrator's English text)."""
        return str(CommitteeCode(self.code).label) if self.code in CommitteeCode.values else self.name

    @property
    def treaty_title(self) -> str:
        return str(TREATY_TITLES.get(self.code) or self.treaty)


TREATY_TITLES: dict[str, Any] = {
    CommitteeCode.CCPR: _("International Covenant on Civil and Political Rights, Optional Protocol"),
    CommitteeCode.CAT: _("Convention against Torture, article 22"),
    CommitteeCode.CERD: _(
        "International Convention on the Elimination of All Forms of Racial Discrimination, article 14"
    ),
    CommitteeCode.CEDAW: _(
        "Convention on the Elimination of All Forms of Discrimination against Women, Optional Protocol"
    ),
    CommitteeCode.CRPD: _("Convention on the Rights of Persons with Disabilities, Optional Protocol"),
    CommitteeCode.CRC: _("Convention on the Rights of the Child, Optional Protocol on a communications procedure"),
}


class TimeLimit(BaseModel):
    """A committee's time limit for one kind of note, as data an administrator can correct.

    The due date is the note's transmission date (OHCHR's date) plus `months` calendar months and `days` days.
    """

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="time_limits")
    note_kind = models.CharField(_("kind of note"), max_length=40, choices=NoteKind.choices)
    deadline_kind = models.CharField(
        _("kind of deadline"), max_length=30, choices=DeadlineKind.choices, default=DeadlineKind.COMMITTEE
    )
    months = models.PositiveSmallIntegerField(_("months"), default=0)
    days = models.PositiveSmallIntegerField(_("days"), default=0)
    basis = models.CharField(
        _("basis"), max_length=300, help_text=_("Where the period comes from, e.g. 'CCPR rule 92: 6 months'.")
    )
    to_confirm = models.BooleanField(
        _("to confirm"), default=False, help_text=_("The period is an assumption that still needs confirming.")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["committee__code", "note_kind", "deadline_kind"]
        verbose_name = _("committee time limit")
        verbose_name_plural = _("committee time limits")
        constraints = [
            models.UniqueConstraint(fields=["committee", "note_kind", "deadline_kind"], name="unique_time_limit"),
            models.CheckConstraint(condition=Q(months__gt=0) | Q(days__gt=0), name="time_limit_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.committee.code} {self.note_kind}: {self.basis}"


class InternalDeadlinePolicy(BaseModel):
    """Default internal deadline for one step of a round of a given kind: `days_before` calendar days before
    the committee's deadline, moved to the previous Kazakhstan working day."""

    note_kind = models.CharField(_("kind of note"), max_length=40, choices=NoteKind.choices)
    deadline_kind = models.CharField(_("step"), max_length=30, choices=DeadlineKind.choices)
    days_before = models.PositiveSmallIntegerField(_("days before the committee's deadline"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["note_kind", "-days_before"]
        verbose_name = _("internal deadline policy")
        verbose_name_plural = _("internal deadline policies")
        constraints = [
            models.UniqueConstraint(fields=["note_kind", "deadline_kind"], name="unique_internal_deadline_policy")
        ]

    def __str__(self) -> str:
        return f"{self.note_kind} {self.deadline_kind}: -{self.days_before}"
