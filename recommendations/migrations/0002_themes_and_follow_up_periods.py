"""Seed the themes (names in English, Russian and Kazakh) and the committees' follow-up periods; administrators
edit both afterwards. The periods are to confirm per committee (DOMAIN.md): one or two years."""

from django.db import migrations

THEMES = [
    ("torture", "Torture prevention", "Предупреждение пыток", "Азаптаудың алдын алу"),
    ("assembly", "Peaceful assembly", "Мирные собрания", "Бейбіт жиналыстар"),
    ("expression", "Expression and media", "Свобода выражения и СМИ", "Сөз бостандығы және БАҚ"),
    ("fair-trial", "Fair trial", "Справедливое судебное разбирательство", "Әділ сот талқылауы"),
    (
        "women",
        "Women and domestic violence",
        "Женщины и бытовое насилие",
        "Әйелдер және тұрмыстық зорлық-зомбылық",
    ),
    ("children", "Children", "Дети", "Балалар"),
    ("disabilities", "Persons with disabilities", "Лица с инвалидностью", "Мүгедектігі бар адамдар"),
    ("trafficking", "Trafficking", "Торговля людьми", "Адам саудасы"),
    ("non-discrimination", "Non-discrimination", "Недискриминация", "Кемсітпеушілік"),
    ("religion", "Religion", "Свобода вероисповедания", "Діни сенім бостандығы"),
    ("defenders", "Human rights defenders", "Правозащитники", "Құқық қорғаушылар"),
]

FOLLOW_UP_MONTHS = {"CCPR": 24, "CAT": 12, "CERD": 12, "CEDAW": 24, "CRPD": 12, "CRC": 24}


def seed(apps, schema_editor):
    Theme = apps.get_model("recommendations", "Theme")
    Committee = apps.get_model("communications", "Committee")
    FollowUpPeriod = apps.get_model("recommendations", "FollowUpPeriod")
    for order, (code, name, name_ru, name_kk) in enumerate(THEMES, start=1):
        Theme.objects.update_or_create(
            code=code, defaults={"name": name, "name_ru": name_ru, "name_kk": name_kk, "order": order}
        )
    for committee in Committee.objects.filter(code__in=list(FOLLOW_UP_MONTHS)):
        FollowUpPeriod.objects.get_or_create(committee=committee, defaults={"months": FOLLOW_UP_MONTHS[committee.code]})


def unseed(apps, schema_editor):
    apps.get_model("recommendations", "FollowUpPeriod").objects.all().delete()
    apps.get_model("recommendations", "Theme").objects.filter(code__in=[row[0] for row in THEMES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0001_initial"),
        ("communications", "0003_reference_data"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
