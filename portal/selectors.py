"""The home page's work queue of each role and the dashboard's figures."""

import datetime as dt
from dataclasses import dataclass
from statistics import median

from django.db.models import Count, F, OuterRef, Prefetch, Subquery
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from communications import workflow
from communications.models import (
    OPTIONAL_DEADLINE_KINDS,
    Communication,
    Deadline,
    DeadlineKind,
    Decision,
    Document,
    Notification,
    Remedy,
    Round,
)
from communications.selectors.communications import communication_document_get, communication_visible_to
from iwg.calendar import local_date
from iwg.permissions import allowed
from iwg.roles import Role
from meetings.models import AgendaItem, Meeting, ResponseItem
from recommendations.models import ProgressReport

# ---------------------------------------------------------------------------------------------------------------
# Figures for the dashboard and /api/v1/stats/

VIEWS_KINDS = (Decision.Kind.VIEWS_VIOLATION, Decision.Kind.VIEWS_NO_VIOLATION)


def dashboard_figures(*, user, today: dt.date | None = None) -> dict:
    """The figures the ministries publish, from what `user` may see: IWG meetings held; requests and Views
    considered by the IWG; positions sent; each by committee and by year; what is overdue now; the median days
    from an incoming note to the sent position."""

    today = today or local_date()
    visible = communication_visible_to(user)
    meetings_held = Meeting.objects.filter(status=Meeting.Status.HELD)
    considered_items = AgendaItem.objects.filter(
        meeting__status=Meeting.Status.HELD, round__communication__in=visible, round__voided_at__isnull=True
    ).exclude(decision="")
    considered = considered_items.values("round_id").distinct()
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
    views = Decision.objects.filter(kind__in=VIEWS_KINDS, communication__in=visible)
    return {
        "meetings_held": meetings_held.count(),
        "meetings_held_by_year": list(
            meetings_held.annotate(year=ExtractYear("starts_at"))
            .values("year")
            .annotate(count=Count("id"))
            .order_by("year")
        ),
        "rounds_considered": considered.count(),
        # By the year of the meeting that considered the round (a round deferred to the next year counts once
        # in each year it was considered).
        "rounds_considered_by_committee_year": [
            {"year": row["year"], "committee": row["round__communication__committee__code"], "count": row["count"]}
            for row in considered_items.annotate(year=ExtractYear("meeting__starts_at"))
            .values("year", "round__communication__committee__code")
            .annotate(count=Count("round_id", distinct=True))
            .order_by("year", "round__communication__committee__code")
        ],
        "positions_sent": sent.count(),
        "positions_sent_by_committee_year": by(sent, "communication__committee__code", "outgoing_note__registered_on"),
        "communications_by_committee": list(
            visible.values("committee__code").annotate(count=Count("id")).order_by("committee__code")
        ),
        "views_adopted": views.count(),
        # Views (violation or not) by committee, in the year the committee adopted them.
        "views_by_committee_year": by(views, "communication__committee__code", "adopted_on"),
        "overdue_deadlines": overdue.count(),
        "overdue_by_agency": list(
            overdue.values("responsible_agency__code").annotate(count=Count("id")).order_by("responsible_agency__code")
        ),
        "median_days_note_to_position": median(durations) if durations else None,
    }


# ---------------------------------------------------------------------------------------------------------------
# Home page: what needs the signed-in user now


@dataclass
class WorkQueue:
    """What the home page shows one user. `sections` maps a key ("to_refer", "to_analyse", "for_agenda",
    "to_approve", "to_send") to rounds, each annotated with `committee_due_on` and `step_due_on` (the deadline of
    the step the user's agency owes)."""

    sections: dict
    meetings: list
    remedies: list  # unfinished remedies the user's agency answers for
    deadlines: list
    deadlines_scope: str  # "agency" or "all"
    overdue_count: int
    due_this_week_count: int
    unread_count: int
    notifications: list
    today: dt.date


HOME_QUEUE_LIMIT = 20
HOME_DEADLINE_LIMIT = 10
HOME_NOTIFICATION_LIMIT = 5


