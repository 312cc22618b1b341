"""Admin: the themes and the committees' follow-up periods are reference data administrators edit (with history);
everything else is read-only here and changed through the services."""

from django.contrib import admin

from iwg.admin import ReadOnlyAdmin, ReadOnlyHistoryAdmin, ViewOnlyAdmin

from .models import (
    FollowUpPeriod,
    Measure,
    ProgressReport,
    Recommendation,
    RecommendationCommunication,
    RecommendationEvent,
    RecommendationHandoff,
    Response,
    Review,
    Theme,
)


@admin.register(Theme)
class ThemeAdmin(ReadOnlyHistoryAdmin):
    list_display = ("code", "name", "name_ru", "name_kk", "order", "is_active")
    list_editable = ("order", "is_active")


@admin.register(FollowUpPeriod)
class FollowUpPeriodAdmin(ReadOnlyHistoryAdmin):
    list_display = ("committee", "months")


for model in (
    Review,
    Recommendation,
    Response,
    Measure,
    ProgressReport,
    RecommendationCommunication,
):
    admin.site.register(model, ReadOnlyAdmin)

# The event log and the hand-off notices are append-only rows without history: listed and readable only.
admin.site.register(RecommendationEvent, ViewOnlyAdmin)
admin.site.register(RecommendationHandoff, ViewOnlyAdmin)
