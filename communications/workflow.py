"""The workflow of a round as one declarative table.

Each `Step` says: its name, the round statuses it may start from, the status it leads to (None: the round stays
where it is, e.g. a new version of the analysis), who may take it (a django-rules permission, whose predicates
combine role and agency), the service that performs it, and who acts next (roles of agencies). Everything else
is derived from the table, so adding a step is one entry here (or in `meetings/workflow.py` for the steps an IWG
meeting takes) and nothing more:

- `guard(step, round)` — the check every service makes before it moves a round (`round_move` calls it too);
- `transitions()` — the allowed moves, status by status;
- `round_actions(user, round)` — the buttons of the communication page;
- `home_queues(role)` — the work queues of the home page, per role;
- `handoff_recipients(step, round)` — the users a hand-off notice goes to;
- `docs/workflow.md` — the diagram and table written by `manage.py workflow_docs`.

Dependencies point one way: meetings imports communications, never the reverse. The meeting steps are declared in
`meetings/workflow.py` with the same `Step` type and registered here when the meetings app is ready
(`MeetingsConfig.ready`), so `steps()` holds both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import rules
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from iwg.errors import InvalidTransition
from iwg.models import User
from iwg.permissions import allowed
from iwg.roles import Role

from .models import DeadlineKind, Round
from .selectors.communications import communication_visible_to

Status = Round.Status
ROUND = "round"
OPEN_STATUSES = frozenset(set(Status) - {Status.SENT, Status.CANCELLED})
FINAL_STATUSES = frozenset({Status.SENT, Status.CANCELLED})


@dataclass(frozen=True)
class Actor:
    """Who acts: a role, within an agency (its code) or in any agency (None)."""

    role: str
    agency: str | None = None

    def label(self) -> str:
        role = Role(self.role).label
        return f"{role} ({self.agency})" if self.agency else str(role)


@dataclass(frozen=True)
class Queue:
    """A home-page work queue fed by a step: the rounds waiting in the step's from-statuses for the roles that may
    take it, ordered by the deadline of the step they owe."""

    key: str
    title: Promise
    deadline_kind: str
    action: Promise | str = ""
    url_name: str = ""


@dataclass(frozen=True)
class Step:
    name: str
    label: Promise
    from_statuses: frozenset[str]
    to_status: str | None
    permission: str | None
    services: tuple[str, ...]
    next_actors: tuple[Actor, ...] = ()
    # Key of the communication page's button for this step (several steps may share one, e.g. first analysis and a
    # new version of it); empty when the step is taken on another page (meetings) or as part of another step.
    button: str = ""
    # Extra condition for showing the button (the service re-checks and refuses with its own message); it takes
    # the step's subject (a Round here, another app's record for its own subject).
    available: Callable[[Any], bool] | None = None
    queue: Queue | None = None
    # The refusal when the round is in a status the step does not start from: per status, then a default. Both
    # take %(status)s (the round's status) and %(target)s (the status the step leads to).
    refusals: dict[str, Promise] = field(default_factory=dict)
    refusal: Promise | None = None
    # For steps taken only as a consequence of another (the whole communication closes): what the docs say.
    taken_by: Promise | None = None
    # What the step moves: a round (this app and meetings), or another app's record registered under its own
    # subject (the recommendations app: "response", "measure", "report"), whose statuses are its own.
    subject: str = ROUND

    def __hash__(self) -> int:
        return hash(self.name)

    def allows_role(self, role: str) -> bool:
        """Whether a user of `role` may take this step in general (the predicates read role; per-object rules such
        as "of the responsible agency" are left to the real check)."""
        return self.permission is not None and rules.has_perm(self.permission, RoleProbe(role))

    def roles(self) -> list[str]:
        return [role for role in Role if self.allows_role(role)]


class RoleProbe:
    """A stand-in user of one role, to ask the rules predicates which roles a step's permission admits."""

    is_authenticated = True
    is_active = True
    is_anonymous = False
    reads_history = False
    agency_id = None
    pk = None
    # Per-record rules (such as "of the measure's responsible agency") read this to answer "in general" for a role.
    is_role_probe = True

    def __init__(self, role: str):
        self.role = role


# ---------------------------------------------------------------------------------------------------------------
# The table: the steps of a round that the communications app takes. The IWG's steps are in meetings/workflow.py.

MFA_OFFICER = Actor(Role.MFA_OFFICER, "MFA")
PGO_PROSECUTOR = Actor(Role.PGO_PROSECUTOR, "PGO")
MOJ_SECRETARY = Actor(Role.MOJ_SECRETARY, "MOJ")


def _position_has_text(round: Round) -> bool:
    try:
        position = round.position
    except ObjectDoesNotExist:
        return False
    return bool(position.texts.all())


