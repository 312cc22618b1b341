"""The one workflow table (communications/workflow.py, meetings/workflow.py) and what is derived from it: the guards,
the communication page's buttons, each role's home queue, the hand-off recipients and docs/workflow.md."""

import io
from collections import deque

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from communications import selectors, services, workflow
from communications.models import Round
from iwg.errors import InvalidTransition
from iwg.roles import Role
from portal import selectors as portal_selectors
from tests.factories import UserFactory, round_at

Status = Round.Status
ROLE_USERS = {
    Role.MFA_OFFICER: "mfa",
    Role.PGO_PROSECUTOR: "pgo",
    Role.MOJ_SECRETARY: "moj",
    Role.IWG_MEMBER: "iwg",
    Role.AUDITOR: "auditor",
    Role.ADMINISTRATOR: "admin",
}


def test_every_status_is_reachable_from_a_registered_round():
    moves = workflow.transitions()
    seen, queue = {Status.REGISTERED}, deque([Status.REGISTERED])
    while queue:
        for target in moves[queue.popleft()]:
            if target not in seen:
                seen.add(target)
                queue.append(target)
    assert seen == set(Status)


def test_final_statuses_have_no_step_and_open_ones_lead_somewhere():
    moves = workflow.transitions()
    for status in workflow.FINAL_STATUSES:
        assert not [step.name for step in workflow.steps() if status in step.from_statuses]
        assert moves[status] == frozenset()
    for status in workflow.OPEN_STATUSES:
        assert moves[status], f"{status} leads nowhere"


@pytest.mark.parametrize("status", sorted(workflow.OPEN_STATUSES))
def test_every_open_status_has_a_next_actor_who_can_take_a_step_from_it(status):
    actors = workflow.next_actors_of_status(status)
    assert actors, f"nobody acts on a round that is {status}"
    for actor in actors:
        assert [step for step in workflow.steps() if status in step.from_statuses and step.allows_role(actor.role)], (
            f"{actor} is to act on a round that is {status} but may take no step from it"
        )


def test_every_step_names_a_permission_or_who_takes_it_and_a_service_that_exists():
    from importlib import import_module

    from iwg.permissions import PERMISSION_LABELS

    for step in workflow.steps():
        assert step.permission in PERMISSION_LABELS or (step.permission is None and step.taken_by), step.name
        for dotted in step.services:
            module, name = dotted.rsplit(".", 1)
            assert callable(getattr(import_module(module), name)), dotted


def test_the_table_keeps_the_moves_the_services_always_allowed():
    # The transition map before the table (communications/models.py: ROUND_TRANSITIONS), minus the analysis's
    # self-move, which is a step that keeps the status (revise_analysis).
    before = {
        Status.REGISTERED: {Status.REFERRED, Status.CANCELLED},
        Status.REFERRED: {Status.ANALYSIS_SUBMITTED, Status.CANCELLED},
        Status.ANALYSIS_SUBMITTED: {Status.ON_AGENDA, Status.CANCELLED},
        Status.ON_AGENDA: {Status.IWG_APPROVED, Status.REFERRED, Status.ANALYSIS_SUBMITTED, Status.CANCELLED},
        Status.IWG_APPROVED: {Status.POSITION_APPROVED, Status.CANCELLED},
        Status.POSITION_APPROVED: {Status.SENT, Status.CANCELLED},
        Status.SENT: set(),
        Status.CANCELLED: set(),
    }
    assert {status: set(targets) for status, targets in workflow.transitions().items()} == before


def test_each_iwg_decision_is_a_step_of_the_table():
    from meetings.models import AgendaItem
    from meetings.workflow import DECISION_STEPS

    assert set(DECISION_STEPS) == set(AgendaItem.Decision.values)
    for name in DECISION_STEPS.values():
        assert workflow.step(name).from_statuses == {Status.ON_AGENDA}


def test_a_step_under_a_taken_name_is_refused():
    clash = workflow.Step(
        name="refer",
        label="x",
        from_statuses=frozenset(),
        to_status=None,
        permission=None,
        services=(),
    )
    with pytest.raises(ValueError):
        workflow.register([clash])


def _round_in(users, status):
    if status == Status.CANCELLED:
        round = round_at(users, Status.REGISTERED)
        services.round_cancel(actor=users["mfa"], round=round, reason="Withdrawn by the committee")
        return Round.objects.get(pk=round.pk)
    return round_at(users, status)


@pytest.mark.postgres
@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("role", list(ROLE_USERS))
def test_buttons_queues_and_guards_agree_with_the_table(users, role, status):
    # given a round in `status` and a user of `role`
    round = _round_in(users, status)
    user = users[ROLE_USERS[role]]
    assert round.status == status

    # then each step's guard lets it start exactly from its from-statuses
    for step in workflow.steps():
        if status in step.from_statuses:
            assert workflow.guard(step, round) is step
        else:
            with pytest.raises(InvalidTransition):
                workflow.guard(step, round)

    # and the page's buttons are the steps the role may take from this status
    expected_buttons = {
        step.button
        for step in workflow.steps()
        if step.button
        and status in step.from_statuses
        and step.allows_role(role)
        and (step.available is None or step.available(round))
    }
    assert selectors.round_actions(user=user, round=round) == expected_buttons

    # and the home page lists the round in the queues of the steps the role takes from this status
    queue = portal_selectors.home_work_queue(user=user)
    listed = {key for key, rounds in queue.sections.items() if any(r.pk == round.pk for r in rounds)}
    expected_queues = {q.key for step, q in workflow.home_queues(role) if status in step.from_statuses}
    assert listed == expected_queues
    assert set(queue.sections) == {q.key for _step, q in workflow.home_queues(role)}


@pytest.mark.postgres
def test_handoff_recipients_are_the_active_users_of_the_next_actors(users):
    # given a registered round and, beside the users of each role, an inactive PGO prosecutor and a PGO
    # prosecutor seconded to another agency
    round = round_at(users, Status.REGISTERED)
    UserFactory(username="pgo-gone", role=Role.PGO_PROSECUTOR, agency_code="PGO", is_active=False)
    UserFactory(username="pgo-elsewhere", role=Role.PGO_PROSECUTOR, agency_code="MIA")
    second_pgo = UserFactory(username="pgo-2", role=Role.PGO_PROSECUTOR, agency_code="PGO")

    # then referral hands off to the PGO prosecutors and the MoJ secretaries, no one else
    recipients = list(workflow.handoff_recipients("refer", round))
    assert recipients == sorted([users["pgo"], second_pgo, users["moj"]], key=lambda user: user.pk)
    # approval hands off to the MFA; sending ends the round: nobody
    assert list(workflow.handoff_recipients("approve_position", round)) == [users["mfa"]]
    assert list(workflow.handoff_recipients("send_position", round)) == []
    # the IWG's request for more analysis goes back to the PGO
    assert users["pgo"] in workflow.handoff_recipients("iwg_more_analysis", round)


def test_workflow_docs_are_current():
    out = io.StringIO()
    call_command("workflow_docs", "--check", stdout=out)
    assert "current" in out.getvalue()


def test_workflow_docs_check_fails_on_a_stale_file(tmp_path):
    stale = tmp_path / "workflow.md"
    stale.write_text("# old\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("workflow_docs", "--check", "--path", str(stale), stdout=io.StringIO())
    call_command("workflow_docs", "--path", str(stale), stdout=io.StringIO())
    call_command("workflow_docs", "--check", "--path", str(stale), stdout=io.StringIO())
    text = stale.read_text(encoding="utf-8")
    assert "stateDiagram-v2" in text
    for step in workflow.steps():
        assert f"**{step.name}**" in text