def home_work_queue(*, user, today: dt.date | None = None) -> WorkQueue:
    """The home page of `user`: the rounds waiting for their role (MFA: registered rounds to refer and approved
    positions to send; PGO: referred rounds to analyse; MoJ: rounds ready for the agenda and IWG-approved rounds
    whose position awaits approval; IWG members: the items of upcoming meetings), the unfinished remedies their
    agency answers for, their agency's nearest open deadlines (every agency's for auditors and administrators), and
    their unread notifications.
    A fixed number of queries whatever the amounts."""

    today = today or local_date()
    visible = communication_visible_to(user)

    def due_of(kind):
        return Subquery(Deadline.objects.filter(round=OuterRef("pk"), kind=kind).values("due_on")[:1])

    # The queues of the role come from the workflow table: the rounds in the from-statuses of each step the role
    # takes, nearest deadline of that step first.
    sections = {}
    for step, queue in workflow.home_queues(user.role):
        rounds = (
            Round.objects.filter(status__in=step.from_statuses, communication__in=visible)
            .select_related("communication__committee", "incoming_note")
            .annotate(committee_due_on=due_of(DeadlineKind.COMMITTEE), step_due_on=due_of(queue.deadline_kind))
        )
        sections[queue.key] = list(
            rounds.order_by("-is_urgent", _asc_nulls_last("step_due_on"), _asc_nulls_last("committee_due_on"), "id")[
                :HOME_QUEUE_LIMIT
            ]
        )

    meetings = []
    if user.role == Role.IWG_MEMBER:
        meetings = list(
            Meeting.objects.filter(
                status=Meeting.Status.PLANNED, starts_at__gte=timezone.now() - dt.timedelta(hours=12)
            )
            .prefetch_related(
                Prefetch(
                    "agenda_items",
                    queryset=AgendaItem.objects.filter(round__communication__in=visible)
                    .select_related("round__communication__committee")
                    .order_by("order", "id"),
                ),
                Prefetch(
                    "response_items",
                    queryset=ResponseItem.objects.select_related("response__recommendation__review").order_by(
                        "order", "id"
                    ),
                ),
            )
            .order_by("starts_at")[:5]
        )

    remedies = []
    if user.agency_id and user.role not in (Role.AUDITOR, Role.ADMINISTRATOR):
        remedies = list(
            Remedy.objects.filter(responsible_agency_id=user.agency_id, decision__communication__in=visible)
            .exclude(status=Remedy.Status.IMPLEMENTED)
            .exclude(decision__communication__phase=Communication.Phase.CLOSED)
            .select_related("decision__communication__committee")
            .order_by("decision__adopted_on", "id")[:HOME_QUEUE_LIMIT]
        )

    deadlines = (
        Deadline.objects.pending()
        .filter(round__communication__in=visible)
        .exclude(kind__in=OPTIONAL_DEADLINE_KINDS, due_on__lt=today)
    )
    scope = "all"
    if user.agency_id and user.role not in (Role.AUDITOR, Role.ADMINISTRATOR):
        deadlines = deadlines.filter(responsible_agency_id=user.agency_id)
        scope = "agency"
    overdue_count = deadlines.filter(due_on__lt=today).count()
    due_this_week_count = deadlines.filter(due_on__gte=today, due_on__lte=today + dt.timedelta(days=7)).count()
    nearest = list(
        deadlines.select_related("round__communication__committee", "responsible_agency").order_by("due_on", "id")[
            :HOME_DEADLINE_LIMIT
        ]
    )
    for deadline in nearest:
        deadline.days_left = (deadline.due_on - today).days

    unread = Notification.objects.filter(user=user).unread()
    return WorkQueue(
        sections=sections,
        meetings=meetings,
        remedies=remedies,
        deadlines=nearest,
        deadlines_scope=scope,
        overdue_count=overdue_count,
        due_this_week_count=due_this_week_count,
        unread_count=unread.count(),
        notifications=list(unread.select_related("communication__committee")[:HOME_NOTIFICATION_LIMIT]),
        today=today,
    )


def _asc_nulls_last(field: str):

    return F(field).asc(nulls_last=True)


def document_get(*, user, pk):
    """A document the user may download: one of a communication they may see, the minutes of an IWG meeting (any
    signed-in user), or a progress report's on a measure (whoever reads recommendations). Anything else is Http404,
    so a guessed id reveals nothing."""
    document = communication_document_get(user=user, pk=pk)
    if document is not None:
        return document
    document = Document.objects.filter(pk=pk).first()
    if document is None:
        raise Http404(_("No such document."))
    if Meeting.objects.filter(minutes=document).exists():
        return document
    if allowed(user, "recommendations.view") and ProgressReport.objects.filter(documents=document).exists():
        return document
    raise Http404(_("No such document."))
