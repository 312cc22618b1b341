"""API tokens move from DRF's authtoken (kept in plain text) to django-rest-knox (kept as a digest, with an expiry).
A plain token cannot be turned into a knox token meaningfully (knox tokens are longer, prefixed and expiring), so
the old table is dropped: every program asks for a new token (POST /api/v1/auth/token/). Not reversible in data:
going back recreates no token."""

from django.db import migrations

DROP = [
    "DROP TABLE IF EXISTS authtoken_token",
    "DELETE FROM django_migrations WHERE app = 'authtoken'",
]


class Migration(migrations.Migration):
    dependencies = [("iwg", "0002_access_event"), ("knox", "0009_extend_authtoken_field")]

    operations = [migrations.RunSQL(DROP, reverse_sql=migrations.RunSQL.noop)]
