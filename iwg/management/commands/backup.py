import time

from django.core.management.base import BaseCommand, CommandError

from iwg.backup import BackupError, backup, verify


class Command(BaseCommand):
    help = (
        "Back up PostgreSQL (pg_dump, custom format) and then every document file the dump names into DIR, with a "
        "manifest of SHA-256 hashes. With --verify, check an existing backup instead. See docs/operations.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="a new (or empty) folder for this backup")
        parser.add_argument("--verify", action="store_true", help="check the backup in DIR instead of taking one")

    def handle(self, *args, directory, verify, **options):
        if verify:
            return self._verify(directory)
        started = time.monotonic()
        try:
            manifest = backup(directory, log=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup complete: database and {len(manifest['files'])} files in {time.monotonic() - started:.1f} s"
            )
        )

    def _verify(self, directory):
        try:
            result = verify(directory)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if result.problems:
            raise CommandError("The backup does not verify:\n  " + "\n  ".join(result.problems))
        self.stdout.write(self.style.SUCCESS(f"Backup verified: the database dump and {result.files} files match"))
