"""The recommendations app's migrations 0001 to 0003 in one: the tables as the models define them today, each created
with its fields, indexes and constraints, then migration 0002's seed of the themes and the committees' follow-up
periods (its own functions). A database that has the three applied records this one as applied without running it;
the old migrations stay until every installation has run them."""

import importlib

import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


_themes = importlib.import_module("recommendations.migrations.0002_themes_and_follow_up_periods")


class Migration(migrations.Migration):
    replaces = [
        ("recommendations", "0001_initial"),
        ("recommendations", "0002_themes_and_follow_up_periods"),
        ("recommendations", "0003_recommendation_handoff"),
    ]

    initial = True

    dependencies = [
        ("communications", "0002_squashed_0017_import_job_kind"),
        ("iwg", "0010_calendar_token_secret_removed"),
        ("iwg", "__first__"),
    ]

    operations = [
        migrations.CreateModel(
            name="Recommendation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "number",
                    models.CharField(
                        help_text="As the source numbers it, e.g. 45.123 (UPR) or 23 (b) written 23(b).",
                        max_length=30,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[0-9A-Za-z][0-9A-Za-z.()\\-]*$", "Enter a paragraph number such as 45.123."
                            )
                        ],
                        verbose_name="paragraph or number",
                    ),
                ),
                (
                    "recommending_states",
                    models.CharField(
                        blank=True,
                        help_text="For UPR: the States, comma-separated.",
                        max_length=1000,
                        verbose_name="recommending States",
                    ),
                ),
                ("text", models.TextField(verbose_name="text as received")),
                ("text_ru", models.TextField(blank=True, verbose_name="text in Russian")),
                ("text_kk", models.TextField(blank=True, verbose_name="text in Kazakh")),
                (
                    "sdg_targets",
                    models.CharField(
                        blank=True,
                        help_text="Sustainable Development Goal targets, e.g. 16.3, 5.2.",
                        max_length=200,
                        verbose_name="SDG targets",
                    ),
                ),
                ("affected_groups", models.CharField(blank=True, max_length=500, verbose_name="affected groups")),
                (
                    "follow_up",
                    models.BooleanField(
                        default=False,
                        help_text="The committee asks for information on it early.",
                        verbose_name="singled out for follow-up",
                    ),
                ),
                (
                    "follow_up_due_on",
                    models.DateField(
                        blank=True,
                        help_text="Computed from the adoption date and the committee's follow-up period.",
                        null=True,
                        verbose_name="follow-up due on",
                    ),
                ),
                (
                    "implementation",
                    models.CharField(
                        choices=[
                            ("not_planned", "No measure planned"),
                            ("planned", "Measures planned"),
                            ("in_progress", "Being implemented"),
                            ("implemented", "Implemented"),
                        ],
                        default="not_planned",
                        max_length=20,
                        verbose_name="implementation",
                    ),
                ),
                (
                    "lock_version",
                    models.PositiveIntegerField(default=0, help_text="Guards against a silent concurrent edit."),
                ),
            ],
            options={
                "verbose_name": "recommendation",
                "verbose_name_plural": "recommendations",
                "ordering": ["review", "id"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("follow_up", True), ("follow_up_due_on__isnull", True), _connector="OR"),
                        name="follow_up_date_needs_flag",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Theme",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "code",
                    models.SlugField(help_text="Short stable code, e.g. torture.", unique=True, verbose_name="code"),
                ),
                ("name", models.CharField(help_text="The name in English.", max_length=200, verbose_name="name")),
                ("name_ru", models.CharField(blank=True, max_length=200, verbose_name="name in Russian")),
                ("name_kk", models.CharField(blank=True, max_length=200, verbose_name="name in Kazakh")),
                ("order", models.PositiveSmallIntegerField(default=0, verbose_name="order")),
                (
                    "is_active",
                    models.BooleanField(
                        default=True, help_text="Retired themes stay on old records.", verbose_name="in use"
                    ),
                ),
            ],
            options={
                "verbose_name": "theme",
                "verbose_name_plural": "themes",
                "ordering": ["order", "code"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalFollowUpPeriod",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "created_at",
                    models.DateTimeField(blank=True, db_index=True, editable=False, verbose_name="created at"),
                ),
                ("updated_at", models.DateTimeField(blank=True, editable=False, verbose_name="updated at")),
                (
                    "months",
                    models.PositiveSmallIntegerField(
                        help_text="Calendar months from the adoption of the concluding observations to the follow-up report.",
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(60),
                        ],
                        verbose_name="months",
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "committee",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="communications.committee",
                        verbose_name="committee",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical follow-up period",
                "verbose_name_plural": "historical follow-up periods",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalMeasure",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "created_at",
                    models.DateTimeField(blank=True, db_index=True, editable=False, verbose_name="created at"),
                ),
                ("updated_at", models.DateTimeField(blank=True, editable=False, verbose_name="updated at")),
                ("title", models.CharField(max_length=500, verbose_name="measure")),
                ("description", models.TextField(blank=True, verbose_name="description")),
                (
                    "indicator",
                    models.CharField(
                        help_text="How implementation is measured.", max_length=500, verbose_name="indicator"
                    ),
                ),
                ("target_date", models.DateField(verbose_name="target date")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("planned", "Planned"),
                            ("reported", "Report awaiting review"),
                            ("in_progress", "In progress"),
                            ("returned", "Report returned"),
                            ("completed", "Completed"),
                            ("cancelled", "Cancelled"),
                        ],
                        default="planned",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                (
                    "lock_version",
                    models.PositiveIntegerField(default=0, help_text="Guards against a silent concurrent edit."),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "deadline",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The target date as a deadline of the common engine (reminders, missed, escalation).",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="communications.deadline",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "responsible_agency",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="iwg.agency",
                        verbose_name="responsible agency",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical measure",
                "verbose_name_plural": "historical measures",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalReview",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "created_at",
                    models.DateTimeField(blank=True, db_index=True, editable=False, verbose_name="created at"),
                ),
                ("updated_at", models.DateTimeField(blank=True, editable=False, verbose_name="updated at")),
                (
                    "mechanism",
                    models.CharField(
                        choices=[
                            ("upr", "Universal Periodic Review"),
                            ("treaty_body", "Treaty body concluding observations"),
                            ("special_procedure", "Special procedure visit report"),
                        ],
                        max_length=20,
                        verbose_name="mechanism",
                    ),
                ),
                (
                    "title",
                    models.CharField(
                        help_text="E.g. UPR 4th cycle, Working Group 48th session.",
                        max_length=300,
                        verbose_name="title",
                    ),
                ),
                (
                    "cycle",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(20),
                        ],
                        verbose_name="UPR cycle",
                    ),
                ),
                (
                    "session",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="The UPR Working Group's or the committee's session.",
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(999),
                        ],
                        verbose_name="session",
                    ),
                ),
                (
                    "symbol",
                    models.CharField(
                        blank=True,
                        help_text="E.g. CCPR/C/KAZ/CO/4 or A/HRC/59/12.",
                        max_length=60,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[A-Z][A-Za-z0-9.\\-]*(?:/[A-Za-z0-9.\\-]+)+$",
                                "Enter a UN document symbol such as CCPR/C/KAZ/CO/4.",
                            )
                        ],
                        verbose_name="document symbol",
                    ),
                ),
                (
                    "mandate",
                    models.CharField(
                        blank=True,
                        help_text="For a special procedure: the mandate that visited.",
                        max_length=300,
                        verbose_name="mandate",
                    ),
                ),
                ("adopted_on", models.DateField(blank=True, null=True, verbose_name="adopted on")),
                (
                    "lock_version",
                    models.PositiveIntegerField(default=0, help_text="Guards against a silent concurrent edit."),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "committee",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="communications.committee",
                        verbose_name="committee",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical review",
                "verbose_name_plural": "historical reviews",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalTheme",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "created_at",
                    models.DateTimeField(blank=True, db_index=True, editable=False, verbose_name="created at"),
                ),
                ("updated_at", models.DateTimeField(blank=True, editable=False, verbose_name="updated at")),
                ("code", models.SlugField(help_text="Short stable code, e.g. torture.", verbose_name="code")),
                ("name", models.CharField(help_text="The name in English.", max_length=200, verbose_name="name")),
                ("name_ru", models.CharField(blank=True, max_length=200, verbose_name="name in Russian")),
                ("name_kk", models.CharField(blank=True, max_length=200, verbose_name="name in Kazakh")),
                ("order", models.PositiveSmallIntegerField(default=0, verbose_name="order")),
                (
                    "is_active",
                    models.BooleanField(
                        default=True, help_text="Retired themes stay on old records.", verbose_name="in use"
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical theme",
                "verbose_name_plural": "historical themes",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Measure",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                ("title", models.CharField(max_length=500, verbose_name="measure")),
                ("description", models.TextField(blank=True, verbose_name="description")),
                (
                    "indicator",
                    models.CharField(
                        help_text="How implementation is measured.", max_length=500, verbose_name="indicator"
                    ),
                ),
                ("target_date", models.DateField(verbose_name="target date")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("planned", "Planned"),
                            ("reported", "Report awaiting review"),
                            ("in_progress", "In progress"),
                            ("returned", "Report returned"),
                            ("completed", "Completed"),
                            ("cancelled", "Cancelled"),
                        ],
                        default="planned",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                (
                    "lock_version",
                    models.PositiveIntegerField(default=0, help_text="Guards against a silent concurrent edit."),
                ),
                (
                    "co_executors",
                    models.ManyToManyField(
                        blank=True, related_name="co_executed_measures", to="iwg.agency", verbose_name="co-executors"
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "deadline",
                    models.OneToOneField(
                        blank=True,
                        help_text="The target date as a deadline of the common engine (reminders, missed, escalation).",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="measure",
                        to="communications.deadline",
                    ),
                ),
                (
                    "responsible_agency",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="measures",
                        to="iwg.agency",
                        verbose_name="responsible agency",
                    ),
                ),
                (
                    "recommendations",
                    models.ManyToManyField(
                        related_name="measures",
                        to="recommendations.recommendation",
                        verbose_name="recommendations it serves",
                    ),
                ),
            ],
            options={
                "verbose_name": "measure",
                "verbose_name_plural": "measures",
                "ordering": ["target_date", "id"],
                "indexes": [models.Index(fields=["responsible_agency", "status"], name="measure_agency_status")],
            },
        ),
        migrations.CreateModel(
            name="HistoricalProgressReport",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "created_at",
                    models.DateTimeField(blank=True, db_index=True, editable=False, verbose_name="created at"),
                ),
                ("updated_at", models.DateTimeField(blank=True, editable=False, verbose_name="updated at")),
                ("text", models.TextField(verbose_name="what was done")),
                (
                    "is_final",
                    models.BooleanField(
                        default=False,
                        help_text="The measure is complete; accepting it completes the measure.",
                        verbose_name="final report",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[("submitted", "Submitted"), ("accepted", "Accepted"), ("returned", "Returned")],
                        default="submitted",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                ("submitted_at", models.DateTimeField(verbose_name="submitted at")),
                ("reviewed_at", models.DateTimeField(blank=True, null=True, verbose_name="reviewed at")),
                ("review_comment", models.TextField(blank=True, verbose_name="comment of the reviewer")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "reviewed_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "submitted_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "measure",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="recommendations.measure",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical progress report",
                "verbose_name_plural": "historical progress reports",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalMeasure_co_executors",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "agency",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="iwg.agency",
                    ),
                ),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="recommendations.historicalmeasure",
                    ),
                ),
                (
                    "measure",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="recommendations.measure",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalMeasure_co_executors",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="ProgressReport",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                ("text", models.TextField(verbose_name="what was done")),
                (
                    "is_final",
                    models.BooleanField(
                        default=False,
                        help_text="The measure is complete; accepting it completes the measure.",
                        verbose_name="final report",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[("submitted", "Submitted"), ("accepted", "Accepted"), ("returned", "Returned")],
                        default="submitted",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                ("submitted_at", models.DateTimeField(verbose_name="submitted at")),
                ("reviewed_at", models.DateTimeField(blank=True, null=True, verbose_name="reviewed at")),
                ("review_comment", models.TextField(blank=True, verbose_name="comment of the reviewer")),
                (
                    "documents",
                    models.ManyToManyField(blank=True, to="communications.document", verbose_name="documents"),
                ),
                (
                    "measure",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="reports",
                        to="recommendations.measure",
                    ),
                ),
                (
                    "reviewed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "submitted_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={
                "verbose_name": "progress report",
                "verbose_name_plural": "progress reports",
                "ordering": ["measure", "submitted_at", "id"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("status", "submitted")),
                        fields=("measure",),
                        name="one_report_awaiting_review",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("status", "returned"), _negated=True),
                            models.Q(("review_comment", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="returned_report_has_comment",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalProgressReport_documents",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "document",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="communications.document",
                    ),
                ),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="recommendations.historicalprogressreport",
                    ),
                ),
                (
                    "progressreport",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="recommendations.progressreport",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalProgressReport_documents",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalResponse",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "created_at",
                    models.DateTimeField(blank=True, db_index=True, editable=False, verbose_name="created at"),
                ),
                ("updated_at", models.DateTimeField(blank=True, editable=False, verbose_name="updated at")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Awaiting a proposal"),
                            ("proposed", "Proposed"),
                            ("on_agenda", "On an IWG agenda"),
                            ("decided", "Decided"),
                        ],
                        default="pending",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                (
                    "position",
                    models.CharField(
                        blank=True,
                        choices=[("supported", "Supported"), ("noted", "Noted")],
                        max_length=20,
                        verbose_name="response",
                    ),
                ),
                (
                    "reason",
                    models.TextField(
                        blank=True, help_text="Required when the response is noted.", verbose_name="reason for noting"
                    ),
                ),
                ("decided_on", models.DateField(blank=True, null=True, verbose_name="decided on")),
                (
                    "decided_by_meeting",
                    models.PositiveIntegerField(
                        blank=True,
                        help_text="The number of the IWG meeting that decided (empty when the response predates the tracker).",
                        null=True,
                        verbose_name="IWG meeting",
                    ),
                ),
                (
                    "lock_version",
                    models.PositiveIntegerField(default=0, help_text="Guards against a silent concurrent edit."),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "recommendation",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="recommendations.recommendation",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical response",
                "verbose_name_plural": "historical responses",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalRecommendationCommunication",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "created_at",
                    models.DateTimeField(blank=True, db_index=True, editable=False, verbose_name="created at"),
                ),
                ("updated_at", models.DateTimeField(blank=True, editable=False, verbose_name="updated at")),
                ("note", models.CharField(blank=True, max_length=500, verbose_name="why linked")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "communication",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="communications.communication",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "recommendation",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="recommendations.recommendation",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical link to a communication",
                "verbose_name_plural": "historical links to communications",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalMeasure_recommendations",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="recommendations.historicalmeasure",
                    ),
                ),
                (
                    "measure",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="recommendations.measure",
                    ),
                ),
                (
                    "recommendation",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="recommendations.recommendation",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalMeasure_recommendations",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="RecommendationCommunication",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                ("note", models.CharField(blank=True, max_length=500, verbose_name="why linked")),
                (
                    "communication",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="recommendation_links",
                        to="communications.communication",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "recommendation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="communication_links",
                        to="recommendations.recommendation",
                    ),
                ),
            ],
            options={
                "verbose_name": "link to a communication",
                "verbose_name_plural": "links to communications",
                "ordering": ["id"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("recommendation", "communication"), name="unique_recommendation_link"
                    )
                ],
            },
        ),
        migrations.AddField(
            model_name="recommendation",
            name="communications",
            field=models.ManyToManyField(
                blank=True,
                related_name="recommendations",
                through="recommendations.RecommendationCommunication",
                to="communications.communication",
                verbose_name="communications it concerns",
            ),
        ),
        migrations.CreateModel(
            name="RecommendationHandoff",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("step", models.CharField(max_length=40, verbose_name="step")),
                ("key", models.CharField(max_length=60, verbose_name="occurrence")),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="created at")),
                ("notified_at", models.DateTimeField(blank=True, null=True, verbose_name="e-mailed at")),
            ],
            options={
                "verbose_name": "recommendation hand-off",
                "verbose_name_plural": "recommendation hand-offs",
                "ordering": ["-created_at", "-id"],
                "constraints": [models.UniqueConstraint(fields=("step", "key"), name="unique_recommendation_handoff")],
            },
        ),
        migrations.CreateModel(
            name="Response",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Awaiting a proposal"),
                            ("proposed", "Proposed"),
                            ("on_agenda", "On an IWG agenda"),
                            ("decided", "Decided"),
                        ],
                        default="pending",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                (
                    "position",
                    models.CharField(
                        blank=True,
                        choices=[("supported", "Supported"), ("noted", "Noted")],
                        max_length=20,
                        verbose_name="response",
                    ),
                ),
                (
                    "reason",
                    models.TextField(
                        blank=True, help_text="Required when the response is noted.", verbose_name="reason for noting"
                    ),
                ),
                ("decided_on", models.DateField(blank=True, null=True, verbose_name="decided on")),
                (
                    "decided_by_meeting",
                    models.PositiveIntegerField(
                        blank=True,
                        help_text="The number of the IWG meeting that decided (empty when the response predates the tracker).",
                        null=True,
                        verbose_name="IWG meeting",
                    ),
                ),
                (
                    "lock_version",
                    models.PositiveIntegerField(default=0, help_text="Guards against a silent concurrent edit."),
                ),
                (
                    "recommendation",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="response",
                        to="recommendations.recommendation",
                    ),
                ),
            ],
            options={
                "verbose_name": "response",
                "verbose_name_plural": "responses",
                "ordering": ["recommendation"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("status", "pending"), models.Q(("position", ""), _negated=True), _connector="OR"
                        ),
                        name="response_position_once_proposed",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("position", "noted"), _negated=True),
                            models.Q(("reason", ""), _negated=True),
                            ("decided_by_meeting__isnull", True),
                            _connector="OR",
                        ),
                        name="response_noted_has_reason",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("status", "decided"), _negated=True),
                            ("decided_on__isnull", False),
                            _connector="OR",
                        ),
                        name="response_decided_has_date",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Review",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "mechanism",
                    models.CharField(
                        choices=[
                            ("upr", "Universal Periodic Review"),
                            ("treaty_body", "Treaty body concluding observations"),
                            ("special_procedure", "Special procedure visit report"),
                        ],
                        max_length=20,
                        verbose_name="mechanism",
                    ),
                ),
                (
                    "title",
                    models.CharField(
                        help_text="E.g. UPR 4th cycle, Working Group 48th session.",
                        max_length=300,
                        verbose_name="title",
                    ),
                ),
                (
                    "cycle",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(20),
                        ],
                        verbose_name="UPR cycle",
                    ),
                ),
                (
                    "session",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="The UPR Working Group's or the committee's session.",
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(999),
                        ],
                        verbose_name="session",
                    ),
                ),
                (
                    "symbol",
                    models.CharField(
                        blank=True,
                        help_text="E.g. CCPR/C/KAZ/CO/4 or A/HRC/59/12.",
                        max_length=60,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[A-Z][A-Za-z0-9.\\-]*(?:/[A-Za-z0-9.\\-]+)+$",
                                "Enter a UN document symbol such as CCPR/C/KAZ/CO/4.",
                            )
                        ],
                        verbose_name="document symbol",
                    ),
                ),
                (
                    "mandate",
                    models.CharField(
                        blank=True,
                        help_text="For a special procedure: the mandate that visited.",
                        max_length=300,
                        verbose_name="mandate",
                    ),
                ),
                ("adopted_on", models.DateField(blank=True, null=True, verbose_name="adopted on")),
                (
                    "lock_version",
                    models.PositiveIntegerField(default=0, help_text="Guards against a silent concurrent edit."),
                ),
                (
                    "committee",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="reviews",
                        to="communications.committee",
                        verbose_name="committee",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "review",
                "verbose_name_plural": "reviews",
                "ordering": ["-adopted_on", "-id"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("mechanism", "upr"), _negated=True), ("cycle__isnull", False), _connector="OR"
                        ),
                        name="review_upr_has_cycle",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("mechanism", "treaty_body"), _negated=True),
                            models.Q(("committee__isnull", False), models.Q(("symbol", ""), _negated=True)),
                            _connector="OR",
                        ),
                        name="review_treaty_body_has_committee_and_symbol",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("symbol", ""), _negated=True),
                        fields=("symbol",),
                        name="unique_review_symbol",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="RecommendationEvent",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("imported", "Recommendations imported"),
                            ("received", "Recommendation received"),
                            ("response_proposed", "Response proposed"),
                            ("response_recorded", "Response recorded"),
                            ("put_on_agenda", "Put on an IWG agenda"),
                            ("removed_from_agenda", "Removed from an IWG agenda"),
                            ("iwg_decision", "IWG decision"),
                            ("measure_planned", "Measure planned"),
                            ("measure_cancelled", "Measure cancelled"),
                            ("target_missed", "Target date missed"),
                            ("report_submitted", "Progress report submitted"),
                            ("report_accepted", "Progress report accepted"),
                            ("report_returned", "Progress report returned"),
                            ("measure_completed", "Measure completed"),
                            ("communication_linked", "Communication linked"),
                        ],
                        max_length=30,
                        verbose_name="kind",
                    ),
                ),
                ("from_status", models.CharField(blank=True, max_length=30, verbose_name="from")),
                ("to_status", models.CharField(blank=True, max_length=30, verbose_name="to")),
                ("parameters", models.JSONField(blank=True, default=dict, verbose_name="detail")),
                ("occurred_at", models.DateTimeField(db_index=True, verbose_name="when")),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        help_text="Empty when the system acted.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "measure",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="events",
                        to="recommendations.measure",
                    ),
                ),
                (
                    "recommendation",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="events",
                        to="recommendations.recommendation",
                    ),
                ),
                (
                    "review",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="events",
                        to="recommendations.review",
                    ),
                ),
            ],
            options={
                "verbose_name": "recommendation event",
                "verbose_name_plural": "recommendation events",
                "ordering": ["occurred_at", "id"],
            },
        ),
        migrations.AddField(
            model_name="recommendation",
            name="review",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="recommendations",
                to="recommendations.review",
                verbose_name="review",
            ),
        ),
        migrations.CreateModel(
            name="HistoricalRecommendation",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "created_at",
                    models.DateTimeField(blank=True, db_index=True, editable=False, verbose_name="created at"),
                ),
                ("updated_at", models.DateTimeField(blank=True, editable=False, verbose_name="updated at")),
                (
                    "number",
                    models.CharField(
                        help_text="As the source numbers it, e.g. 45.123 (UPR) or 23 (b) written 23(b).",
                        max_length=30,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[0-9A-Za-z][0-9A-Za-z.()\\-]*$", "Enter a paragraph number such as 45.123."
                            )
                        ],
                        verbose_name="paragraph or number",
                    ),
                ),
                (
                    "recommending_states",
                    models.CharField(
                        blank=True,
                        help_text="For UPR: the States, comma-separated.",
                        max_length=1000,
                        verbose_name="recommending States",
                    ),
                ),
                ("text", models.TextField(verbose_name="text as received")),
                ("text_ru", models.TextField(blank=True, verbose_name="text in Russian")),
                ("text_kk", models.TextField(blank=True, verbose_name="text in Kazakh")),
                (
                    "sdg_targets",
                    models.CharField(
                        blank=True,
                        help_text="Sustainable Development Goal targets, e.g. 16.3, 5.2.",
                        max_length=200,
                        verbose_name="SDG targets",
                    ),
                ),
                ("affected_groups", models.CharField(blank=True, max_length=500, verbose_name="affected groups")),
                (
                    "follow_up",
                    models.BooleanField(
                        default=False,
                        help_text="The committee asks for information on it early.",
                        verbose_name="singled out for follow-up",
                    ),
                ),
                (
                    "follow_up_due_on",
                    models.DateField(
                        blank=True,
                        help_text="Computed from the adoption date and the committee's follow-up period.",
                        null=True,
                        verbose_name="follow-up due on",
                    ),
                ),
                (
                    "implementation",
                    models.CharField(
                        choices=[
                            ("not_planned", "No measure planned"),
                            ("planned", "Measures planned"),
                            ("in_progress", "Being implemented"),
                            ("implemented", "Implemented"),
                        ],
                        default="not_planned",
                        max_length=20,
                        verbose_name="implementation",
                    ),
                ),
                (
                    "lock_version",
                    models.PositiveIntegerField(default=0, help_text="Guards against a silent concurrent edit."),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "review",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="recommendations.review",
                        verbose_name="review",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical recommendation",
                "verbose_name_plural": "historical recommendations",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddField(
            model_name="recommendation",
            name="themes",
            field=models.ManyToManyField(
                blank=True, related_name="recommendations", to="recommendations.theme", verbose_name="themes"
            ),
        ),
        migrations.AddConstraint(
            model_name="recommendation",
            constraint=models.UniqueConstraint(fields=("review", "number"), name="unique_recommendation_number"),
        ),
        migrations.CreateModel(
            name="HistoricalRecommendation_themes",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="recommendations.historicalrecommendation",
                    ),
                ),
                (
                    "recommendation",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="recommendations.recommendation",
                    ),
                ),
                (
                    "theme",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="recommendations.theme",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalRecommendation_themes",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="FollowUpPeriod",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "months",
                    models.PositiveSmallIntegerField(
                        help_text="Calendar months from the adoption of the concluding observations to the follow-up report.",
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(60),
                        ],
                        verbose_name="months",
                    ),
                ),
                (
                    "committee",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="follow_up_period",
                        to="communications.committee",
                        verbose_name="committee",
                    ),
                ),
            ],
            options={
                "verbose_name": "follow-up period",
                "verbose_name_plural": "follow-up periods",
                "ordering": ["committee__code"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("months__gte", 1), ("months__lte", 60)), name="follow_up_months_range"
                    )
                ],
            },
        ),
        migrations.RunPython(
            code=_themes.seed,
            reverse_code=_themes.unseed,
        ),
    ]
