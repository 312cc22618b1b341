"""What the benchmarks share: a dedicated PostgreSQL database (created and dropped here, never the development
one), Django on production settings pointed at it, medians of interleaved timings, and the goal lines."""

import gc
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
if str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))

DEFAULT_SERVER = os.environ.get("IWG_BENCH_SERVER_URL", "postgres://postgres@127.0.0.1:5432")
DEFAULT_REDIS = os.environ.get("IWG_BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")


def database_url(name: str) -> str:
    return f"{DEFAULT_SERVER.rstrip('/')}/{name}"


def _admin_url(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/postgres")), parts.path.lstrip("/")


def database_exists(url: str) -> bool:
    import psycopg

    admin_url, name = _admin_url(url)
    with psycopg.connect(admin_url, autocommit=True) as connection:
        return bool(connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone())


def database_create(url: str, *, fresh: bool) -> bool:
    """Create the bench database (dropped first when `fresh`). Returns whether it was created now."""
    import psycopg
    from psycopg import sql

    admin_url, name = _admin_url(url)
    if not name.startswith(("iwg_bench", "bench_")):
        raise SystemExit(f"refusing to use {name!r}: a bench database's name starts with iwg_bench")
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            connection.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
            exists = None
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            return True
    return False


def database_drop(url: str) -> None:
    import psycopg
    from django.db import connections
    from psycopg import sql

    connections.close_all()
    admin_url, name = _admin_url(url)
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def production_environment(url: str, redis_url: str = DEFAULT_REDIS) -> dict:
    """Environment of production settings on loopback: no TLS redirect (no proxy here), no 2FA (the bench signs
    in without a second factor), a throwaway key."""
    return {
        "DJANGO_SETTINGS_MODULE": "iwg.settings.production",
        "DATABASE_URL": url,
        "REDIS_URL": redis_url,
        "DJANGO_SECRET_KEY": "bench-only-not-a-secret-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "IWG_REQUIRE_2FA": "false",
    }


def setup_django(url: str, *, settings: str = "production", migrate: bool = True) -> None:
    if settings == "production":
        os.environ.update(production_environment(url))
    else:
        os.environ["DATABASE_URL"] = url
        os.environ["DJANGO_SETTINGS_MODULE"] = settings
        os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    if migrate:
        call_command("migrate", verbosity=0, interactive=False)
    if settings == "production" and not (BASE_DIR / "staticfiles" / "staticfiles.json").exists():
        call_command("collectstatic", verbosity=0, interactive=False)  # the manifest production settings read


class QueryMeter:
    """Counts the queries and sums their time while active (connection.execute_wrapper)."""

    def __init__(self):
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.count += 1


def metered(call: Callable[[], object]) -> tuple[float, QueryMeter, object]:
    from django.db import connection

    meter = QueryMeter()
    with connection.execute_wrapper(meter):
        started = time.perf_counter()
        result = call()
        elapsed = time.perf_counter() - started
    return elapsed, meter, result


def interleaved(cases: dict[str, Callable[[], object]], *, runs: int) -> dict[str, dict]:
    """Run every case once per round, `runs` rounds, and return per case the median wall time, median SQL time
    and the query counts seen."""
    samples = {name: {"wall": [], "sql": [], "queries": set()} for name in cases}
    for _ in range(runs):
        for name, call in cases.items():
            # A full garbage collection takes 100-200 ms in a process this size. Left to run when the allocation
            # count says, it fell on the same case in every round (the rounds allocate alike) and made that case
            # look three times slower, a different case from run to run. As timeit does: collect before, not during.
            gc.collect()
            gc.disable()
            try:
                wall, meter, _result = metered(call)
            finally:
                gc.enable()
            samples[name]["wall"].append(wall)
            samples[name]["sql"].append(meter.seconds)
            samples[name]["queries"].add(meter.count)
    return {
        name: {
            "wall": statistics.median(sample["wall"]),
            "sql": statistics.median(sample["sql"]),
            "queries": sorted(sample["queries"]),
        }
        for name, sample in samples.items()
    }


def goal(name: str, ratio: float, target: float, *, at_least: bool = False) -> bool:
    """The last lines of a bench: `goal <name> <measured ratio> <target> ok|over`. The target is a ceiling, or a
    floor when `at_least` (the name then ends in `_min`)."""
    ok = ratio >= target if at_least else ratio <= target
    print(f"goal {name} {ratio:.2f} {target:g} {'ok' if ok else 'over'}")
    return ok
