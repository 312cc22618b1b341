"""HTML pages for IWG meetings: the list, the month calendar and the meeting page, which every role reads; the
MoJ secretariat schedules, edits, builds the agenda, records a meeting as held and cancels it. The rules are in
meetings.services; these views turn its errors into messages beside the fields."""

import calendar
import datetime as dt
import logging
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST, require_safe

from communications import selectors as communication_selectors
from iwg.calendar import ALMATY, WorkingCalendar, local_date
from iwg.downloads import protected_document_response
from iwg.errors import ApplicationError
from iwg.forms import run_service
from iwg.pdf import pdf_available
from iwg.permissions import allowed
from iwg.views import page

from . import calendar_feed, pack, selectors, services
from .forms import AgendaAddForm, AgendaRemoveForm, CancelForm, MeetingForm, RecordHeldForm
from .models import Meeting

logger = logging.getLogger("iwg.downloads")

MONTH_PARAMETER = re.compile(r"^(\d{4})-(\d{2})$")
CALENDAR_YEARS = (1990, 2100)
READY_ROUNDS_SHOWN = 100


def _require(user, permission: str, obj=None) -> None:
    if not allowed(user, permission, obj):
        raise PermissionDenied(_("Your role may not do this."))


def _permissions(user, meeting: Meeting) -> dict[str, bool]:
    planned = meeting.status == Meeting.Status.PLANNED
    return {
        "can_edit": planned and allowed(user, "meetings.schedule_meeting", meeting),
        "can_manage_agenda": planned and allowed(user, "meetings.manage_agenda", meeting),
        "can_record_held": planned and allowed(user, "meetings.record_held", meeting),
        "can_cancel": planned and allowed(user, "meetings.cancel_meeting", meeting),
        "can_read_history": allowed(user, "communications.view_history"),
    }


# ---------------------------------------------------------------------------------------------------------------
# Reading


@require_safe
@login_required
def meeting_list(request):
    status = request.GET.get("status") or ""
    if status not in Meeting.Status.values:
        status = ""
    years = selectors.meeting_years()
    year = request.GET.get("year") or ""
    year = int(year) if year.isdigit() and int(year) in years else None
    meetings = selectors.meeting_list(user=request.user, status=status or None, year=year)
    page = Paginator(meetings, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/list.html",
        {
            "page": page,
            "statuses": Meeting.Status.choices,
            "status": status,
            "years": years,
            "year": year,
            "can_schedule": allowed(request.user, "meetings.schedule_meeting"),
        },
    )


def _parse_month(value: str | None) -> dt.date | None:
    match = MONTH_PARAMETER.match(value or "")
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    if not (CALENDAR_YEARS[0] <= year <= CALENDAR_YEARS[1] and 1 <= month <= 12):
        return None
    return dt.date(year, month, 1)


def _shift_month(first: dt.date, months: int) -> dt.date | None:
    index = first.year * 12 + first.month - 1 + months
    year, month = divmod(index, 12)
    if not CALENDAR_YEARS[0] <= year <= CALENDAR_YEARS[1]:
        return None
    return dt.date(year, month + 1, 1)


@require_safe
@login_required
def meeting_calendar(request):
    """A month of meetings (Monday first), with weekends, public holidays and decreed days off marked."""
    today = local_date()
    requested = request.GET.get("month")
    first = _parse_month(requested)
    month_invalid = bool(requested) and first is None
    first = first or today.replace(day=1)
    weeks = calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(first.year, first.month)
    start = dt.datetime.combine(weeks[0][0], dt.time.min, tzinfo=ALMATY)
    end = dt.datetime.combine(weeks[-1][-1] + dt.timedelta(days=1), dt.time.min, tzinfo=ALMATY)
    by_day: dict[dt.date, list[Meeting]] = {}
    month_meetings = []
    for meeting in selectors.meetings_between(start=start, end=end):
        day = local_date(meeting.starts_at)
        by_day.setdefault(day, []).append(meeting)
        if day.month == first.month:
            month_meetings.append(meeting)
    working = WorkingCalendar()
    grid = [
        [
            {
                "date": day,
                "in_month": day.month == first.month,
                "is_today": day == today,
                "is_working_day": working.is_working_day(day),
                "is_holiday": working.holiday_name(day) is not None,
                "meetings": by_day.get(day, []),
            }
            for day in week
        ]
        for week in weeks
    ]
    previous, following = _shift_month(first, -1), _shift_month(first, 1)
    return render(
        request,
        "meetings/calendar.html",
        {
            "month": first,
            "weeks": grid,
            "weekdays": weeks[0],
            "month_meetings": month_meetings,
            "previous": previous,
            "following": following,
            "this_month": today.replace(day=1),
            "month_invalid": month_invalid,
            "can_schedule": allowed(request.user, "meetings.schedule_meeting"),
        },
    )


