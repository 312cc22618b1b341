"""Import a ministry's caseload from an XLSX or CSV file (the columns of docs/import.md).

python manage.py import_communications caseload.xlsx --dry-run   # check every row, write nothing
python manage.py import_communications caseload.xlsx --user mfa  # import (history names that user)
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from communications.services.imports import import_file


class Command(BaseCommand):
    help = "Import communications from an XLSX or CSV file; rows with problems are reported and skipped."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check every row and write nothing.")
        parser.add_argument("--user", help="The importer named in the history (default: the system).")

    def handle(self, *args, file: Path, dry_run: bool, user: str | None, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"No such user: {user}")
        try:
            result = import_file(actor=actor, content=file.read_bytes(), name=file.name, dry_run=dry_run)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        for problem in result["problems"]:
            self.stdout.write(f"row {problem['row']} {problem['field']}: {problem['message']}")
        verb = "would be" if dry_run else "were"
        self.stdout.write(
            f"{result['rows_read']} rows read; {result['create']} {verb} created, {result['update']} updated, "
            f"{result['unchanged']} unchanged; {len({p['row'] for p in result['problems']})} rows with problems."
        )
