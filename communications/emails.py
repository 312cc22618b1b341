"""What the notices say: `notice_parameters_of` (as data, rendered by communications/texts.py in each reader's
language), `notification_email`, `digest_email`, in the recipient's language. A
notice names the communication by committee and number only, never a party, so confidential names cannot leak
into it.
"""

import datetime as dt
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.translation import ngettext

from . import deadline_owners
from .models import Deadline, DeadlineNotice, Notification
from .reminders import PlannedNotice, ReminderSchedule
from .texts import notice_parameters

# ---------------------------------------------------------------------------------------------------------------
# Texts, in the recipient's language


def user_language(user) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    return user.language if user.language in codes else settings.LANGUAGE_CODE


def notice_parameters_of(
    notice: DeadlineNotice | PlannedNotice, deadline: Deadline, *, today: dt.date, schedule: ReminderSchedule
):
    """What a notice says, as data (rendered for each reader in their language). The communication is named by
    committee and number only: no party's name, no subject (a deadline without a round names its owner's record,
    e.g. a measure)."""
    round = deadline.round
    return notice_parameters(
        notice_kind=notice.kind,
        deadline_kind=deadline.kind,
        communication=deadline_owners.subject_of(deadline),
        due_on=notice.due_on,
        agency=deadline.responsible_agency.code,
        days_left=schedule.working_days_left(today, notice.due_on),
        round_kind=round.kind if round else "",
        urgent=bool(round and round.is_urgent),
        skipped=list(notice.skipped_levels or []),
    )


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
        subject = " ".join(notification.title_text.split())
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
