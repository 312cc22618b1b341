"""Backups (iwg/backup.py, manage.py backup / restore / verify_backup) on PostgreSQL: data with documents → backup →
the database and the storage emptied → restore → every document downloads through the app's download view and
matches its hash. On the local folder and on a real S3-compatible server (moto, tests/object_store.py)."""

import hashlib
import json
import shutil

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from communications.models import Document, Round
from iwg.models import User
from meetings import services as meeting_services
from tests.factories import pdf_file, round_at
from tests.object_store import object_store, object_store_url  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def documents(users):
    """Two analyses and the minutes of a meeting: three documents, recorded as {pk: sha256} from the database."""
    round_at(users, Round.Status.ANALYSIS_SUBMITTED)
    round_at(users, Round.Status.ANALYSIS_SUBMITTED)
    meeting = meeting_services.meeting_schedule(
        actor=users["moj"], starts_at=timezone.now() - timezone.timedelta(days=1)
    )
    meeting_services.meeting_record_held(
        actor=users["moj"], meeting=meeting, decisions={}, minutes_file=pdf_file("minutes.pdf")
    )
    hashes = dict(Document.objects.values_list("pk", "sha256"))
    assert len(hashes) == 3
    return hashes


def empty_database() -> None:
    connection.close()
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    connection.close()


def download_hashes(client, pks) -> dict:
    client.force_login(User.objects.get(username="moj"))
    found = {}
    for pk in pks:
        response = client.get(reverse("document_download", args=[pk]))
        assert response.status_code == 200, pk
        body = b"".join(response.streaming_content) if response.streaming else response.content
        found[pk] = hashlib.sha256(body).hexdigest()
    return found


def test_backup_empty_everything_restore_and_every_document_downloads_with_its_hash(
    client, documents, tmp_path, settings
):
    target = tmp_path / "backup-1"
    call_command("backup", str(target))
    manifest = json.loads((target / "manifest.json").read_text())
    assert sorted(entry["sha256"] for entry in manifest["files"]) == sorted(documents.values())
    assert manifest["missing"] == [] and (target / "database.dump").stat().st_size > 0
    call_command("backup", str(target), "--verify")

    empty_database()
    shutil.rmtree(settings.MEDIA_ROOT)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")
        assert cursor.fetchone()[0] == 0

    cache.set("read-before-the-restore", "stale")
    call_command("restore", str(target))

    assert cache.get("read-before-the-restore") is None  # the shared cache held what the old database said
    assert dict(Document.objects.values_list("pk", "sha256")) == documents
    assert download_hashes(client, documents) == documents


def test_a_backup_with_a_changed_file_or_dump_does_not_verify_and_is_not_restored(documents, tmp_path):
    target = tmp_path / "backup-2"
    call_command("backup", str(target))
    changed = next((target / "files").rglob("*.pdf"))
    changed.write_bytes(changed.read_bytes() + b"tampered")
    with pytest.raises(CommandError, match="Hash mismatch"):
        call_command("verify_backup", str(target))
    with pytest.raises(CommandError, match="does not verify"):
        call_command("restore", str(target))
    (target / "manifest.json").unlink()
    with pytest.raises(CommandError, match="unfinished"):
        call_command("backup", "--verify", str(target))


def test_restore_refuses_a_database_that_is_not_empty(documents, tmp_path):
    target = tmp_path / "backup-3"
    call_command("backup", str(target))
    with pytest.raises(CommandError, match="is not empty"):
        call_command("restore", str(target))
    assert dict(Document.objects.values_list("pk", "sha256")) == documents  # nothing changed


def test_a_backup_refuses_a_folder_in_use_and_says_when_a_file_is_missing(documents, tmp_path):
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "something").write_text("x")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", str(tmp_path / "used"))
    document = Document.objects.first()
    document.file.storage.delete(document.file.name)
    with pytest.raises(CommandError, match="missing from the storage"):
        call_command("backup", str(tmp_path / "backup-4"))
    assert document.file.name in json.loads((tmp_path / "backup-4" / "manifest.json").read_text())["missing"]


def test_backup_and_restore_through_an_object_store(client, users, object_store, tmp_path, settings):  # noqa: F811
    round_at(users, Round.Status.ANALYSIS_SUBMITTED)
    documents = dict(Document.objects.values_list("pk", "sha256"))
    target = tmp_path / "backup-s3"
    call_command("backup", str(target))
    assert json.loads((target / "manifest.json").read_text())["storage"] == "storages.backends.s3.S3Storage"

    empty_database()
    for item in object_store.list_objects_v2(Bucket=object_store.bucket)["Contents"]:
        object_store.delete_object(Bucket=object_store.bucket, Key=item["Key"])
    call_command("restore", str(target))

    keys = {item["Key"] for item in object_store.list_objects_v2(Bucket=object_store.bucket)["Contents"]}
    assert keys == set(Document.objects.values_list("file", flat=True))
    settings.IWG_S3_DOWNLOADS = "stream"
    assert download_hashes(client, documents) == documents
