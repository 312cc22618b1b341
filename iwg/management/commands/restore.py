import time

from django.core.management.base import BaseCommand, CommandError

from iwg.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup taken by `manage.py backup`: verify it, load the dump into the (empty) database of "
        "DATABASE_URL and put every document back in the storage, checking each hash. See docs/operations.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="the backup's folder")

    def handle(self, *args, directory, **options):
        started = time.monotonic()
        try:
            manifest = restore(directory, log=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restore complete: database and {len(manifest['files'])} files in {time.monotonic() - started:.1f} s"
            )
        )
