"""The deadline sweep's batch: what one transaction of the sweep does for up to IWG_SWEEP_BATCH_SIZE deadlines,
with the writes made in bulk rather than row by row.

`services.notices.deadlines_sweep` selects the due deadlines and calls `sweep_batch` per batch. The batch locks its
rows (`skip_locked`), reads the notices already created, plans each deadline (`reminders.reminder_plan`) and
collects the writes; one deadline that fails while planned is counted as an error and left out, the others go on.
Then, per batch: one statement for the deadlines that passed (missed, or an unused option closed) — their new
statuses and their history rows, as simple-history's `bulk_history_create` makes them —, one INSERT of their
timeline events, one INSERT of the notices under their unique constraint (`ON CONFLICT DO NOTHING`: a notice that
exists already is not created again, and nothing is sent for it), one INSERT of the notifications of the notices
actually created, and, after commit, one message to the e-mail queue for the batch.

The batch reads only the columns of the related rows it uses, and plans plain records (`PlannedNotice`), not model
instances. A notification's title and message are rendered in its reader's language once per distinct
(language, parameters but the communication) for the whole sweep (`texts.NoticeTexts`), and a notice's
notifications go to the database as one row per language with the recipients' ids.
"""

import datetime as dt
import json
import logging
from dataclasses import dataclass
from typing import cast

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Field
from django.utils import timezone
from simple_history.utils import get_change_reason_from_object

from iwg.calendar import local_date
from iwg.commit import on_commit_call
from iwg.texts import Text, as_text, stored

from . import deadline_owners
from .models import Deadline, DeadlineNotice, Event, Notification, Round
from .register_cache import register_changed
from .reminders import PlannedNotice
from .schedule import communication_schedule_refresh
from .texts import NoticeTexts

_sweep_logger = logging.getLogger("communications.sweep")


@dataclass
class SweepCounts:
    examined: int = 0
    reminders: int = 0
    catch_ups: int = 0
    missed: int = 0
    escalations: int = 0
    options_closed: int = 0
    notifications: int = 0
    errors: int = 0

    def add(self, other: "SweepCounts") -> None:
        for name, value in vars(other).items():
            setattr(self, name, getattr(self, name) + value)


class SweepBatch:
    """The writes of one sweep batch, collected per deadline and made in bulk by `flush`."""

    def __init__(self, deadlines: list[Deadline], *, today: dt.date):
        self.today = today
        self.now = timezone.now()
        self.locked = {deadline.pk: deadline for deadline in deadlines}
        self.closed: dict[int, Deadline] = {}  # deadline id → the deadline with its new status
        self.events: dict[int, tuple] = {}  # deadline id → its timeline event's row (EVENT_COLUMNS)
        self.notices: dict[int, list[PlannedNotice]] = {}
        self.owned: dict[int, Deadline] = {}  # closed deadlines without a round: their owner records the event

    def close_passed(
        self, deadline: Deadline, *, to_status: str, reason: Text | str, actor, event_kind: str
    ) -> Deadline:
        """A locked open deadline whose day has passed moves to `to_status`, with history and a timeline event
        (as `services.deadlines._deadline_close_passed`, written at `flush`)."""
        deadline.status = to_status
        deadline.updated_at = self.now
        deadline._history_user = actor  # type: ignore[attr-defined]
        deadline._change_reason = stored(reason)  # type: ignore[attr-defined]
        self.closed[deadline.pk] = deadline
        if deadline.round_id is None:
            self.owned[deadline.pk] = deadline
            return deadline
        text = Text("deadline_closed", {"deadline": deadline.kind, "detail": as_text(reason).as_data()})
        self.events[deadline.pk] = (
            deadline.round_required.communication_id,
            deadline.round_id,
            event_kind,
            actor.pk if actor is not None else None,
            Deadline.Status.OPEN,
            to_status,
            str(text),
            text.as_data(),
            self.now,
        )
        return deadline

    def notice(self, deadline: Deadline, *, kind: str, level: int, skipped=()) -> None:
        self.notices.setdefault(deadline.pk, []).append(
            PlannedNotice(deadline.pk, kind, level, deadline.due_on, list(skipped))
        )

    def discard(self, deadline: Deadline, status: str) -> None:
        """Leave out what a failed deadline collected (its status back as read)."""
        deadline.status = status
        self.closed.pop(deadline.pk, None)
        self.events.pop(deadline.pk, None)
        self.owned.pop(deadline.pk, None)
        self.notices.pop(deadline.pk, None)

    def flush(self, *, schedule, recipients, notice_texts: NoticeTexts, counts: SweepCounts) -> list[int]:
        """Make the collected writes; returns the ids of the notices created (their e-mails are queued)."""
        if self.closed:
            _passed_update(list(self.closed.values()), now=self.now)
            register_changed()  # an UPDATE sends no signal: the register's agency filter reads the statuses
            # A closed option is no longer the MFA's work: the agencies kept on its communication follow (a
            # missed deadline is still owed, and changes nothing there).
            options = {d.round_id for d in self.closed.values() if d.status == Deadline.Status.CANCELLED}
            options.discard(None)
            if options:
                communication_schedule_refresh(
                    communication_ids=Round.objects.filter(pk__in=options).values_list("communication_id", flat=True)
                )
        if self.events:
            _rows_insert(Event, EVENT_COLUMNS, list(self.events.values()))
        if self.owned:
            deadline_owners.missed(list(self.owned.values()), now=self.now)
        pending = [notice for notices in self.notices.values() for notice in notices]
        created = _notices_insert(pending, now=self.now)
        from .emails import notice_parameters_of

        rows = []
        for notice in created:
            deadline = self.locked[notice.deadline_id]
            if notice.kind == DeadlineNotice.Kind.REMINDER:
                counts.reminders += 1
            elif notice.kind == DeadlineNotice.Kind.CATCH_UP:
                counts.catch_ups += 1
            # What the notice says is kept as data and shown in the reader's language; title and message also
            # keep it as the recipient read it when it was made (and as the e-mail says it): one row per language
            # of its recipients, with their ids.
            parameters = notice_parameters_of(notice, deadline, today=self.today, schedule=schedule)
            for language, user_ids in recipients.ids_by_language(notice.kind, deadline):
                title, message = notice_texts(parameters, language)
                rows.append(
                    (
                        user_ids,
                        notice.kind,
                        title,
                        message,
                        parameters,
                        deadline.round.communication_id if deadline.round is not None else None,
                        deadline.pk,
                        notice.pk,
                    )
                )
        counts.notifications += _notifications_insert(rows, now=self.now)
        return [notice.pk for notice in created if notice.pk is not None]


