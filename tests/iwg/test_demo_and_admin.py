import pytest
from django.core.management import CommandError, call_command

from communications.models import Communication, Round
from iwg.models import User
from iwg.roles import Role
from tests.factories import ensure_reference_data

pytestmark = pytest.mark.django_db


def test_load_demo_is_refused_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo")
    assert not User.objects.exists()


def test_load_demo_creates_one_user_per_role_and_communications_at_every_stage(settings, capsys):
    ensure_reference_data()
    settings.DEBUG = True
    call_command("load_demo")
    output = capsys.readouterr().out
    assert "demo-Password-2026" in output
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    assert Communication.objects.count() >= 12
    statuses = set(Round.objects.values_list("status", flat=True))
    assert set(Round.Status.values) - statuses <= set(), statuses - set(Round.Status.values)
    assert set(Communication.objects.values_list("phase", flat=True)) == set(Communication.Phase.values)
    call_command("load_demo")  # running it again adds nothing
    assert Communication.objects.count() >= 12


def test_admin_shows_history_read_only_and_edits_reference_data(client, users):
    admin = users["admin"]
    client.force_login(admin)
    from communications.models import Committee, TimeLimit

    committee = Committee.objects.get(code="CCPR")
    assert client.get(f"/admin/communications/committee/{committee.pk}/history/").status_code == 200
    limit = TimeLimit.objects.filter(committee=committee).first()
    assert client.get(f"/admin/communications/timelimit/{limit.pk}/change/").status_code == 200
    response = client.post(
        f"/admin/communications/timelimit/{limit.pk}/change/",
        {
            "committee": committee.pk,
            "note_kind": limit.note_kind,
            "deadline_kind": limit.deadline_kind,
            "months": 5,
            "days": 0,
            "basis": "Corrected basis",
            "to_confirm": "on",
        },
    )
    assert response.status_code == 302, response.content[:500]
    latest = limit.history.latest()
    assert (latest.months, latest.history_user) == (5, admin)
    history_id = latest.history_id
    # No revert through the history form.
    assert client.get(f"/admin/communications/timelimit/{limit.pk}/history/{history_id}/").status_code == 403
    # Domain records are read-only in the admin: no add page.
    assert client.get("/admin/communications/communication/add/").status_code == 403
    # Other roles do not get into the admin at all.
    client.force_login(users["auditor"])
    assert client.get("/admin/").status_code == 302
