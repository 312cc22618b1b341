"""Calendar feeds (iCalendar, `icalendar`): a user's deadlines and IWG meetings, and one meeting's invitation.

A user's feed holds the pending deadlines (open or missed) their agency answers for, on the communications they
may see, as all-day events; and the IWG meetings they take part in (as chair or participant, and every planned
meeting for the roles that sit in the IWG). Titles are in the user's language; no party is ever named (a calendar
is synchronised to phones and shared), only the committee and the communication's number. Times are Asia/Almaty.
"""

from __future__ import annotations

import datetime as dt
import secrets
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from communications.models import Deadline
from communications.selectors import communication_visible_to
from iwg.models import CalendarFeedToken, calendar_token_digest
from iwg.roles import Role

from .models import Meeting

ALMATY = ZoneInfo("Asia/Almaty")
MEETING_LENGTH = dt.timedelta(hours=2)
# Roles whose agencies sit in the IWG: every planned meeting is in their calendar.
IWG_ROLES = frozenset({Role.MFA_OFFICER, Role.PGO_PROSECUTOR, Role.MOJ_SECRETARY, Role.IWG_MEMBER})
CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"


def _calendar(name: str):
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", "-//IWG Tracker//iwg-tracker//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Almaty")
    return calendar


def _site(path: str) -> str:
    return settings.IWG_SITE_URL.rstrip("/") + path


def _meeting_event(meeting: Meeting, *, stamp: dt.datetime):
    from icalendar import Event

    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@iwg-tracker")
    event.add("dtstamp", stamp)
    starts = timezone.localtime(meeting.starts_at, ALMATY)
    event.add("dtstart", starts)
    event.add("dtend", starts + MEETING_LENGTH)
    event.add("summary", str(meeting))
    if meeting.place:
        event.add("location", meeting.place)
    event.add("description", f"{meeting.get_format_display()}\n{_site(meeting.get_absolute_url())}")
    event.add("url", _site(meeting.get_absolute_url()))
    event.add("status", "CANCELLED" if meeting.status == Meeting.Status.CANCELLED else "CONFIRMED")
    event.add("sequence", meeting.lock_version)
    return event


def _deadline_event(deadline: Deadline, *, stamp: dt.datetime):
    from icalendar import Event

    round = deadline.round_required  # the feed lists rounds' deadlines only (user_deadlines)
    communication = round.communication
    event = Event()
    event.add("uid", f"deadline-{deadline.pk}@iwg-tracker")
    event.add("dtstamp", stamp)
    event.add("dtstart", deadline.due_on)
    event.add("dtend", deadline.due_on + dt.timedelta(days=1))
    # Committee and number only: never a party's name.
    event.add("summary", f"{deadline.get_kind_display()}: {communication.committee.code} {communication.number}")
    event.add(
        "description",
        f"{round.get_kind_display()}\n{deadline.get_status_display()}\n"
        f"{_site(reverse('communications:detail', args=[communication.pk]))}",
    )
    event.add("url", _site(reverse("communications:detail", args=[communication.pk])))
    event.add("transp", "TRANSPARENT")
    return event


def user_deadlines(user):
    if not user.agency_id:
        return Deadline.objects.none()
    return (
        Deadline.objects.pending()
        .filter(responsible_agency_id=user.agency_id, round__communication__in=communication_visible_to(user))
        .select_related("round__communication__committee")
        .order_by("due_on", "pk")
    )


def user_meetings(user):
    taking_part = Q(participants__user=user) | Q(chair=user)
    if user.role in IWG_ROLES:
        taking_part |= Q(status=Meeting.Status.PLANNED)
    return Meeting.objects.filter(taking_part).distinct().order_by("starts_at")


def user_calendar(*, user) -> bytes:
    """The user's feed, in the user's language."""
    with translation.override(user.language or settings.LANGUAGE_CODE):
        stamp = timezone.now()
        calendar = _calendar(_("IWG Tracker: my deadlines and meetings"))
        for deadline in user_deadlines(user):
            calendar.add_component(_deadline_event(deadline, stamp=stamp))
        for meeting in user_meetings(user):
            calendar.add_component(_meeting_event(meeting, stamp=stamp))
        calendar.add_missing_timezones()
        return calendar.to_ical()


def meeting_invitation(*, meeting: Meeting) -> bytes:
    """One meeting as an .ics invitation (in the active language)."""
    calendar = _calendar(str(meeting))
    calendar.add("method", "PUBLISH")
    calendar.add_component(_meeting_event(meeting, stamp=timezone.now()))
    calendar.add_missing_timezones()
    return calendar.to_ical()


# ---------------------------------------------------------------------------------------------------------------
# The secret feed address


def calendar_token_get(*, user) -> CalendarFeedToken | None:
    """The user's feed address as stored (its digest and when it was made), or None when they have none."""
    return CalendarFeedToken.objects.filter(user=user).first()


def calendar_token_reset(*, actor) -> str:
    """Make the actor's secret feed address (a new one replaces the old, which stops working at once). Returns
    the secret: it is shown to the actor once and only its digest is stored, like an API token."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        CalendarFeedToken.objects.update_or_create(user=actor, defaults={"digest": calendar_token_digest(token)})
    return token


def calendar_token_user(token: str):
    """The active user whose feed this secret address is, or None."""
    if not token or len(token) > 64:
        return None
    found = CalendarFeedToken.objects.select_related("user__agency").filter(digest=calendar_token_digest(token)).first()
    if found is None or not found.user.is_active:
        return None
    return found.user
