"""Benchmark: the register of communications at scale, on PostgreSQL and production settings.

Builds N communications (default 100 000) with a realistic spread of committees, phases, rounds, deadlines,
parties and years in a dedicated database (iwg_bench_register: created, and dropped at the end unless --keep),
then times, interleaved (median of --runs rounds), in process through the full middleware stack:

- the register page (/communications/) with no parameters, with each filter it offers and with each sort;
- the API list (/api/v1/communications/) with each filter and ordering it offers;
- the Django admin changelist of communications with the matching filter (or none);
- the floor: the same rows with their parties and joined numbers fetched by primary key.

Goals: page and API <= 0.5x the admin changelist for every filter and sort; the page's SQL time <= 10x the
floor's; the page's query count the same for 25, 50 and 100 rows and for every filter.

    .venv/bin/python bench/register.py [--n 100000] [--runs 5] [--keep]
"""

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import database_create, database_drop, database_url, goal, interleaved, setup_django  # noqa: E402

ROWS = 100  # the admin changelist shows 100 rows; the register and the API are asked for as many


def build(total: int, today: dt.date) -> None:
    from django.db import connection, transaction

    from communications import numbers
    from communications.models import (
        Committee,
        Communication,
        Deadline,
        DeadlineKind,
        JoinedNumber,
        NoteKind,
        NoteVerbale,
        Party,
        Round,
    )
    from communications.schedule import communication_schedule_refresh
    from communications.search_text import communication_search_refresh
    from iwg.models import Agency

    rng = random.Random(14)
    started = time.perf_counter()
    committees = {c.code: c for c in Committee.objects.all()}
    weights = {"CCPR": 60, "CAT": 15, "CERD": 8, "CEDAW": 8, "CRPD": 5, "CRC": 4}
    codes = [code for code in weights if code in committees]
    agencies = {a.code: a for a in Agency.objects.all()}
    agency_of = {
        DeadlineKind.COMMITTEE: "MFA",
        DeadlineKind.ADMISSIBILITY_REQUEST: "MFA",
        DeadlineKind.PGO_ANALYSIS: "PGO",
        DeadlineKind.IWG_CONSIDERATION: "MOJ",
        DeadlineKind.POSITION_APPROVAL: "MOJ",
        DeadlineKind.DISPATCH: "MFA",
    }
    phases = [("pending", 45), ("decided", 15), ("follow_up", 20), ("closed", 20)]
    open_statuses = [
        Round.Status.REGISTERED,
        Round.Status.REFERRED,
        Round.Status.ANALYSIS_SUBMITTED,
        Round.Status.ON_AGENDA,
        Round.Status.IWG_APPROVED,
        Round.Status.POSITION_APPROVED,
    ]
    # Internal steps in order; a round in open_statuses[i] has met the first i of them.
    steps = [
        DeadlineKind.PGO_ANALYSIS,
        DeadlineKind.IWG_CONSIDERATION,
        DeadlineKind.POSITION_APPROVAL,
        DeadlineKind.DISPATCH,
    ]
    surnames = ["Akhmetov", "Bekova", "Zhumabayev", "Ivanova", "Serikbayev", "Nurlanova", "Petrov", "Omarova"]

    with transaction.atomic():
        communications = []
        for i in range(total):
            year = rng.randint(2016, today.year)
            code = rng.choices(codes, [weights[c] for c in codes])[0]
            communications.append(
                Communication(
                    committee=committees[code],
                    number=f"{i + 1}/{year}",
                    number_sort=numbers.sort_key(f"{i + 1}/{year}"),  # bulk_create skips the pre_save signal
                    committee_code=code,
                    subject=rng.choice(["Detention", "Fair trial", "Freedom of expression", "Torture", "Family"]),
                    phase=rng.choices([p for p, _w in phases], [w for _p, w in phases])[0],
                    transmitted_on=dt.date(year, rng.randint(1, 12), rng.randint(1, 28)),
                )
            )
        communications = Communication.objects.bulk_create(communications, batch_size=5000)

        notes, rounds_spec = [], []
        for communication in communications:
            first = communication.transmitted_on
            count = 2 if communication.phase == "follow_up" or rng.random() < 0.15 else 1
            for index in range(count):
                received = min(first + dt.timedelta(days=200 * index), today)
                notes.append(
                    NoteVerbale(
                        communication=communication,
                        direction=NoteVerbale.Direction.INCOMING,
                        kind=NoteKind.NEW_COMMUNICATION if index == 0 else NoteKind.ADDITIONAL_INFORMATION,
                        registry_number=f"B-{communication.pk}-{index}",
                        registered_on=received,
                    )
                )
                last = index == count - 1
                finished = communication.phase in ("decided", "closed") or not last
                rounds_spec.append((communication, received, finished))
        notes = NoteVerbale.objects.bulk_create(notes, batch_size=5000)

        rounds = []
        for note, (communication, _received, finished) in zip(notes, rounds_spec, strict=True):
            status = Round.Status.SENT if finished else rng.choice(open_statuses)
            rounds.append(
                Round(
                    communication=communication,
                    incoming_note=note,
                    kind=note.kind,
                    status=status,
                    is_urgent=rng.random() < 0.03,
                )
            )
        rounds = Round.objects.bulk_create(rounds, batch_size=5000)

        deadlines = []
        for round, (_communication, received, finished) in zip(rounds, rounds_spec, strict=True):
            committee_due = (
                received + dt.timedelta(days=180) if finished else today + dt.timedelta(days=rng.randint(-40, 200))
            )
            done = len(steps) if finished else open_statuses.index(round.status)
            kinds = [(DeadlineKind.COMMITTEE, committee_due, finished)]
            for position, kind in enumerate(steps):
                kinds.append((kind, committee_due - dt.timedelta(days=10 * (len(steps) - position)), position < done))
            if round.kind == NoteKind.NEW_COMMUNICATION and rng.random() < 0.3:
                kinds.append((DeadlineKind.ADMISSIBILITY_REQUEST, received + dt.timedelta(days=60), finished))
            for kind, due_on, met in kinds:
                if met:
                    status = Deadline.Status.MET
                elif due_on < today:
                    status = Deadline.Status.MISSED
                else:
                    status = Deadline.Status.OPEN
                deadlines.append(
                    Deadline(
                        round=round,
                        kind=kind,
                        due_on=due_on,
                        responsible_agency=agencies[agency_of[kind]],
                        status=status,
                        basis="bench",
                    )
                )
        Deadline.objects.bulk_create(deadlines, batch_size=5000)

        parties, joined = [], []
        for communication in communications:
            for role in ["author"] + (["victim"] if rng.random() < 0.5 else []) + (["counsel"] * (rng.random() < 0.3)):
                surname, initial = rng.choice(surnames), rng.choice("ABDEGKMNS")
                parties.append(
                    Party(
                        communication=communication,
                        role=role,
                        full_name=f"{initial}. {surname}",
                        initials=f"{initial}.{surname[0]}.",
                        is_confidential=rng.random() < 0.2,
                    )
                )
            if rng.random() < 0.02:
                joined.append(
                    JoinedNumber(
                        communication=communication,
                        committee=communication.committee,
                        number=f"J{communication.pk}",
                    )
                )
        Party.objects.bulk_create(parties, batch_size=5000)
        JoinedNumber.objects.bulk_create(joined, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh tables: without statistics the refresh below would scan per row
    communication_schedule_refresh()  # as the data migration does for existing rows
    communication_search_refresh()  # bulk_create skips the signals that keep the search texts
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(
        f"built {total} communications, {len(rounds)} rounds, {len(deadlines)} deadlines, {len(parties)} parties "
        f"in {time.perf_counter() - started:.0f} s"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="communications to build (default 100000)")
    parser.add_argument("--runs", type=int, default=5, help="interleaved rounds; medians are reported (default 5)")
    parser.add_argument("--database", default="iwg_bench_register", help="bench database name (default %(default)s)")
    parser.add_argument("--keep", action="store_true", help="keep the database; reuse it when N matches")
    args = parser.parse_args()

    url = database_url(args.database)
    fresh = database_create(url, fresh=not args.keep)
    # The page as rendered from the database (goals 1: page and SQL against the admin and the floor); the cached
    # page is bench/load.sh's. With the cache on, every page after the first was a cached copy making no query.
    os.environ["IWG_REGISTER_CACHE_SECONDS"] = "0"
    setup_django(url)

    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.test import Client

    from communications import selectors
    from communications.models import Committee, Communication
    from iwg.calendar import local_date
    from iwg.models import Agency
    from iwg.roles import Role

    today = local_date()
    if fresh or Communication.objects.count() != args.n:
        if not fresh:
            database_drop(url)
            database_create(url, fresh=True)
            setup_django(url)
        build(args.n, today)
    cache.clear()

    User = get_user_model()
    mfa, _ = User.objects.get_or_create(
        username="bench-mfa", defaults={"role": Role.MFA_OFFICER, "agency": Agency.objects.get(code="MFA")}
    )
    admin, _ = User.objects.get_or_create(username="bench-admin", defaults={"is_staff": True, "is_superuser": True})
    page_client, api_client, admin_client = Client(), Client(), Client()
    page_client.force_login(mfa)
    api_client.force_login(mfa)
    admin_client.force_login(admin)
    ccpr = Committee.objects.get(code="CCPR")
    year = today.year - 3

    filters = {
        "none": ({}, {}, {}),
        "committee": ({"committee": "CCPR"}, {"committee": "CCPR"}, {"committee__id__exact": ccpr.pk}),
        "phase": ({"phase": "pending"}, {"phase": "pending"}, {"phase__exact": "pending"}),
        "round_status": ({"round_status": "referred"}, {"status": "referred"}, {}),
        "agency": ({"agency": "PGO"}, None, {}),
        "overdue": ({"overdue": "on"}, {"overdue": "true"}, {}),
        "year": ({"year": str(year)}, None, {}),
        "search": ({"q": "12"}, {"q": "12"}, {"q": "12"}),
    }
    # Named "sort …" so that no sort shares a name with a filter (the committee filter and the committee sort
    # once did, and the sort silently replaced the filter in the table).
    sorts = {
        "sort -deadline": ({"sort": "-deadline"}, None, {"o": "-4"}),
        "sort received": ({"sort": "received"}, None, {"o": "4"}),
        "sort -received": ({"sort": "-received"}, None, {"o": "-4"}),
        "sort committee": ({"sort": "committee"}, {"ordering": "committee"}, {"o": "1"}),
        "sort number": ({"sort": "number"}, {"ordering": "number"}, {"o": "1"}),
        "sort -updated": ({"sort": "-updated"}, None, {"o": "-4"}),
        "sort -created_at": (None, {"ordering": "-created_at"}, {"o": "-4"}),
        "sort transmitted_on": (None, {"ordering": "transmitted_on"}, {"o": "3"}),
    }
    assert not set(filters) & set(sorts)
    cases, pairs, floors = {}, [], {}

    def get(client, path, params):
        def call():
            response = client.get(path, params)
            assert response.status_code == 200, (path, params, response.status_code)
            return response

        return call

    for name, (page, api, admin_params) in {**filters, **sorts}.items():
        admin_name = f"admin {name}"
        cases[admin_name] = get(admin_client, "/admin/communications/communication/", admin_params)
        if page is not None:
            cases[f"page {name}"] = get(page_client, "/communications/", {**page, "per_page": ROWS})
            pairs.append((f"page {name}", admin_name))
            form_filters = {
                {"q": "search", "round_status": "round_status"}.get(key, key): value
                for key, value in page.items()
                if key != "overdue"
            }
            if "overdue" in page:
                form_filters["overdue"] = True
            if "year" in form_filters:
                form_filters["year"] = int(form_filters["year"])
            ids = list(
                selectors.communication_list(user=mfa, filters=form_filters, today=today).values_list("pk", flat=True)[
                    :ROWS
                ]
            )
            floors[f"page {name}"] = f"floor {name}"
            cases[f"floor {name}"] = floor(ids)
        if api is not None:
            cases[f"api {name}"] = get(api_client, "/api/v1/communications/", {**api, "limit": ROWS})
            pairs.append((f"api {name}", admin_name))
    for size in (25, 50):
        cases[f"page none {size} rows"] = get(page_client, "/communications/", {"per_page": size})

    for call in cases.values():  # warm up: caches, connections, templates
        call()
    results = interleaved(cases, runs=args.runs)

    print(f"PostgreSQL {args.database}: {args.n} communications, {ROWS} rows per page, medians of {args.runs} runs")
    print(f"{'case':28} {'wall ms':>9} {'SQL ms':>8} {'queries':>8} {'÷ admin':>8} {'SQL ÷ floor':>12}")
    worst_page = worst_api = worst_floor = 0.0
    for name, admin_name in pairs:
        result, admin_result = results[name], results[admin_name]
        ratio = result["wall"] / admin_result["wall"]
        floor_ratio = ""
        if name in floors:
            sql_ratio = result["sql"] / results[floors[name]]["sql"]
            worst_floor = max(worst_floor, sql_ratio)
            floor_ratio = f"{sql_ratio:12.1f}"
        if name.startswith("page"):
            worst_page = max(worst_page, ratio)
        else:
            worst_api = max(worst_api, ratio)
        queries = ",".join(map(str, result["queries"]))
        print(
            f"{name:28} {result['wall'] * 1000:9.1f} {result['sql'] * 1000:8.1f} {queries:>8} {ratio:8.2f} {floor_ratio}"
        )
    for name in sorted(results):
        if name.startswith(("admin", "floor")):
            result = results[name]
            print(f"{name:28} {result['wall'] * 1000:9.1f} {result['sql'] * 1000:8.1f} {result['queries'][0]:>8}")
    for size in (25, 50):
        result = results[f"page none {size} rows"]
        print(
            f"{f'page none {size} rows':28} {result['wall'] * 1000:9.1f} {result['sql'] * 1000:8.1f} {result['queries'][0]:>8}"
        )
    page_counts = {count for name, result in results.items() if name.startswith("page") for count in result["queries"]}
    # Filters that look in other tables may add no query; the count must not follow the rows: 25, 50, 100 alike.
    by_size = {
        size: results[f"page none {size} rows" if size != ROWS else "page none"]["queries"][0]
        for size in (25, 50, ROWS)
    }
    print(f"queries per page: {sorted(page_counts)} across filters and sorts; by rows {by_size}")

    if not args.keep:
        database_drop(url)
    goal("register_page_vs_admin", worst_page, 0.5)
    goal("register_api_vs_admin", worst_api, 0.5)
    goal("register_sql_vs_floor", worst_floor, 10)
    goal("register_queries_25_to_100_rows", max(by_size.values()) / min(by_size.values()), 1.0)
    return 0


def floor(ids: list[int]):
    """The same rows with their committee, decision, parties and joined numbers, fetched by primary key."""

    def call():
        from communications.models import Communication

        return list(
            Communication.objects.filter(pk__in=ids)
            .select_related("committee", "decision")
            .prefetch_related("parties", "joined_numbers")
        )

    return call


if __name__ == "__main__":
    sys.exit(main())
