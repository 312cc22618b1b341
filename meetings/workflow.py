"""The steps an IWG meeting takes on a round, in the one workflow table of `communications.workflow`.

Registered there when the meetings app is ready (`MeetingsConfig.ready`); communications never imports meetings.
`DECISION_STEPS` says which step each IWG decision is.
"""

from django.utils.translation import gettext_lazy as _

from communications.models import DeadlineKind, Round
from communications.workflow import MOJ_SECRETARY, PGO_PROSECUTOR, Queue, Step, register
from recommendations.models import Response

from .models import AgendaItem

Status = Round.Status

MEETING_STEPS: tuple[Step, ...] = (
    Step(
        name="put_on_agenda",
        label=_("Put on an IWG agenda"),
        from_statuses=frozenset({Status.ANALYSIS_SUBMITTED}),
        to_status=Status.ON_AGENDA,
        permission="meetings.manage_agenda",
        services=("meetings.services.agenda_item_add",),
        next_actors=(MOJ_SECRETARY,),
        queue=Queue(
            key="for_agenda",
            title=_("Rounds ready for an IWG agenda"),
            deadline_kind=DeadlineKind.IWG_CONSIDERATION,
        ),
        refusals={
            Status.ON_AGENDA: _("This round is already on the agenda of a meeting."),
            Status.REGISTERED: _("The PGO's legal analysis is not in yet; the round cannot go on the agenda."),
            Status.REFERRED: _("The PGO's legal analysis is not in yet; the round cannot go on the agenda."),
        },
    ),
    Step(
        name="remove_from_agenda",
        label=_("Remove from the IWG agenda"),
        from_statuses=frozenset({Status.ON_AGENDA}),
        to_status=Status.ANALYSIS_SUBMITTED,
        permission="meetings.manage_agenda",
        services=("meetings.services.agenda_item_remove", "meetings.services.meeting_cancel"),
        next_actors=(MOJ_SECRETARY,),
    ),
    Step(
        name="iwg_approve",
        label=_("IWG decision: approve the draft position (or note the implementation)"),
        from_statuses=frozenset({Status.ON_AGENDA}),
        to_status=Status.IWG_APPROVED,
        permission="meetings.record_held",
        services=("meetings.services.meeting_record_held",),
        next_actors=(MOJ_SECRETARY,),
    ),
    Step(
        name="iwg_more_analysis",
        label=_("IWG decision: ask for more analysis"),
        from_statuses=frozenset({Status.ON_AGENDA}),
        to_status=Status.REFERRED,
        permission="meetings.record_held",
        services=("meetings.services.meeting_record_held",),
        next_actors=(PGO_PROSECUTOR,),
    ),
    Step(
        name="iwg_defer",
        label=_("IWG decision: defer"),
        from_statuses=frozenset({Status.ON_AGENDA}),
        to_status=Status.ANALYSIS_SUBMITTED,
        permission="meetings.record_held",
        services=("meetings.services.meeting_record_held",),
        next_actors=(MOJ_SECRETARY,),
    ),
)

# Which step each IWG decision takes (and so which status the round moves to).
DECISION_STEPS: dict[str, str] = {
    AgendaItem.Decision.APPROVE_POSITION: "iwg_approve",
    AgendaItem.Decision.NOTE_IMPLEMENTATION: "iwg_approve",
    AgendaItem.Decision.MORE_ANALYSIS: "iwg_more_analysis",
    AgendaItem.Decision.DEFER: "iwg_defer",
}


# The IWG's steps on a recommendation's response (subject "response" of the one table; the statuses are
# recommendations.models.Response.Status). The other response and measure steps are in recommendations/workflow.py.
RS = Response.Status
RESPONSE_MEETING_STEPS: tuple[Step, ...] = (
    Step(
        name="response_put_on_agenda",
        label=_("Put a proposed response on an IWG agenda"),
        from_statuses=frozenset({RS.PROPOSED}),
        to_status=RS.ON_AGENDA,
        permission="meetings.manage_agenda",
        services=("meetings.services.agenda_response_add",),
        next_actors=(MOJ_SECRETARY,),
        queue=Queue(
            key="responses_for_agenda", title=_("Proposed responses ready for an IWG agenda"), deadline_kind=""
        ),
        refusals={
            RS.ON_AGENDA: _("This response is already on the agenda of a meeting."),
            RS.PENDING: _("No response has been proposed yet; it cannot go on the agenda."),
            RS.DECIDED: _("This response has been decided already."),
        },
        subject="response",
    ),
    Step(
        name="response_remove_from_agenda",
        label=_("Take a response off the IWG agenda"),
        from_statuses=frozenset({RS.ON_AGENDA}),
        to_status=RS.PROPOSED,
        permission="meetings.manage_agenda",
        services=("meetings.services.agenda_response_remove", "meetings.services.meeting_cancel"),
        next_actors=(MOJ_SECRETARY,),
        subject="response",
    ),
    Step(
        name="iwg_decide_response",
        label=_("IWG decision: adopt the proposed response"),
        from_statuses=frozenset({RS.ON_AGENDA}),
        to_status=RS.DECIDED,
        permission="meetings.record_held",
        services=("meetings.services.meeting_record_held",),
        next_actors=(MOJ_SECRETARY,),
        subject="response",
    ),
    Step(
        name="iwg_defer_response",
        label=_("IWG decision: defer the response"),
        from_statuses=frozenset({RS.ON_AGENDA}),
        to_status=RS.PROPOSED,
        permission="meetings.record_held",
        services=("meetings.services.meeting_record_held",),
        next_actors=(MOJ_SECRETARY,),
        subject="response",
    ),
)


def register_steps() -> None:
    register(MEETING_STEPS)
    register(RESPONSE_MEETING_STEPS)
