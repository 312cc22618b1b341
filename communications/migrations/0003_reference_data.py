"""Loads the committees, their time limits, the default internal deadlines and the agencies."""

from django.db import migrations


def load(apps, schema_editor):
    from communications import reference_data as data

    Agency = apps.get_model("iwg", "Agency")
    Committee = apps.get_model("communications", "Committee")
    TimeLimit = apps.get_model("communications", "TimeLimit")
    Policy = apps.get_model("communications", "InternalDeadlinePolicy")
    for code, name, name_ru, name_kk in data.AGENCIES:
        Agency.objects.update_or_create(code=code, defaults={"name": name, "name_ru": name_ru, "name_kk": name_kk})
    committees = {}
    for code, name, treaty, opinion in data.COMMITTEES:
        committees[code], _ = Committee.objects.update_or_create(
            code=code, defaults={"name": name, "treaty": treaty, "calls_views_opinion": opinion}
        )
    for code, note_kind, deadline_kind, months, days, basis, to_confirm in data.TIME_LIMITS:
        TimeLimit.objects.update_or_create(
            committee=committees[code], note_kind=note_kind, deadline_kind=deadline_kind,
            defaults={"months": months, "days": days, "basis": basis, "to_confirm": to_confirm},
        )
    for note_kind, steps in data.INTERNAL_POLICIES.items():
        for deadline_kind, days_before in steps.items():
            Policy.objects.update_or_create(
                note_kind=note_kind, deadline_kind=deadline_kind, defaults={"days_before": days_before}
            )


def unload(apps, schema_editor):
    apps.get_model("communications", "InternalDeadlinePolicy").objects.all().delete()
    apps.get_model("communications", "TimeLimit").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("communications", "0002_initial"), ("iwg", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
