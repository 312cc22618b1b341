"""Benchmark: the deadline sweep on PostgreSQL beside its set-based floor.

Creates N open deadlines (default 100 000; --n 1000000 for a million) of which --due are due now (a third
already past, the rest within the reminder window), in a dedicated database (iwg_bench), then, alternately
(--runs times, medians reported), with the state reset in between:

- the sweep (`services.deadlines_sweep`: batches of IWG_SWEEP_BATCH_SIZE, each one transaction);
- the floor: one SQL transaction making the same writes set-based (the statuses of the passed deadlines with
  their history rows and timeline events, the same notices, and one notification per recipient), given the
  notices the sweep decided on (the plan is not part of the floor).

It then runs the sweep again (everything already sent: the steady state of a sweep every 5 minutes). The
sweep's cost follows the number of due rows, not of all rows: compare `--n 20000` with `--n 200000`.
Goal: sweep <= 3x the floor.

    .venv/bin/python bench/deadline_sweep.py [--n 100000] [--due 1000] [--runs 3]
"""

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import DEFAULT_REDIS, goal  # noqa: E402


def ensure_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"created database {name}")


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iwg.settings.local")
    # The shared cache is Redis, as in production (IWG_BENCH_REDIS_URL): the sweep bumps the register's generation
    # after each batch's commit. Without it the database cache's table, which the bench does not create, is missing
    # and every bump fails and logs a traceback, which the sweep paid for.
    os.environ["REDIS_URL"] = DEFAULT_REDIS
    import django

    django.setup()
    from iwg.celery import app

    # E-mail tasks queued by the sweep go to an in-memory broker: the benchmark measures the sweep, not SMTP.
    app.conf.broker_url = "memory://"
    app.conf.task_always_eager = False

    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def create_data(total: int, due: int, today: dt.date, window_end: dt.date) -> None:
    import random

    from django.db import connection, transaction

    from communications.models import (
        OWNED_DEADLINE_KINDS,
        Committee,
        Communication,
        Deadline,
        DeadlineKind,
        NoteKind,
        NoteVerbale,
        Round,
    )
    from iwg.models import Agency, User
    from iwg.roles import Role

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE communications_communication, communications_sweeprun, communications_deadlinenotice, "
            "communications_notification CASCADE"
        )
    agencies = {agency.code: agency for agency in Agency.objects.all()}
    for code, role in (("MFA", Role.MFA_OFFICER), ("PGO", Role.PGO_PROSECUTOR), ("MOJ", Role.MOJ_SECRETARY)):
        for index in range(3):
            User.objects.get_or_create(
                username=f"bench-{code.lower()}-{index}",
                defaults={
                    "agency": agencies[code],
                    "role": role,
                    "is_agency_head": index == 0,
                    "email": f"bench-{code.lower()}-{index}@example.kz",
                },
            )
    committee = Committee.objects.get(code="CCPR")
    kinds = [kind for kind in DeadlineKind if kind not in OWNED_DEADLINE_KINDS]  # a round's deadlines (not a measure's)
    agency_of = {
        DeadlineKind.COMMITTEE: "MFA",
        DeadlineKind.ADMISSIBILITY_REQUEST: "MFA",
        DeadlineKind.PGO_ANALYSIS: "PGO",
        DeadlineKind.IWG_CONSIDERATION: "MOJ",
        DeadlineKind.POSITION_APPROVAL: "MOJ",
        DeadlineKind.DISPATCH: "MFA",
    }
    rounds_needed = -(-total // len(kinds))
    rng = random.Random(42)
    due_slots = set(rng.sample(range(total), due))
    window_days = (window_end - today).days
    started = time.perf_counter()
    with transaction.atomic():
        communications = Communication.objects.bulk_create(
            [Communication(committee=committee, number=f"B{i}/2026") for i in range(rounds_needed)], batch_size=5000
        )
        notes = NoteVerbale.objects.bulk_create(
            [
                NoteVerbale(
                    communication=communication,
                    direction=NoteVerbale.Direction.INCOMING,
                    kind=NoteKind.NEW_COMMUNICATION,
                    registry_number=f"BENCH-{i}",
                    registered_on=today,
                )
                for i, communication in enumerate(communications)
            ],
            batch_size=5000,
        )
        rounds = Round.objects.bulk_create(
            [
                Round(
                    communication=note.communication,
                    incoming_note=note,
                    kind=NoteKind.NEW_COMMUNICATION,
                    status=Round.Status.REFERRED,
                    is_urgent=i % 50 == 0,
                )
                for i, note in enumerate(notes)
            ],
            batch_size=5000,
        )
        deadlines = []
        for slot in range(total):
            round, kind = rounds[slot // len(kinds)], kinds[slot % len(kinds)]
            if slot in due_slots:
                # a third already past (missed or closed), the rest within the reminder window
                due_on = (
                    today - dt.timedelta(days=rng.randint(1, 20))
                    if rng.random() < 1 / 3
                    else (today + dt.timedelta(days=rng.randint(0, window_days)))
                )
            else:
                due_on = window_end + dt.timedelta(days=rng.randint(1, 700))
            deadlines.append(
                Deadline(
                    round=round,
                    kind=kind,
                    due_on=due_on,
                    responsible_agency=agencies[agency_of[kind]],
                    basis="bench",
                )
            )
        Deadline.objects.bulk_create(deadlines, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"created {total} open deadlines ({due} due now) in {time.perf_counter() - started:.1f} s")


def snapshot(window_end: dt.date) -> list[tuple]:
    """(id, status, updated_at) of the deadlines a sweep may touch, to put them back between runs."""
    from communications.models import Deadline

    return list(
        Deadline.objects.filter(due_on__lte=window_end).values_list("id", "status", "updated_at").order_by("id")
    )


def reset(rows: list[tuple]) -> None:
    """Undo a sweep or a floor: no notices, notifications, events or deadline history; statuses as they were."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE communications_notification, communications_deadlinenotice, communications_event, "
            "communications_historicaldeadline, communications_sweeprun"
        )
        cursor.execute(
            "UPDATE communications_deadline d SET status = s.status, updated_at = s.updated_at "
            "FROM unnest(%s::bigint[], %s::text[], %s::timestamptz[]) AS s(id, status, updated_at) WHERE d.id = s.id",
            [[row[0] for row in rows], [row[1] for row in rows], [row[2] for row in rows]],
        )
        cursor.execute("VACUUM ANALYZE communications_deadline")


def decided_notices() -> list[tuple]:
    from communications.models import DeadlineNotice

    return list(DeadlineNotice.objects.values_list("deadline_id", "kind", "level", "due_on", "skipped_levels"))


def floor(today: dt.date, notices: list[tuple]) -> float:
    """One transaction making the sweep's writes set-based; returns its time in seconds."""
    from django.db import connection, transaction

    from communications.models import OPTIONAL_DEADLINE_KINDS, Deadline
    from iwg.roles import Role

    history_model = Deadline.history.model
    deadline_columns = {field.column for field in Deadline._meta.concrete_fields}
    history_columns, history_values = [], []
    for field in history_model._meta.concrete_fields:
        if field.column == "history_id":
            continue
        history_columns.append(field.column)
        history_values.append(
            {
                "history_date": "now()",
                "history_change_reason": "'The deadline passed without the step being done.'",
                "history_type": "'~'",
                "history_user_id": "NULL",
            }.get(field.column, f"p.{field.column}" if field.column in deadline_columns else "NULL")
        )
    optional = list(OPTIONAL_DEADLINE_KINDS)
    acting = [Role.MFA_OFFICER, Role.PGO_PROSECUTOR, Role.MOJ_SECRETARY, Role.IWG_MEMBER]
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH passed AS (
                UPDATE communications_deadline SET
                    status = CASE WHEN kind = ANY(%(optional)s) THEN 'cancelled' ELSE 'missed' END,
                    updated_at = now()
                WHERE status = 'open' AND due_on < %(today)s
                RETURNING *
            ), history AS (
                INSERT INTO communications_historicaldeadline ({", ".join(history_columns)})
                SELECT {", ".join(history_values)} FROM passed p
            )
            INSERT INTO communications_event
                (communication_id, round_id, kind, from_status, to_status, actor_id, reason, parameters, occurred_at)
            SELECT r.communication_id, p.round_id,
                CASE WHEN p.status = 'missed' THEN 'deadline_missed' ELSE 'deadline_changed' END,
                'open', p.status, NULL, p.kind || ': passed on ' || p.due_on, '{{}}'::jsonb, now()
            FROM passed p JOIN communications_round r ON r.id = p.round_id
            """,  # noqa: S608
            {"optional": optional, "today": today},
        )
        cursor.execute(
            """
            WITH created AS (
                INSERT INTO communications_deadlinenotice
                    (deadline_id, kind, level, due_on, skipped_levels, created_at, cancel_reason)
                SELECT n.deadline_id, n.kind, n.level, n.due_on, n.skipped::jsonb, now(), ''
                FROM unnest(%(deadline)s::bigint[], %(kind)s::text[], %(level)s::int[], %(due)s::date[],
                    %(skipped)s::text[]) AS n(deadline_id, kind, level, due_on, skipped)
                ON CONFLICT DO NOTHING
                RETURNING id, deadline_id, kind, due_on
            )
            INSERT INTO communications_notification
                (user_id, kind, title, message, parameters, communication_id, deadline_id, notice_id, created_at)
            SELECT u.id, c.kind,
                left(initcap(c.kind) || ': ' || d.kind || ', ' || m.code || ' ' || k.number || ', due ' || c.due_on, 300),
                'Communication: ' || m.code || ' ' || k.number || E'\nStep: ' || d.kind || E'\nDue date: ' || c.due_on,
                '{}'::jsonb, k.id, d.id, c.id, now()
            FROM created c
            JOIN communications_deadline d ON d.id = c.deadline_id
            JOIN communications_round r ON r.id = d.round_id
            JOIN communications_communication k ON k.id = r.communication_id
            JOIN communications_committee m ON m.id = k.committee_id
            JOIN iwg_user u ON u.is_active AND (
                (c.kind <> 'escalation' AND u.agency_id = d.responsible_agency_id AND u.role = ANY(%(acting)s))
                OR (c.kind = 'escalation' AND u.is_agency_head AND (
                    u.agency_id = d.responsible_agency_id
                    OR u.agency_id = (SELECT id FROM iwg_agency WHERE code = 'MFA'))))
            """,
            {
                "deadline": [n[0] for n in notices],
                "kind": [n[1] for n in notices],
                "level": [n[2] for n in notices],
                "due": [n[3] for n in notices],
                "skipped": [json.dumps(n[4]) for n in notices],
                "acting": acting,
            },
        )
    return time.perf_counter() - started


def written() -> dict:
    from communications.models import Deadline, DeadlineNotice, Event, Notification

    return {
        "passed": Deadline.objects.exclude(status=Deadline.Status.OPEN).count(),
        "history": Deadline.history.count(),
        "events": Event.objects.count(),
        "notices": DeadlineNotice.objects.count(),
        "notifications": Notification.objects.count(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="open deadlines to create (default 100000)")
    parser.add_argument("--due", type=int, default=1_000, help="of which due now (default 1000)")
    parser.add_argument("--runs", type=int, default=3, help="alternate sweep and floor this many times (default 3)")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("IWG_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/iwg_bench"),
        help="a dedicated PostgreSQL database; created if missing (default iwg_bench)",
    )
    args = parser.parse_args()
    if args.due > args.n:
        parser.error("--due cannot exceed --n")
    ensure_database(args.database_url)
    setup_django(args.database_url)

    from django.db import connection

    from communications import services
    from communications.models import Deadline
    from communications.reminders import ReminderSchedule
    from iwg.calendar import local_date

    today = local_date()
    window_end = ReminderSchedule().window_end(today)
    create_data(args.n, args.due, today, window_end)
    before = snapshot(window_end)
    rows = sum(1 for row in before if row[1] == Deadline.Status.OPEN)

    sweeps, floors, queries, shapes = [], [], [], []
    first = None
    for _ in range(args.runs):
        reset(before)
        with connection.execute_wrapper(counter := QueryCounter()):
            started = time.perf_counter()
            first = services.deadlines_sweep()
            sweeps.append(time.perf_counter() - started)
        queries.append(counter.count)
        sweep_writes = written()
        notices = decided_notices()
        reset(before)
        floors.append(floor(today, notices))
        floor_writes = written()
        shapes.append((sweep_writes, floor_writes))
    started = time.perf_counter()
    again = services.deadlines_sweep()
    again_time = time.perf_counter() - started

    sweep_time, floor_time = statistics.median(sweeps), statistics.median(floors)
    sweep_writes, floor_writes = shapes[-1]
    print(f"PostgreSQL {urlsplit(args.database_url).path.lstrip('/')}: {args.n} open deadlines, {rows} due now")
    print(f"  writes of the sweep: {sweep_writes}")
    print(f"  writes of the floor: {floor_writes}")
    print(
        f"  sweep, first run                 {sweep_time * 1000:9.1f} ms   {sweep_time / max(rows, 1) * 1000:.3f} ms "
        f"per due row, {statistics.median(queries)} queries ({first.reminders} reminders, {first.catch_ups} catch-ups, "
        f"{first.missed} missed, {first.escalations} escalations, {first.options_closed} options closed, "
        f"{first.notifications} notifications, {first.errors} errors)"
    )
    print(f"  floor, one set-based transaction {floor_time * 1000:9.1f} ms")
    print(
        f"  sweep again (nothing new)        {again_time * 1000:9.1f} ms   {again_time / max(rows, 1) * 1000:.3f} ms "
        f"per due row (examined {again.examined})"
    )
    goal(f"sweep_vs_floor_{args.n}", sweep_time / floor_time, 3.0)
    return 0


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


if __name__ == "__main__":
    sys.exit(main())
