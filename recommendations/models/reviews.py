"""Sources of recommendations and the recommendations themselves: reviews (a UPR cycle, a treaty body's
concluding observations, a special procedure's visit report), themes (a taxonomy administrators edit), the
follow-up period per committee (data, as the committees' time limits), recommendations and their links to
communications."""

import re

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from iwg.history import HistoricalRecords
from iwg.models import BaseModel

# A UN document symbol: CCPR/C/KAZ/CO/4 (committee/C/country/CO/number), A/HRC/59/12, E/C.12/KAZ/CO/2.
SYMBOL_RE = re.compile(r"^[A-Z][A-Za-z0-9.\-]*(?:/[A-Za-z0-9.\-]+)+$")


class Theme(BaseModel):
    """A theme of the taxonomy recommendations are grouped by (torture prevention, peaceful assembly, ...)."""

    code = models.SlugField(_("code"), max_length=50, unique=True, help_text=_("Short stable code, e.g. torture."))
    name = models.CharField(_("name"), max_length=200, help_text=_("The name in English."))
    name_ru = models.CharField(_("name in Russian"), max_length=200, blank=True)
    name_kk = models.CharField(_("name in Kazakh"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True, help_text=_("Retired themes stay on old records."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the active language (English when no translation is recorded)."""
        language = (translation.get_language() or "en")[:2]
        return {"ru": self.name_ru, "kk": self.name_kk}.get(language) or self.name


class FollowUpPeriod(BaseModel):
    """How long a committee gives the State for follow-up information on the recommendations it singles out in
    its concluding observations (one or two years; to confirm per committee, so administrators edit it)."""

    committee = models.OneToOneField(
        "communications.Committee",
        verbose_name=_("committee"),
        on_delete=models.PROTECT,
        related_name="follow_up_period",
    )
    months = models.PositiveSmallIntegerField(
        _("months"),
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Calendar months from the adoption of the concluding observations to the follow-up report."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["committee__code"]
        verbose_name = _("follow-up period")
        verbose_name_plural = _("follow-up periods")
        constraints = [
            models.CheckConstraint(condition=Q(months__gte=1, months__lte=60), name="follow_up_months_range")
        ]

    def __str__(self) -> str:
        return f"{self.committee.code}: {self.months}"


class Review(BaseModel):
    """One source of recommendations: a UPR review (cycle and session), a treaty body's concluding observations
    (committee, document symbol, adoption date) or a special procedure's visit report."""

    class Mechanism(models.TextChoices):
        UPR = "upr", _("Universal Periodic Review")
        TREATY_BODY = "treaty_body", _("Treaty body concluding observations")
        SPECIAL_PROCEDURE = "special_procedure", _("Special procedure visit report")

    mechanism = models.CharField(_("mechanism"), max_length=20, choices=Mechanism.choices)
    title = models.CharField(_("title"), max_length=300, help_text=_("E.g. UPR 4th cycle, Working Group 48th session."))
    cycle = models.PositiveSmallIntegerField(
        _("UPR cycle"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    session = models.PositiveSmallIntegerField(
        _("session"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(999)],
        help_text=_("The UPR Working Group's or the committee's session."),
    )
    committee = models.ForeignKey(
        "communications.Committee",
        verbose_name=_("committee"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviews",
    )
    symbol = models.CharField(
        _("document symbol"),
        max_length=60,
        blank=True,
        validators=[RegexValidator(SYMBOL_RE.pattern, _("Enter a UN document symbol such as CCPR/C/KAZ/CO/4."))],
        help_text=_("E.g. CCPR/C/KAZ/CO/4 or A/HRC/59/12."),
    )
    mandate = models.CharField(
        _("mandate"), max_length=300, blank=True, help_text=_("For a special procedure: the mandate that visited.")
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    lock_version = models.PositiveIntegerField(default=0, help_text=_("Guards against a silent concurrent edit."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-adopted_on", "-id"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.CheckConstraint(condition=~Q(mechanism="upr") | Q(cycle__isnull=False), name="review_upr_has_cycle"),
            models.CheckConstraint(
                condition=~Q(mechanism="treaty_body") | (Q(committee__isnull=False) & ~Q(symbol="")),
                name="review_treaty_body_has_committee_and_symbol",
            ),
            models.UniqueConstraint(fields=["symbol"], condition=~Q(symbol=""), name="unique_review_symbol"),
        ]

    def __str__(self) -> str:
        return self.symbol or self.title

    def get_absolute_url(self) -> str:
        return reverse("recommendations:review", args=[self.pk])


class RecommendationQuerySet(models.QuerySet):
    def follow_up_overdue(self, *, today):
        """Singled out for follow-up, with its follow-up date passed and not implemented."""
        return self.filter(follow_up=True, follow_up_due_on__lt=today).exclude(
            implementation=Recommendation.Implementation.IMPLEMENTED
        )


class Recommendation(BaseModel):
    """One recommendation of a review, as received, with its translations, themes and where it stands."""

    class Implementation(models.TextChoices):
        NOT_PLANNED = "not_planned", _("No measure planned")
        PLANNED = "planned", _("Measures planned")
        IN_PROGRESS = "in_progress", _("Being implemented")
        IMPLEMENTED = "implemented", _("Implemented")

    review = models.ForeignKey(
        Review, verbose_name=_("review"), on_delete=models.PROTECT, related_name="recommendations"
    )
    number = models.CharField(
        _("paragraph or number"),
        max_length=30,
        validators=[RegexValidator(r"^[0-9A-Za-z][0-9A-Za-z.()\-]*$", _("Enter a paragraph number such as 45.123."))],
        help_text=_("As the source numbers it, e.g. 45.123 (UPR) or 23 (b) written 23(b)."),
    )
    recommending_states = models.CharField(
        _("recommending States"), max_length=1000, blank=True, help_text=_("For UPR: the States, comma-separated.")
    )
    text = models.TextField(_("text as received"))
    text_ru = models.TextField(_("text in Russian"), blank=True)
    text_kk = models.TextField(_("text in Kazakh"), blank=True)
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="recommendations")
    sdg_targets = models.CharField(
        _("SDG targets"),
        max_length=200,
        blank=True,
        help_text=_("Sustainable Development Goal targets, e.g. 16.3, 5.2."),
    )
    affected_groups = models.CharField(_("affected groups"), max_length=500, blank=True)
    follow_up = models.BooleanField(
        _("singled out for follow-up"), default=False, help_text=_("The committee asks for information on it early.")
    )
    follow_up_due_on = models.DateField(
        _("follow-up due on"),
        null=True,
        blank=True,
        help_text=_("Computed from the adoption date and the committee's follow-up period."),
    )
    implementation = models.CharField(
        _("implementation"), max_length=20, choices=Implementation.choices, default=Implementation.NOT_PLANNED
    )
    communications: models.ManyToManyField = models.ManyToManyField(
        "communications.Communication",
        through="RecommendationCommunication",
        verbose_name=_("communications it concerns"),
        blank=True,
        related_name="recommendations",
    )
    lock_version = models.PositiveIntegerField(default=0, help_text=_("Guards against a silent concurrent edit."))
    history = HistoricalRecords(m2m_fields=[themes])

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["review", "id"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [
            models.UniqueConstraint(fields=["review", "number"], name="unique_recommendation_number"),
            models.CheckConstraint(
                condition=Q(follow_up=True) | Q(follow_up_due_on__isnull=True), name="follow_up_date_needs_flag"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.review} {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("recommendations:detail", args=[self.pk])

    @property
    def text_in_language(self) -> str:
        language = (translation.get_language() or "en")[:2]
        return {"ru": self.text_ru, "kk": self.text_kk}.get(language) or self.text


class RecommendationCommunication(BaseModel):
    """A recommendation cites a communication it concerns (a Views finding and a recommendation on the same law);
    shown on both pages."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="communication_links")
    communication = models.ForeignKey(
        "communications.Communication", on_delete=models.PROTECT, related_name="recommendation_links"
    )
    note = models.CharField(_("why linked"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name = _("link to a communication")
        verbose_name_plural = _("links to communications")
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "communication"], name="unique_recommendation_link")
        ]

    def __str__(self) -> str:
        return f"{self.recommendation} → {self.communication}"
