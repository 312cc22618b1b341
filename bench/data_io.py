"""Benchmark: data in and out on the demo data (issue 12's "done means").

In a dedicated PostgreSQL database (emptied and migrated, then the demo data loaded), it times:
- importing thirty past cases from a CSV (check and write, as the Celery job does), and re-importing the same file;
- building the meeting pack (PDF) of the next planned IWG meeting, as the MoJ secretary;
- producing a calendar feed for each demo user;
- exporting the register as XLSX and CSV.

    DJANGO_SETTINGS_MODULE=iwg.settings.local .venv/bin/python bench/data_io.py [--database-url postgres://...]

Prints one line per figure, then `goal <name> <seconds> <target> ok|over` for each.
"""

import argparse
import os
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

GOALS = {"import_30": 120.0, "meeting_pack": 10.0, "calendar_feed": 2.0}


def past_cases(count: int) -> str:
    header = (
        "committee,number,author,author_confidential,victims,subject_matter,articles_invoked,date_submitted,"
        "date_transmitted,decision_kind,decision_date,document_symbol,articles_violated,remedies,follow_up_grade"
    )
    lines = [header]
    for index in range(count):
        year = 2010 + index % 10
        kind = ["views", "inadmissibility", "discontinuance", "views_no_violation"][index % 4]
        lines.append(
            f"CCPR,{700 + index}/{year},Author {index},{'true' if index % 3 == 0 else 'false'},Victim {index},"
            f"Subject {index},7; 14,{year}-02-01,{year}-04-01,{kind},{year + 3}-07-15,CCPR/C/1/D/{700 + index}/{year},"
            f"{'7' if kind == 'views' else ''},{'compensation;publication' if kind == 'views' else ''},"
            f"{'B' if kind == 'views' else ''}"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/iwg_bench_data_io")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iwg.settings.local")
    # Messages the demo data queues (hand-off e-mails) go to a throw-away filesystem broker; no worker reads them.
    import tempfile

    broker = Path(tempfile.gettempdir()) / "iwg-bench-broker"
    (broker / "processed").mkdir(parents=True, exist_ok=True)
    os.environ["IWG_BROKER_DIR"] = str(broker)
    import psycopg

    name = args.database_url.rsplit("/", 1)[-1]
    with psycopg.connect(args.database_url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from iwg.demo import load_demo

    users = load_demo()

    from django.utils import translation

    from communications import selectors
    from communications.exports import register_table, write_csv, write_xlsx
    from communications.models import Communication, Deadline
    from communications.services.imports import import_file
    from iwg.calendar import local_date
    from meetings.calendar_feed import user_calendar
    from meetings.models import Meeting
    from meetings.pack import meeting_pack_pdf

    figures = {}
    overdue_before = Deadline.objects.overdue(today=local_date()).count()
    content = past_cases(30).encode()
    start = time.perf_counter()
    result = import_file(actor=users["mfa"], content=content, name="caseload.csv")
    figures["import_30"] = time.perf_counter() - start
    assert result["create"] == 30, result
    start = time.perf_counter()
    again = import_file(actor=users["mfa"], content=content, name="caseload.csv")
    figures["reimport_30"] = time.perf_counter() - start
    assert again["unchanged"] == 30, again
    overdue_after = Deadline.objects.overdue(today=local_date()).count()
    print(f"overdue deadlines: {overdue_before} before the import (the demo's own), {overdue_after} after")
    print(f"communications: {Communication.objects.count()}")

    import logging

    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    meeting = Meeting.objects.filter(status=Meeting.Status.PLANNED).order_by("starts_at").first()
    if meeting is None:
        raise SystemExit("no planned meeting in the bench data: the meeting pack cannot be timed")
    with translation.override("ru"):
        start = time.perf_counter()
        pdf = meeting_pack_pdf(meeting=meeting, user=users["moj"])
        figures["meeting_pack_cold"] = time.perf_counter() - start  # first PDF of the process: fonts loaded
        start = time.perf_counter()
        pdf = meeting_pack_pdf(meeting=meeting, user=users["moj"])
        figures["meeting_pack"] = time.perf_counter() - start
    print(f"meeting pack of meeting No. {meeting.number}: {len(pdf)} bytes, {meeting.agenda_items.count()} items")

    user_calendar(user=users["mfa"])  # warm: the first call imports icalendar and loads the catalogues
    timings = []
    for user in users.values():
        start = time.perf_counter()
        user_calendar(user=user)
        timings.append(time.perf_counter() - start)
    figures["calendar_feed"] = max(timings)
    print(
        f"calendar feeds: {len(timings)} users, slowest {max(timings):.3f} s, mean {sum(timings) / len(timings):.3f} s"
    )

    with translation.override("ru"):
        start = time.perf_counter()
        rows = list(selectors.communication_list(user=users["mfa"], filters={}).prefetch_related("decision__remedies"))
        table = register_table(user=users["mfa"], communications=rows, filters={})
        write_xlsx(table, user=users["mfa"])
        figures["register_xlsx"] = time.perf_counter() - start
        start = time.perf_counter()
        write_csv(table)
        figures["register_csv"] = time.perf_counter() - start

    for key, value in figures.items():
        print(f"{key}: {value:.3f} s")
    for key, target in GOALS.items():
        print(f"goal {key} {figures[key]:.3f} {target} {'ok' if figures[key] <= target else 'over'}")


if __name__ == "__main__":
    main()
