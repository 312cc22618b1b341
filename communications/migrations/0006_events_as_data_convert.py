"""Data migration: the stored sentences of events, deadline bases, history reasons and notifications become
codes and parameters (see communications/legacy_texts.py). Reversible: history reasons are written back as
sentences in the site's default language; the other rows keep their old text columns untouched."""

from django.db import migrations


def forwards(apps, schema_editor):
    from communications.legacy_texts import convert_all

    convert_all(apps)


def backwards(apps, schema_editor):
    from communications.legacy_texts import revert_all

    revert_all(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("communications", "0005_events_as_data"),
        ("meetings", "0001_initial"),
        ("iwg", "0002_access_event"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
