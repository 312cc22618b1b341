"""Hand-off notices on recommendations: when a response or a measure reaches a step another agency takes, its users
are told at once in the app, and by e-mail (at once or in their daily digest, as each chose), in each reader's
language.

| Hand-off | Step | Who is told |
|---|---|---|
| response proposed | `response_propose` | the workflow table's next actors: the MoJ secretariat, to put it on an agenda |
| measure planned | `measure_plan` | the acting users of the measure's responsible agency, who report on it |
| progress report filed | `report_submit` | the table's next actors: the MoJ secretariat and the MFA, to accept or return it |
| progress report returned | `report_return` | the acting users of the responsible agency, to report again |

Exactly once: a hand-off is one `RecommendationHandoff` row under a unique constraint (step, key). Stored as a text
code and parameters (`rec_handoff`), rendered in the reader's language."""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation

from communications import workflow
from communications.emails import notification_email, user_language
from communications.models import Notification
from communications.reminders import ACTING_ROLES
from iwg.commit import on_commit_call
from iwg.models import User
from iwg.texts import render

from ..models import Measure, RecommendationHandoff


def step_recipients(step: str) -> list[User]:
    """The active users of the step's next actors in the workflow table (recommendations are read by everyone
    with a role: no per-record visibility to check)."""
    chosen = workflow.step(step)
    match = Q(pk__in=[])
    for actor in chosen.next_actors:
        match |= Q(role=actor.role, agency__code=actor.agency) if actor.agency else Q(role=actor.role)
    return list(User.objects.filter(match, is_active=True).order_by("id"))


def agency_recipients(measure: Measure) -> list[User]:
    """The acting users of the measure's responsible agency."""
    return list(
        User.objects.filter(is_active=True, agency_id=measure.responsible_agency_id, role__in=ACTING_ROLES).order_by(
            "id"
        )
    )


def handoff_notify(
    *, step: str, key: str, params: dict, recipients: list[User], link: str
) -> RecommendationHandoff | None:
    """Tell the next agency, once. Call inside the transaction of the service that made the hand-off; e-mails are
    queued after it commits. None when this hand-off was notified already."""
    try:
        with transaction.atomic():
            handoff = RecommendationHandoff.objects.create(step=step, key=key)
    except IntegrityError:
        return None
    params = {**params, "step": step, "link": settings.IWG_SITE_URL.rstrip("/") + link}
    written: dict[str, tuple[str, str]] = {}
    rows = []
    for user in recipients:
        language = user_language(user)
        if language not in written:
            with translation.override(language):
                written[language] = (render("rec_handoff_title", params), render("rec_handoff_message", params))
        title, message = written[language]
        rows.append(
            Notification(
                user=user,
                kind=Notification.Kind.ACTION_NEEDED,
                title=title[:300],
                message=message,
                parameters={"code": "rec_handoff", "params": params},
            )
        )
    created = Notification.objects.bulk_create(rows)
    ids = [row.pk for row in created]
    if ids:
        transaction.on_commit(on_commit_call(_emails_enqueue, handoff.pk, ids), robust=True)
    return handoff


def _emails_enqueue(handoff_id: int, notification_ids: list[int]) -> None:
    from ..tasks import handoff_send_emails

    handoff_send_emails.delay(handoff_id, notification_ids)


def handoff_emails_send(*, handoff_id: int, notification_ids: list[int]) -> int:
    """E-mail a hand-off's notifications to the recipients who chose immediate e-mails (the others get them in
    their digest). Idempotent: each is sent under its row lock and marked e-mailed in the same transaction."""
    sent = 0
    for notification_id in notification_ids:
        with transaction.atomic():
            notification = (
                Notification.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("user")
                .filter(
                    pk=notification_id,
                    emailed_at__isnull=True,
                    user__is_active=True,
                    user__email_delivery=User.EmailDelivery.IMMEDIATE,
                )
                .exclude(user__email="")
                .first()
            )
            if notification is None:
                continue
            notification_email(notification).send()
            notification.emailed_at = timezone.now()
            notification.save(update_fields=["emailed_at"])
            sent += 1
    RecommendationHandoff.objects.filter(pk=handoff_id, notified_at__isnull=True).update(notified_at=timezone.now())
    return sent
