"""Template helpers of the communications pages: permission checks that follow the services' rules (never the
superuser shortcut of `user.has_perm`), masked party names, and the days-left badge of a deadline."""

import datetime as dt

from django import template
from django.utils.formats import date_format, localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext, gettext_noop, ngettext

from iwg.calendar import local_date
from iwg.permissions import allowed

from ..models import DeadlineKind, Round
from ..selectors.rounds import related_or_none

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


def due_state(due_on: dt.date, status: str, optional: bool, today: dt.date) -> tuple[str, int]:
    """The badge's state (overdue, today, soon, later, lapsed, or the closed status) and the days left."""
    days = (due_on - today).days
    if status not in ("open", ""):
        return status, days
    if days < 0:
        return ("lapsed" if optional else "overdue"), days
    if days == 0:
        return "today", days
    return ("soon" if days <= 7 else "later"), days


def _due_badge_html(state: str, days: int) -> str:
    if state == "overdue":
        text = ngettext("Overdue by %(days)s day", "Overdue by %(days)s days", -days) % {"days": localize(-days)}
        return f'<span class="badge text-bg-danger due-badge">{text}</span>'
    if state == "today":
        return f'<span class="badge text-bg-warning due-badge">{gettext("Due today")}</span>'
    if state in ("soon", "later"):
        text = ngettext("%(days)s day left", "%(days)s days left", days) % {"days": localize(days)}
        if state == "soon":
            return f'<span class="badge text-bg-warning due-badge">{text}</span>'
        return f'<span class="due-later">{text}</span>'
    closed = {
        "lapsed": ("text-bg-light border", gettext_noop("Option lapsed")),
        "met": ("text-bg-success", gettext_noop("Met")),
        "missed": ("text-bg-danger", gettext_noop("Missed")),
        "cancelled": ("text-bg-light border", gettext_noop("Cancelled")),
    }.get(state)
    if closed is None:
        return ""
    return f'<span class="badge {closed[0]} due-badge">{gettext(closed[1])}</span>'


@register.simple_tag
def due_badge(due_on: dt.date | None, status: str = "open", optional: bool = False, today: dt.date | None = None):
    """Days left of a deadline, as colour AND words: overdue, due today, due within a week, later; or its
    closed status (met, missed, cancelled). Built here rather than by an included template: the register shows
    it on every row, and an inclusion tag renders a template per row."""
    if due_on is None:
        return mark_safe("\n")  # noqa: S308  (what the template it replaces rendered)
    state, days = due_state(due_on, status, optional, today or local_date())
    return mark_safe(_due_badge_html(state, days) + "\n")  # noqa: S308  (our markup and translations, no input)


@register.simple_tag(takes_context=True)
def register_row(context, communication) -> str:
    """One row of the register (communications/list.html), built here rather than in the template: a page shows
    up to 100 rows, and the template language spent about 0.4 ms per row resolving its ~40 variables, more than
    the page's SQL (docs/performance.md, "Register"). The markup is what the template wrote; every value is
    escaped by format_html or conditional_escape."""
    user = context.get("user")
    today = context.get("today") or local_date()
    code_number = f"{communication.committee.code} {communication.number}"
    heading = [format_html('<a href="{}">{}</a>', communication.get_absolute_url(), code_number)]
    joined = communication.joined_numbers.all()
    if joined:
        heading.append(
            format_html(
                '<div class="small text-body-secondary">{} {}</div>',
                gettext("joined:"),
                ", ".join(number.number for number in joined),
            )
        )
    if communication.has_urgent_round:
        heading.append(format_html('<span class="badge text-bg-danger">{}</span>', gettext("Urgent")))
    authors = "".join(
        format_html('<span class="d-block">{}</span>', party.name_for(user))
        for party in communication.parties.all()
        if party.role != "counsel"
    )
    subject = conditional_escape(Truncator(communication.subject).chars(120))
    decision = related_or_none(communication, "decision")
    if decision is not None:
        detail = decision.get_kind_display() + (f" · {decision.symbol}" if decision.symbol else "")
        subject += format_html('<div class="small text-body-secondary">{}</div>', detail)
    elif communication.symbols:
        subject += format_html(
            '<div class="small text-body-secondary">{}</div>',
            ", ".join(str(symbol) for symbol in communication.symbols),
        )
    status = communication.current_round_status
    stage = (
        format_html('<span class="badge {}">{}</span>', round_status_style(status), round_status_label(status))
        if status
        else "—"
    )
    due: str
    if communication.next_due_on:
        due = format_html(
            '{}<div class="small">{}</div>{}',
            date_format(communication.next_due_on, "SHORT_DATE_FORMAT"),
            deadline_kind_label(communication.next_due_kind),
            due_badge(communication.next_due_on, today=today),
        )
    else:
        due = "—"
    received = (
        date_format(communication.first_received_on, "SHORT_DATE_FORMAT") if communication.first_received_on else "—"
    )
    return format_html(
        '<tr{}>\n<th scope="row" class="text-nowrap">{}</th>\n<td>{}</td>\n<td class="register-subject">{}</td>\n'
        '<td><span class="badge {}">{}</span></td>\n<td class="register-stage">{}</td>\n'
        '<td class="text-nowrap">{}</td>\n<td class="text-nowrap">{}</td>\n</tr>\n',
        mark_safe(' class="row-overdue"') if communication.has_overdue else "",  # noqa: S308  (a constant)
        mark_safe("\n".join(heading)),  # noqa: S308  (each part built by format_html)
        mark_safe(authors),  # noqa: S308  (built by format_html)
        subject,
        phase_style(communication.phase),
        communication.get_phase_display(),
        stage,
        due,
        received,
    )