def _detail_context(request, meeting: Meeting, **extra) -> dict:
    context = {
        "meeting": meeting,
        "has_started": meeting.starts_at <= timezone.now(),
        "pdf_available": pdf_available(),
        **_permissions(request.user, meeting),
    }
    if context["can_manage_agenda"]:
        context["ready_rounds"] = list(
            communication_selectors.rounds_ready_for_agenda().filter(
                communication__in=communication_selectors.communication_visible_to(request.user)
            )[:READY_ROUNDS_SHOWN]
        )
    context.update(extra)
    return context


@require_safe
@login_required
def meeting_detail(request, pk: int):
    meeting = selectors.meeting_get(pk=pk, user=request.user)
    return render(request, "meetings/detail.html", _detail_context(request, meeting))


@require_safe
@login_required
def minutes_download(request, pk: int):
    """The meeting's minutes, for everyone who may read the meeting page; each download is logged."""
    meeting = selectors.meeting_get(pk=pk, user=request.user)
    document = meeting.minutes
    if document is None:
        raise Http404(_("This meeting has no minutes."))
    return protected_document_response(request, document)


# ---------------------------------------------------------------------------------------------------------------
# The MoJ secretariat's actions


@page
@require_http_methods(["GET", "POST"])
def meeting_schedule(request):
    _require(request.user, "meetings.schedule_meeting")
    form = MeetingForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = run_service(
            form,
            lambda: services.meeting_schedule(
                actor=request.user,
                number=data["number"],
                starts_at=data["starts_at"],
                place=data["place"],
                format=data["format"],
                chair=data["chair"],
            ),
        )
        if outcome:
            messages.success(request, _("%(meeting)s is scheduled.") % {"meeting": outcome.result})
            return redirect(outcome.result)
        status = outcome.status
    return render(request, "meetings/form.html", {"form": form, "meeting": None}, status=status)


@page
@require_http_methods(["GET", "POST"])
def meeting_update(request, pk: int):
    meeting = selectors.meeting_get(pk=pk, user=request.user)
    _require(request.user, "meetings.schedule_meeting", meeting)
    if meeting.status != Meeting.Status.PLANNED:
        messages.error(request, _("Only a planned meeting can be changed."))
        return redirect(meeting)
    initial = {
        "starts_at": timezone.localtime(meeting.starts_at, ALMATY),
        "place": meeting.place,
        "format": meeting.format,
        "chair": meeting.chair_id,
        "expected_version": meeting.lock_version,
    }
    form = MeetingForm(request.POST or None, initial=initial, editing=True)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = run_service(
            form,
            lambda: services.meeting_update(
                actor=request.user,
                meeting=meeting,
                expected_version=data["expected_version"],
                starts_at=data["starts_at"],
                place=data["place"],
                format=data["format"],
                chair=data["chair"],
            ),
        )
        if outcome:
            messages.success(request, _("%(meeting)s is changed.") % {"meeting": outcome.result})
            return redirect(outcome.result)
        status = outcome.status
    return render(request, "meetings/form.html", {"form": form, "meeting": meeting}, status=status)


def _form_errors(form) -> str:
    """A refused agenda change as one line (the agenda answers in place, without the form)."""
    return " ".join(str(message) for errors in form.errors.values() for message in errors)


def _agenda_response(request, meeting: Meeting, *, error: str = "", notice: str = ""):
    """htmx swaps the agenda section in place; without JavaScript the browser follows a redirect."""
    if request.htmx:
        meeting = selectors.meeting_get(pk=meeting.pk, user=request.user)
        context = _detail_context(request, meeting, agenda_error=error, agenda_notice=notice)
        return render(request, "meetings/partials/agenda.html", context)
    if error:
        messages.error(request, error)
    elif notice:
        messages.success(request, notice)
    return redirect(meeting)


@page
@require_POST
def agenda_item_add(request, pk: int):
    meeting = selectors.meeting_get(pk=pk, user=request.user)
    _require(request.user, "meetings.manage_agenda", meeting)
    form = AgendaAddForm(request.POST)
    if not form.is_valid():
        return _agenda_response(request, meeting, error=_("Choose a round to put on the agenda."))
    round = communication_selectors.round_get(user=request.user, pk=form.cleaned_data["round"])
    if not run_service(form, lambda: services.agenda_item_add(actor=request.user, meeting=meeting, round=round)):
        return _agenda_response(request, meeting, error=_form_errors(form))
    return _agenda_response(request, meeting, notice=_("“%(round)s” is on the agenda.") % {"round": round})


