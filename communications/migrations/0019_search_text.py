"""The register's search texts kept on each communication (communications/search_text.py), filled for the
communications registered before they existed."""

from collections import defaultdict

from django.db import migrations, models

BATCH = 500


def fold(value) -> str:
    # As communications/search_text.py when this migration was written (a migration keeps its own copy).
    return " ".join(str(value).casefold().split())


def joined_parts(parts) -> str:
    return "\n".join(part for part in (fold(part) for part in parts if part) if part)


def fill(apps, schema_editor):
    Communication = apps.get_model("communications", "Communication")
    Decision = apps.get_model("communications", "Decision")
    JoinedNumber = apps.get_model("communications", "JoinedNumber")
    Party = apps.get_model("communications", "Party")
    ids = list(Communication.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        decisions = dict(Decision.objects.filter(communication_id__in=batch).values_list("communication_id", "symbol"))
        joined = defaultdict(list)
        for communication_id, code, number in (
            JoinedNumber.objects.filter(communication_id__in=batch)
            .order_by("number", "pk")
            .values_list("communication_id", "committee__code", "number")
        ):
            joined[communication_id] += [number, f"{code} {number}"]
        public, confidential = defaultdict(list), defaultdict(list)
        for communication_id, initials, full_name, is_confidential in (
            Party.objects.filter(communication_id__in=batch, removed_at__isnull=True)
            .order_by("pk")
            .values_list("communication_id", "initials", "full_name", "is_confidential")
        ):
            public[communication_id].append(initials)
            (confidential if is_confidential else public)[communication_id].append(full_name)
        rows = []
        for pk, code, number, subject, symbols in Communication.objects.filter(pk__in=batch).values_list(
            "pk", "committee__code", "number", "subject", "symbols"
        ):
            parts = [number, f"{code} {number}", subject, *[str(s) for s in symbols or [] if s]]
            parts += [decisions.get(pk)] + joined[pk] + public[pk]
            rows.append(
                Communication(pk=pk, search_text=joined_parts(parts), search_names=joined_parts(confidential[pk]))
            )
        Communication.objects.bulk_update(rows, ["search_text", "search_names"])


class Migration(migrations.Migration):

    dependencies = [
        ('communications', '0018_committee_code_and_register_indexes'),
    ]

    operations = [
        migrations.AddField(
            model_name='communication',
            name='search_names',
            field=models.TextField(blank=True, editable=False, help_text="Derived: confidential parties' full names, searched only for the roles that may see them.", verbose_name='confidential names searched'),
        ),
        migrations.AddField(
            model_name='communication',
            name='search_text',
            field=models.TextField(blank=True, editable=False, help_text='Derived: the numbers, subject, symbols and the names anyone who sees the case may search.', verbose_name='search text'),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
