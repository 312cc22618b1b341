"""Test set-up shared by every test.

Services: tests marked `postgres`, `redis`, `browser` or `clamav` are skipped when the service is missing on a developer's
machine, and fail instead when IWG_REQUIRE_SERVICES=1 (CI), so CI can never pass by skipping them.
"""

import os
import shutil
import signal
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from simple_history.utils import bulk_create_with_history

from iwg.roles import Role
from tests.factories import UserFactory, ensure_reference_data

CHROMIUM = os.environ.get("IWG_CHROMIUM", "/usr/bin/chromium")


def _service_missing(marker: str) -> str | None:
    if marker == "postgres" and not settings.DATABASES["default"]["ENGINE"].endswith(".postgresql"):
        return "PostgreSQL is not reachable (set DATABASE_URL)"
    if marker == "redis" and not settings.REDIS_AVAILABLE:
        return "Redis is not reachable (set TEST_REDIS_URL)"
    if marker == "browser" and not (shutil.which(CHROMIUM) or os.path.exists(CHROMIUM)):
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    if marker == "clamav" and not (os.environ.get("TEST_CLAMAV_URL") or shutil.which("clamd")):
        return "clamd not found (apt-get install clamav-daemon) and TEST_CLAMAV_URL not set"
    return None


def pytest_runtest_setup(item):
    for marker in ("postgres", "redis", "browser", "worker", "clamav"):
        if item.get_closest_marker(marker) is None:
            continue
        missing = _service_missing("redis" if marker == "worker" else marker)
        if missing:
            if settings.REQUIRE_SERVICES:
                pytest.fail(f"required service missing: {missing}")
            pytest.skip(missing)


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker, django_db_modify_db_settings):
    """pytest-django's test database, but on PostgreSQL a copy of a template the migrations built once
    (tests/database.py)."""
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    from tests import database

    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            created = setup_databases(verbosity=0, interactive=False)
        else:
            original = database.create_from_template()
    yield
    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            teardown_databases(created, verbosity=0)
        else:
            database.destroy(original)


@pytest.fixture(scope="session")
def clamd_url(tmp_path_factory):
    """A running clamd: TEST_CLAMAV_URL (CI starts one), or one started here on the EICAR test signature."""
    if os.environ.get("TEST_CLAMAV_URL"):
        yield os.environ["TEST_CLAMAV_URL"]
        return
    directory = tmp_path_factory.mktemp("clamd")
    script = Path(__file__).resolve().parents[1] / "scripts" / "clamd-for-tests"
    started = subprocess.run([script, directory], check=True, capture_output=True, text=True, timeout=90)
    try:
        yield started.stdout.strip().splitlines()[-1]
    finally:
        os.kill(int((directory / "clamd.pid").read_text()), signal.SIGTERM)


@pytest.fixture
def clamav(clamd_url, settings):
    """Uploads are scanned by the real clamd."""
    settings.IWG_CLAMAV_URL = clamd_url
    return clamd_url


@pytest.fixture(autouse=True)
def _media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "documents"
    settings.SENDFILE_ROOT = str(tmp_path / "documents")


@pytest.fixture
def reference_data(db):
    ensure_reference_data()


@pytest.fixture(autouse=True)
def _language_as_configured():
    """Each test starts in the test settings' language: Django's LocaleMiddleware activates the language a request
    asks for and leaves it active in the thread, so a test run after a request in Kazakh would read its messages
    in Kazakh (which tests a process runs before which depends on how xdist shares them out)."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (locmem, shared by the tests of one process): allauth's sign-in rate
    limits, the cached signed-in user (iwg.auth_backends) and cached reads would otherwise carry over from one
    test to the next, many of which sign in as the same user at the same frozen instant."""
    from django.core.cache import cache

    cache.clear()


# The user of each role, by short name: the agency's code, and the user's fields.
USERS: dict[str, dict[str, Any]] = {
    "mfa": {"role": Role.MFA_OFFICER, "agency": "MFA"},
    "pgo": {"role": Role.PGO_PROSECUTOR, "agency": "PGO"},
    "moj": {"role": Role.MOJ_SECRETARY, "agency": "MOJ"},
    "iwg": {"role": Role.IWG_MEMBER, "agency": "MIA"},
    "auditor": {"role": Role.AUDITOR, "agency": "MOJ"},
    "admin": {"role": Role.ADMINISTRATOR, "agency": "MFA", "is_staff": True, "is_superuser": True},
}


@pytest.fixture
def users(reference_data):
    """One user per role, by short name: mfa, pgo, moj, iwg, auditor, admin. Most tests take them, so they are
    written in one statement with their history rows in another (one at a time cost six round trips a user,
    about 30 ms a test)."""
    from iwg.models import Agency, User

    agencies = Agency.objects.in_bulk([spec["agency"] for spec in USERS.values()], field_name="code")
    built = {
        username: UserFactory.build(
            username=username,
            agency=agencies[spec["agency"]],
            **{key: value for key, value in spec.items() if key != "agency"},
        )
        for username, spec in USERS.items()
    }
    bulk_create_with_history(list(built.values()), User)
    return built