ROUND_STEPS: tuple[Step, ...] = (
    Step(
        name="refer",
        label=_("Refer to PGO and MoJ"),
        from_statuses=frozenset({Status.REGISTERED}),
        to_status=Status.REFERRED,
        permission="communications.refer_round",
        services=("communications.services.rounds.round_refer",),
        next_actors=(PGO_PROSECUTOR, MOJ_SECRETARY),
        button="refer",
        queue=Queue(
            key="to_refer",
            title=_("Registered rounds to refer to the PGO and the MoJ"),
            deadline_kind=DeadlineKind.PGO_ANALYSIS,
            action=_("Refer"),
            url_name="communications:round_refer",
        ),
        refusal=_("This round is “%(status)s”: it has already been referred."),
    ),
    Step(
        name="submit_analysis",
        label=_("Submit the legal analysis"),
        from_statuses=frozenset({Status.REFERRED}),
        to_status=Status.ANALYSIS_SUBMITTED,
        permission="communications.submit_analysis",
        services=("communications.services.rounds.analysis_submit",),
        next_actors=(MOJ_SECRETARY,),
        button="analysis",
        queue=Queue(
            key="to_analyse",
            title=_("Referred rounds waiting for a legal analysis"),
            deadline_kind=DeadlineKind.PGO_ANALYSIS,
            action=_("Upload analysis"),
            url_name="communications:analysis_submit",
        ),
        refusals={
            Status.REGISTERED: _("The round has not been referred to the PGO yet; the analysis cannot be submitted.")
        },
        refusal=_("This round is “%(status)s”: the IWG has already decided, so no new analysis is taken."),
    ),
    Step(
        name="revise_analysis",
        label=_("Submit a new version of the legal analysis"),
        from_statuses=frozenset({Status.ANALYSIS_SUBMITTED, Status.ON_AGENDA}),
        to_status=None,
        permission="communications.submit_analysis",
        services=("communications.services.rounds.analysis_submit",),
        next_actors=(MOJ_SECRETARY,),
        button="analysis",
        refusal=_("This round is “%(status)s”: the IWG has already decided, so no new analysis is taken."),
    ),
    Step(
        name="draft_position",
        label=_("Draft the State position"),
        from_statuses=frozenset({Status.REFERRED, Status.ANALYSIS_SUBMITTED, Status.ON_AGENDA, Status.IWG_APPROVED}),
        to_status=None,
        permission="communications.draft_position",
        services=("communications.services.rounds.position_draft",),
        next_actors=(MOJ_SECRETARY,),
        button="position",
        refusal=_("This round is “%(status)s”: the position can no longer be changed."),
    ),
    Step(
        name="approve_position",
        label=_("Approve the State position"),
        from_statuses=frozenset({Status.IWG_APPROVED}),
        to_status=Status.POSITION_APPROVED,
        permission="communications.approve_position",
        services=("communications.services.rounds.position_approve",),
        next_actors=(MFA_OFFICER,),
        button="approve",
        available=_position_has_text,
        queue=Queue(
            key="to_approve",
            title=_("IWG-approved rounds whose position awaits approval"),
            deadline_kind=DeadlineKind.POSITION_APPROVAL,
            action=_("Open"),
        ),
        refusal=_("This round is “%(status)s”: a position is approved only after the IWG has decided to approve it."),
    ),
    Step(
        name="send_position",
        label=_("Send the position to OHCHR"),
        from_statuses=frozenset({Status.POSITION_APPROVED}),
        to_status=Status.SENT,
        permission="communications.send_position",
        services=("communications.services.rounds.position_send",),
        button="send",
        queue=Queue(
            key="to_send",
            title=_("Approved positions to send to OHCHR"),
            deadline_kind=DeadlineKind.DISPATCH,
            action=_("Send"),
            url_name="communications:position_send",
        ),
        refusal=_("This round is “%(status)s”: only an approved position can be sent."),
    ),
    Step(
        name="cancel",
        label=_("Cancel the round"),
        from_statuses=OPEN_STATUSES,
        to_status=Status.CANCELLED,
        permission="communications.cancel_round",
        services=("communications.services.rounds.round_cancel",),
        button="cancel",
    ),
    Step(
        name="void",
        label=_("Void the round (registered by mistake)"),
        from_statuses=OPEN_STATUSES,
        to_status=Status.CANCELLED,
        permission="communications.correct_communication",
        services=(
            "communications.services.corrections.round_void",
            "communications.services.corrections.note_void",
        ),
        button="void",
    ),
    Step(
        name="close_with_communication",
        label=_("Cancelled with the communication"),
        from_statuses=OPEN_STATUSES,
        to_status=Status.CANCELLED,
        permission=None,
        services=(
            "communications.services.communications.note_register",
            "communications.services.decisions.decision_record",
            "communications.services.communications.communication_close",
        ),
        taken_by=_(
            "MFA officer, as part of registering a discontinuance, recording the final decision or closing the "
            "communication"
        ),
    ),
)
_REGISTRY: dict[str, Step] = {}


def register(steps: Iterable[Step]) -> None:
    """Add steps to the table (the meetings app registers its own when it is ready). Registering the same step
    again is harmless; a different step under a taken name is an error."""
    for step in steps:
        existing = _REGISTRY.get(step.name)
        if existing is not None and existing is not step:
            raise ValueError(f"Two workflow steps are called {step.name!r}")
        _REGISTRY[step.name] = step


register(ROUND_STEPS)


