"""The statuses of each communication's rounds (communications/schedule.py: round_statuses), filled for the
communications registered before it existed, and the index of the API's count under the round-status filter."""

from django.db import migrations, models


def fill(apps, schema_editor):
    # As communications/schedule.py: statuses_sql when this migration was written (a migration keeps its own copy).
    if schema_editor.connection.vendor == "postgresql":
        aggregate = "string_agg(code, ',')"
    else:
        aggregate = "group_concat(code, ',')"
    schema_editor.execute(
        "UPDATE communications_communication SET round_statuses = ("
        f"SELECT COALESCE(',' || {aggregate} || ',', '') FROM ("
        "SELECT DISTINCT status AS code FROM communications_round "
        "WHERE communication_id = communications_communication.id) codes)"
    )


class Migration(migrations.Migration):

    dependencies = [
        ('communications', '0020_answering_agencies'),
    ]

    operations = [
        migrations.AddField(
            model_name='communication',
            name='round_statuses',
            field=models.CharField(blank=True, editable=False, help_text='Derived: the statuses of its rounds, as ,referred,sent,.', max_length=200, verbose_name='statuses of its rounds'),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='communication',
            index=models.Index(condition=models.Q(('merged_into__isnull', True)), fields=['round_statuses'], name='comm_round_statuses'),
        ),
    ]
