"""Backups of PostgreSQL and the documents, taken consistently, verified, and restored (manage.py backup, restore,
verify_backup; docs/operations.md).

Backup: one REPEATABLE READ transaction exports its snapshot; `pg_dump --snapshot` dumps exactly that state (custom
format), and the list of files is read in the same snapshot, so the files copied are exactly those the dump names:
none missing for a row that was being written, none extra. Each file is read through the storage API (local folder
or object store) into DIR/files/<stored name>. `manifest.json`, written last, gives the SHA-256 and size of the dump
and of every file; a folder without it is an unfinished backup.

Restore: verify the backup, refuse a database that has any table, `pg_restore` into it, put every file back through
the storage API under its stored name, and read each back to check its hash.
"""

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import storages
from django.db import connection, models, transaction

MANIFEST = "manifest.json"
DUMP = "database.dump"
FILES = "files"
FORMAT = 1
CHUNK = 1024 * 1024


class BackupError(Exception):
    pass


@dataclass
class VerifyResult:
    files: int = 0
    problems: list[str] = field(default_factory=list)


def _sha256_of(chunks) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    for chunk in chunks:
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def _file_chunks(handle):
    while chunk := handle.read(CHUNK):
        yield chunk


def _pg_env() -> dict:
    database = connection.settings_dict
    if connection.vendor != "postgresql":
        raise BackupError("Backups need PostgreSQL (pg_dump); this database is " + connection.vendor + ".")
    env = {**os.environ, "PGDATABASE": database["NAME"]}
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if database.get(key):
            env[name] = str(database[key])
    return env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise BackupError(f"{name} not found: install the PostgreSQL client (apt-get install postgresql-client).")
    return path


def file_fields() -> list[tuple[type[models.Model], str]]:
    """Every FileField of every installed model (documents today; any added later is backed up too)."""
    return [
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    ]