def steps(subject: str | None = ROUND) -> list[Step]:
    """The steps of the table that move `subject` (a round by default; None: every step), in the order they were
    declared."""
    return [each for each in _REGISTRY.values() if subject is None or each.subject == subject]


def step(name: str) -> Step:
    return _REGISTRY[name]


def transitions() -> dict[str, frozenset[str]]:
    """The allowed moves of a round, status by status (a step that keeps the status is not a move)."""
    moves: dict[str, set[str]] = {status: set() for status in Status}
    for each in steps():
        if each.to_status is None:
            continue
        for status in each.from_statuses:
            moves[status].add(each.to_status)
    return {status: frozenset(targets) for status, targets in moves.items()}


def can_start(step_or_name: Step | str, round: Round) -> bool:
    chosen = step(step_or_name) if isinstance(step_or_name, str) else step_or_name
    return round.status in chosen.from_statuses


def guard(step_or_name: Step | str, round) -> Step:
    """Refuse (InvalidTransition, with a message the user can read) unless `round` (or the record of another
    subject the step moves: anything with a `status` field) may take the step now. Returns the step. Services call
    this on the locked record before writing."""
    chosen = step(step_or_name) if isinstance(step_or_name, str) else step_or_name
    if round.status in chosen.from_statuses:
        return chosen
    message = chosen.refusals.get(round.status) or chosen.refusal
    labels = dict(type(round)._meta.get_field("status").choices)
    target = labels.get(chosen.to_status, chosen.to_status) if chosen.to_status else round.get_status_display()
    if message is None:
        if chosen.subject == ROUND:
            message = _("This round is “%(status)s”; it cannot become “%(target)s”.")
        else:
            message = _("This record is “%(status)s”; it cannot become “%(target)s”.")
    raise InvalidTransition(str(message) % {"status": round.get_status_display(), "target": target})


def actions(*, user, record, subject: str) -> set[str]:
    """The buttons `user` may use on `record` of `subject` now (as `round_actions` for a round): status, role and
    per-object rule, and the step's own condition. For showing only: the services remain the authority."""
    found = set()
    for each in steps(subject):
        if not each.button or each.button in found or record.status not in each.from_statuses:
            continue
        if each.permission is None or not allowed(user, each.permission, record):
            continue
        if each.available is not None and not each.available(record):
            continue
        found.add(each.button)
    return found


def round_actions(*, user, round: Round) -> set[str]:
    """The buttons of the communication page that `user` may use on `round` now (status, role and the step's own
    condition), e.g. {"refer", "cancel"}. For showing only: the services remain the authority."""
    actions = set()
    for each in steps():
        if not each.button or each.button in actions or round.status not in each.from_statuses:
            continue
        if each.permission is None or not allowed(user, each.permission, round):
            continue
        if each.available is not None and not each.available(round):
            continue
        actions.add(each.button)
    return actions


def home_queues(role: str, subject: str = ROUND) -> list[tuple[Step, Queue]]:
    """The home page's work queues of `role` on `subject`: each step with a queue that the role may take, in
    table order (path order for a round's)."""
    chosen = [(each, each.queue) for each in steps(subject) if each.queue is not None and each.allows_role(role)]
    if subject != ROUND:
        return chosen
    return sorted(chosen, key=lambda pair: process_order(pair[0]))


def process_order(each: Step) -> int:
    """Where a step sits in the path: the earliest status it starts from."""
    order = list(Status.values)
    return min(order.index(status) for status in each.from_statuses)


def queue_sections(subject: str = ROUND) -> dict[str, Queue]:
    """Every queue of the table on `subject` by key (the home page's headings)."""
    return {each.queue.key: each.queue for each in steps(subject) if each.queue is not None}


def handoff_recipients(step_or_name: Step | str, round: Round):
    """The users a hand-off notice of `step` on `round` goes to: the active users of the next actors' roles and
    agencies who may see the round's communication. Empty for a step after which nobody acts (the round is done)."""
    chosen = step(step_or_name) if isinstance(step_or_name, str) else step_or_name
    if not chosen.next_actors:
        return User.objects.none()
    match = Q()
    for actor in chosen.next_actors:
        match |= Q(role=actor.role, agency__code=actor.agency) if actor.agency else Q(role=actor.role)
    candidates = list(User.objects.filter(match, is_active=True).order_by("id"))
    # The MFA, PGO and MoJ see every communication; anyone else only what concerns them (one query each).
    visible = [
        user.pk
        for user in candidates
        if user.sees_all_communications or communication_visible_to(user).filter(pk=round.communication_id).exists()
    ]
    return User.objects.filter(pk__in=visible).order_by("id")


# Who acts on a round the MFA has just registered (registering the note opens it; no step leads to it).
ENTRY_NEXT_ACTORS = (MFA_OFFICER,)


def next_actors_of_status(status: str) -> set[Actor]:
    """Who acts on a round in `status`: the next actors of the steps that lead to it."""
    actors = {actor for each in steps() if each.to_status == status for actor in each.next_actors}
    if status == Status.REGISTERED:
        actors |= set(ENTRY_NEXT_ACTORS)
    return actors
