from django.db import migrations


class Migration(migrations.Migration):
    """Joins phase 1 (lock versions on deadlines and remedies, the register's read model) and the new layout's
    events as data."""

    dependencies = [
        ("communications", "0006_events_as_data_convert"),
        ("communications", "0008_merge_versions_and_register"),
    ]

    operations = []
