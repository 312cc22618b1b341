"""Item 8 of issue 11: auditors find a History link on every communication and round (meetings had one), and the
activity log filters by communication."""

import pytest
from django.urls import reverse

from communications import services
from tests.factories import register_note

pytestmark = pytest.mark.django_db


def test_history_links_on_the_communication_page_for_auditors_only(client, users):
    note = register_note(users)
    round = note.opened_round
    client.force_login(users["auditor"])
    page = client.get(note.communication.get_absolute_url()).content.decode()
    assert reverse("audit:history", args=["communications", "communication", note.communication.pk]) in page
    assert reverse("audit:history", args=["communications", "round", round.pk]) in page
    assert f"{reverse('audit:activity')}?communication={note.communication.pk}" in page
    client.force_login(users["iwg"])
    client.force_login(users["mfa"])
    assert "audit/history" not in client.get(note.communication.get_absolute_url()).content.decode()


def test_the_activity_log_filters_by_communication(client, users):
    mine = register_note(users)
    other = register_note(users)
    services.round_refer(actor=users["mfa"], round=mine.opened_round)
    client.force_login(users["auditor"])
    response = client.get(reverse("audit:activity"), {"communication": mine.communication.pk})
    assert response.status_code == 200
    page = response.content.decode()
    assert str(mine.communication) in page or mine.communication.number in page
    assert other.communication.number not in page
    assert other.registry_number not in page
