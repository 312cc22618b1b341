"""Every step on recommendations four ways: the allowed move, an illegal move (wrong status), a repeat, and a role
that may not take it. Plus what each step records (history, events, deadlines)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from communications.models import Deadline, DeadlineKind
from iwg.errors import ConcurrentEdit, InvalidTransition, PermissionRefused
from iwg.models import Agency
from meetings import services as meeting_services
from meetings.models import ResponseItem
from recommendations import services
from recommendations.models import Measure, ProgressReport, Recommendation, RecommendationEvent, Response, Review
from tests.factories import UserFactory, pdf_file

from .conftest import add, plan, planned_meeting, proposed, supported

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------------------------------------------------------
# Reviews and recommendations


def test_review_of_concluding_observations_needs_committee_and_symbol(users, themes):
    with pytest.raises(ValidationError) as error:
        services.review_create(actor=users["mfa"], mechanism=Review.Mechanism.TREATY_BODY, title="CCPR 2025")
    assert {"committee", "symbol"} <= set(error.value.message_dict)
    assert not Review.objects.exists()


def test_review_symbol_must_look_like_a_un_symbol(users, themes):
    from communications.models import Committee

    with pytest.raises(ValidationError) as error:
        services.review_create(
            actor=users["mfa"],
            mechanism=Review.Mechanism.TREATY_BODY,
            title="CCPR 2025",
            committee=Committee.objects.get(code="CCPR"),
            symbol="not a symbol",
        )
    assert "symbol" in error.value.message_dict


def test_review_is_refused_to_a_prosecutor(users, themes):
    with pytest.raises(PermissionRefused):
        services.review_create(actor=users["pgo"], mechanism=Review.Mechanism.UPR, title="UPR", cycle=4)


def test_follow_up_date_comes_from_the_committees_period(users, themes):
    from communications.models import Committee

    review = services.review_create(
        actor=users["mfa"],
        mechanism=Review.Mechanism.TREATY_BODY,
        title="Concluding observations on the fourth report",
        committee=Committee.objects.get(code="CCPR"),
        symbol="CCPR/C/KAZ/CO/4",
        adopted_on=dt.date(2025, 7, 15),
    )
    singled_out = add(users, review, "24", follow_up=True)
    other = add(users, review, "26")
    assert singled_out.follow_up_due_on == dt.date(2027, 7, 15)  # CCPR: 24 months (admin-editable data)
    assert other.follow_up_due_on is None
    assert singled_out.response.status == Response.Status.PENDING


def test_a_number_is_unique_within_its_review(users, review):
    add(users, review, "45.1")
    with pytest.raises(ValidationError):
        add(users, review, "45.1")
    assert Recommendation.objects.count() == 1


# ---------------------------------------------------------------------------------------------------------------
# Response: propose


def test_response_propose_allowed(users, review):
    recommendation = add(users, review)
    response = services.response_propose(
        actor=users["mfa"], response=recommendation.response, position=Response.Position.NOTED, reason="Contrary"
    )
    assert response.status == Response.Status.PROPOSED and response.position == Response.Position.NOTED
    assert response.history.first().history_user == users["mfa"]
    assert RecommendationEvent.objects.filter(
        recommendation=recommendation, kind=RecommendationEvent.Kind.RESPONSE_PROPOSED
    ).exists()


def test_response_propose_noted_needs_a_reason(users, review):
    recommendation = add(users, review)
    with pytest.raises(ValidationError) as error:
        services.response_propose(
            actor=users["mfa"], response=recommendation.response, position=Response.Position.NOTED
        )
    assert "reason" in error.value.message_dict
    assert Response.objects.get(pk=recommendation.response.pk).status == Response.Status.PENDING


def test_response_propose_illegal_once_decided(users, review):
    recommendation = supported(users, review)
    with pytest.raises(InvalidTransition):
        services.response_propose(
            actor=users["mfa"], response=recommendation.response, position=Response.Position.NOTED, reason="x"
        )


def test_response_propose_repeated_needs_the_version_it_replaces(users, review):
    recommendation = proposed(users, review)
    response = Response.objects.get(pk=recommendation.response.pk)
    with pytest.raises(ConcurrentEdit):
        services.response_propose(
            actor=users["mfa"], response=response, position=Response.Position.NOTED, reason="x", expected_version=0
        )
    again = services.response_propose(
        actor=users["mfa"],
        response=response,
        position=Response.Position.NOTED,
        reason="x",
        expected_version=response.lock_version,
    )
    assert again.position == Response.Position.NOTED


@pytest.mark.parametrize("role", ["pgo", "moj", "iwg", "auditor", "admin"])
def test_response_propose_forbidden_role(users, review, role):
    recommendation = add(users, review)
    with pytest.raises(PermissionRefused):
        services.response_propose(
            actor=users[role], response=recommendation.response, position=Response.Position.SUPPORTED
        )


# ---------------------------------------------------------------------------------------------------------------
# Response on the IWG agenda, and the IWG's decision


def test_response_put_on_agenda_allowed_and_decided_when_the_meeting_is_held(users, review):
    recommendation = proposed(users, review)
    meeting = planned_meeting(users)
    item = meeting_services.agenda_response_add(actor=users["moj"], meeting=meeting, response=recommendation.response)
    assert Response.objects.get(pk=recommendation.response.pk).status == Response.Status.ON_AGENDA
    meeting_services.meeting_record_held(
        actor=users["moj"],
        meeting=meeting,
        decisions={},
        participants=[users["moj"]],
        response_decisions={item.pk: (ResponseItem.Decision.ADOPT, "")},
    )
    response = Response.objects.get(pk=recommendation.response.pk)
    assert response.status == Response.Status.DECIDED
    assert response.decided_by_meeting == meeting.number and response.decided_on is not None
    assert response.position == Response.Position.SUPPORTED


def test_meeting_held_without_a_decision_on_a_response_is_refused(users, review):
    recommendation = proposed(users, review)
    meeting = planned_meeting(users)
    meeting_services.agenda_response_add(actor=users["moj"], meeting=meeting, response=recommendation.response)
    with pytest.raises(ValidationError):
        meeting_services.meeting_record_held(actor=users["moj"], meeting=meeting, decisions={}, participants=[])
    assert Response.objects.get(pk=recommendation.response.pk).status == Response.Status.ON_AGENDA


def test_deferred_response_goes_back_to_proposed(users, review):
    recommendation = proposed(users, review)
    meeting = planned_meeting(users)
    item = meeting_services.agenda_response_add(actor=users["moj"], meeting=meeting, response=recommendation.response)
    meeting_services.meeting_record_held(
        actor=users["moj"],
        meeting=meeting,
        decisions={},
        response_decisions={item.pk: (ResponseItem.Decision.DEFER, "")},
    )
    assert Response.objects.get(pk=recommendation.response.pk).status == Response.Status.PROPOSED


def test_response_put_on_agenda_illegal_before_a_proposal(users, review):
    recommendation = add(users, review)
    with pytest.raises(InvalidTransition, match="No response has been proposed"):
        meeting_services.agenda_response_add(
            actor=users["moj"], meeting=planned_meeting(users), response=recommendation.response
        )
    assert not ResponseItem.objects.exists()


def test_response_put_on_agenda_repeated_is_refused(users, review):
    recommendation = proposed(users, review)
    meeting = planned_meeting(users)
    meeting_services.agenda_response_add(actor=users["moj"], meeting=meeting, response=recommendation.response)
    with pytest.raises(InvalidTransition, match="already on the agenda"):
        meeting_services.agenda_response_add(actor=users["moj"], meeting=meeting, response=recommendation.response)
    assert ResponseItem.objects.count() == 1


def test_response_put_on_agenda_forbidden_role(users, review):
    recommendation = proposed(users, review)
    with pytest.raises(PermissionRefused):
        meeting_services.agenda_response_add(
            actor=users["mfa"], meeting=planned_meeting(users), response=recommendation.response
        )


def test_cancelled_meeting_sends_its_responses_back(users, review):
    recommendation = proposed(users, review)
    meeting = planned_meeting(users, past=False)
    meeting_services.agenda_response_add(actor=users["moj"], meeting=meeting, response=recommendation.response)
    meeting_services.meeting_cancel(actor=users["moj"], meeting=meeting, reason="No quorum")
    assert Response.objects.get(pk=recommendation.response.pk).status == Response.Status.PROPOSED


# ---------------------------------------------------------------------------------------------------------------
# Response recorded from a source


def test_response_record_allowed(users, review):
    recommendation = supported(users, review)
    assert recommendation.response.status == Response.Status.DECIDED
    assert recommendation.response.decided_by_meeting is None


def test_response_record_repeated_is_refused(users, review):
    recommendation = supported(users, review)
    with pytest.raises(InvalidTransition):
        services.response_record(actor=users["mfa"], response=recommendation.response, position=Response.Position.NOTED)


def test_response_record_forbidden_role(users, review):
    recommendation = add(users, review)
    with pytest.raises(PermissionRefused):
        services.response_record(
            actor=users["moj"], response=recommendation.response, position=Response.Position.SUPPORTED
        )


# ---------------------------------------------------------------------------------------------------------------
# Measure: plan


def test_measure_plan_allowed_creates_its_target_deadline(users, review):
    first, second = supported(users, review, "45.1"), supported(users, review, "45.2")
    measure = plan(users, [first, second])
    assert set(measure.recommendations.all()) == {first, second}
    deadline = measure.deadline
    assert deadline.kind == DeadlineKind.MEASURE_TARGET and deadline.round is None
    assert deadline.due_on == measure.target_date and deadline.responsible_agency.code == "MIA"
    assert Recommendation.objects.get(pk=first.pk).implementation == Recommendation.Implementation.PLANNED


def test_measure_plan_illegal_for_a_noted_or_undecided_recommendation(users, review):
    undecided = proposed(users, review, "45.1")
    with pytest.raises(InvalidTransition):
        plan(users, [undecided])
    noted = add(users, review, "45.2")
    services.response_record(actor=users["mfa"], response=noted.response, position=Response.Position.NOTED, reason="x")
    with pytest.raises(InvalidTransition, match="noted"):
        plan(users, [Recommendation.objects.get(pk=noted.pk)])
    assert not Measure.objects.exists() and not Deadline.objects.exists()


def test_measure_plan_refuses_a_past_target_date(users, review):
    with pytest.raises(ValidationError) as error:
        plan(users, [supported(users, review)], target=dt.date(2020, 1, 1))
    assert "target_date" in error.value.message_dict


def test_measure_plan_forbidden_role(users, review):
    recommendation = supported(users, review)
    with pytest.raises(PermissionRefused):
        services.measure_plan(
            actor=users["iwg"],
            recommendations=[recommendation],
            title="x",
            responsible_agency=Agency.objects.get(code="MIA"),
            indicator="y",
            target_date=dt.date.today() + dt.timedelta(days=30),
        )


# ---------------------------------------------------------------------------------------------------------------
# Progress reports


@pytest.fixture
def measure(users, review):
    return plan(users, [supported(users, review)], agency="MIA")


def test_report_submit_allowed_by_the_responsible_agency(users, measure):
    report = services.report_submit(actor=users["iwg"], measure=measure, text="Draft law sent", files=[pdf_file()])
    assert report.status == ProgressReport.Status.SUBMITTED and report.documents.count() == 1
    assert Measure.objects.get(pk=measure.pk).status == Measure.Status.REPORTED


def test_report_submit_repeated_while_one_awaits_review_is_refused(users, measure):
    services.report_submit(actor=users["iwg"], measure=measure, text="One")
    with pytest.raises(InvalidTransition, match="already awaiting review"):
        services.report_submit(actor=users["iwg"], measure=measure, text="Two")
    assert ProgressReport.objects.count() == 1


def test_report_submit_illegal_on_a_cancelled_measure(users, measure):
    services.measure_cancel(actor=users["moj"], measure=measure, reason="Superseded")
    with pytest.raises(InvalidTransition):
        services.report_submit(actor=users["iwg"], measure=measure, text="Late")
    assert Deadline.objects.get(pk=measure.deadline_id).status == Deadline.Status.CANCELLED


@pytest.mark.parametrize("role", ["mfa", "moj", "auditor", "other_agency"])
def test_report_submit_forbidden_to_other_agencies_and_roles(users, measure, role):
    actor = users.get(role) or UserFactory(username="sc", role="iwg_member", agency_code="SC")
    with pytest.raises(PermissionRefused):
        services.report_submit(actor=actor, measure=measure, text="Not ours")


def test_report_accept_allowed_then_final_completes_the_measure(users, measure):
    first = services.report_submit(actor=users["iwg"], measure=measure, text="Half done")
    services.report_accept(actor=users["moj"], report=first)
    assert Measure.objects.get(pk=measure.pk).status == Measure.Status.IN_PROGRESS
    recommendation = measure.recommendations.get()
    assert recommendation.implementation == Recommendation.Implementation.IN_PROGRESS
    final = services.report_submit(actor=users["iwg"], measure=measure, text="Law adopted", is_final=True)
    services.report_accept(actor=users["mfa"], report=final)
    assert Measure.objects.get(pk=measure.pk).status == Measure.Status.COMPLETED
    assert Deadline.objects.get(pk=measure.deadline_id).status == Deadline.Status.MET
    assert Recommendation.objects.get(pk=recommendation.pk).implementation == Recommendation.Implementation.IMPLEMENTED


def test_report_accept_repeated_is_refused(users, measure):
    report = services.report_submit(actor=users["iwg"], measure=measure, text="Done")
    services.report_accept(actor=users["moj"], report=report)
    with pytest.raises(InvalidTransition, match="reviewed already"):
        services.report_accept(actor=users["moj"], report=report)


def test_report_accept_forbidden_role(users, measure):
    report = services.report_submit(actor=users["iwg"], measure=measure, text="Done")
    for role in ("iwg", "pgo", "auditor"):
        with pytest.raises(PermissionRefused):
            services.report_accept(actor=users[role], report=report)
    assert ProgressReport.objects.get(pk=report.pk).status == ProgressReport.Status.SUBMITTED


def test_report_return_allowed_and_the_agency_files_again(users, measure):
    report = services.report_submit(actor=users["iwg"], measure=measure, text="Vague")
    services.report_return(actor=users["moj"], report=report, comment="Give the law's number")
    assert Measure.objects.get(pk=measure.pk).status == Measure.Status.RETURNED
    again = services.report_submit(actor=users["iwg"], measure=measure, text="Law No. 123")
    assert again.status == ProgressReport.Status.SUBMITTED


def test_report_return_needs_a_comment_and_is_not_repeated(users, measure):
    report = services.report_submit(actor=users["iwg"], measure=measure, text="Vague")
    with pytest.raises(ValidationError):
        services.report_return(actor=users["moj"], report=report, comment=" ")
    services.report_return(actor=users["moj"], report=report, comment="More")
    with pytest.raises(InvalidTransition):
        services.report_return(actor=users["moj"], report=report, comment="More")


def test_report_return_forbidden_role(users, measure):
    report = services.report_submit(actor=users["iwg"], measure=measure, text="Vague")
    with pytest.raises(PermissionRefused):
        services.report_return(actor=users["iwg"], report=report, comment="Self-return")


# ---------------------------------------------------------------------------------------------------------------
# Measure: cancel


def test_measure_cancel_allowed_then_repeated_is_refused(users, measure):
    services.measure_cancel(actor=users["moj"], measure=measure, reason="Merged")
    assert Measure.objects.get(pk=measure.pk).status == Measure.Status.CANCELLED
    with pytest.raises(InvalidTransition):
        services.measure_cancel(actor=users["moj"], measure=measure, reason="Again")


def test_measure_cancel_illegal_while_a_report_awaits_review(users, measure):
    services.report_submit(actor=users["iwg"], measure=measure, text="Done")
    with pytest.raises(InvalidTransition):
        services.measure_cancel(actor=users["moj"], measure=measure, reason="x")


def test_measure_cancel_forbidden_role(users, measure):
    with pytest.raises(PermissionRefused):
        services.measure_cancel(actor=users["mfa"], measure=measure, reason="x")


# ---------------------------------------------------------------------------------------------------------------
# Links to communications


def test_link_to_a_communication_once(users, review):
    from tests.factories import register_note

    recommendation = add(users, review)
    note = register_note(users)
    link = services.recommendation_link_communication(
        actor=users["mfa"], recommendation=recommendation, communication=note.communication, note="Same law"
    )
    assert list(note.communication.recommendations.all()) == [recommendation] and link.note == "Same law"
    with pytest.raises(ValidationError):
        services.recommendation_link_communication(
            actor=users["mfa"], recommendation=recommendation, communication=note.communication
        )
    with pytest.raises(PermissionRefused):
        services.recommendation_link_communication(
            actor=users["pgo"], recommendation=recommendation, communication=note.communication
        )