def _rows_insert(model, names: list[str], rows: list[tuple], *, skip_conflicts=False, returning=()) -> list[tuple]:
    """INSERT plain rows into `model`'s table in one statement: on PostgreSQL one JSON document of all the rows
    (`jsonb_to_recordset`), so that neither a model instance per row nor a statement with thousands of
    placeholders is built; elsewhere (SQLite in development) a multi-row VALUES. A row that breaks a unique constraint is skipped when
    `skip_conflicts`. Returns the `returning` columns of the rows inserted."""
    if not rows:
        return []
    meta = model._meta
    quote = connection.ops.quote_name
    fields = [meta.get_field(name) for name in names]
    columns = ", ".join(quote(field.column) for field in fields)
    tail = " ON CONFLICT DO NOTHING" if skip_conflicts else ""
    if returning:
        tail += " RETURNING " + ", ".join(quote(meta.get_field(name).column) for name in returning)
    table = quote(meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # All rows as one JSON document read by jsonb_to_recordset: the C JSON encoder is several times faster
            # than psycopg's Python dumpers of text arrays, which escaped each title and message.
            definitions = ", ".join(f"c{index} {field.db_type(connection)}" for index, field in enumerate(fields))
            aliases = ", ".join(f"c{index}" for index in range(len(fields)))
            document = json.dumps(
                [{f"c{index}": value for index, value in enumerate(row)} for row in rows], default=_json_default
            )
            sql = (
                f"INSERT INTO {table} ({columns}) SELECT {aliases} "  # noqa: S608  (identifiers from the meta)
                f"FROM jsonb_to_recordset(%s::jsonb) AS t({definitions}){tail}"
            )
            cursor.execute(sql, [document])
        else:
            row = "(" + ", ".join(["%s"] * len(fields)) + ")"
            sql = f"INSERT INTO {table} ({columns}) VALUES {', '.join([row] * len(rows))}{tail}"  # noqa: S608
            cursor.execute(
                sql,
                [
                    field.get_db_prep_save(value, connection)
                    for item in rows
                    for field, value in zip(fields, item, strict=True)
                ],
            )
        return cursor.fetchall() if returning else []


EVENT_COLUMNS = [
    "communication",
    "round",
    "kind",
    "actor",
    "from_status",
    "to_status",
    "reason",
    "parameters",
    "occurred_at",
]


def _passed_update(deadlines: list[Deadline], *, now: dt.datetime) -> None:
    """Write the new statuses of the deadlines that passed with their history rows. On PostgreSQL one statement:
    an UPDATE from one JSON document of (id, status, change reason, history user) whose RETURNING rows feed the
    INSERT of the history rows, each as simple-history's `bulk_history_create` makes it from the instance (the
    tracked fields as updated, history type "~", the batch's time, the deadline's `_change_reason` and
    `_history_user`). Elsewhere one UPDATE per new status and `bulk_history_create`."""
    history = Deadline.history.model
    track = getattr(settings, "SIMPLE_HISTORY_ENABLED", True)
    if connection.vendor != "postgresql" or hasattr(history, "history_relation"):
        by_status: dict[str, list[int]] = {}
        for deadline in deadlines:
            by_status.setdefault(deadline.status, []).append(deadline.pk)
        for status, ids in by_status.items():
            Deadline.objects.filter(pk__in=ids).update(status=status, updated_at=now)
        if track:
            Deadline.history.bulk_history_create(deadlines, update=True, default_date=now)
        return
    quote = connection.ops.quote_name
    document = json.dumps(
        [
            {
                "id": deadline.pk,
                "status": deadline.status,
                "reason": get_change_reason_from_object(deadline) or "",
                "user_id": getattr(getattr(deadline, "_history_user", None), "pk", None),
            }
            for deadline in deadlines
        ]
    )
    meta = Deadline._meta
    update = (
        f"UPDATE {quote(meta.db_table)} AS d SET {quote(meta.get_field('status').column)} = r.status, "  # noqa: S608
        f"{quote(meta.get_field('updated_at').column)} = %s "
        "FROM jsonb_to_recordset(%s::jsonb) AS r(id bigint, status text, reason text, user_id bigint) "
        f"WHERE d.{quote(meta.pk.column)} = r.id"
    )
    if not track:
        with connection.cursor() as cursor:
            cursor.execute(update, [now, document])
        return
    history_meta = history._meta
    columns = [history_meta.get_field(field.name).column for field in history.tracked_fields]
    sources = [f"p.{quote(field.column)}" for field in history.tracked_fields]
    names = ["history_date", "history_type", "history_change_reason", "history_user"]
    columns += [history_meta.get_field(name).column for name in names]
    sources += ["%s", "'~'", "p.iwg_reason", "p.iwg_user_id"]
    sql = (
        f"WITH p AS ({update} RETURNING d.*, r.reason AS iwg_reason, r.user_id AS iwg_user_id) "  # noqa: S608
        f"INSERT INTO {quote(history_meta.db_table)} ({', '.join(quote(column) for column in columns)}) "
        f"SELECT {', '.join(sources)} FROM p"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [now, document, now])


def _json_default(value) -> str:
    """Dates and times in ISO 8601 at full precision (PostgreSQL reads them back exactly)."""
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _notices_insert(notices: list[PlannedNotice], *, now: dt.datetime) -> list[PlannedNotice]:
    """INSERT the notices, skipping any that exists already under the unique constraint (deadline, kind, level,
    due date), and return those created, with their ids."""
    names = ["deadline", "kind", "level", "due_on", "skipped_levels", "created_at", "cancel_reason"]
    rows = [(n.deadline_id, n.kind, n.level, n.due_on, n.skipped_levels, now, "") for n in notices]
    by_key = {(notice.deadline_id, notice.kind, notice.level): notice for notice in notices}
    created = []
    for pk, deadline_id, kind, level in _rows_insert(
        DeadlineNotice, names, rows, skip_conflicts=True, returning=("id", "deadline", "kind", "level")
    ):
        notice = by_key[deadline_id, kind, level]
        notice.pk = pk
        created.append(notice)
    return created


def _notifications_insert(rows: list[tuple], *, now: dt.datetime) -> int:
    """INSERT the notifications of rows (user ids, kind, title, message, parameters, communication, deadline,
    notice): one notification per user id, as plain rows (a sweep batch writes hundreds). On PostgreSQL each row
    goes once in the JSON document, with its users' ids, and is repeated per user in SQL (`unnest`). Returns how
    many were inserted."""
    names = ["kind", "title", "message", "parameters", "communication", "deadline", "notice", "created_at"]
    if connection.vendor != "postgresql":
        flat = [(user_id, *row[1:], now) for row in rows for user_id in row[0]]
        _rows_insert(Notification, ["user", *names], flat)
        return len(flat)
    rows = [row for row in rows if row[0]]
    if not rows:
        return 0
    meta = Notification._meta
    quote = connection.ops.quote_name
    fields = [cast(Field, meta.get_field(name)) for name in ["user", *names]]
    definitions = ", ".join(
        ["c0 bigint[]", *(f"c{index} {field.db_type(connection)}" for index, field in enumerate(fields[1:], 1))]
    )
    columns = ", ".join(quote(field.column) for field in fields)
    aliases = ", ".join(f"t.c{index}" for index in range(1, len(fields)))
    document = json.dumps(
        [{f"c{index}": value for index, value in enumerate((*row, now))} for row in rows], default=_json_default
    )
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({columns}) SELECT u.user_id, {aliases} "  # noqa: S608  (the meta)
        f"FROM jsonb_to_recordset(%s::jsonb) AS t({definitions}) "
        "CROSS JOIN LATERAL unnest(t.c0) AS u(user_id)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [document])
        return cursor.rowcount


# What the sweep reads of a deadline's related rows (its notices' parameters, the timeline event's communication):
# the rest of their columns is not loaded, as a thousand rows of five models are read per sweep. The deadline's own
# fields are all loaded.
SWEEP_FIELDS = (
    *(field.name for field in Deadline._meta.concrete_fields),
    "round__kind",
    "round__is_urgent",
    "round__communication",
    "round__communication__number",
    "round__communication__committee",
    "round__communication__committee__code",
    "responsible_agency__code",
)


def sweep_batch(
    ids: list[int],
    *,
    today: dt.date,
    schedule,
    recipients,
    counts: SweepCounts,
    notice_texts: NoticeTexts | None = None,
) -> None:
    """One transaction of the sweep for these deadline ids (see the module's docstring). `notice_texts` keeps the
    notices' texts rendered for the whole sweep (one per batch when not given)."""
    from celery.exceptions import SoftTimeLimitExceeded  # here: only the sweep needs Celery

    from . import reminders
    from .reminders import Action
    from .services.notices import _notices_emails_enqueue

    with transaction.atomic():
        deadlines = list(
            Deadline.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(pk__in=ids, status=Deadline.Status.OPEN)
            .select_related("round__communication__committee", "responsible_agency")
            .only(*SWEEP_FIELDS)
            .order_by("id")
        )
        existing = reminders.existing_notices(deadline.pk for deadline in deadlines)
        batch = SweepBatch(deadlines, today=today)
        planned = SweepCounts()
        for deadline in deadlines:
            counts.examined += 1
            sent = existing.get((deadline.pk, deadline.due_on), set())
            plan = reminders.reminder_plan(
                kind=deadline.kind,
                due_on=deadline.due_on,
                urgent=bool(deadline.round_id and deadline.round.is_urgent),
                today=today,
                # The day this due date took effect: the deadline was created or last moved (an open deadline
                # is saved only then).
                since=local_date(deadline.updated_at),
                sent_levels=reminders.reminder_levels_sent(sent),
                schedule=schedule,
            )
            if plan.action == Action.NOTHING:
                continue
            step, status = SweepCounts(), deadline.status
            try:
                _plan_collect(deadline, plan, batch=batch, existing=sent, today=today, counts=step)
            except SoftTimeLimitExceeded:
                raise  # the task's time is up: stop here; committed batches stay, the next sweep goes on
            except Exception:
                # One broken deadline must not stop the others; the next sweep tries it again.
                _sweep_logger.exception("Deadline sweep failed for deadline %s", deadline.pk)
                batch.discard(deadline, status)
                counts.errors += 1
                continue
            planned.add(step)
        created = batch.flush(
            schedule=schedule, recipients=recipients, notice_texts=notice_texts or NoticeTexts(), counts=counts
        )
        counts.add(planned)
        if created:
            transaction.on_commit(on_commit_call(_notices_emails_enqueue, created), robust=True)


def _plan_collect(deadline: Deadline, plan, *, batch: SweepBatch, existing: set, today: dt.date, counts) -> None:
    from .reminders import Action
    from .services import deadlines as deadline_services  # the module, read at call time (tests replace its functions)

    if plan.action == Action.CLOSE_OPTION:
        if deadline_services.deadline_close_unused_option(deadline_id=deadline.pk, today=today, batch=batch):
            counts.options_closed += 1
        return
    if plan.action == Action.MISS:
        if (
            deadline_services.deadline_mark_missed(deadline_id=deadline.pk, actor=None, today=today, batch=batch)
            is None
        ):
            return
        counts.missed += 1
        counts.escalations += 1
        for kind in (DeadlineNotice.Kind.MISSED, DeadlineNotice.Kind.ESCALATION):
            if (kind, 0) not in existing:  # sent for this date before it was moved away and back: not again
                batch.notice(deadline, kind=kind, level=0)
        return
    kind = DeadlineNotice.Kind.CATCH_UP if plan.action == Action.CATCH_UP else DeadlineNotice.Kind.REMINDER
    batch.notice(deadline, kind=kind, level=plan.level, skipped=plan.skipped)