def _safe_relative(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not name:
        raise BackupError(f"Unsafe stored file name in the database: {name!r}")
    return path


def backup(directory: Path, *, storage_alias: str = "default", log=print) -> dict:
    """Dump the database, then copy every file the dump names; returns the manifest."""
    directory = Path(directory)
    if directory.exists() and any(directory.iterdir()):
        raise BackupError(f"{directory} is not empty: give a new folder for each backup.")
    directory.mkdir(parents=True, exist_ok=True)
    env = _pg_env()
    pg_dump = _tool("pg_dump")
    storage = storages[storage_alias]
    started = dt.datetime.now(dt.UTC)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        subprocess.run(  # noqa: S603 (fixed arguments)
            [pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={directory / DUMP}"],
            env=env,
            check=True,
            capture_output=True,
        )
        log(f"Database dumped to {directory / DUMP}")
        names = sorted(
            {
                name
                for model, field_name in file_fields()
                for name in model._base_manager.exclude(**{field_name: ""}).values_list(field_name, flat=True)
                if name
            }
        )
    with open(directory / DUMP, "rb") as handle:
        dump_hash, dump_size = _sha256_of(_file_chunks(handle))
    files, missing = [], []
    for name in names:
        relative = _safe_relative(name)
        if not storage.exists(name):
            missing.append(name)
            continue
        target = directory / FILES / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        digest, size = hashlib.sha256(), 0
        with storage.open(name, "rb") as source, open(target, "wb") as out:
            for chunk in _file_chunks(source):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
        files.append({"name": name, "sha256": digest.hexdigest(), "size": size})
    manifest = {
        "format": FORMAT,
        "started_at": started.isoformat(),
        "finished_at": dt.datetime.now(dt.UTC).isoformat(),
        "database": {"file": DUMP, "sha256": dump_hash, "size": dump_size, "name": env["PGDATABASE"]},
        "storage": settings.STORAGES[storage_alias]["BACKEND"],
        "files": files,
        "missing": missing,
    }
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
    log(f"{len(files)} files copied; manifest written to {directory / MANIFEST}")
    if missing:
        raise BackupError(
            f"{len(missing)} files named in the database are missing from the storage (listed in the manifest): "
            + ", ".join(missing[:10])
        )
    return manifest


def verify(directory: Path) -> VerifyResult:
    """Check the manifest, the dump (hash and `pg_restore --list`) and every file's hash and size."""
    directory = Path(directory)
    result = VerifyResult()
    manifest_path = directory / MANIFEST
    if not manifest_path.is_file():
        result.problems.append(f"No {MANIFEST} in {directory}: not a backup, or an unfinished one.")
        return result
    manifest = json.loads(manifest_path.read_text())
    if manifest.get("format") != FORMAT:
        result.problems.append(f"Unknown backup format {manifest.get('format')!r}.")
        return result
    dump = directory / manifest["database"]["file"]
    if not dump.is_file():
        result.problems.append(f"The database dump {dump.name} is missing.")
    else:
        with open(dump, "rb") as handle:
            digest, size = _sha256_of(_file_chunks(handle))
        if (digest, size) != (manifest["database"]["sha256"], manifest["database"]["size"]):
            result.problems.append(f"The database dump {dump.name} does not match its hash.")
        else:
            listed = subprocess.run(  # noqa: S603
                [_tool("pg_restore"), "--list", str(dump)], capture_output=True
            )
            if listed.returncode != 0:
                result.problems.append(f"pg_restore cannot read {dump.name}: {listed.stderr.decode()[:200]}")
    for entry in manifest["files"]:
        path = directory / FILES / _safe_relative(entry["name"])
        if not path.is_file():
            result.problems.append(f"Missing file: {entry['name']}")
            continue
        with open(path, "rb") as handle:
            digest, size = _sha256_of(_file_chunks(handle))
        if (digest, size) != (entry["sha256"], entry["size"]):
            result.problems.append(f"Hash mismatch: {entry['name']}")
        result.files += 1
    for name in manifest.get("missing", []):
        result.problems.append(f"Missing when the backup was taken: {name}")
    return result


def _database_tables() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_schema || '.' || table_name FROM information_schema.tables "
            "WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1"
        )
        return [row[0] for row in cursor.fetchall()]


def restore(directory: Path, *, storage_alias: str = "default", log=print) -> dict:
    """Load the dump into an empty database and put every file back; returns the manifest."""
    directory = Path(directory)
    checked = verify(directory)
    if checked.problems:
        raise BackupError("The backup does not verify:\n  " + "\n  ".join(checked.problems))
    manifest = json.loads((directory / MANIFEST).read_text())
    env = _pg_env()
    tables = _database_tables()
    if tables:
        raise BackupError(
            f"The database {env['PGDATABASE']} is not empty ({len(tables)} tables, e.g. {tables[0]}): restore into "
            "a new, empty database (createdb) and point DATABASE_URL at it."
        )
    storage = storages[storage_alias]
    clashes = []
    for entry in manifest["files"]:
        if storage.exists(entry["name"]):
            with storage.open(entry["name"], "rb") as handle:
                if _sha256_of(_file_chunks(handle))[0] != entry["sha256"]:
                    clashes.append(entry["name"])
    if clashes:
        raise BackupError(
            f"{len(clashes)} files exist in the storage with other content (e.g. {clashes[0]}): restore into an "
            "empty storage."
        )
    connection.close()
    subprocess.run(  # noqa: S603
        [
            _tool("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={env['PGDATABASE']}",
            str(directory / manifest["database"]["file"]),
        ],
        env=env,
        check=True,
        capture_output=True,
    )
    log(f"Database restored into {env['PGDATABASE']}")
    # What the shared cache holds (signed-in users, rendered register pages) was read from the database before: it
    # is emptied, so that nothing from before the restore is served (sessions stay in the database: cached_db).
    cache.clear()
    restored = 0
    for entry in manifest["files"]:
        name = entry["name"]
        if not storage.exists(name):
            with open(directory / FILES / _safe_relative(name), "rb") as handle:
                saved = storage.save(name, File(handle, name=PurePosixPath(name).name))
            if saved != name:
                storage.delete(saved)
                raise BackupError(f"The storage saved {name} as {saved}: restore into an empty storage.")
            restored += 1
        with storage.open(name, "rb") as handle:
            if _sha256_of(_file_chunks(handle))[0] != entry["sha256"]:
                raise BackupError(f"{name} does not read back with its hash after the restore.")
    log(f"{restored} files put back, {len(manifest['files'])} checked against their hashes")
    return manifest
