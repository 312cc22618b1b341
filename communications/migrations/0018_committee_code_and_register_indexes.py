"""The committee's code kept on each communication (the register's committee sort without a join), and the
indexes of the committee and transmitted_on sorts."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    Communication = apps.get_model("communications", "Communication")
    Committee = apps.get_model("communications", "Committee")
    Communication.objects.update(
        committee_code=Subquery(Committee.objects.filter(pk=OuterRef("committee_id")).values("code")[:1])
    )


class Migration(migrations.Migration):

    dependencies = [
        ('communications', '0002_squashed_0017_import_job_kind'),
    ]

    operations = [
        migrations.AddField(
            model_name='communication',
            name='committee_code',
            field=models.CharField(blank=True, editable=False, help_text='Derived from the committee: the register sorts by it without joining the committees.', max_length=10, verbose_name='committee code'),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='communication',
            index=models.Index(models.OrderBy(models.F('committee_code')), models.OrderBy(models.F('id'), descending=True), name='comm_committee_code'),
        ),
        migrations.AddIndex(
            model_name='communication',
            index=models.Index(models.OrderBy(models.F('committee_code'), descending=True), models.OrderBy(models.F('id'), descending=True), name='comm_committee_code_desc'),
        ),
        migrations.AddIndex(
            model_name='communication',
            index=models.Index(fields=['transmitted_on', 'id'], name='comm_transmitted'),
        ),
    ]
