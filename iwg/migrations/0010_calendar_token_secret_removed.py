from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("iwg", "0009_calendar_token_digest_fill")]

    operations = [
        migrations.RemoveField(model_name="calendarfeedtoken", name="token"),
        migrations.AlterField(
            model_name="calendarfeedtoken",
            name="digest",
            field=models.CharField(
                max_length=64,
                unique=True,
                verbose_name="digest",
                help_text="SHA-256 of the secret part of the address.",
            ),
        ),
    ]
