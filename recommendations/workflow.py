"""The steps on recommendations in the one workflow table of `communications.workflow`: a response (proposed,
recorded), a measure (planned on a supported recommendation, reported on, cancelled) and a progress report
(accepted, returned). The IWG's steps on a response (agenda, decision) are declared in `meetings/workflow.py`.

Each step names its subject ("response", "measure"); the guards (`workflow.guard`), the pages' buttons
(`workflow.actions`), the home queues (`workflow.home_queues(role, subject)`) and docs/workflow.md read them."""

from django.utils.translation import gettext_lazy as _

from communications.models import DeadlineKind
from communications.workflow import MFA_OFFICER, MOJ_SECRETARY, Queue, Step, register

from .models import Measure, Response

RESPONSE = "response"
MEASURE = "measure"
R = Response.Status
M = Measure.Status
REPORTABLE = frozenset({M.PLANNED, M.IN_PROGRESS, M.RETURNED})


def _supported(response: Response) -> bool:
    return response.position == Response.Position.SUPPORTED


RECOMMENDATION_STEPS: tuple[Step, ...] = (
    Step(
        name="response_propose",
        label=_("Propose the State's response"),
        from_statuses=frozenset({R.PENDING, R.PROPOSED}),
        to_status=R.PROPOSED,
        permission="recommendations.propose_response",
        services=("recommendations.services.response_propose",),
        next_actors=(MOJ_SECRETARY,),
        button="propose",
        queue=Queue(
            key="responses_to_propose", title=_("Recommendations awaiting a proposed response"), deadline_kind=""
        ),
        refusal=_("This response is “%(status)s”; it can no longer be proposed."),
        subject=RESPONSE,
    ),
    Step(
        name="response_record",
        label=_("Record a response the State gave before"),
        from_statuses=frozenset({R.PENDING, R.PROPOSED}),
        to_status=R.DECIDED,
        permission="recommendations.record_response",
        services=("recommendations.services.response_record", "recommendations.services.recommendations_import"),
        button="record",
        refusal=_("This response is “%(status)s”; it can no longer be recorded."),
        subject=RESPONSE,
    ),
    Step(
        name="measure_plan",
        label=_("Plan a measure for a supported recommendation"),
        from_statuses=frozenset({R.DECIDED}),
        to_status=None,
        permission="recommendations.plan_measure",
        services=("recommendations.services.measure_plan",),
        next_actors=(),
        button="plan",
        available=_supported,
        refusal=_("The response is “%(status)s”: a measure is planned once the response is decided."),
        subject=RESPONSE,
    ),
    Step(
        name="report_submit",
        label=_("Submit a progress report"),
        from_statuses=REPORTABLE,
        to_status=M.REPORTED,
        permission="recommendations.submit_report",
        services=("recommendations.services.report_submit",),
        next_actors=(MOJ_SECRETARY, MFA_OFFICER),
        button="report",
        queue=Queue(
            key="measures_to_report",
            title=_("Measures awaiting your progress report"),
            deadline_kind=DeadlineKind.MEASURE_TARGET,
        ),
        refusals={M.REPORTED: _("A progress report on this measure is already awaiting review.")},
        refusal=_("This measure is “%(status)s”; no progress report can be filed on it."),
        subject=MEASURE,
    ),
    Step(
        name="report_accept",
        label=_("Accept a progress report"),
        from_statuses=frozenset({M.REPORTED}),
        to_status=M.IN_PROGRESS,
        permission="recommendations.review_report",
        services=("recommendations.services.report_accept",),
        button="review",
        queue=Queue(
            key="reports_to_review",
            title=_("Progress reports awaiting review"),
            deadline_kind=DeadlineKind.MEASURE_TARGET,
        ),
        refusal=_("This measure is “%(status)s”: there is no progress report awaiting review."),
        subject=MEASURE,
    ),
    Step(
        name="report_accept_final",
        label=_("Accept a final progress report (the measure is complete)"),
        from_statuses=frozenset({M.REPORTED}),
        to_status=M.COMPLETED,
        permission="recommendations.review_report",
        services=("recommendations.services.report_accept",),
        refusal=_("This measure is “%(status)s”: there is no progress report awaiting review."),
        subject=MEASURE,
    ),
    Step(
        name="report_return",
        label=_("Return a progress report to the responsible agency"),
        from_statuses=frozenset({M.REPORTED}),
        to_status=M.RETURNED,
        permission="recommendations.review_report",
        services=("recommendations.services.report_return",),
        button="review",
        refusal=_("This measure is “%(status)s”: there is no progress report awaiting review."),
        subject=MEASURE,
    ),
    Step(
        name="measure_cancel",
        label=_("Cancel a measure"),
        from_statuses=REPORTABLE,
        to_status=M.CANCELLED,
        permission="recommendations.cancel_measure",
        services=("recommendations.services.measure_cancel",),
        button="cancel",
        refusal=_("This measure is “%(status)s”; it cannot be cancelled."),
        subject=MEASURE,
    ),
)


def register_steps() -> None:
    register(RECOMMENDATION_STEPS)
