"""Hand-off notices: when a round reaches a step another agency takes, its users learn it at once, in the app and
by e-mail (at once or in their daily digest, as each chose), in each reader's language.

| Hand-off | Step | Who is told |
|---|---|---|
| referral | `refer` | the workflow table's next actors: the PGO (analysis due) and the MoJ |
| analysis submitted (or a new version) | `submit_analysis`, `revise_analysis` | the MoJ secretary |
| IWG decision | `iwg_approve`, `iwg_more_analysis`, `iwg_defer` | whoever acts next (drafts, analyses again) |
| position approved | `approve_position` | the MFA, to send it |
| Views recorded | `views_remedy` | the agency answering for each remedy |
| interim or protection measures requested | `urgent_note` | the MFA's supervisor, the PGO and the MoJ, e-mailed immediately |

Recipients of a workflow step come from the table (`communications.workflow.handoff_recipients`). A hand-off is
one `HandoffNotice` row under a unique constraint (communication, step, key): notified exactly once however often
or concurrently the step's service runs. The notice is stored as a text code and parameters (committee and number,
the kind of request, the step due and its date): never a party's name. A historical entry hands nothing off.
"""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation

from iwg.commit import on_commit_call
from iwg.models import Agency, User
from iwg.texts import render

from .. import workflow
from ..emails import notification_email, user_language
from ..models import Communication, DeadlineKind, HandoffNotice, Notification, Remedy, Round
from ..reminders import ACTING_ROLES

logger = logging.getLogger(__name__)

# The deadline of the step the recipients owe next, shown in the notice.
NEXT_DEADLINE = {
    "refer": DeadlineKind.PGO_ANALYSIS,
    "submit_analysis": DeadlineKind.IWG_CONSIDERATION,
    "revise_analysis": DeadlineKind.IWG_CONSIDERATION,
    "iwg_approve": DeadlineKind.POSITION_APPROVAL,
    "iwg_more_analysis": DeadlineKind.PGO_ANALYSIS,
    "iwg_defer": DeadlineKind.IWG_CONSIDERATION,
    "approve_position": DeadlineKind.DISPATCH,
    "urgent_note": DeadlineKind.COMMITTEE,
}


def _visible(users, communication_id: int) -> list[User]:
    from ..selectors import communication_visible_to

    return [
        user
        for user in users
        if user.sees_all_communications or communication_visible_to(user).filter(pk=communication_id).exists()
    ]


def urgent_recipients(round: Round) -> list[User]:
    """An interim-measures (or protection) request: the MFA's supervisors (its heads) and the actors a referral
    goes to in the workflow table (the PGO and the MoJ)."""
    match = Q(agency__code=Agency.Code.MFA, is_agency_head=True)
    for actor in workflow.step("refer").next_actors:
        match |= Q(role=actor.role, agency__code=actor.agency) if actor.agency else Q(role=actor.role)
    users = User.objects.filter(match, is_active=True).order_by("id")
    return _visible(users, round.communication_id)


def remedy_recipients(remedy: Remedy, communication: Communication) -> list[User]:
    """The acting users of the agency answering for a remedy."""
    users = User.objects.filter(is_active=True, agency_id=remedy.responsible_agency_id, role__in=ACTING_ROLES).order_by(
        "id"
    )
    return _visible(users, communication.pk)


def handoff_notify(
    *,
    step: str,
    communication: Communication,
    round: Round | None = None,
    key: str = "",
    recipients=None,
    remedy: Remedy | None = None,
    urgent: bool = False,
) -> HandoffNotice | None:
    """Tell the next agency, once. Call inside the transaction of the service that made the hand-off; the e-mails
    are queued after it commits. Returns the notice, or None when it was notified already (or the round is a
    historical entry)."""
    if round is not None and round.is_historical:
        return None
    key = key or (f"round:{round.pk}" if round is not None else "")
    try:
        with transaction.atomic():
            handoff = HandoffNotice.objects.create(
                communication=communication, round=round, step=step, key=key, urgent=urgent
            )
    except IntegrityError:
        return None  # this hand-off was notified already
    if recipients is None:
        recipients = workflow.handoff_recipients(step, round)  # type: ignore[arg-type]
    params = {
        "step": step,
        "communication": f"{communication.committee.code} {communication.number}",
        "round_kind": round.kind if round is not None else "",
        "urgent": urgent,
    }
    deadline_kind = NEXT_DEADLINE.get(step)
    if round is not None and deadline_kind:
        deadline = round.deadlines.filter(kind=deadline_kind).first()
        if deadline is not None:
            params["deadline"] = deadline_kind
            params["due_on"] = deadline.due_on.isoformat()
    if remedy is not None:
        params["remedy"] = remedy.kind
    written: dict[str, tuple[str, str]] = {}
    rows = []
    for user in recipients:
        language = user_language(user)
        if language not in written:
            with translation.override(language):
                written[language] = (render("handoff_title", params), render("handoff_message", params))
        title, message = written[language]
        rows.append(
            Notification(
                user=user,
                kind=Notification.Kind.ACTION_NEEDED,
                title=title,
                message=message,
                parameters={"code": "handoff", "params": params},
                communication=communication,
                handoff=handoff,
            )
        )
    Notification.objects.bulk_create(rows)
    transaction.on_commit(on_commit_call(_handoff_emails_enqueue, handoff.pk), robust=True)
    return handoff


def _handoff_emails_enqueue(handoff_id: int) -> None:
    from ..tasks import handoff_send_emails

    handoff_send_emails.delay(handoff_id)


def handoff_emails_send(*, handoff_id: int) -> int:
    """E-mail a hand-off to its recipients who chose immediate e-mails (an urgent one also to those who chose the
    digest: it cannot wait for tomorrow); the others get it in their digest. Idempotent and safe to run
    concurrently: each notification is sent under its row lock and marked e-mailed in the same transaction."""
    handoff = HandoffNotice.objects.filter(pk=handoff_id).first()
    if handoff is None:
        return 0
    deliveries = [User.EmailDelivery.IMMEDIATE] + ([User.EmailDelivery.DIGEST] if handoff.urgent else [])
    pending = Notification.objects.filter(
        handoff=handoff, emailed_at__isnull=True, user__is_active=True, user__email_delivery__in=deliveries
    ).exclude(user__email="")
    sent = 0
    for notification_id in list(pending.order_by("id").values_list("pk", flat=True)):
        with transaction.atomic():
            notification = (
                Notification.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("user", "communication")
                .filter(pk=notification_id, emailed_at__isnull=True)
                .first()
            )
            if notification is None:
                continue
            notification_email(notification).send()
            notification.emailed_at = timezone.now()
            notification.save(update_fields=["emailed_at"])
            sent += 1
    if not pending.exists():
        HandoffNotice.objects.filter(pk=handoff.pk, notified_at__isnull=True).update(notified_at=timezone.now())
    return sent


def handoff_step_of_decision(decision: str) -> str:
    """The workflow step an IWG decision on an agenda item is (meetings/workflow.py)."""
    return {
        "approve_position": "iwg_approve",
        "note_implementation": "iwg_approve",
        "more_analysis": "iwg_more_analysis",
        "defer": "iwg_defer",
    }[decision]
