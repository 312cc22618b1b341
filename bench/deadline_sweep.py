"""Benchmark: the deadline sweep on PostgreSQL.

Creates N open deadlines (default 100 000; --n for more) of which --due are due now (a third already past, the
rest within the reminder window), in a dedicated database (created if missing, migrated), runs one sweep, and
prints its time next to the time of one raw SQL statement selecting the same due rows, and their ratio. It then
runs the sweep again (everything already sent: the steady state of a sweep every 5 minutes).

The sweep's cost must follow the number of due rows, not of all rows: compare `--n 20000` with `--n 200000` at
the same --due.

    .venv/bin/python bench/deadline_sweep.py [--n 100000] [--due 1000] [--database-url postgres://...]
"""

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))


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
    os.environ.pop("REDIS_URL", None)
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
    kinds = [kind for kind in DeadlineKind]
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
        cursor.execute("ANALYZE communications_deadline")
    print(f"created {total} open deadlines ({due} due now) in {time.perf_counter() - started:.1f} s")


def time_raw_select(window_end: dt.date) -> tuple[float, int, str]:
    from django.db import connection

    statement = "SELECT id FROM communications_deadline WHERE status = 'open' AND due_on <= %s"
    best, rows = float("inf"), 0
    with connection.cursor() as cursor:
        for _ in range(5):
            started = time.perf_counter()
            cursor.execute(statement, [window_end])
            rows = len(cursor.fetchall())
            best = min(best, time.perf_counter() - started)
        cursor.execute("EXPLAIN " + statement, [window_end])
        plan = " / ".join(line[0].strip() for line in cursor.fetchall()[:2])
    return best, rows, plan


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="open deadlines to create (default 100000)")
    parser.add_argument("--due", type=int, default=1_000, help="of which due now (default 1000)")
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

    from communications import services
    from communications.reminders import ReminderSchedule
    from iwg.calendar import local_date

    today = local_date()
    window_end = ReminderSchedule().window_end(today)
    create_data(args.n, args.due, today, window_end)

    raw, rows, plan = time_raw_select(window_end)
    started = time.perf_counter()
    first = services.deadlines_sweep()
    first_time = time.perf_counter() - started
    started = time.perf_counter()
    again = services.deadlines_sweep()
    again_time = time.perf_counter() - started

    print(f"PostgreSQL {urlsplit(args.database_url).path.lstrip('/')}: {args.n} open deadlines, {rows} due now")
    print(f"  raw SQL select of the due rows   {raw * 1000:9.1f} ms   ({plan})")
    print(
        f"  sweep, first run                 {first_time * 1000:9.1f} ms   ratio {first_time / raw:8.0f}x   "
        f"{first_time / max(rows, 1) * 1000:.2f} ms per due row   ({first.reminders} reminders, {first.catch_ups} "
        f"catch-ups, {first.missed} missed, {first.escalations} escalations, {first.options_closed} options closed, "
        f"{first.notifications} notifications)"
    )
    print(
        f"  sweep again (nothing new)        {again_time * 1000:9.1f} ms   ratio {again_time / raw:8.0f}x   "
        f"{again_time / max(rows, 1) * 1000:.2f} ms per due row   (examined {again.examined})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
