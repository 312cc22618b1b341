"""Loads the committees, their time limits, the default internal deadlines and the agencies."""

from django.db import migrations


def load(apps, schema_editor):
    from communications import reference_data

    reference_data.load(
        Agency=apps.get_model("iwg", "Agency"),
        Committee=apps.get_model("communications", "Committee"),
        TimeLimit=apps.get_model("communications", "TimeLimit"),
        InternalDeadlinePolicy=apps.get_model("communications", "InternalDeadlinePolicy"),
    )


def unload(apps, schema_editor):
    apps.get_model("communications", "InternalDeadlinePolicy").objects.all().delete()
    apps.get_model("communications", "TimeLimit").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("communications", "0002_initial"), ("iwg", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
