"""Writes on reviews and recommendations: record a review, add a recommendation (with its translations, themes
and follow-up date), link a recommendation to a communication."""

import datetime as dt
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from communications.models import Committee, Communication
from iwg.calendar import earliest_date_message, is_before_earliest_date
from iwg.history import tracked_save
from iwg.models import User
from iwg.permissions import require
from iwg.texts import Text

from ..models import (
    FollowUpPeriod,
    Recommendation,
    RecommendationCommunication,
    RecommendationEvent,
    Response,
    Review,
    Theme,
)
from ..texts import reason
from .common import event_record


def follow_up_due_on(review: Review) -> dt.date | None:
    """The follow-up date of a recommendation the committee singled out: the adoption date plus the committee's
    follow-up period (data administrators edit). None when either is unknown."""
    if review.committee_id is None or review.adopted_on is None:
        return None
    period = FollowUpPeriod.objects.filter(committee_id=review.committee_id).first()
    if period is None:
        return None
    return review.adopted_on + relativedelta(months=period.months)


def review_create(
    *,
    actor: User | None,
    mechanism: str,
    title: str,
    cycle: int | None = None,
    session: int | None = None,
    committee: Committee | None = None,
    symbol: str = "",
    mandate: str = "",
    adopted_on: dt.date | None = None,
) -> Review:
    """Record a source of recommendations. UPR needs its cycle; concluding observations their committee and
    document symbol."""
    require(actor, "recommendations.manage_review")
    errors: dict[str, Any] = {}
    if mechanism not in Review.Mechanism.values:
        errors["mechanism"] = _("Choose a mechanism.")
    if not (title or "").strip():
        errors["title"] = _("Give the review a title.")
    if mechanism == Review.Mechanism.UPR and not cycle:
        errors["cycle"] = _("A UPR review needs its cycle.")
    if mechanism == Review.Mechanism.TREATY_BODY:
        if committee is None:
            errors["committee"] = _("Concluding observations need their committee.")
        if not symbol:
            errors["symbol"] = _("Concluding observations need their document symbol, e.g. CCPR/C/KAZ/CO/4.")
    if adopted_on is not None and is_before_earliest_date(adopted_on):
        errors["adopted_on"] = earliest_date_message()
    review = Review(
        mechanism=mechanism,
        title=(title or "").strip(),
        cycle=cycle,
        session=session,
        committee=committee if mechanism == Review.Mechanism.TREATY_BODY else None,
        symbol=(symbol or "").strip(),
        mandate=(mandate or "").strip(),
        adopted_on=adopted_on,
        created_by=actor,
    )
    try:
        review.full_clean(exclude=["created_by", "committee"] + list(errors))
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if review.symbol and Review.objects.filter(symbol=review.symbol).exists():
            raise ValidationError({"symbol": _("A review with this document symbol is already recorded.")})
        tracked_save(review, actor=actor, reason=Text("rec_created"))
    return review


def recommendation_add(
    *,
    actor: User | None,
    review: Review,
    number: str,
    text: str,
    recommending_states: str = "",
    text_ru: str = "",
    text_kk: str = "",
    themes: list[Theme] | None = None,
    sdg_targets: str = "",
    affected_groups: str = "",
    follow_up: bool = False,
    check: bool = True,
) -> Recommendation:
    """Add one recommendation to a review, with its (pending) response. The follow-up date is computed."""
    if check:
        require(actor, "recommendations.manage_review", review)
    recommendation = Recommendation(
        review=review,
        number=(number or "").strip(),
        text=(text or "").strip(),
        recommending_states=(recommending_states or "").strip(),
        text_ru=(text_ru or "").strip(),
        text_kk=(text_kk or "").strip(),
        sdg_targets=(sdg_targets or "").strip(),
        affected_groups=(affected_groups or "").strip(),
        follow_up=bool(follow_up),
        follow_up_due_on=follow_up_due_on(review) if follow_up else None,
    )
    recommendation.full_clean(exclude=["review", "follow_up_due_on"], validate_unique=False, validate_constraints=False)
    with transaction.atomic():
        if Recommendation.objects.filter(review=review, number=recommendation.number).exists():
            raise ValidationError(
                {
                    "number": _("This review already has a recommendation %(number)s.")
                    % {"number": recommendation.number}
                }
            )
        tracked_save(recommendation, actor=actor, reason=Text("rec_created"))
        if themes:
            recommendation.themes.set(themes)
        tracked_save(Response(recommendation=recommendation), actor=actor, reason=Text("rec_created"))
        event_record(
            kind=RecommendationEvent.Kind.RECEIVED,
            actor=actor,
            recommendation=recommendation,
            review=review,
            reason=Text("rec_created"),
        )
    return recommendation


def recommendation_link_communication(
    *, actor: User | None, recommendation: Recommendation, communication: Communication, note: str = ""
) -> RecommendationCommunication:
    """Cite a communication the recommendation concerns (shown on both pages). Linking twice is refused."""
    require(actor, "recommendations.link_communication", recommendation)
    with transaction.atomic():
        link = RecommendationCommunication(
            recommendation=recommendation,
            communication=communication,
            note=(note or "").strip()[:500],
            created_by=actor,
        )
        try:
            with transaction.atomic():
                tracked_save(link, actor=actor, reason=Text("rec_created"))
        except IntegrityError as exc:
            raise ValidationError(
                {"communication": _("This communication is already linked to the recommendation.")}
            ) from exc
        event_record(
            kind=RecommendationEvent.Kind.COMMUNICATION_LINKED,
            actor=actor,
            recommendation=recommendation,
            reason=reason("link", communication=str(communication)),
        )
    return link
