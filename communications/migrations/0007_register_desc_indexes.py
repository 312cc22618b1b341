"""The register's descending sorts with the empty dates last (communications/selectors.py: register_ordering),
indexed on PostgreSQL only: SQLite (development) cannot index NULLS LAST, and its registers are small."""

from django.db import migrations

INDEXES = {
    "comm_next_due_desc": "next_due_on DESC NULLS LAST, id DESC",
    "comm_received_desc": "first_received_on DESC NULLS LAST, id DESC",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, columns in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON communications_communication ({columns})")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("communications", "0006_register_read_model_fill")]

    operations = [migrations.RunPython(create, drop)]
