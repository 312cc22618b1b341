from iwg.management.commands.backup import Command as BackupCommand


class Command(BackupCommand):
    help = "Check a backup: the manifest, the dump (hash, pg_restore --list) and every file's hash."

    def add_arguments(self, parser):
        parser.add_argument("directory")

    def handle(self, *args, directory, **options):
        return self._verify(directory)