@page
@require_POST
def agenda_item_remove(request, pk: int, item_pk: int):
    meeting = selectors.meeting_get(pk=pk, user=request.user)
    _require(request.user, "meetings.manage_agenda", meeting)
    item = selectors.agenda_item_get(meeting=meeting, pk=item_pk)
    label = str(communication_selectors.round_get(user=request.user, pk=item.round_id))
    form = AgendaRemoveForm(request.POST)
    if not run_service(form, lambda: services.agenda_item_remove(actor=request.user, item=item)):
        return _agenda_response(request, meeting, error=_form_errors(form))
    return _agenda_response(request, meeting, notice=_("“%(round)s” is off the agenda.") % {"round": label})


@page
@require_http_methods(["GET", "POST"])
def meeting_record_held(request, pk: int):
    meeting = selectors.meeting_get(pk=pk, user=request.user)
    _require(request.user, "meetings.record_held", meeting)
    if meeting.status != Meeting.Status.PLANNED:
        messages.error(request, _("This meeting is “%(status)s”.") % {"status": meeting.get_status_display()})
        return redirect(meeting)
    items = list(meeting.agenda_items.all())
    initial = {"participants": [meeting.chair_id] if meeting.chair_id else []}
    form = RecordHeldForm(request.POST or None, request.FILES or None, items=items, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            form,
            lambda: services.meeting_record_held(
                actor=request.user,
                meeting=meeting,
                decisions=form.decisions(),
                participants=form.participant_list(),
                minutes_file=form.cleaned_data["minutes_file"],
                minutes_summary=form.cleaned_data["minutes_summary"],
            ),
            aliases={"participants": "guests"},
            fallback="minutes_file",
        )
        status = outcome.status
        if outcome:
            messages.success(request, _("%(meeting)s is recorded as held.") % {"meeting": meeting})
            return redirect(meeting)
    return render(
        request,
        "meetings/record_held.html",
        {"form": form, "meeting": meeting, "has_started": meeting.starts_at <= timezone.now()},
        status=status,
    )


@page
@require_http_methods(["GET", "POST"])
def meeting_cancel(request, pk: int):
    meeting = selectors.meeting_get(pk=pk, user=request.user)
    _require(request.user, "meetings.cancel_meeting", meeting)
    if meeting.status != Meeting.Status.PLANNED:
        messages.error(request, _("This meeting is “%(status)s”.") % {"status": meeting.get_status_display()})
        return redirect(meeting)
    form = CancelForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            form,
            lambda: services.meeting_cancel(actor=request.user, meeting=meeting, reason=form.cleaned_data["reason"]),
        )
        status = outcome.status
        if outcome:
            messages.success(request, _("%(meeting)s is cancelled.") % {"meeting": meeting})
            return redirect(meeting)
    return render(request, "meetings/cancel.html", {"form": form, "meeting": meeting}, status=status)


# ---------------------------------------------------------------------------------------------------------------
# The meeting pack, the minutes and the printable agenda; calendar invitations and the user's feed


def _file_response(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def meeting_pack(request, pk: int):
    meeting = selectors.meeting_get(pk=pk, user=request.user)
    try:
        content = pack.meeting_file(actor=request.user, meeting=meeting, kind="pack", request=request)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect(meeting.get_absolute_url())
    return _file_response(content, filename=f"iwg-meeting-{meeting.number}-pack.pdf", content_type="application/pdf")


@login_required
@require_GET
def meeting_minutes_pdf(request, pk: int):
    meeting = selectors.meeting_get(pk=pk, user=request.user)
    try:
        content = pack.meeting_file(actor=request.user, meeting=meeting, kind="minutes", request=request)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect(meeting.get_absolute_url())
    return _file_response(content, filename=f"iwg-meeting-{meeting.number}-minutes.pdf", content_type="application/pdf")


@login_required
@require_GET
def agenda_print(request, pk: int):
    meeting = selectors.meeting_get(pk=pk, user=request.user)
    return render(request, "meetings/agenda_print.html", pack.agenda_html(meeting=meeting, user=request.user))


@login_required
@require_GET
def meeting_invitation(request, pk: int):
    meeting = selectors.meeting_get(pk=pk, user=request.user)
    return _file_response(
        calendar_feed.meeting_invitation(meeting=meeting),
        filename=f"iwg-meeting-{meeting.number}.ics",
        content_type=calendar_feed.CALENDAR_CONTENT_TYPE,
    )


@login_required
@require_safe
def calendar_feed_page(request):
    """The calendar address lives on the profile page (made or reset there, shown once); this address of the
    older menu entry leads there."""
    return redirect(reverse("profile") + "#calendar-feed")


@require_GET
def calendar_feed_secret(request, token: str):
    """The feed for calendar programs, which cannot sign in: the secret address is the credential."""
    user = calendar_feed.calendar_token_user(token)
    if user is None:
        raise Http404(_("No such calendar."))
    response = HttpResponse(calendar_feed.user_calendar(user=user), content_type=calendar_feed.CALENDAR_CONTENT_TYPE)
    response["Cache-Control"] = "private, max-age=300"
    return response
