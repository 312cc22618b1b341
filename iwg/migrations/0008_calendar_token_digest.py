from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("iwg", "0007_calendar_feed_token")]

    operations = [
        migrations.AddField(
            model_name="calendarfeedtoken",
            name="digest",
            field=models.CharField(
                max_length=64,
                null=True,
                verbose_name="digest",
                help_text="SHA-256 of the secret part of the address.",
            ),
        ),
    ]
