"""Admin: committees, their time limits and the internal deadline policies are edited here; every other
record is read-only (it changes only through the services) with its history."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from iwg.admin import ReadOnlyAdmin, ReadOnlyHistoryAdmin, ViewOnlyAdmin
from iwg.models import CalendarTransfer

from . import services
from .models import (
    Committee,
    Communication,
    Deadline,
    Decision,
    Document,
    Event,
    InternalDeadlinePolicy,
    LegalAnalysis,
    NoteVerbale,
    Remedy,
    Round,
    StatePosition,
    TimeLimit,
)


@admin.register(CalendarTransfer)
class CalendarTransferAdmin(ReadOnlyHistoryAdmin):
    """Working days moved by decree. Saving or deleting one goes through the service, which recomputes the
    internal deadlines counted in working days (the old dates stay in their history)."""

    list_display = ("date", "kind", "decree")
    list_filter = ("kind",)
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):
        existing = CalendarTransfer.objects.get(pk=obj.pk) if change else None
        try:
            services.calendar_transfer_record(
                actor=request.user, date=obj.date, kind=obj.kind, decree=obj.decree, transfer=existing
            )
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)

    def delete_model(self, request, obj):
        services.calendar_transfer_remove(actor=request.user, transfer=obj)

    def delete_queryset(self, request, queryset):
        for transfer in queryset.order_by("date"):
            services.calendar_transfer_remove(actor=request.user, transfer=transfer)


class TimeLimitInline(admin.TabularInline):
    model = TimeLimit
    extra = 0


@admin.register(Committee)
class CommitteeAdmin(ReadOnlyHistoryAdmin):
    list_display = ("code", "name", "treaty")
    inlines = [TimeLimitInline]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TimeLimit)
class TimeLimitAdmin(ReadOnlyHistoryAdmin):
    list_display = ("committee", "note_kind", "deadline_kind", "months", "days", "basis", "to_confirm")
    list_filter = ("committee", "note_kind", "to_confirm")


@admin.register(InternalDeadlinePolicy)
class InternalDeadlinePolicyAdmin(ReadOnlyHistoryAdmin):
    list_display = ("note_kind", "deadline_kind", "days_before")
    list_filter = ("note_kind",)


@admin.register(Communication)
class CommunicationAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "phase", "transmitted_on", "created_at")
    list_filter = ("committee", "phase")
    search_fields = ("number", "subject")


@admin.register(Round)
class RoundAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "status", "is_urgent", "created_at")
    list_filter = ("status", "kind")


@admin.register(Deadline)
class DeadlineAdmin(ReadOnlyAdmin):
    list_display = ("round", "kind", "due_on", "status", "responsible_agency")
    list_filter = ("status", "kind", "responsible_agency")


@admin.register(NoteVerbale)
class NoteVerbaleAdmin(ReadOnlyAdmin):
    list_display = ("registry_number", "direction", "kind", "registered_on", "communication")
    list_filter = ("direction", "kind")


for model in (LegalAnalysis, StatePosition, Decision, Remedy, Document):
    admin.site.register(model, ReadOnlyAdmin)


@admin.register(Event)
class EventAdmin(ViewOnlyAdmin):
    list_display = ("occurred_at", "communication", "kind", "from_status", "to_status", "actor")
    list_filter = ("kind",)


# ---------------------------------------------------------------------------------------------------------------
# Deadline sweep: its runs (the latest is when the sweep last completed), its notices and the notifications.

from .models import DeadlineNotice, Notification, SweepRun  # noqa: E402


@admin.register(SweepRun)
class SweepRunAdmin(ViewOnlyAdmin):
    list_display = (
        "finished_at",
        "swept_for",
        "duration",
        "examined",
        "reminders",
        "catch_ups",
        "missed",
        "escalations",
        "options_closed",
        "notifications",
        "errors",
    )
    date_hierarchy = "finished_at"


@admin.register(DeadlineNotice)
class DeadlineNoticeAdmin(ViewOnlyAdmin):
    list_display = ("created_at", "deadline", "kind", "level", "due_on", "notified_at", "cancelled_at")
    list_filter = ("kind",)
    list_select_related = ("deadline",)
    raw_id_fields = ("deadline",)


@admin.register(Notification)
class NotificationAdmin(ViewOnlyAdmin):
    list_display = ("created_at", "user", "kind", "title", "read_at", "emailed_at")
    list_filter = ("kind",)
    list_select_related = ("user",)
    raw_id_fields = ("user", "communication", "deadline", "notice")
