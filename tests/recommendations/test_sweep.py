"""A measure's target date is a deadline of the common engine: the same sweep reminds the responsible agency, marks
a missed target and escalates it exactly once, however often it runs; a completed measure is not chased."""

import datetime as dt

import pytest
import time_machine

from communications import services as communication_services
from communications.models import Deadline, DeadlineNotice, Notification
from recommendations import services
from recommendations.models import Measure, RecommendationEvent
from tests.factories import UserFactory

from .conftest import plan, supported

pytestmark = pytest.mark.django_db


@pytest.fixture
def head_of_mia(reference_data):
    return UserFactory(username="mia_head", role="iwg_member", agency_code="MIA", is_agency_head=True)


def test_missed_measure_target_is_escalated_exactly_once(users, review, head_of_mia):
    # given a measure of the MIA due on Friday 6 March 2026
    with time_machine.travel(dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC), tick=False):
        measure = plan(users, [supported(users, review)], agency="MIA", target=dt.date(2026, 3, 6))
    # when the sweep runs before, on the day after, and again twice later
    for day in (dt.date(2026, 3, 2), dt.date(2026, 3, 10), dt.date(2026, 3, 10), dt.date(2026, 3, 12)):
        with time_machine.travel(dt.datetime.combine(day, dt.time(4), tzinfo=dt.UTC), tick=False):
            communication_services.deadlines_sweep(today=day)
    # then the target is missed, and escalated once to the MFA's and the MIA's heads
    deadline = Deadline.objects.get(pk=measure.deadline_id)
    assert deadline.status == Deadline.Status.MISSED
    notices = DeadlineNotice.objects.filter(deadline=deadline)
    assert notices.filter(kind=DeadlineNotice.Kind.ESCALATION).count() == 1
    assert notices.filter(kind=DeadlineNotice.Kind.MISSED).count() == 1
    assert notices.filter(kind__in=[DeadlineNotice.Kind.REMINDER, DeadlineNotice.Kind.CATCH_UP]).exists()
    escalated = Notification.objects.filter(notice__kind=DeadlineNotice.Kind.ESCALATION)
    assert head_of_mia in {notification.user for notification in escalated}
    assert all(notification.communication_id is None for notification in escalated)
    assert "Measure" in escalated.first().title_text
    # the measure's timeline says so, once
    assert RecommendationEvent.objects.filter(measure=measure, kind=RecommendationEvent.Kind.TARGET_MISSED).count() == 1
    # the reminder went to the responsible agency's users only
    reminded = {
        n.user
        for n in Notification.objects.filter(
            notice__kind__in=[DeadlineNotice.Kind.REMINDER, DeadlineNotice.Kind.CATCH_UP]
        )
    }
    assert reminded and all(user.agency.code == "MIA" for user in reminded)


def test_completed_measure_is_not_chased(users, review):
    with time_machine.travel(dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC), tick=False):
        measure = plan(users, [supported(users, review)], agency="MIA", target=dt.date(2026, 3, 6))
        report = services.report_submit(actor=users["iwg"], measure=measure, text="Done", is_final=True)
        services.report_accept(actor=users["moj"], report=report)
    communication_services.deadlines_sweep(today=dt.date(2026, 3, 10))
    assert Measure.objects.get(pk=measure.pk).status == Measure.Status.COMPLETED
    assert Deadline.objects.get(pk=measure.deadline_id).status == Deadline.Status.MET
    assert not DeadlineNotice.objects.filter(deadline_id=measure.deadline_id).exists()
