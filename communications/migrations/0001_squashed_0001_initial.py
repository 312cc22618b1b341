"""Communications' tables as the models define them today, each created with its fields, indexes and constraints: the
first half of the squash of migrations 0001 to 0017 (the second, 0002_squashed_0017_import_job_kind, comes after the
meetings app's first migration, which it needs). The old 0001_initial and 0002_initial created the tables bare and
then added 95 fields and 30 constraints one by one, and Django re-renders every related model state at each: most of
the time a new database (and each test process's test database) took to build.

A database that has the replaced migration applied records this one as applied without running it; the old
migrations stay until every installation has run them (then `replaces` and the old files can go)."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [("communications", "0001_initial")]

    initial = True

    dependencies = [
        ("iwg", "0010_calendar_token_secret_removed"),
        ("iwg", "__first__"),
    ]

    operations = [
        migrations.CreateModel(
            name="Committee",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "code",
                    models.CharField(
                        choices=[
                            ("CCPR", "Human Rights Committee"),
                            ("CAT", "Committee against Torture"),
                            ("CERD", "Committee on the Elimination of Racial Discrimination"),
                            ("CEDAW", "Committee on the Elimination of Discrimination against Women"),
                            ("CRPD", "Committee on the Rights of Persons with Disabilities"),
                            ("CRC", "Committee on the Rights of the Child"),
                        ],
                        max_length=10,
                        unique=True,
                        verbose_name="code",
                    ),
                ),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                ("treaty", models.CharField(blank=True, max_length=300, verbose_name="treaty and procedure")),
                (
                    "calls_views_opinion",
                    models.BooleanField(
                        default=False,
                        help_text="CERD adopts 'opinions' rather than 'Views'.",
                        verbose_name="calls its Views an opinion",
                    ),
                ),
            ],
            options={
                "verbose_name": "committee",
                "verbose_name_plural": "committees",
                "ordering": ["code"],
            },
        ),
        migrations.CreateModel(
            name="SweepRun",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("started_at", models.DateTimeField(verbose_name="started at")),
                ("finished_at", models.DateTimeField(db_index=True, verbose_name="finished at")),
                (
                    "swept_for",
                    models.DateField(
                        help_text="The date in Kazakhstan the sweep ran for.", verbose_name="date swept for"
                    ),
                ),
                ("examined", models.PositiveIntegerField(default=0, verbose_name="deadlines examined")),
                ("reminders", models.PositiveIntegerField(default=0, verbose_name="reminders")),
                ("catch_ups", models.PositiveIntegerField(default=0, verbose_name="catch-up reminders")),
                ("missed", models.PositiveIntegerField(default=0, verbose_name="deadlines marked missed")),
                ("escalations", models.PositiveIntegerField(default=0, verbose_name="escalations")),
                ("options_closed", models.PositiveIntegerField(default=0, verbose_name="options closed unused")),
                ("notifications", models.PositiveIntegerField(default=0, verbose_name="notifications created")),
                ("errors", models.PositiveIntegerField(default=0, verbose_name="deadlines that failed")),
            ],
            options={
                "verbose_name": "deadline sweep",
                "verbose_name_plural": "deadline sweeps",
                "ordering": ["-finished_at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="Communication",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "number",
                    models.CharField(
                        help_text="The committee's number, e.g. 2137/2012.", max_length=30, verbose_name="number"
                    ),
                ),
                (
                    "symbols",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text="e.g. CCPR/C/130/D/2521/2015",
                        verbose_name="document symbols",
                    ),
                ),
                ("subject", models.TextField(blank=True, verbose_name="subject matter")),
                ("articles_invoked", models.JSONField(blank=True, default=list, verbose_name="articles invoked")),
                ("submitted_on", models.DateField(blank=True, null=True, verbose_name="date submitted")),
                (
                    "transmitted_on",
                    models.DateField(
                        blank=True,
                        help_text="OHCHR's date of transmission.",
                        null=True,
                        verbose_name="date transmitted to the State",
                    ),
                ),
                (
                    "phase",
                    models.CharField(
                        choices=[
                            ("pending", "Pending"),
                            ("decided", "Decided"),
                            ("follow_up", "Follow-up"),
                            ("closed", "Closed"),
                        ],
                        default="pending",
                        max_length=20,
                        verbose_name="phase",
                    ),
                ),
                (
                    "lock_version",
                    models.PositiveIntegerField(default=0, help_text="Guards against a silent concurrent edit."),
                ),
                ("merged_at", models.DateTimeField(blank=True, null=True, verbose_name="merged at")),
                (
                    "next_due_on",
                    models.DateField(
                        blank=True,
                        editable=False,
                        help_text="Derived: the nearest open or missed obligation (the optional admissibility date left out).",
                        null=True,
                        verbose_name="next due date",
                    ),
                ),
                (
                    "next_due_kind",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("committee", "Committee's deadline for the reply"),
                            ("admissibility_request", "Last day to ask for admissibility to be examined separately"),
                            ("pgo_analysis", "PGO legal analysis"),
                            ("iwg_consideration", "IWG consideration"),
                            ("position_approval", "Approval of the State position"),
                            ("dispatch", "Dispatch to OHCHR"),
                            ("measure_target", "Target date of an action-plan measure"),
                        ],
                        editable=False,
                        max_length=30,
                        verbose_name="next deadline kind",
                    ),
                ),
                (
                    "has_urgent_round",
                    models.BooleanField(
                        default=False,
                        editable=False,
                        help_text="Derived: a round with interim or protection measures, neither sent nor cancelled.",
                        verbose_name="has an urgent round",
                    ),
                ),
                (
                    "first_received_on",
                    models.DateField(
                        blank=True,
                        editable=False,
                        help_text="Derived: the date the first incoming note was received.",
                        null=True,
                        verbose_name="first note received",
                    ),
                ),
                (
                    "number_sort",
                    models.CharField(
                        blank=True,
                        editable=False,
                        help_text="Derived from the number: year, then running number (communications/numbers.py: sort_key).",
                        max_length=50,
                        verbose_name="number sort key",
                    ),
                ),
                (
                    "committee",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        to="communications.committee",
                        verbose_name="committee",
                    ),
                ),
                (
                    "merged_into",
                    models.ForeignKey(
                        blank=True,
                        help_text="Registered twice: this duplicate was merged into that communication, which carries its number.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="merged_duplicates",
                        to="communications.communication",
                        verbose_name="merged into",
                    ),
                ),
            ],
            options={
                "verbose_name": "communication",
                "verbose_name_plural": "communications",
                "ordering": ["-created_at"],
                "indexes": [
                    models.Index(
                        models.OrderBy(models.F("next_due_on")),
                        models.OrderBy(models.F("id"), descending=True),
                        name="comm_next_due_asc",
                    ),
                    models.Index(
                        models.OrderBy(models.F("first_received_on")),
                        models.OrderBy(models.F("id"), descending=True),
                        name="comm_received_asc",
                    ),
                    models.Index(
                        models.OrderBy(models.F("number_sort")),
                        models.OrderBy(models.F("id"), descending=True),
                        name="comm_number_sort",
                    ),
                    models.Index(fields=["updated_at", "id"], name="comm_updated"),
                    models.Index(fields=["created_at", "id"], name="comm_created"),
                    models.Index(fields=["phase", "next_due_on"], name="comm_phase_next_due"),
                    models.Index(fields=["committee", "next_due_on"], name="comm_committee_next_due"),
                ],
                "constraints": [
                    models.UniqueConstraint(fields=("committee", "number"), name="unique_communication_number")
                ],
            },
        ),
        migrations.CreateModel(
            name="Deadline",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("committee", "Committee's deadline for the reply"),
                            ("admissibility_request", "Last day to ask for admissibility to be examined separately"),
                            ("pgo_analysis", "PGO legal analysis"),
                            ("iwg_consideration", "IWG consideration"),
                            ("position_approval", "Approval of the State position"),
                            ("dispatch", "Dispatch to OHCHR"),
                            ("measure_target", "Target date of an action-plan measure"),
                        ],
                        max_length=30,
                        verbose_name="kind",
                    ),
                ),
                ("due_on", models.DateField(db_index=True, verbose_name="due date")),
                (
                    "basis",
                    models.CharField(
                        blank=True,
                        help_text="The basis in the words of whoever set the deadline; kept for rows written before bases were data.",
                        max_length=300,
                        verbose_name="basis (as written)",
                    ),
                ),
                (
                    "basis_parameters",
                    models.JSONField(
                        blank=True,
                        default=dict,
                        help_text="Where the date comes from, as a text code and its parameters; shown in the reader's language.",
                        verbose_name="basis",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[("open", "Open"), ("met", "Met"), ("missed", "Missed"), ("cancelled", "Cancelled")],
                        default="open",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                (
                    "set_manually",
                    models.BooleanField(
                        default=False,
                        help_text="Set by the MFA rather than computed; an extension keeps it.",
                        verbose_name="set by hand",
                    ),
                ),
                ("completed_at", models.DateTimeField(blank=True, null=True, verbose_name="completed at")),
                ("met_late", models.BooleanField(default=False, verbose_name="met late")),
                (
                    "lock_version",
                    models.PositiveIntegerField(default=0, help_text="Guards against a silent concurrent edit."),
                ),
                (
                    "responsible_agency",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, to="iwg.agency", verbose_name="responsible agency"
                    ),
                ),
            ],
            options={
                "verbose_name": "deadline",
                "verbose_name_plural": "deadlines",
                "ordering": ["due_on", "id"],
                "indexes": [models.Index(fields=["status", "due_on"], name="deadline_status_due")],
            },
        ),
        migrations.CreateModel(
            name="DeadlineNotice",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("reminder", "Reminder"),
                            ("catch_up", "Catch-up reminder"),
                            ("missed", "Deadline missed"),
                            ("escalation", "Escalation"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                (
                    "level",
                    models.PositiveSmallIntegerField(
                        help_text="Working days before the due date that the reminder is for; 0 for a missed notice or escalation.",
                        verbose_name="level",
                    ),
                ),
                (
                    "due_on",
                    models.DateField(
                        help_text="The due date the notice was computed against.", verbose_name="due date"
                    ),
                ),
                (
                    "skipped_levels",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text="For a catch-up reminder: the levels that could not be sent on their day and that it replaces.",
                        verbose_name="reminders replaced",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="created at")),
                (
                    "notified_at",
                    models.DateTimeField(
                        blank=True,
                        help_text="When its immediate e-mails were sent (users who chose the digest get it in their digest).",
                        null=True,
                        verbose_name="e-mailed at",
                    ),
                ),
                (
                    "cancelled_at",
                    models.DateTimeField(
                        blank=True,
                        help_text="Set when the notice no longer applies.",
                        null=True,
                        verbose_name="withdrawn at",
                    ),
                ),
                ("cancel_reason", models.CharField(blank=True, max_length=300, verbose_name="why withdrawn")),
                (
                    "deadline",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notices",
                        to="communications.deadline",
                    ),
                ),
            ],
            options={
                "verbose_name": "deadline notice",
                "verbose_name_plural": "deadline notices",
                "ordering": ["-created_at", "-id"],
                "indexes": [
                    models.Index(
                        condition=models.Q(("cancelled_at__isnull", True), ("notified_at__isnull", True)),
                        fields=["created_at"],
                        name="deadline_notice_unsent",
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("deadline", "kind", "level", "due_on"), name="unique_deadline_notice"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Decision",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("views_violation", "Views: violation found"),
                            ("views_no_violation", "Views: no violation"),
                            ("inadmissible", "Inadmissible"),
                            ("discontinued", "Discontinued"),
                        ],
                        max_length=30,
                        verbose_name="kind",
                    ),
                ),
                ("adopted_on", models.DateField(verbose_name="date adopted")),
                (
                    "symbol",
                    models.CharField(
                        blank=True, help_text="CCPR/C/130/D/2521/2015", max_length=100, verbose_name="document symbol"
                    ),
                ),
                (
                    "articles_violated",
                    models.JSONField(blank=True, default=list, verbose_name="articles found violated"),
                ),
                ("summary", models.TextField(blank=True, verbose_name="summary")),
                (
                    "communication",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="decision",
                        to="communications.communication",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "final decision",
                "verbose_name_plural": "final decisions",
            },
        ),
        migrations.CreateModel(
            name="Document",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                ("file", models.FileField(upload_to="documents/%Y/%m/", verbose_name="file")),
                ("original_name", models.CharField(max_length=200, verbose_name="file name")),
                ("content_type", models.CharField(max_length=100, verbose_name="type")),
                ("size", models.PositiveBigIntegerField(verbose_name="size in bytes")),
                ("sha256", models.CharField(max_length=64)),
                (
                    "language",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("en", "English"),
                            ("ru", "Russian"),
                            ("kk", "Kazakh"),
                            ("fr", "French"),
                            ("es", "Spanish"),
                        ],
                        max_length=5,
                        verbose_name="language",
                    ),
                ),
                (
                    "communication",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="documents",
                        to="communications.communication",
                    ),
                ),
                (
                    "uploaded_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "document",
                "verbose_name_plural": "documents",
                "ordering": ["-created_at"],
            },
        ),
        migrations.CreateModel(
            name="ExportJob",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "kind",
                    models.CharField(
                        choices=[("register", "Register of communications"), ("deadlines", "Deadlines")],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                (
                    "format",
                    models.CharField(choices=[("xlsx", "XLSX"), ("csv", "CSV")], max_length=10, verbose_name="format"),
                ),
                (
                    "filters",
                    models.JSONField(
                        blank=True, default=dict, help_text="The query string, as given.", verbose_name="filters"
                    ),
                ),
                ("language", models.CharField(default="ru", max_length=5, verbose_name="language")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Waiting"),
                            ("running", "Running"),
                            ("done", "Ready"),
                            ("failed", "Failed"),
                        ],
                        default="pending",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                ("progress", models.PositiveSmallIntegerField(default=0, verbose_name="progress, %")),
                ("row_count", models.PositiveIntegerField(default=0, verbose_name="rows")),
                ("file", models.FileField(blank=True, upload_to="exports/%Y/%m/", verbose_name="file")),
                ("error", models.TextField(blank=True, verbose_name="error")),
                ("finished_at", models.DateTimeField(blank=True, null=True, verbose_name="finished at")),
                (
                    "owner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={
                "verbose_name": "export job",
                "verbose_name_plural": "export jobs",
                "ordering": ["-created_at", "-id"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("progress__lte", 100)), name="export_job_progress_percent"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="HandoffNotice",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("step", models.CharField(max_length=40, verbose_name="step")),
                ("key", models.CharField(max_length=60, verbose_name="occurrence")),
                ("urgent", models.BooleanField(default=False, verbose_name="urgent")),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="created at")),
                ("notified_at", models.DateTimeField(blank=True, null=True, verbose_name="e-mailed at")),
                (
                    "communication",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="handoffs",
                        to="communications.communication",
                    ),
                ),
            ],
            options={
                "verbose_name": "hand-off notice",
                "verbose_name_plural": "hand-off notices",
                "ordering": ["-created_at", "-id"],
                "constraints": [
                    models.UniqueConstraint(fields=("communication", "step", "key"), name="unique_handoff_notice")
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalCommittee",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "created_at",
                    models.DateTimeField(blank=True, db_index=True, editable=False, verbose_name="created at"),
                ),
                ("updated_at", models.DateTimeField(blank=True, editable=False, verbose_name="updated at")),
                (
                    "code",
                    models.CharField(
                        choices=[
                            ("CCPR", "Human Rights Committee"),
                            ("CAT", "Committee against Torture"),
                            ("CERD", "Committee on the Elimination of Racial Discrimination"),
                            ("CEDAW", "Committee on the Elimination of Discrimination against Women"),
                            ("CRPD", "Committee on the Rights of Persons with Disabilities"),
                            ("CRC", "Committee on the Rights of the Child"),
                        ],
                        db_index=True,
                        max_length=10,
                        verbose_name="code",
                    ),
                ),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                ("treaty", models.CharField(blank=True, max_length=300, verbose_name="treaty and procedure")),
                (
                    "calls_views_opinion",
                    models.BooleanField(
                        default=False,
                        help_text="CERD adopts 'opinions' rather than 'Views'.",
                        verbose_name="calls its Views an opinion",
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
                "verbose_name": "historical committee",
                "verbose_name_plural": "historical committees",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalCommunication",
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
                        help_text="The committee's number, e.g. 2137/2012.", max_length=30, verbose_name="number"
                    ),
                ),
                (
                    "symbols",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text="e.g. CCPR/C/130/D/2521/2015",
                        verbose_name="document symbols",
                    ),
                ),
                ("subject", models.TextField(blank=True, verbose_name="subject matter")),
                ("articles_invoked", models.JSONField(blank=True, default=list, verbose_name="articles invoked")),
                ("submitted_on", models.DateField(blank=True, null=True, verbose_name="date submitted")),
                (
                    "transmitted_on",
                    models.DateField(
                        blank=True,
                        help_text="OHCHR's date of transmission.",
                        null=True,
                        verbose_name="date transmitted to the State",
                    ),
                ),
                (
                    "phase",
                    models.CharField(
                        choices=[
                            ("pending", "Pending"),
                            ("decided", "Decided"),
                            ("follow_up", "Follow-up"),
                            ("closed", "Closed"),
                        ],
                        default="pending",
                        max_length=20,
                        verbose_name="phase",
                    ),
                ),
                (
                    "lock_version",
                    models.PositiveIntegerField(default=0, help_text="Guards against a silent concurrent edit."),
                ),
                ("merged_at", models.DateTimeField(blank=True, null=True, verbose_name="merged at")),
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
                (
                    "merged_into",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="Registered twice: this duplicate was merged into that communication, which carries its number.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="communications.communication",
                        verbose_name="merged into",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical communication",
                "verbose_name_plural": "historical communications",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalDocument",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "created_at",
                    models.DateTimeField(blank=True, db_index=True, editable=False, verbose_name="created at"),
                ),
                ("updated_at", models.DateTimeField(blank=True, editable=False, verbose_name="updated at")),
                ("file", models.TextField(max_length=100, verbose_name="file")),
                ("original_name", models.CharField(max_length=200, verbose_name="file name")),
                ("content_type", models.CharField(max_length=100, verbose_name="type")),
                ("size", models.PositiveBigIntegerField(verbose_name="size in bytes")),
                ("sha256", models.CharField(max_length=64)),
                (
                    "language",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("en", "English"),
                            ("ru", "Russian"),
                            ("kk", "Kazakh"),
                            ("fr", "French"),
                            ("es", "Spanish"),
                        ],
                        max_length=5,
                        verbose_name="language",
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
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "uploaded_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical document",
                "verbose_name_plural": "historical documents",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalInternalDeadlinePolicy",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "created_at",
                    models.DateTimeField(blank=True, db_index=True, editable=False, verbose_name="created at"),
                ),
                ("updated_at", models.DateTimeField(blank=True, editable=False, verbose_name="updated at")),
                (
                    "note_kind",
                    models.CharField(
                        choices=[
                            ("new_communication", "New communication transmitted for observations"),
                            ("interim_measures", "Request for interim measures"),
                            ("protection_measures", "Request for protection measures (reprisals)"),
                            ("additional_information", "Request for additional information or comments"),
                            ("admissibility_decision", "Decision on examining admissibility separately"),
                            ("extension_granted", "Extension granted"),
                            ("views_adopted", "Views or decision adopted (with follow-up request)"),
                            ("follow_up_reminder", "Follow-up reminder"),
                            ("follow_up_assessment", "Follow-up assessment"),
                            ("discontinuance", "Discontinuance"),
                            ("state_reply", "State's reply (outgoing)"),
                        ],
                        max_length=40,
                        verbose_name="kind of note",
                    ),
                ),
                (
                    "deadline_kind",
                    models.CharField(
                        choices=[
                            ("committee", "Committee's deadline for the reply"),
                            ("admissibility_request", "Last day to ask for admissibility to be examined separately"),
                            ("pgo_analysis", "PGO legal analysis"),
                            ("iwg_consideration", "IWG consideration"),
                            ("position_approval", "Approval of the State position"),
                            ("dispatch", "Dispatch to OHCHR"),
                            ("measure_target", "Target date of an action-plan measure"),
                        ],
                        max_length=30,
                        verbose_name="step",
                    ),
                ),
                ("days_before", models.PositiveSmallIntegerField(verbose_name="days before the committee's deadline")),
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
                "verbose_name": "historical internal deadline policy",
                "verbose_name_plural": "historical internal deadline policies",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalJoinedNumber",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "created_at",
                    models.DateTimeField(blank=True, db_index=True, editable=False, verbose_name="created at"),
                ),
                ("updated_at", models.DateTimeField(blank=True, editable=False, verbose_name="updated at")),
                ("number", models.CharField(max_length=30, verbose_name="number")),
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
                    ),
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
                "verbose_name": "historical joined number",
                "verbose_name_plural": "historical joined numbers",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalNoteVerbale",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "created_at",
                    models.DateTimeField(blank=True, db_index=True, editable=False, verbose_name="created at"),
                ),
                ("updated_at", models.DateTimeField(blank=True, editable=False, verbose_name="updated at")),
                (
                    "voided_at",
                    models.DateTimeField(
                        blank=True,
                        help_text="Set when the record was voided as registered by mistake.",
                        null=True,
                        verbose_name="voided at",
                    ),
                ),
                ("void_reason", models.TextField(blank=True, verbose_name="reason for voiding")),
                (
                    "direction",
                    models.CharField(
                        choices=[("incoming", "Incoming"), ("outgoing", "Outgoing")],
                        max_length=10,
                        verbose_name="direction",
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("new_communication", "New communication transmitted for observations"),
                            ("interim_measures", "Request for interim measures"),
                            ("protection_measures", "Request for protection measures (reprisals)"),
                            ("additional_information", "Request for additional information or comments"),
                            ("admissibility_decision", "Decision on examining admissibility separately"),
                            ("extension_granted", "Extension granted"),
                            ("views_adopted", "Views or decision adopted (with follow-up request)"),
                            ("follow_up_reminder", "Follow-up reminder"),
                            ("follow_up_assessment", "Follow-up assessment"),
                            ("discontinuance", "Discontinuance"),
                            ("state_reply", "State's reply (outgoing)"),
                        ],
                        max_length=40,
                        verbose_name="kind",
                    ),
                ),
                ("registry_number", models.CharField(max_length=50, verbose_name="MFA registry number")),
                (
                    "registered_on",
                    models.DateField(
                        help_text="Received (incoming) or sent (outgoing).", verbose_name="date received or sent"
                    ),
                ),
                ("ohchr_reference", models.CharField(blank=True, max_length=100, verbose_name="OHCHR reference")),
                (
                    "ohchr_date",
                    models.DateField(
                        blank=True,
                        help_text="The date of the note: the date of transmission.",
                        null=True,
                        verbose_name="OHCHR's date",
                    ),
                ),
                (
                    "reply_requested_by",
                    models.DateField(
                        blank=True,
                        help_text="A date the note itself sets for the reply.",
                        null=True,
                        verbose_name="reply requested by",
                    ),
                ),
                ("summary", models.TextField(blank=True, verbose_name="summary")),
                (
                    "is_historical",
                    models.BooleanField(
                        default=False,
                        help_text="A past note entered afterwards: its steps are already done, so nothing reminds or escalates.",
                        verbose_name="historical entry",
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
                    "communication",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="communications.communication",
                        verbose_name="communication",
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
                    "registered_by",
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
                    "voided_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical note verbale",
                "verbose_name_plural": "historical notes verbales",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalParty",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "created_at",
                    models.DateTimeField(blank=True, db_index=True, editable=False, verbose_name="created at"),
                ),
                ("updated_at", models.DateTimeField(blank=True, editable=False, verbose_name="updated at")),
                ("removed_at", models.DateTimeField(blank=True, null=True, verbose_name="removed at")),
                ("removal_reason", models.TextField(blank=True, verbose_name="reason for removal")),
                (
                    "role",
                    models.CharField(
                        choices=[("author", "Author"), ("victim", "Alleged victim"), ("counsel", "Counsel")],
                        max_length=20,
                        verbose_name="role",
                    ),
                ),
                ("full_name", models.CharField(max_length=200, verbose_name="full name")),
                ("initials", models.CharField(help_text="e.g. E.Z.", max_length=20, verbose_name="initials")),
                (
                    "is_confidential",
                    models.BooleanField(
                        default=False,
                        help_text="The committee keeps this person's identity confidential.",
                        verbose_name="identity confidential",
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
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "removed_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical party",
                "verbose_name_plural": "historical parties",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalRemedy",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "created_at",
                    models.DateTimeField(blank=True, db_index=True, editable=False, verbose_name="created at"),
                ),
                ("updated_at", models.DateTimeField(blank=True, editable=False, verbose_name="updated at")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("compensation", "Compensation"),
                            ("review", "Review of conviction or retrial"),
                            ("change_of_law", "Change of law"),
                            ("non_repetition", "Measures of non-repetition"),
                            ("publication", "Publication and dissemination"),
                            ("other", "Other"),
                        ],
                        max_length=30,
                        verbose_name="kind",
                    ),
                ),
                ("description", models.TextField(verbose_name="description")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Pending"),
                            ("in_progress", "In progress"),
                            ("implemented", "Implemented"),
                            ("partly", "Partly implemented"),
                            ("not_implemented", "Not implemented"),
                        ],
                        default="pending",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                (
                    "state_assessment",
                    models.CharField(
                        choices=[
                            ("pending", "Pending"),
                            ("in_progress", "In progress"),
                            ("implemented", "Implemented"),
                            ("partly", "Partly implemented"),
                            ("not_implemented", "Not implemented"),
                        ],
                        default="pending",
                        max_length=20,
                        verbose_name="State's own assessment",
                    ),
                ),
                (
                    "committee_grade",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("A", "A: largely satisfactory"),
                            ("B", "B: action taken, more needed"),
                            ("C", "C: reply not relevant or not implementing"),
                            ("D", "D: no reply after reminders"),
                            ("E", "E: contrary to the recommendation"),
                            ("B1", "B1 (before 2017)"),
                            ("B2", "B2 (before 2017)"),
                            ("C1", "C1 (before 2017)"),
                            ("C2", "C2 (before 2017)"),
                            ("D1", "D1 (before 2017)"),
                            ("D2", "D2 (before 2017)"),
                        ],
                        max_length=2,
                        verbose_name="committee's latest grade",
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
                    "decision",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="communications.decision",
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
                "verbose_name": "historical remedy",
                "verbose_name_plural": "historical remedies",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalTimeLimit",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "created_at",
                    models.DateTimeField(blank=True, db_index=True, editable=False, verbose_name="created at"),
                ),
                ("updated_at", models.DateTimeField(blank=True, editable=False, verbose_name="updated at")),
                (
                    "note_kind",
                    models.CharField(
                        choices=[
                            ("new_communication", "New communication transmitted for observations"),
                            ("interim_measures", "Request for interim measures"),
                            ("protection_measures", "Request for protection measures (reprisals)"),
                            ("additional_information", "Request for additional information or comments"),
                            ("admissibility_decision", "Decision on examining admissibility separately"),
                            ("extension_granted", "Extension granted"),
                            ("views_adopted", "Views or decision adopted (with follow-up request)"),
                            ("follow_up_reminder", "Follow-up reminder"),
                            ("follow_up_assessment", "Follow-up assessment"),
                            ("discontinuance", "Discontinuance"),
                            ("state_reply", "State's reply (outgoing)"),
                        ],
                        max_length=40,
                        verbose_name="kind of note",
                    ),
                ),
                (
                    "deadline_kind",
                    models.CharField(
                        choices=[
                            ("committee", "Committee's deadline for the reply"),
                            ("admissibility_request", "Last day to ask for admissibility to be examined separately"),
                            ("pgo_analysis", "PGO legal analysis"),
                            ("iwg_consideration", "IWG consideration"),
                            ("position_approval", "Approval of the State position"),
                            ("dispatch", "Dispatch to OHCHR"),
                            ("measure_target", "Target date of an action-plan measure"),
                        ],
                        default="committee",
                        max_length=30,
                        verbose_name="kind of deadline",
                    ),
                ),
                ("months", models.PositiveSmallIntegerField(default=0, verbose_name="months")),
                ("days", models.PositiveSmallIntegerField(default=0, verbose_name="days")),
                (
                    "basis",
                    models.CharField(
                        help_text="Where the period comes from, e.g. 'CCPR rule 92: 6 months'.",
                        max_length=300,
                        verbose_name="basis",
                    ),
                ),
                (
                    "to_confirm",
                    models.BooleanField(
                        default=False,
                        help_text="The period is an assumption that still needs confirming.",
                        verbose_name="to confirm",
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
                "verbose_name": "historical committee time limit",
                "verbose_name_plural": "historical committee time limits",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="ImportJob",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "kind",
                    models.CharField(
                        default="communications",
                        help_text="communications, or another app's kind registered in communications/import_kinds.py.",
                        max_length=30,
                        verbose_name="what is imported",
                    ),
                ),
                (
                    "target_id",
                    models.PositiveIntegerField(
                        blank=True,
                        help_text="The record the rows go into (a review for recommendations).",
                        null=True,
                        verbose_name="into",
                    ),
                ),
                ("file", models.FileField(upload_to="imports/%Y/%m/", verbose_name="file")),
                ("original_name", models.CharField(max_length=200, verbose_name="file name")),
                ("sha256", models.CharField(max_length=64)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("preview", "Checked, waiting for confirmation"),
                            ("queued", "Queued"),
                            ("running", "Importing"),
                            ("done", "Imported"),
                            ("failed", "Failed"),
                        ],
                        default="preview",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                ("progress", models.PositiveSmallIntegerField(default=0, verbose_name="progress, %")),
                ("rows_read", models.PositiveIntegerField(default=0, verbose_name="rows read")),
                ("rows_valid", models.PositiveIntegerField(default=0, verbose_name="rows without problems")),
                ("created_count", models.PositiveIntegerField(default=0, verbose_name="created")),
                ("updated_count", models.PositiveIntegerField(default=0, verbose_name="updated")),
                ("unchanged_count", models.PositiveIntegerField(default=0, verbose_name="unchanged")),
                (
                    "errors",
                    models.JSONField(
                        blank=True, default=list, help_text="[{row, field, message}]", verbose_name="problems"
                    ),
                ),
                (
                    "preview",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text="Per row: number, committee, what the import will do.",
                        verbose_name="preview",
                    ),
                ),
                ("confirmed_at", models.DateTimeField(blank=True, null=True, verbose_name="confirmed at")),
                ("finished_at", models.DateTimeField(blank=True, null=True, verbose_name="finished at")),
                (
                    "uploaded_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={
                "verbose_name": "import",
                "verbose_name_plural": "imports",
                "ordering": ["-created_at", "-id"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("progress__lte", 100)), name="import_job_progress_percent"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="InternalDeadlinePolicy",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "note_kind",
                    models.CharField(
                        choices=[
                            ("new_communication", "New communication transmitted for observations"),
                            ("interim_measures", "Request for interim measures"),
                            ("protection_measures", "Request for protection measures (reprisals)"),
                            ("additional_information", "Request for additional information or comments"),
                            ("admissibility_decision", "Decision on examining admissibility separately"),
                            ("extension_granted", "Extension granted"),
                            ("views_adopted", "Views or decision adopted (with follow-up request)"),
                            ("follow_up_reminder", "Follow-up reminder"),
                            ("follow_up_assessment", "Follow-up assessment"),
                            ("discontinuance", "Discontinuance"),
                            ("state_reply", "State's reply (outgoing)"),
                        ],
                        max_length=40,
                        verbose_name="kind of note",
                    ),
                ),
                (
                    "deadline_kind",
                    models.CharField(
                        choices=[
                            ("committee", "Committee's deadline for the reply"),
                            ("admissibility_request", "Last day to ask for admissibility to be examined separately"),
                            ("pgo_analysis", "PGO legal analysis"),
                            ("iwg_consideration", "IWG consideration"),
                            ("position_approval", "Approval of the State position"),
                            ("dispatch", "Dispatch to OHCHR"),
                            ("measure_target", "Target date of an action-plan measure"),
                        ],
                        max_length=30,
                        verbose_name="step",
                    ),
                ),
                ("days_before", models.PositiveSmallIntegerField(verbose_name="days before the committee's deadline")),
            ],
            options={
                "verbose_name": "internal deadline policy",
                "verbose_name_plural": "internal deadline policies",
                "ordering": ["note_kind", "-days_before"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("note_kind", "deadline_kind"), name="unique_internal_deadline_policy"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="JoinedNumber",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                ("number", models.CharField(max_length=30, verbose_name="number")),
                (
                    "committee",
                    models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to="communications.committee"),
                ),
                (
                    "communication",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="joined_numbers",
                        to="communications.communication",
                    ),
                ),
            ],
            options={
                "verbose_name": "joined number",
                "verbose_name_plural": "joined numbers",
                "ordering": ["number"],
                "constraints": [models.UniqueConstraint(fields=("committee", "number"), name="unique_joined_number")],
            },
        ),
        migrations.CreateModel(
            name="NoteVerbale",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "voided_at",
                    models.DateTimeField(
                        blank=True,
                        help_text="Set when the record was voided as registered by mistake.",
                        null=True,
                        verbose_name="voided at",
                    ),
                ),
                ("void_reason", models.TextField(blank=True, verbose_name="reason for voiding")),
                (
                    "direction",
                    models.CharField(
                        choices=[("incoming", "Incoming"), ("outgoing", "Outgoing")],
                        max_length=10,
                        verbose_name="direction",
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("new_communication", "New communication transmitted for observations"),
                            ("interim_measures", "Request for interim measures"),
                            ("protection_measures", "Request for protection measures (reprisals)"),
                            ("additional_information", "Request for additional information or comments"),
                            ("admissibility_decision", "Decision on examining admissibility separately"),
                            ("extension_granted", "Extension granted"),
                            ("views_adopted", "Views or decision adopted (with follow-up request)"),
                            ("follow_up_reminder", "Follow-up reminder"),
                            ("follow_up_assessment", "Follow-up assessment"),
                            ("discontinuance", "Discontinuance"),
                            ("state_reply", "State's reply (outgoing)"),
                        ],
                        max_length=40,
                        verbose_name="kind",
                    ),
                ),
                ("registry_number", models.CharField(max_length=50, verbose_name="MFA registry number")),
                (
                    "registered_on",
                    models.DateField(
                        help_text="Received (incoming) or sent (outgoing).", verbose_name="date received or sent"
                    ),
                ),
                ("ohchr_reference", models.CharField(blank=True, max_length=100, verbose_name="OHCHR reference")),
                (
                    "ohchr_date",
                    models.DateField(
                        blank=True,
                        help_text="The date of the note: the date of transmission.",
                        null=True,
                        verbose_name="OHCHR's date",
                    ),
                ),
                (
                    "reply_requested_by",
                    models.DateField(
                        blank=True,
                        help_text="A date the note itself sets for the reply.",
                        null=True,
                        verbose_name="reply requested by",
                    ),
                ),
                ("summary", models.TextField(blank=True, verbose_name="summary")),
                (
                    "is_historical",
                    models.BooleanField(
                        default=False,
                        help_text="A past note entered afterwards: its steps are already done, so nothing reminds or escalates.",
                        verbose_name="historical entry",
                    ),
                ),
                (
                    "communication",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="notes",
                        to="communications.communication",
                        verbose_name="communication",
                    ),
                ),
                (
                    "documents",
                    models.ManyToManyField(
                        blank=True, related_name="notes", to="communications.document", verbose_name="documents"
                    ),
                ),
                (
                    "registered_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "voided_by",
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
                "verbose_name": "note verbale",
                "verbose_name_plural": "notes verbales",
                "ordering": ["-registered_on", "-id"],
                "constraints": [
                    models.UniqueConstraint(fields=("direction", "registry_number"), name="unique_note_registry_number")
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalRound",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "created_at",
                    models.DateTimeField(blank=True, db_index=True, editable=False, verbose_name="created at"),
                ),
                ("updated_at", models.DateTimeField(blank=True, editable=False, verbose_name="updated at")),
                (
                    "voided_at",
                    models.DateTimeField(
                        blank=True,
                        help_text="Set when the record was voided as registered by mistake.",
                        null=True,
                        verbose_name="voided at",
                    ),
                ),
                ("void_reason", models.TextField(blank=True, verbose_name="reason for voiding")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("new_communication", "New communication transmitted for observations"),
                            ("interim_measures", "Request for interim measures"),
                            ("protection_measures", "Request for protection measures (reprisals)"),
                            ("additional_information", "Request for additional information or comments"),
                            ("admissibility_decision", "Decision on examining admissibility separately"),
                            ("extension_granted", "Extension granted"),
                            ("views_adopted", "Views or decision adopted (with follow-up request)"),
                            ("follow_up_reminder", "Follow-up reminder"),
                            ("follow_up_assessment", "Follow-up assessment"),
                            ("discontinuance", "Discontinuance"),
                            ("state_reply", "State's reply (outgoing)"),
                        ],
                        max_length=40,
                        verbose_name="kind",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("registered", "Registered"),
                            ("referred", "Referred to PGO and MoJ"),
                            ("analysis_submitted", "Legal analysis submitted"),
                            ("on_agenda", "On an IWG agenda"),
                            ("iwg_approved", "Approved by the IWG"),
                            ("position_approved", "State position approved"),
                            ("sent", "Sent to OHCHR"),
                            ("cancelled", "Cancelled"),
                        ],
                        default="registered",
                        max_length=30,
                        verbose_name="status",
                    ),
                ),
                (
                    "is_urgent",
                    models.BooleanField(
                        default=False, help_text="Interim or protection measures.", verbose_name="urgent"
                    ),
                ),
                ("referred_at", models.DateTimeField(blank=True, null=True, verbose_name="referred at")),
                (
                    "is_historical",
                    models.BooleanField(
                        default=False,
                        help_text="Entered afterwards with its steps already done: its deadlines are met or closed.",
                        verbose_name="historical entry",
                    ),
                ),
                (
                    "replied_on",
                    models.DateField(
                        blank=True,
                        help_text="For a historical entry: when the reply was sent.",
                        null=True,
                        verbose_name="reply sent on",
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
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "voided_by",
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
                    "incoming_note",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="communications.noteverbale",
                    ),
                ),
                (
                    "outgoing_note",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="communications.noteverbale",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical round",
                "verbose_name_plural": "historical rounds",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalNoteVerbale_documents",
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
                        to="communications.historicalnoteverbale",
                    ),
                ),
                (
                    "noteverbale",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="communications.noteverbale",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalNoteVerbale_documents",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalExtension",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "created_at",
                    models.DateTimeField(blank=True, db_index=True, editable=False, verbose_name="created at"),
                ),
                ("updated_at", models.DateTimeField(blank=True, editable=False, verbose_name="updated at")),
                ("previous_due_on", models.DateField(verbose_name="previous due date")),
                ("new_due_on", models.DateField(verbose_name="new due date")),
                ("reference", models.CharField(blank=True, max_length=200, verbose_name="reference")),
                ("reason", models.TextField(verbose_name="reason")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "deadline",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
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
                    "recorded_by",
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
                    "note",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="communications.noteverbale",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical extension",
                "verbose_name_plural": "historical extensions",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalDecision",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "created_at",
                    models.DateTimeField(blank=True, db_index=True, editable=False, verbose_name="created at"),
                ),
                ("updated_at", models.DateTimeField(blank=True, editable=False, verbose_name="updated at")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("views_violation", "Views: violation found"),
                            ("views_no_violation", "Views: no violation"),
                            ("inadmissible", "Inadmissible"),
                            ("discontinued", "Discontinued"),
                        ],
                        max_length=30,
                        verbose_name="kind",
                    ),
                ),
                ("adopted_on", models.DateField(verbose_name="date adopted")),
                (
                    "symbol",
                    models.CharField(
                        blank=True, help_text="CCPR/C/130/D/2521/2015", max_length=100, verbose_name="document symbol"
                    ),
                ),
                (
                    "articles_violated",
                    models.JSONField(blank=True, default=list, verbose_name="articles found violated"),
                ),
                ("summary", models.TextField(blank=True, verbose_name="summary")),
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
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "recorded_by",
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
                    "from_note",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The 'Views adopted' note it was recorded from; the MFA then completes remedies and articles.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="communications.noteverbale",
                        verbose_name="recorded from the note",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical final decision",
                "verbose_name_plural": "historical final decisions",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Extension",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                ("previous_due_on", models.DateField(verbose_name="previous due date")),
                ("new_due_on", models.DateField(verbose_name="new due date")),
                ("reference", models.CharField(blank=True, max_length=200, verbose_name="reference")),
                ("reason", models.TextField(verbose_name="reason")),
                (
                    "deadline",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="extensions",
                        to="communications.deadline",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "note",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="extensions",
                        to="communications.noteverbale",
                    ),
                ),
            ],
            options={
                "verbose_name": "extension",
                "verbose_name_plural": "extensions",
                "ordering": ["-created_at"],
            },
        ),
        migrations.AddField(
            model_name="decision",
            name="from_note",
            field=models.OneToOneField(
                blank=True,
                help_text="The 'Views adopted' note it was recorded from; the MFA then completes remedies and articles.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="recorded_decision",
                to="communications.noteverbale",
                verbose_name="recorded from the note",
            ),
        ),
        migrations.CreateModel(
            name="Notification",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("reminder", "Reminder"),
                            ("escalation", "Escalation"),
                            ("missed", "Deadline missed"),
                            ("catch_up", "Catch-up notice"),
                            ("action_needed", "Action needed"),
                            ("info", "Information"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                (
                    "title",
                    models.CharField(
                        help_text="In the recipient's language when it was created.",
                        max_length=300,
                        verbose_name="title (as written)",
                    ),
                ),
                ("message", models.TextField(blank=True, verbose_name="message (as written)")),
                (
                    "parameters",
                    models.JSONField(
                        blank=True,
                        default=dict,
                        help_text="What the notice says, as a text code and its parameters, rendered in the reader's language.",
                        verbose_name="content",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="created at")),
                ("read_at", models.DateTimeField(blank=True, null=True, verbose_name="read at")),
                ("emailed_at", models.DateTimeField(blank=True, null=True, verbose_name="e-mailed at")),
                (
                    "communication",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notifications",
                        to="communications.communication",
                    ),
                ),
                (
                    "deadline",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notifications",
                        to="communications.deadline",
                    ),
                ),
                (
                    "handoff",
                    models.ForeignKey(
                        blank=True,
                        help_text="The hand-off notice this notification delivers to one recipient.",
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notifications",
                        to="communications.handoffnotice",
                    ),
                ),
                (
                    "notice",
                    models.ForeignKey(
                        blank=True,
                        help_text="The deadline notice this notification delivers to one recipient.",
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notifications",
                        to="communications.deadlinenotice",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notifications",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "notification",
                "verbose_name_plural": "notifications",
                "ordering": ["-created_at", "-id"],
                "indexes": [models.Index(fields=["user", "read_at"], name="notification_user_unread")],
                "constraints": [
                    models.UniqueConstraint(fields=("notice", "user"), name="unique_notification_per_notice_user"),
                    models.UniqueConstraint(fields=("handoff", "user"), name="unique_notification_per_handoff_user"),
                ],
            },
        ),
        migrations.CreateModel(
            name="Party",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                ("removed_at", models.DateTimeField(blank=True, null=True, verbose_name="removed at")),
                ("removal_reason", models.TextField(blank=True, verbose_name="reason for removal")),
                (
                    "role",
                    models.CharField(
                        choices=[("author", "Author"), ("victim", "Alleged victim"), ("counsel", "Counsel")],
                        max_length=20,
                        verbose_name="role",
                    ),
                ),
                ("full_name", models.CharField(max_length=200, verbose_name="full name")),
                ("initials", models.CharField(help_text="e.g. E.Z.", max_length=20, verbose_name="initials")),
                (
                    "is_confidential",
                    models.BooleanField(
                        default=False,
                        help_text="The committee keeps this person's identity confidential.",
                        verbose_name="identity confidential",
                    ),
                ),
                (
                    "communication",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="parties",
                        to="communications.communication",
                    ),
                ),
                (
                    "removed_by",
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
                "verbose_name": "party",
                "verbose_name_plural": "parties",
                "ordering": ["role", "id"],
            },
        ),
        migrations.CreateModel(
            name="Remedy",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("compensation", "Compensation"),
                            ("review", "Review of conviction or retrial"),
                            ("change_of_law", "Change of law"),
                            ("non_repetition", "Measures of non-repetition"),
                            ("publication", "Publication and dissemination"),
                            ("other", "Other"),
                        ],
                        max_length=30,
                        verbose_name="kind",
                    ),
                ),
                ("description", models.TextField(verbose_name="description")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Pending"),
                            ("in_progress", "In progress"),
                            ("implemented", "Implemented"),
                            ("partly", "Partly implemented"),
                            ("not_implemented", "Not implemented"),
                        ],
                        default="pending",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                (
                    "state_assessment",
                    models.CharField(
                        choices=[
                            ("pending", "Pending"),
                            ("in_progress", "In progress"),
                            ("implemented", "Implemented"),
                            ("partly", "Partly implemented"),
                            ("not_implemented", "Not implemented"),
                        ],
                        default="pending",
                        max_length=20,
                        verbose_name="State's own assessment",
                    ),
                ),
                (
                    "committee_grade",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("A", "A: largely satisfactory"),
                            ("B", "B: action taken, more needed"),
                            ("C", "C: reply not relevant or not implementing"),
                            ("D", "D: no reply after reminders"),
                            ("E", "E: contrary to the recommendation"),
                            ("B1", "B1 (before 2017)"),
                            ("B2", "B2 (before 2017)"),
                            ("C1", "C1 (before 2017)"),
                            ("C2", "C2 (before 2017)"),
                            ("D1", "D1 (before 2017)"),
                            ("D2", "D2 (before 2017)"),
                        ],
                        max_length=2,
                        verbose_name="committee's latest grade",
                    ),
                ),
                (
                    "lock_version",
                    models.PositiveIntegerField(default=0, help_text="Guards against a silent concurrent edit."),
                ),
                (
                    "decision",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="remedies",
                        to="communications.decision",
                    ),
                ),
                (
                    "responsible_agency",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, to="iwg.agency", verbose_name="responsible agency"
                    ),
                ),
            ],
            options={
                "verbose_name": "remedy",
                "verbose_name_plural": "remedies",
                "ordering": ["id"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalRemedyGrade",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "created_at",
                    models.DateTimeField(blank=True, db_index=True, editable=False, verbose_name="created at"),
                ),
                ("updated_at", models.DateTimeField(blank=True, editable=False, verbose_name="updated at")),
                (
                    "grade",
                    models.CharField(
                        choices=[
                            ("A", "A: largely satisfactory"),
                            ("B", "B: action taken, more needed"),
                            ("C", "C: reply not relevant or not implementing"),
                            ("D", "D: no reply after reminders"),
                            ("E", "E: contrary to the recommendation"),
                            ("B1", "B1 (before 2017)"),
                            ("B2", "B2 (before 2017)"),
                            ("C1", "C1 (before 2017)"),
                            ("C2", "C2 (before 2017)"),
                            ("D1", "D1 (before 2017)"),
                            ("D2", "D2 (before 2017)"),
                        ],
                        max_length=2,
                        verbose_name="committee's grade",
                    ),
                ),
                ("assessed_on", models.DateField(verbose_name="date of the assessment")),
                (
                    "reference",
                    models.CharField(
                        blank=True, help_text="Follow-up report symbol.", max_length=200, verbose_name="reference"
                    ),
                ),
                (
                    "state_assessment",
                    models.CharField(
                        choices=[
                            ("pending", "Pending"),
                            ("in_progress", "In progress"),
                            ("implemented", "Implemented"),
                            ("partly", "Partly implemented"),
                            ("not_implemented", "Not implemented"),
                        ],
                        max_length=20,
                        verbose_name="State's own assessment",
                    ),
                ),
                ("comment", models.TextField(blank=True, verbose_name="comment")),
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
                    "recorded_by",
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
                    "remedy",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="communications.remedy",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical follow-up grade",
                "verbose_name_plural": "historical follow-up grades",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalRemedyAction",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "created_at",
                    models.DateTimeField(blank=True, db_index=True, editable=False, verbose_name="created at"),
                ),
                ("updated_at", models.DateTimeField(blank=True, editable=False, verbose_name="updated at")),
                ("taken_on", models.DateField(verbose_name="date")),
                ("description", models.TextField(verbose_name="what was done")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "agency",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="iwg.agency",
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
                    "recorded_by",
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
                    "remedy",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="communications.remedy",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical remedy action",
                "verbose_name_plural": "historical remedy actions",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="RemedyAction",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                ("taken_on", models.DateField(verbose_name="date")),
                ("description", models.TextField(verbose_name="what was done")),
                ("agency", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to="iwg.agency")),
                (
                    "recorded_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "remedy",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="actions", to="communications.remedy"
                    ),
                ),
            ],
            options={
                "verbose_name": "remedy action",
                "verbose_name_plural": "remedy actions",
                "ordering": ["-taken_on", "-id"],
            },
        ),
        migrations.CreateModel(
            name="RemedyGrade",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "grade",
                    models.CharField(
                        choices=[
                            ("A", "A: largely satisfactory"),
                            ("B", "B: action taken, more needed"),
                            ("C", "C: reply not relevant or not implementing"),
                            ("D", "D: no reply after reminders"),
                            ("E", "E: contrary to the recommendation"),
                            ("B1", "B1 (before 2017)"),
                            ("B2", "B2 (before 2017)"),
                            ("C1", "C1 (before 2017)"),
                            ("C2", "C2 (before 2017)"),
                            ("D1", "D1 (before 2017)"),
                            ("D2", "D2 (before 2017)"),
                        ],
                        max_length=2,
                        verbose_name="committee's grade",
                    ),
                ),
                ("assessed_on", models.DateField(verbose_name="date of the assessment")),
                (
                    "reference",
                    models.CharField(
                        blank=True, help_text="Follow-up report symbol.", max_length=200, verbose_name="reference"
                    ),
                ),
                (
                    "state_assessment",
                    models.CharField(
                        choices=[
                            ("pending", "Pending"),
                            ("in_progress", "In progress"),
                            ("implemented", "Implemented"),
                            ("partly", "Partly implemented"),
                            ("not_implemented", "Not implemented"),
                        ],
                        max_length=20,
                        verbose_name="State's own assessment",
                    ),
                ),
                ("comment", models.TextField(blank=True, verbose_name="comment")),
                (
                    "recorded_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "remedy",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="grades", to="communications.remedy"
                    ),
                ),
            ],
            options={
                "verbose_name": "follow-up grade",
                "verbose_name_plural": "follow-up grades",
                "ordering": ["-assessed_on", "-id"],
            },
        ),
        migrations.CreateModel(
            name="Round",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "voided_at",
                    models.DateTimeField(
                        blank=True,
                        help_text="Set when the record was voided as registered by mistake.",
                        null=True,
                        verbose_name="voided at",
                    ),
                ),
                ("void_reason", models.TextField(blank=True, verbose_name="reason for voiding")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("new_communication", "New communication transmitted for observations"),
                            ("interim_measures", "Request for interim measures"),
                            ("protection_measures", "Request for protection measures (reprisals)"),
                            ("additional_information", "Request for additional information or comments"),
                            ("admissibility_decision", "Decision on examining admissibility separately"),
                            ("extension_granted", "Extension granted"),
                            ("views_adopted", "Views or decision adopted (with follow-up request)"),
                            ("follow_up_reminder", "Follow-up reminder"),
                            ("follow_up_assessment", "Follow-up assessment"),
                            ("discontinuance", "Discontinuance"),
                            ("state_reply", "State's reply (outgoing)"),
                        ],
                        max_length=40,
                        verbose_name="kind",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("registered", "Registered"),
                            ("referred", "Referred to PGO and MoJ"),
                            ("analysis_submitted", "Legal analysis submitted"),
                            ("on_agenda", "On an IWG agenda"),
                            ("iwg_approved", "Approved by the IWG"),
                            ("position_approved", "State position approved"),
                            ("sent", "Sent to OHCHR"),
                            ("cancelled", "Cancelled"),
                        ],
                        default="registered",
                        max_length=30,
                        verbose_name="status",
                    ),
                ),
                (
                    "is_urgent",
                    models.BooleanField(
                        default=False, help_text="Interim or protection measures.", verbose_name="urgent"
                    ),
                ),
                ("referred_at", models.DateTimeField(blank=True, null=True, verbose_name="referred at")),
                (
                    "is_historical",
                    models.BooleanField(
                        default=False,
                        help_text="Entered afterwards with its steps already done: its deadlines are met or closed.",
                        verbose_name="historical entry",
                    ),
                ),
                (
                    "replied_on",
                    models.DateField(
                        blank=True,
                        help_text="For a historical entry: when the reply was sent.",
                        null=True,
                        verbose_name="reply sent on",
                    ),
                ),
                (
                    "communication",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="rounds",
                        to="communications.communication",
                    ),
                ),
                (
                    "incoming_note",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="opened_round",
                        to="communications.noteverbale",
                    ),
                ),
                (
                    "outgoing_note",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="answered_round",
                        to="communications.noteverbale",
                    ),
                ),
                (
                    "voided_by",
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
                "verbose_name": "round",
                "verbose_name_plural": "rounds",
                "ordering": ["-created_at"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("kind", "new_communication"), ("voided_at__isnull", True)),
                        fields=("communication",),
                        name="unique_first_reply_round",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="LegalAnalysis",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                ("version", models.PositiveSmallIntegerField(verbose_name="version")),
                ("summary", models.TextField(verbose_name="summary")),
                (
                    "admissibility_conclusion",
                    models.CharField(
                        choices=[
                            ("admissible", "Admissible"),
                            ("inadmissible", "Inadmissible"),
                            ("no_violation", "No violation"),
                            ("violation", "Violation"),
                            ("partly", "Partly founded"),
                            ("not_applicable", "Not applicable"),
                        ],
                        max_length=20,
                        verbose_name="conclusion on admissibility",
                    ),
                ),
                (
                    "merits_conclusion",
                    models.CharField(
                        choices=[
                            ("admissible", "Admissible"),
                            ("inadmissible", "Inadmissible"),
                            ("no_violation", "No violation"),
                            ("violation", "Violation"),
                            ("partly", "Partly founded"),
                            ("not_applicable", "Not applicable"),
                        ],
                        max_length=20,
                        verbose_name="conclusion on the merits",
                    ),
                ),
                ("submitted_at", models.DateTimeField(verbose_name="submitted at")),
                ("is_late", models.BooleanField(default=False, verbose_name="late")),
                (
                    "document",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to="communications.document"
                    ),
                ),
                (
                    "submitted_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
                (
                    "round",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="analyses", to="communications.round"
                    ),
                ),
            ],
            options={
                "verbose_name": "legal analysis",
                "verbose_name_plural": "legal analyses",
                "ordering": ["round", "-version"],
                "constraints": [models.UniqueConstraint(fields=("round", "version"), name="unique_analysis_version")],
            },
        ),
        migrations.CreateModel(
            name="HistoricalStatePosition",
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
                        choices=[("draft", "Draft"), ("approved", "Approved"), ("sent", "Sent")],
                        default="draft",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                ("approved_at", models.DateTimeField(blank=True, null=True, verbose_name="approved at")),
                ("sent_on", models.DateField(blank=True, null=True, verbose_name="date sent")),
                ("lock_version", models.PositiveIntegerField(default=0)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "approved_by",
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
                    "round",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="communications.round",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical State position",
                "verbose_name_plural": "historical State positions",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalLegalAnalysis",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "created_at",
                    models.DateTimeField(blank=True, db_index=True, editable=False, verbose_name="created at"),
                ),
                ("updated_at", models.DateTimeField(blank=True, editable=False, verbose_name="updated at")),
                ("version", models.PositiveSmallIntegerField(verbose_name="version")),
                ("summary", models.TextField(verbose_name="summary")),
                (
                    "admissibility_conclusion",
                    models.CharField(
                        choices=[
                            ("admissible", "Admissible"),
                            ("inadmissible", "Inadmissible"),
                            ("no_violation", "No violation"),
                            ("violation", "Violation"),
                            ("partly", "Partly founded"),
                            ("not_applicable", "Not applicable"),
                        ],
                        max_length=20,
                        verbose_name="conclusion on admissibility",
                    ),
                ),
                (
                    "merits_conclusion",
                    models.CharField(
                        choices=[
                            ("admissible", "Admissible"),
                            ("inadmissible", "Inadmissible"),
                            ("no_violation", "No violation"),
                            ("violation", "Violation"),
                            ("partly", "Partly founded"),
                            ("not_applicable", "Not applicable"),
                        ],
                        max_length=20,
                        verbose_name="conclusion on the merits",
                    ),
                ),
                ("submitted_at", models.DateTimeField(verbose_name="submitted at")),
                ("is_late", models.BooleanField(default=False, verbose_name="late")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "document",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="communications.document",
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
                    "round",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="communications.round",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical legal analysis",
                "verbose_name_plural": "historical legal analyses",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalDeadline",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "created_at",
                    models.DateTimeField(blank=True, db_index=True, editable=False, verbose_name="created at"),
                ),
                ("updated_at", models.DateTimeField(blank=True, editable=False, verbose_name="updated at")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("committee", "Committee's deadline for the reply"),
                            ("admissibility_request", "Last day to ask for admissibility to be examined separately"),
                            ("pgo_analysis", "PGO legal analysis"),
                            ("iwg_consideration", "IWG consideration"),
                            ("position_approval", "Approval of the State position"),
                            ("dispatch", "Dispatch to OHCHR"),
                            ("measure_target", "Target date of an action-plan measure"),
                        ],
                        max_length=30,
                        verbose_name="kind",
                    ),
                ),
                ("due_on", models.DateField(db_index=True, verbose_name="due date")),
                (
                    "basis",
                    models.CharField(
                        blank=True,
                        help_text="The basis in the words of whoever set the deadline; kept for rows written before bases were data.",
                        max_length=300,
                        verbose_name="basis (as written)",
                    ),
                ),
                (
                    "basis_parameters",
                    models.JSONField(
                        blank=True,
                        default=dict,
                        help_text="Where the date comes from, as a text code and its parameters; shown in the reader's language.",
                        verbose_name="basis",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[("open", "Open"), ("met", "Met"), ("missed", "Missed"), ("cancelled", "Cancelled")],
                        default="open",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                (
                    "set_manually",
                    models.BooleanField(
                        default=False,
                        help_text="Set by the MFA rather than computed; an extension keeps it.",
                        verbose_name="set by hand",
                    ),
                ),
                ("completed_at", models.DateTimeField(blank=True, null=True, verbose_name="completed at")),
                ("met_late", models.BooleanField(default=False, verbose_name="met late")),
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
                (
                    "round",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The round the deadline belongs to; empty for a deadline another record owns (a measure).",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="communications.round",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical deadline",
                "verbose_name_plural": "historical deadlines",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddField(
            model_name="handoffnotice",
            name="round",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="handoffs",
                to="communications.round",
            ),
        ),
        migrations.CreateModel(
            name="Event",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("note_registered", "Note verbale registered"),
                            ("communication_updated", "Communication updated"),
                            ("round_opened", "Round opened"),
                            ("referred", "Referred to PGO and MoJ"),
                            ("analysis_submitted", "Legal analysis submitted"),
                            ("put_on_agenda", "Put on an IWG agenda"),
                            ("removed_from_agenda", "Removed from an IWG agenda"),
                            ("iwg_decision", "IWG decision"),
                            ("position_drafted", "State position drafted"),
                            ("position_approved", "State position approved"),
                            ("position_sent", "State position sent"),
                            ("deadline_extended", "Deadline extended"),
                            ("deadline_changed", "Deadline changed"),
                            ("deadline_met", "Deadline met"),
                            ("deadline_missed", "Deadline missed"),
                            ("decision_recorded", "Final decision recorded"),
                            ("remedy_action", "Remedy action recorded"),
                            ("remedy_graded", "Follow-up grade recorded"),
                            ("round_cancelled", "Round cancelled"),
                            ("phase_changed", "Phase changed"),
                            ("number_corrected", "Committee or number corrected"),
                            ("party_edited", "Party corrected"),
                            ("party_removed", "Party removed"),
                            ("confidentiality_changed", "Confidentiality changed"),
                            ("note_voided", "Note verbale voided"),
                            ("round_voided", "Round voided"),
                            ("merged", "Communications merged"),
                        ],
                        max_length=30,
                        verbose_name="kind",
                    ),
                ),
                ("from_status", models.CharField(blank=True, max_length=30, verbose_name="from")),
                ("to_status", models.CharField(blank=True, max_length=30, verbose_name="to")),
                (
                    "reason",
                    models.TextField(
                        blank=True,
                        help_text="The detail in the words of whoever acted; kept for rows written before events were data.",
                        verbose_name="reason (as written)",
                    ),
                ),
                (
                    "parameters",
                    models.JSONField(
                        blank=True,
                        default=dict,
                        help_text="The detail as a text code and its parameters (dates, numbers, statuses, ids, and what a person typed), rendered in the reader's language.",
                        verbose_name="detail",
                    ),
                ),
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
                    "communication",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="events",
                        to="communications.communication",
                    ),
                ),
                (
                    "round",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="events",
                        to="communications.round",
                    ),
                ),
            ],
            options={
                "verbose_name": "event",
                "verbose_name_plural": "events",
                "ordering": ["occurred_at", "id"],
            },
        ),
        migrations.AddField(
            model_name="deadline",
            name="round",
            field=models.ForeignKey(
                blank=True,
                help_text="The round the deadline belongs to; empty for a deadline another record owns (a measure).",
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="deadlines",
                to="communications.round",
            ),
        ),
        migrations.AddIndex(
            model_name="deadline",
            index=models.Index(fields=["responsible_agency", "status", "round"], name="deadline_agency_status"),
        ),
        migrations.AddConstraint(
            model_name="deadline",
            constraint=models.CheckConstraint(
                condition=models.Q(("round__isnull", False), ("kind__in", ["measure_target"]), _connector="OR"),
                name="deadline_round_or_owned_kind",
            ),
        ),
        migrations.AddConstraint(
            model_name="deadline",
            constraint=models.UniqueConstraint(fields=("round", "kind"), name="unique_deadline_per_round_kind"),
        ),
        migrations.CreateModel(
            name="StatePosition",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "status",
                    models.CharField(
                        choices=[("draft", "Draft"), ("approved", "Approved"), ("sent", "Sent")],
                        default="draft",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                ("approved_at", models.DateTimeField(blank=True, null=True, verbose_name="approved at")),
                ("sent_on", models.DateField(blank=True, null=True, verbose_name="date sent")),
                ("lock_version", models.PositiveIntegerField(default=0)),
                (
                    "approved_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "round",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT, related_name="position", to="communications.round"
                    ),
                ),
            ],
            options={
                "verbose_name": "State position",
                "verbose_name_plural": "State positions",
                "ordering": ["-created_at"],
            },
        ),
        migrations.CreateModel(
            name="PositionText",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "language",
                    models.CharField(
                        choices=[
                            ("en", "English"),
                            ("ru", "Russian"),
                            ("kk", "Kazakh"),
                            ("fr", "French"),
                            ("es", "Spanish"),
                        ],
                        max_length=5,
                        verbose_name="language",
                    ),
                ),
                ("text", models.TextField(verbose_name="text")),
                (
                    "document",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="communications.document",
                    ),
                ),
                (
                    "position",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="texts",
                        to="communications.stateposition",
                    ),
                ),
            ],
            options={
                "verbose_name": "position text",
                "verbose_name_plural": "position texts",
                "ordering": ["language"],
                "constraints": [
                    models.UniqueConstraint(fields=("position", "language"), name="unique_position_language")
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalPositionText",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "created_at",
                    models.DateTimeField(blank=True, db_index=True, editable=False, verbose_name="created at"),
                ),
                ("updated_at", models.DateTimeField(blank=True, editable=False, verbose_name="updated at")),
                (
                    "language",
                    models.CharField(
                        choices=[
                            ("en", "English"),
                            ("ru", "Russian"),
                            ("kk", "Kazakh"),
                            ("fr", "French"),
                            ("es", "Spanish"),
                        ],
                        max_length=5,
                        verbose_name="language",
                    ),
                ),
                ("text", models.TextField(verbose_name="text")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "document",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="communications.document",
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
                    "position",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="communications.stateposition",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical position text",
                "verbose_name_plural": "historical position texts",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="TimeLimit",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "note_kind",
                    models.CharField(
                        choices=[
                            ("new_communication", "New communication transmitted for observations"),
                            ("interim_measures", "Request for interim measures"),
                            ("protection_measures", "Request for protection measures (reprisals)"),
                            ("additional_information", "Request for additional information or comments"),
                            ("admissibility_decision", "Decision on examining admissibility separately"),
                            ("extension_granted", "Extension granted"),
                            ("views_adopted", "Views or decision adopted (with follow-up request)"),
                            ("follow_up_reminder", "Follow-up reminder"),
                            ("follow_up_assessment", "Follow-up assessment"),
                            ("discontinuance", "Discontinuance"),
                            ("state_reply", "State's reply (outgoing)"),
                        ],
                        max_length=40,
                        verbose_name="kind of note",
                    ),
                ),
                (
                    "deadline_kind",
                    models.CharField(
                        choices=[
                            ("committee", "Committee's deadline for the reply"),
                            ("admissibility_request", "Last day to ask for admissibility to be examined separately"),
                            ("pgo_analysis", "PGO legal analysis"),
                            ("iwg_consideration", "IWG consideration"),
                            ("position_approval", "Approval of the State position"),
                            ("dispatch", "Dispatch to OHCHR"),
                            ("measure_target", "Target date of an action-plan measure"),
                        ],
                        default="committee",
                        max_length=30,
                        verbose_name="kind of deadline",
                    ),
                ),
                ("months", models.PositiveSmallIntegerField(default=0, verbose_name="months")),
                ("days", models.PositiveSmallIntegerField(default=0, verbose_name="days")),
                (
                    "basis",
                    models.CharField(
                        help_text="Where the period comes from, e.g. 'CCPR rule 92: 6 months'.",
                        max_length=300,
                        verbose_name="basis",
                    ),
                ),
                (
                    "to_confirm",
                    models.BooleanField(
                        default=False,
                        help_text="The period is an assumption that still needs confirming.",
                        verbose_name="to confirm",
                    ),
                ),
                (
                    "committee",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="time_limits",
                        to="communications.committee",
                    ),
                ),
            ],
            options={
                "verbose_name": "committee time limit",
                "verbose_name_plural": "committee time limits",
                "ordering": ["committee__code", "note_kind", "deadline_kind"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("committee", "note_kind", "deadline_kind"), name="unique_time_limit"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("months__gt", 0), ("days__gt", 0), _connector="OR"),
                        name="time_limit_not_empty",
                    ),
                ],
            },
        ),
    ]
