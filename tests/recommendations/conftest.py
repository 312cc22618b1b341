import datetime as dt

import pytest
from django.utils import timezone

from communications.models import Committee
from iwg.calendar import local_date
from iwg.models import Agency
from meetings import services as meeting_services
from recommendations import services
from recommendations.models import FollowUpPeriod, Response, Review, Theme

THEMES = [("torture", "Torture prevention"), ("assembly", "Peaceful assembly"), ("children", "Children")]


@pytest.fixture
def themes(reference_data):
    """The seeded themes (a transactional test's flush removes the migration's)."""
    for order, (code, name) in enumerate(THEMES):
        Theme.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    FollowUpPeriod.objects.get_or_create(committee=Committee.objects.get(code="CCPR"), defaults={"months": 24})
    return {theme.code: theme for theme in Theme.objects.all()}


@pytest.fixture
def review(users, themes):
    return services.review_create(
        actor=users["mfa"],
        mechanism=Review.Mechanism.UPR,
        title="UPR 4th cycle",
        cycle=4,
        session=48,
        symbol="A/HRC/59/12",
        adopted_on=dt.date(2025, 6, 20),
    )


def add(users, review, number="45.1", **extra):
    return services.recommendation_add(
        actor=users["mfa"], review=review, number=number, text=f"Recommendation {number}", **extra
    )


def proposed(users, review, number="45.1", position=Response.Position.SUPPORTED):
    recommendation = add(users, review, number)
    services.response_propose(
        actor=users["mfa"], response=recommendation.response, position=position, reason="Contrary to law"
    )
    return recommendation


def planned_meeting(users, *, past=True):
    return meeting_services.meeting_schedule(
        actor=users["moj"], starts_at=timezone.now() + dt.timedelta(hours=-2 if past else 48)
    )


def supported(users, review, number="45.1"):
    recommendation = add(users, review, number)
    services.response_record(
        actor=users["mfa"],
        response=recommendation.response,
        position=Response.Position.SUPPORTED,
        decided_on=dt.date(2025, 6, 20),
    )
    recommendation.refresh_from_db()
    return recommendation


def plan(users, recommendations, *, agency="MIA", target=None):
    return services.measure_plan(
        actor=users["moj"],
        recommendations=recommendations,
        title="Amend the law on peaceful assemblies",
        responsible_agency=Agency.objects.get(code=agency),
        indicator="Law adopted",
        target_date=target or local_date() + dt.timedelta(days=90),
    )
