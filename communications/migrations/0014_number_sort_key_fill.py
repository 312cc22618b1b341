"""Fill the number's sort key (year, then running number) of the communications registered before it existed."""

import re

from django.db import migrations

NUMBER = re.compile(r"^(?P<number>[1-9]\d{0,4})/(?P<year>\d{4})$")
BATCH = 2000


def sort_key(number: str) -> str:
    # As communications/numbers.py: sort_key when this migration was written (a migration keeps its own copy).
    match = NUMBER.match(re.sub(r"\s*/\s*", "/", (number or "").strip()))
    if not match:
        return "9999-99999-" + (number or "")
    return f"{int(match['year']):04d}-{int(match['number']):05d}"


def fill(apps, schema_editor):
    Communication = apps.get_model("communications", "Communication")
    rows = []
    for communication in Communication.objects.only("pk", "number").iterator(chunk_size=BATCH):
        communication.number_sort = sort_key(communication.number)
        rows.append(communication)
        if len(rows) >= BATCH:
            Communication.objects.bulk_update(rows, ["number_sort"])
            rows = []
    if rows:
        Communication.objects.bulk_update(rows, ["number_sort"])


class Migration(migrations.Migration):
    dependencies = [("communications", "0013_number_sort_key")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
