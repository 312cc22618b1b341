"""What the notices say: `notice_text`, `notification_email`, `digest_email`, in the recipient's language. A
notice names the communication by committee and number only, never a party, so confidential names cannot leak
into it.
"""

import datetime as dt
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Deadline, DeadlineNotice, Notification
from .reminders import ReminderSchedule

# ---------------------------------------------------------------------------------------------------------------
# Texts, in the recipient's language


def user_language(user) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    return user.language if user.language in codes else settings.LANGUAGE_CODE


def _when(days_left: int) -> str:
    if days_left <= 0:
        return _("due today")
    return ngettext("in %(count)d working day", "in %(count)d working days", days_left) % {"count": days_left}


def notice_text(notice: DeadlineNotice, deadline: Deadline, *, today: dt.date, schedule: ReminderSchedule):
    """(title, message) of a notice in the active language. The communication is named by committee and number
    only: no party's name, no subject."""
    round = deadline.round
    values = {
        "deadline": deadline.get_kind_display(),
        "communication": f"{round.communication.committee.code} {round.communication.number}",
        "date": formats.date_format(notice.due_on, "DATE_FORMAT"),
        "agency": deadline.responsible_agency.code,
        "when": _when(schedule.working_days_left(today, notice.due_on)),
    }
    if notice.kind == DeadlineNotice.Kind.REMINDER:
        title = _("Reminder: %(deadline)s, %(communication)s, due %(date)s (%(when)s)") % values
    elif notice.kind == DeadlineNotice.Kind.CATCH_UP:
        title = _("Catch-up reminder: %(deadline)s, %(communication)s, due %(date)s (%(when)s)") % values
    elif notice.kind == DeadlineNotice.Kind.MISSED:
        title = _("Missed: %(deadline)s, %(communication)s, was due %(date)s") % values
    else:
        title = _("Escalation: %(agency)s missed %(deadline)s, %(communication)s, due %(date)s") % values
    lines = [
        _("Communication: %(communication)s") % values,
        _("Step: %(deadline)s") % values,
        _("Due date: %(date)s") % values,
        _("Responsible: %(agency)s") % values,
        _("Request: %(round)s") % {"round": round.get_kind_display()},
    ]
    if round.is_urgent:
        lines.append(_("Urgent: interim or protection measures, reminded every working day."))
    if notice.kind == DeadlineNotice.Kind.CATCH_UP:
        lines.append(
            _(
                "Earlier reminders (%(levels)s working days before) could not be sent on their day; this notice replaces them."
            )
            % {"levels": ", ".join(str(level) for level in notice.skipped_levels)}
        )
    if notice.kind == DeadlineNotice.Kind.MISSED:
        lines.append(_("The deadline passed without the step being done. It has been escalated."))
    if notice.kind == DeadlineNotice.Kind.ESCALATION:
        lines.append(_("You receive this as head of agency or as the MFA's supervisor."))
    return title[:300], "\n".join(lines)


def communication_link(communication) -> str:
    return settings.IWG_SITE_URL.rstrip("/") + communication.get_absolute_url()


def _message_id(kind: str, pk: int) -> str:
    # The same notification always carries the same Message-ID: should a killed worker's task send it again,
    # mail servers and clients see one message.
    host = urlsplit(settings.IWG_SITE_URL).hostname or "iwg-tracker.local"
    return f"<{kind}-{pk}@{host}>"


def notification_email(notification: Notification) -> EmailMultiAlternatives:
    """The e-mail for one notification, in its recipient's language, with a link to the communication."""
    user = notification.user
    language = user_language(user)
    with translation.override(language):
        body = render_to_string(
            "notifications/email_notice.txt",
            {
                "user": user,
                "notification": notification,
                "link": communication_link(notification.communication) if notification.communication_id else "",
                "notifications_link": settings.IWG_SITE_URL.rstrip("/") + "/notifications/",
            },
        )
        subject = " ".join(notification.title.split())
    return EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={
            "Message-ID": _message_id("notification", notification.pk),
            "Content-Language": language,
            "Auto-Submitted": "auto-generated",
        },
    )


def digest_email(user, notifications: list[Notification], *, day: dt.date) -> EmailMultiAlternatives:
    """One e-mail listing a user's notifications of the day, in the user's language."""
    language = user_language(user)
    with translation.override(language):
        items = [
            {
                "notification": notification,
                "link": communication_link(notification.communication) if notification.communication_id else "",
            }
            for notification in notifications
        ]
        body = render_to_string(
            "notifications/email_digest.txt",
            {
                "user": user,
                "items": items,
                "notifications_link": settings.IWG_SITE_URL.rstrip("/") + "/notifications/",
            },
        )
        subject = ngettext(
            "IWG Tracker: %(count)d notice of %(date)s", "IWG Tracker: %(count)d notices of %(date)s", len(items)
        ) % {"count": len(items), "date": formats.date_format(day, "DATE_FORMAT")}
    return EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={
            "Message-ID": _message_id(f"digest-{day:%Y%m%d}-user", user.pk),
            "Content-Language": language,
            "Auto-Submitted": "auto-generated",
        },
    )
