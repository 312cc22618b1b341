import pytest

from tests.factories import STAGES, round_at

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("status", STAGES)
def test_round_can_be_taken_to_every_stage(users, status):
    assert round_at(users, status).status == status
