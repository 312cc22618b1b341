"""Benchmark: what the change history costs a service step, on PostgreSQL.

Runs `note_register` (a new communication with its note, round and deadlines: the busiest step) --runs times
with the history on and off (simple-history's SIMPLE_HISTORY_ENABLED), interleaved, in a dedicated database
(iwg_bench_history, created and dropped), and prints the medians, the queries of each and their ratio.
Goal: with history <= 1.25x without.

    .venv/bin/python bench/history.py [--runs 40]
"""

import argparse
import datetime as dt
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import database_create, database_drop, database_url, goal, metered, setup_django  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--database", default="iwg_bench_history")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    url = database_url(args.database)
    database_create(url, fresh=True)
    setup_django(url)

    from django.test import override_settings

    from communications import services
    from communications.models import NoteKind
    from iwg.calendar import local_date
    from iwg.models import Agency, User
    from iwg.roles import Role

    mfa = User.objects.create(username="bench-mfa", role=Role.MFA_OFFICER, agency=Agency.objects.get(code="MFA"))
    today = local_date()
    counter = iter(range(1, 10**5))  # numbers as the committees give them: 1 to 99999 per year

    def step():
        number = next(counter)
        return services.note_register(
            actor=mfa,
            committee_code="CCPR",
            communication_number=f"{number}/2026",
            kind=NoteKind.NEW_COMMUNICATION,
            registry_number=f"H-{number}",
            received_on=today,
            ohchr_date=today - dt.timedelta(days=3),
            communication_fields={"parties": [{"role": "author", "full_name": "A. Author"}]},
        )

    samples = {"with": [], "without": []}
    queries = {"with": set(), "without": set()}
    for index in range(args.runs + 2):
        for name, enabled in (("with", True), ("without", False)):
            with override_settings(SIMPLE_HISTORY_ENABLED=enabled):
                wall, meter, _note = metered(step)
            if index >= 2:  # the first two warm up
                samples[name].append(wall)
                queries[name].add(meter.count)
    with_history, without = statistics.median(samples["with"]), statistics.median(samples["without"])
    print(
        f"note_register, median of {args.runs}: with history {with_history * 1000:.1f} ms "
        f"({sorted(queries['with'])} queries), without {without * 1000:.1f} ms ({sorted(queries['without'])} queries)"
    )
    if not args.keep:
        database_drop(url)
    goal("history_note_register", with_history / without, 1.25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
