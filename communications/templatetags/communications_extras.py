"""Template helpers of the communications pages: permission checks that follow the services' rules (never the
superuser shortcut of `user.has_perm`), masked party names, and the days-left badge of a deadline."""

import datetime as dt

from django import template

from iwg.calendar import local_date
from iwg.permissions import allowed

from ..models import DeadlineKind, Round

register = template.Library()

ROUND_STATUS_STYLES = {
    "registered": "text-bg-secondary",
    "referred": "text-bg-info",
    "analysis_submitted": "text-bg-primary",
    "on_agenda": "text-bg-primary",
    "iwg_approved": "text-bg-success",
    "position_approved": "text-bg-success",
    "sent": "text-bg-dark",
    "cancelled": "text-bg-light border",
}
PHASE_STYLES = {
    "pending": "text-bg-info",
    "decided": "text-bg-secondary",
    "follow_up": "text-bg-warning",
    "closed": "text-bg-light border",
}


@register.simple_tag(takes_context=True)
def allowed_to(context, permission: str, obj=None) -> bool:
    """`{% allowed_to "communications.register_note" as can_register %}`: what the services would allow."""
    user = context.get("user") or getattr(context.get("request"), "user", None)
    return bool(user is not None and allowed(user, permission, obj))


@register.filter
def name_for(party, user) -> str:
    """`{{ party|name_for:user }}`: initials unless the user's role may see a confidential identity."""
    return party.name_for(user)


@register.filter
def round_status_style(status: str) -> str:
    return ROUND_STATUS_STYLES.get(status or "", "text-bg-secondary")


@register.filter
def round_status_label(status: str) -> str:
    """The label of a round status annotated on a register row (`current_round_status`)."""
    return str(Round.Status(status).label) if status in Round.Status.values else status or ""


@register.filter
def deadline_kind_label(kind: str) -> str:
    """The label of a deadline kind annotated on a register row (`next_due_kind`)."""
    return str(DeadlineKind(kind).label) if kind in DeadlineKind.values else kind or ""


@register.filter
def phase_style(phase: str) -> str:
    return PHASE_STYLES.get(phase or "", "text-bg-secondary")


@register.inclusion_tag("communications/partials/due_badge.html")
def due_badge(due_on: dt.date | None, status: str = "open", optional: bool = False, today: dt.date | None = None):
    """Days left of a deadline, as colour AND words: overdue, due today, due within a week, later; or its
    closed status (met, missed, cancelled)."""
    if due_on is None:
        return {"state": "none"}
    today = today or local_date()
    days = (due_on - today).days
    if status not in ("open", ""):
        state = status
    elif days < 0:
        state = "lapsed" if optional else "overdue"
    elif days == 0:
        state = "today"
    elif days <= 7:
        state = "soon"
    else:
        state = "later"
    return {"state": state, "days_left": days, "days_overdue": -days}
