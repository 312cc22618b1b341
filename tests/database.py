"""Each test process's database, cloned from a template the migrations built once.

Building a test database runs every migration (about 8 s of CPU, most of it Django re-rendering model states), in
every pytest-xdist process and on every run. On PostgreSQL the first process to need it builds
`iwg_test_template_<digest>` through the migrations, as pytest-django would, and every process then copies it
with `CREATE DATABASE ... TEMPLATE` (under a second). The digest covers every Python file of the project outside
`tests/` (the migrations, and whatever code they import) and the Django version, so a template is never reused
for another schema: any change builds a new one, and the older ones are dropped. Another database engine
(SQLite) takes pytest-django's own path.
"""

import fcntl
import hashlib
import tempfile
from contextlib import contextmanager
from pathlib import Path

import django
from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, connection

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE_PREFIX = "iwg_test_template_"


def schema_digest() -> str:
    digest = hashlib.sha256(django.get_version().encode())
    packages = [path for path in ROOT.iterdir() if (path / "__init__.py").exists() and path.name != "tests"]
    for path in sorted(file for package in packages for file in package.rglob("*.py")):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@contextmanager
def _lock(name: str):
    """One process at a time builds or copies the template (PostgreSQL refuses to copy a database in use)."""
    with open(Path(tempfile.gettempdir()) / f"{name}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _maintenance(statement: str, params=()) -> list:
    """Run a statement on the server's maintenance database (CREATE and DROP DATABASE cannot run in the one
    they change)."""
    with connection._nodb_cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if cursor.description else []


def _exists(name: str) -> bool:
    return bool(_maintenance("SELECT 1 FROM pg_database WHERE datname = %s", [name]))


def _build_template(template: str) -> None:
    building = f"{template}_building"
    quote = connection.ops.quote_name
    _maintenance(f"DROP DATABASE IF EXISTS {quote(building)}")
    _maintenance(f"CREATE DATABASE {quote(building)}")
    original = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = building
    try:
        call_command("migrate", verbosity=0, interactive=False, run_syncdb=True)
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original
    _maintenance(f"ALTER DATABASE {quote(building)} RENAME TO {quote(template)}")
    for (stale,) in _maintenance(
        "SELECT datname FROM pg_database WHERE datname LIKE %s AND datname <> %s", [f"{TEMPLATE_PREFIX}%", template]
    ):
        try:  # another checkout's suite may be copying it at this moment: it is dropped by a later build
            _maintenance(f"DROP DATABASE IF EXISTS {quote(stale)}")
        except DatabaseError:
            pass


def create_from_template() -> str:
    """Create this process's test database as a copy of the template (built first if missing); point the
    connection at it, as Django's create_test_db does. Returns the original database name."""
    template = TEMPLATE_PREFIX + schema_digest()
    test_name = connection.creation._get_test_db_name()
    quote = connection.ops.quote_name
    with _lock(template):
        if not _exists(template):
            _build_template(template)
        _maintenance(f"DROP DATABASE IF EXISTS {quote(test_name)}")
        _maintenance(f"CREATE DATABASE {quote(test_name)} TEMPLATE {quote(template)}")
    original = connection.settings_dict["NAME"]
    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = test_name
    connection.settings_dict["NAME"] = test_name
    connection.ensure_connection()
    return original


def destroy(original: str) -> None:
    connection.creation.destroy_test_db(original, verbosity=0)
