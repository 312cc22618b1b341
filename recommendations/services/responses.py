"""Writes on the State's responses: the MFA proposes a response (or records one given before the tracker); the
IWG decides it at a meeting. The agenda steps are taken by `meetings.services` (which checks the IWG's
permissions and calls the helpers below in its own transaction): meetings imports recommendations, never the
reverse."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from iwg.calendar import earliest_date_message, is_before_earliest_date, local_date
from iwg.concurrency import check_version
from iwg.models import User
from iwg.permissions import require

from ..models import RecommendationEvent, Response
from ..texts import reason as text_of
from . import handoffs
from .common import record_move


def _lock(response: Response) -> Response:
    return Response.objects.select_for_update().select_related("recommendation").get(pk=response.pk)


def _position_check(position: str, reason: str) -> dict:
    errors = {}
    if position not in Response.Position.values:
        errors["position"] = _("Choose supported or noted.")
    elif position == Response.Position.NOTED and not (reason or "").strip():
        errors["reason"] = _("Give the reason for noting the recommendation.")
    return errors


def response_propose(
    *, actor: User | None, response: Response, position: str, reason: str = "", expected_version: int | None = None
) -> Response:
    """The MFA proposes the State's response (supported, or noted with a reason) for the IWG to decide. From
    "awaiting a proposal" or "proposed" (a new proposal replaces the old one: it carries the version it was based
    on). Hands over to the MoJ secretariat, who puts it on an IWG agenda."""
    require(actor, "recommendations.propose_response", response)
    errors = _position_check(position, reason)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        response = _lock(response)
        if response.status == Response.Status.PROPOSED:
            check_version(response, expected_version)
        response.position = position
        response.reason = (reason or "").strip() if position == Response.Position.NOTED else ""
        record_move(
            response,
            step="response_propose",
            actor=actor,
            reason=text_of("response", position=position, reason=response.reason),
            event_kind=RecommendationEvent.Kind.RESPONSE_PROPOSED,
            recommendation=response.recommendation,
        )
        recommendation = response.recommendation
        handoffs.handoff_notify(
            step="response_propose",
            key=f"response:{response.pk}:{response.lock_version}",
            params={"recommendation": str(recommendation)},
            recipients=handoffs.step_recipients("response_propose"),
            link=recommendation.get_absolute_url(),
        )
        return response


def response_record(
    *,
    actor: User | None,
    response: Response,
    position: str,
    reason: str = "",
    decided_on: dt.date | None = None,
    check: bool = True,
) -> Response:
    """Record a response the State gave before the tracker (an imported UPR matrix): decided at once, without an
    IWG meeting. From "awaiting a proposal" or "proposed"."""
    if check:
        require(actor, "recommendations.record_response", response)
    errors = _position_check(position, reason if position == Response.Position.NOTED else "x")
    errors.pop("reason", None)  # a response recorded from a source may lack the reason it was noted for
    decided_on = decided_on or local_date()
    if is_before_earliest_date(decided_on):
        errors["decided_on"] = earliest_date_message()
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        response = _lock(response)
        response.position = position
        response.reason = (reason or "").strip() if position == Response.Position.NOTED else ""
        response.decided_on = decided_on
        return record_move(
            response,
            step="response_record",
            actor=actor,
            reason=text_of("response", position=position, reason=response.reason),
            event_kind=RecommendationEvent.Kind.RESPONSE_RECORDED,
            recommendation=response.recommendation,
        )


# ---------------------------------------------------------------------------------------------------------------
# Steps the IWG takes through its meetings (called by meetings.services inside their transaction, after their own
# permission check; the response's lock is taken after the meeting's).


def response_put_on_agenda(*, actor: User | None, response: Response, meeting_number: int) -> Response:
    """A proposed response goes on an IWG agenda."""
    response = _lock(response)
    return record_move(
        response,
        step="response_put_on_agenda",
        actor=actor,
        reason=text_of("agenda", meeting=meeting_number),
        event_kind=RecommendationEvent.Kind.PUT_ON_AGENDA,
        recommendation=response.recommendation,
    )


def response_take_off_agenda(*, actor: User | None, response: Response, meeting_number: int) -> Response:
    """A response on an agenda goes back to "proposed" (taken off, or its meeting cancelled)."""
    response = _lock(response)
    return record_move(
        response,
        step="response_remove_from_agenda",
        actor=actor,
        reason=text_of("agenda", meeting=meeting_number),
        event_kind=RecommendationEvent.Kind.REMOVED_FROM_AGENDA,
        recommendation=response.recommendation,
    )


def response_decide(
    *, actor: User | None, response: Response, meeting_number: int, decided_on: dt.date, adopt: bool
) -> Response:
    """The IWG's decision on a response on its agenda: adopt the proposed response (decided, with the meeting
    and date), or defer it (back to proposed)."""
    response = _lock(response)
    if adopt:
        response.decided_on = decided_on
        response.decided_by_meeting = meeting_number
    return record_move(
        response,
        step="iwg_decide_response" if adopt else "iwg_defer_response",
        actor=actor,
        reason=text_of("decision", meeting=meeting_number, position=response.position, deferred=not adopt),
        event_kind=RecommendationEvent.Kind.IWG_DECISION,
        recommendation=response.recommendation,
    )
