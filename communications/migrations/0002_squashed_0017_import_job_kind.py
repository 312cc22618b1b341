"""The second half of the squash of communications' migrations 0001 to 0017: the State position's link to the IWG
decision that approved it (an agenda item of the meetings app, whose first migration needs 0001's tables), then the
data steps a new database needs, with the replaced migrations' own functions: the reference data (committees, time
limits, internal deadlines, agencies; 0003) and the register's descending indexes (0007, PostgreSQL only). The other
replaced data steps converted or filled existing rows (0006, 0014) and have nothing to do on a new database. A
database that has the replaced migrations applied records this one as applied without running it."""

import django.db.models.deletion
import importlib

from django.db import migrations, models


_reference_data = importlib.import_module("communications.migrations.0003_reference_data")
_desc_indexes = importlib.import_module("communications.migrations.0007_register_desc_indexes")


class Migration(migrations.Migration):
    replaces = [
        ("communications", "0002_initial"),
        ("communications", "0003_reference_data"),
        ("communications", "0004_deadline_notices"),
        ("communications", "0005_events_as_data"),
        ("communications", "0005_lock_version_on_deadlines_and_remedies"),
        ("communications", "0005_register_read_model"),
        ("communications", "0006_events_as_data_convert"),
        ("communications", "0006_register_read_model_fill"),
        ("communications", "0007_historical_entries"),
        ("communications", "0007_register_desc_indexes"),
        ("communications", "0008_handoff_notices"),
        ("communications", "0008_merge_versions_and_register"),
        ("communications", "0009_merge_workflow_and_phase1"),
        ("communications", "0009_views_decision_from_note"),
        ("communications", "0010_one_first_reply_round"),
        ("communications", "0011_merge_daily_work_and_phase1"),
        ("communications", "0012_export_and_import_jobs"),
        ("communications", "0013_number_sort_key"),
        ("communications", "0014_number_sort_key_fill"),
        ("communications", "0015_corrections"),
        ("communications", "0016_deadline_owned_by_a_measure"),
        ("communications", "0017_import_job_kind"),
    ]

    dependencies = [
        ("communications", "0001_squashed_0001_initial"),
        ("meetings", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalstateposition",
            name="approved_by_decision",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="meetings.agendaitem",
                verbose_name="approved by IWG decision",
            ),
        ),
        migrations.AddField(
            model_name="stateposition",
            name="approved_by_decision",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="meetings.agendaitem",
                verbose_name="approved by IWG decision",
            ),
        ),
        migrations.RunPython(_reference_data.load, _reference_data.unload),
        migrations.RunPython(_desc_indexes.create, _desc_indexes.drop),
    ]
