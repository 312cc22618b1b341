"""Reads about communications that more than one caller needs. Scoping to what a user may see lives here, so a
guessed id of something the user may not see is simply not found."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from iwg.calendar import WorkingCalendar, add_period
from iwg.models import Agency

from .models import (
    INTERNAL_DEADLINE_AGENCY,
    INTERNAL_DEADLINE_KINDS,
    Communication,
    Deadline,
    DeadlineKind,
    InternalDeadlinePolicy,
    Round,
    TimeLimit,
)


@dataclass(frozen=True)
class DeadlineProposal:
    kind: str
    due_on: dt.date
    agency_code: str
    basis: str


def committee_deadline_proposals(
    *, committee, note_kind: str, transmitted_on: dt.date, reply_requested_by: dt.date | None = None
) -> list[DeadlineProposal]:
    """The committee's deadlines for a note of `note_kind`: its time limits counted in calendar months/days from
    the transmission date, or the date the note itself sets for the reply."""
    proposals = []
    limits = TimeLimit.objects.filter(committee=committee, note_kind=note_kind).order_by("deadline_kind")
    for limit in limits:
        if limit.deadline_kind == DeadlineKind.COMMITTEE and reply_requested_by:
            continue
        due_on = add_period(transmitted_on, months=limit.months, days=limit.days)
        proposals.append(DeadlineProposal(limit.deadline_kind, due_on, Agency.Code.MFA, limit.basis))
    if reply_requested_by:
        proposals.append(
            DeadlineProposal(
                DeadlineKind.COMMITTEE,
                reply_requested_by,
                Agency.Code.MFA,
                _("Date set in the note for the reply"),
            )
        )
    return sorted(proposals, key=lambda proposal: proposal.due_on)


def internal_deadline_proposals(
    *, note_kind: str, committee_due_on: dt.date, earliest: dt.date, calendar: WorkingCalendar | None = None
) -> list[DeadlineProposal]:
    """Default internal deadlines counted back from the committee's deadline by the policy for `note_kind`, moved
    to the previous working day, and never before `earliest` (the date the note was received)."""
    calendar = calendar or WorkingCalendar()
    policies = {p.deadline_kind: p.days_before for p in InternalDeadlinePolicy.objects.filter(note_kind=note_kind)}
    proposals = []
    for kind in INTERNAL_DEADLINE_KINDS:
        if kind not in policies:
            continue
        due_on = calendar.previous_working_day(committee_due_on - dt.timedelta(days=policies[kind]))
        if due_on < earliest:
            due_on = calendar.next_working_day(earliest)
        basis = _("%(days)s days before the committee's deadline, on a working day") % {"days": policies[kind]}
        proposals.append(DeadlineProposal(kind, due_on, INTERNAL_DEADLINE_AGENCY[kind], basis))
    # A later step never falls before an earlier one (a short period squeezes them onto the same day).
    for index in range(1, len(proposals)):
        previous, current = proposals[index - 1], proposals[index]
        if current.due_on < previous.due_on:
            proposals[index] = DeadlineProposal(current.kind, previous.due_on, current.agency_code, current.basis)
    return proposals


def communication_visible_to(user) -> QuerySet[Communication]:
    """Communications `user` may see: all for the MFA, PGO, MoJ, auditors and administrators; for IWG members,
    those put before the IWG or with a remedy or deadline their agency answers for."""
    queryset = Communication.objects.all()
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    if user.sees_all_communications:
        return queryset
    from meetings.models import AgendaItem

    on_agenda = AgendaItem.objects.filter(round__communication=OuterRef("pk"))
    agency_filter = Q()
    if user.agency_id:
        agency_filter = Q(decision__remedies__responsible_agency_id=user.agency_id) | Q(
            rounds__deadlines__responsible_agency_id=user.agency_id
        )
    return queryset.filter(Q(Exists(on_agenda)) | agency_filter).distinct()


def communication_get(*, user, pk) -> Communication:
    """One communication the user may see, or Http404."""
    try:
        return communication_visible_to(user).select_related("committee").get(pk=pk)
    except (Communication.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such communication.")) from exc


def round_get(*, user, pk) -> Round:
    try:
        return (
            Round.objects.filter(communication__in=communication_visible_to(user))
            .select_related("communication__committee", "incoming_note")
            .get(pk=pk)
        )
    except (Round.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such round.")) from exc


def deadline_get(*, user, pk) -> Deadline:
    try:
        return (
            Deadline.objects.filter(round__communication__in=communication_visible_to(user))
            .select_related("round__communication__committee", "responsible_agency")
            .get(pk=pk)
        )
    except (Deadline.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such deadline.")) from exc


def communication_find(*, committee, number: str) -> Communication | None:
    """The communication with this number in this committee, as its main number or as a joined one."""
    return (
        Communication.objects.filter(committee=committee)
        .filter(Q(number=number) | Q(joined_numbers__number=number, joined_numbers__committee=committee))
        .first()
    )


def rounds_ready_for_agenda() -> QuerySet[Round]:
    """Rounds with an analysis in and no IWG decision yet, nearest committee deadline first."""
    committee_due = Deadline.objects.filter(round=OuterRef("pk"), kind=DeadlineKind.COMMITTEE).values("due_on")[:1]
    return (
        Round.objects.filter(status=Round.Status.ANALYSIS_SUBMITTED)
        .select_related("communication__committee")
        .annotate(committee_due_on=committee_due)
        .order_by("committee_due_on", "id")
    )


# ---------------------------------------------------------------------------------------------------------------
# Notifications


def notification_list(*, user, unread_only: bool = False) -> QuerySet:
    from .models import Notification

    queryset = Notification.objects.filter(user=user).select_related("communication__committee", "deadline")
    return queryset.unread() if unread_only else queryset


# ---------------------------------------------------------------------------------------------------------------
# History (auditors)


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: object
    new: object


@dataclass(frozen=True)
class HistoryEntry:
    when: dt.datetime
    user: object  # None: the system
    kind: str  # "+" created, "~" changed, "-" deleted
    reason: str
    changes: list[FieldChange]
    object_label: str


def history_for(instance, *, limit: int | None = None) -> list[HistoryEntry]:
    """The change history of one tracked object, newest first: who, when, why and each field's old and new
    value. A user of None means the system (Celery task or management command)."""
    records = list(
        instance.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit or None]
    )
    entries = []
    for index, record in enumerate(records):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None:
            delta = record.diff_against(previous)
            for change in delta.changes:
                field = instance._meta.get_field(change.field)
                changes.append(FieldChange(change.field, str(field.verbose_name), change.old, change.new))
        entries.append(
            HistoryEntry(
                when=record.history_date,
                user=record.history_user,
                kind=record.history_type,
                reason=record.history_change_reason or "",
                changes=changes,
                object_label=str(record),
            )
        )
    return entries


# ---------------------------------------------------------------------------------------------------------------
# Figures for the dashboard and /api/v1/stats/


def dashboard_figures(*, user, today: dt.date | None = None) -> dict:
    """The figures the ministries publish, from what `user` may see: IWG meetings held; requests and Views
    considered by the IWG; positions sent; each by committee and by year; what is overdue now; the median days
    from an incoming note to the sent position."""
    from statistics import median

    from django.db.models import Count
    from django.db.models.functions import ExtractYear

    from iwg.calendar import local_date
    from meetings.models import AgendaItem, Meeting

    today = today or local_date()
    visible = communication_visible_to(user)
    meetings_held = Meeting.objects.filter(status=Meeting.Status.HELD)
    considered = (
        AgendaItem.objects.filter(meeting__status=Meeting.Status.HELD, round__communication__in=visible)
        .exclude(decision="")
        .values("round_id")
        .distinct()
    )
    sent = Round.objects.filter(status=Round.Status.SENT, communication__in=visible)

    def by(queryset, committee_path: str, date_path: str) -> list[dict]:
        rows = (
            queryset.annotate(year=ExtractYear(date_path))
            .values("year", committee_path)
            .annotate(count=Count("id", distinct=True))
            .order_by("year", committee_path)
        )
        return [{"year": row["year"], "committee": row[committee_path], "count": row["count"]} for row in rows]

    durations = [
        (outgoing - incoming).days
        for incoming, outgoing in sent.values_list("incoming_note__registered_on", "outgoing_note__registered_on")
        if incoming and outgoing
    ]
    overdue = Deadline.objects.overdue(today=today).filter(round__communication__in=visible)
    return {
        "meetings_held": meetings_held.count(),
        "meetings_held_by_year": list(
            meetings_held.annotate(year=ExtractYear("starts_at"))
            .values("year")
            .annotate(count=Count("id"))
            .order_by("year")
        ),
        "rounds_considered": considered.count(),
        "rounds_considered_by_committee_year": by(
            Round.objects.filter(pk__in=considered.values("round_id")), "communication__committee__code", "created_at"
        ),
        "positions_sent": sent.count(),
        "positions_sent_by_committee_year": by(sent, "communication__committee__code", "outgoing_note__registered_on"),
        "communications_by_committee": list(
            visible.values("committee__code").annotate(count=Count("id")).order_by("committee__code")
        ),
        "overdue_deadlines": overdue.count(),
        "overdue_by_agency": list(
            overdue.values("responsible_agency__code").annotate(count=Count("id")).order_by("responsible_agency__code")
        ),
        "median_days_note_to_position": median(durations) if durations else None,
    }


# ---------------------------------------------------------------------------------------------------------------
# Deadline sweep (the writes are in services.py; the plan in notifications.py)


def sweep_last_run():
    """The latest completed deadline sweep (SweepRun), or None: shown to administrators and in /health/."""
    from .models import SweepRun

    return SweepRun.objects.order_by("-finished_at", "-id").first()


def deadlines_sweep_preview(*, today: dt.date | None = None, upcoming: int = 20) -> dict:
    """What the sweep would do now, without doing it (manage.py deadlines_status): each deadline the sweep would
    look at with its plan, then the next open deadlines beyond the reminder window."""
    from iwg.calendar import local_date

    from .notifications import ReminderSchedule, existing_notices, reminder_levels_sent, reminder_plan, sweep_candidates

    today = today or local_date()
    schedule = ReminderSchedule()
    due = list(
        sweep_candidates(today=today, schedule=schedule)
        .select_related("round__communication__committee", "responsible_agency")
        .order_by("due_on", "id")
    )
    existing = existing_notices(deadline.pk for deadline in due)
    rows = []
    for deadline in due:
        plan = reminder_plan(
            kind=deadline.kind,
            due_on=deadline.due_on,
            urgent=deadline.round.is_urgent,
            today=today,
            since=local_date(deadline.updated_at),
            sent_levels=reminder_levels_sent(existing.get((deadline.pk, deadline.due_on), set())),
            schedule=schedule,
        )
        rows.append((deadline, plan))
    later = list(
        Deadline.objects.open()
        .filter(due_on__gt=schedule.window_end(today))
        .select_related("round__communication__committee", "responsible_agency")
        .order_by("due_on", "id")[:upcoming]
    )
    return {
        "today": today,
        "window_end": schedule.window_end(today),
        "offsets": schedule.offsets,
        "due": rows,
        "later": [(deadline, schedule.day(deadline.due_on, schedule.max_offset)) for deadline in later],
        "last_run": sweep_last_run(),
    }
