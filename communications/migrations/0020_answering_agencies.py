"""The agencies with work on each communication (communications/schedule.py: answering_agencies), filled for the
communications registered before it existed."""

from django.db import migrations, models


def fill(apps, schema_editor):
    # As communications/schedule.py: agencies_sql when this migration was written (a migration keeps its own copy).
    if schema_editor.connection.vendor == "postgresql":
        aggregate = "string_agg(code, ',')"
    else:
        aggregate = "group_concat(code, ',')"
    schema_editor.execute(
        "UPDATE communications_communication SET answering_agencies = ("
        f"SELECT COALESCE(',' || {aggregate} || ',', '') FROM ("
        "SELECT a.code FROM communications_deadline d JOIN communications_round r ON r.id = d.round_id "
        "JOIN iwg_agency a ON a.id = d.responsible_agency_id "
        "WHERE r.communication_id = communications_communication.id AND d.status IN ('open', 'missed') "
        "UNION SELECT a.code FROM communications_remedy m JOIN communications_decision n ON n.id = m.decision_id "
        "JOIN iwg_agency a ON a.id = m.responsible_agency_id "
        "WHERE n.communication_id = communications_communication.id AND m.status <> 'implemented'"
        ") answering)"
    )


class Migration(migrations.Migration):

    dependencies = [
        ('communications', '0019_search_text'),
    ]

    operations = [
        migrations.AddField(
            model_name='communication',
            name='answering_agencies',
            field=models.CharField(blank=True, editable=False, help_text='Derived: the codes of the agencies with an open deadline or an unfinished remedy, as ,MFA,PGO,.', max_length=200, verbose_name='agencies with work on it'),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
