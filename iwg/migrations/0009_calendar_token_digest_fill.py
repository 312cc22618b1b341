"""Keep the calendar addresses made before the secret was stored hashed working: store the digest of each."""

import hashlib

from django.db import migrations


def fill(apps, schema_editor):
    CalendarFeedToken = apps.get_model("iwg", "CalendarFeedToken")
    for row in CalendarFeedToken.objects.filter(digest__isnull=True).iterator():
        row.digest = hashlib.sha256(row.token.encode()).hexdigest()
        row.save(update_fields=["digest"])


class Migration(migrations.Migration):
    dependencies = [("iwg", "0008_calendar_token_digest")]

    # Backwards: the secrets are gone with the forward step that drops them (0010); nothing to undo here.
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
