"""Django admin for administrators: users and roles, agencies. History is read-only. (Working-day transfers are
registered by communications/admin.py: recording one recomputes deadlines.)"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import AccessEvent, Agency, User


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):
    """Shows an object's history (who, when, what) but never reverts it."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied


class NoEditingMixin:
    """No add, change or delete in the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ViewOnlyAdmin(NoEditingMixin, admin.ModelAdmin):
    """Records nobody edits through the admin (events, notices, the access trail): listed and readable only."""


class ReadOnlyAdmin(NoEditingMixin, ReadOnlyHistoryAdmin):
    """Domain records change only through the services (pages, API); the admin shows them read-only."""


@admin.register(User)
class UserAdmin(DjangoUserAdmin, ReadOnlyHistoryAdmin):
    list_display = ("username", "get_full_name", "email", "agency", "role", "is_agency_head", "is_active")
    list_filter = ("role", "agency", "is_active", "is_agency_head")
    fieldsets = DjangoUserAdmin.fieldsets + (
        (_("Agency and role"), {"fields": ("agency", "role", "is_agency_head", "language")}),
    )
    add_fieldsets = DjangoUserAdmin.add_fieldsets + (
        (_("Agency and role"), {"fields": ("email", "agency", "role", "is_agency_head", "language")}),
    )

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate instead: history must keep pointing at the person


@admin.register(Agency)
class AgencyAdmin(ReadOnlyHistoryAdmin):
    list_display = ("code", "name", "name_ru", "name_kk")

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessEvent)
class AccessEventAdmin(ViewOnlyAdmin):
    """The access audit trail: readable, never editable or deletable."""

    list_display = ("occurred_at", "kind", "username", "ip_address", "object_type", "object_id", "path")
    list_filter = ("kind",)
    search_fields = ("username", "path", "object_id")
    date_hierarchy = "occurred_at"
