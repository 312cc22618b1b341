"""Django admin for administrators: users and roles, agencies. History is read-only. (Working-day transfers are
registered by communications/admin.py: recording one recomputes deadlines.)"""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from knox.models import AuthToken
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import AccessEvent, Agency, User


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):
    """Shows an object's history (who, when, what) but never reverts it."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):

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
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Agency and role"), {"fields": ("agency", "role", "is_agency_head", "language")}),
    )
    add_fieldsets = DjangoUserAdmin.add_fieldsets + (
        (_("Agency and role"), {"fields": ("email", "agency", "role", "is_agency_head", "language")}),
    )

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate instead: history must keep pointing at the person

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            # A deactivated person's programs stop at once, not when their tokens expire.
            services.api_tokens_revoke_for_user(
                user=obj, actor=request.user, reason="user deactivated", request=request
            )

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = self.get_object(request, id)
            if user is not None:
                services.api_tokens_revoke_for_user(
                    user=user, actor=request.user, reason="password set by an administrator", request=request
                )
        return response


@admin.register(Agency)
class AgencyAdmin(ReadOnlyHistoryAdmin):
    list_display = ("code", "name", "name_ru", "name_kk")

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessEvent)
class AccessEventAdmin(ViewOnlyAdmin):
    """The access audit trail: readable, never editable or deletable."""

    list_display = ("occurred_at", "kind", "count", "username", "ip_address", "object_type", "object_id", "path")
    list_filter = ("kind",)
    search_fields = ("username", "path", "object_id")
    date_hierarchy = "occurred_at"


admin.site.unregister(AuthToken)  # knox's admin can create a token for anyone: replaced by a list-and-revoke one


@admin.register(AuthToken)
class ApiTokenAdmin(ViewOnlyAdmin):
    """API tokens: who holds one, since when, until when. Nobody creates or reads a token here (only its digest is
    stored anyway); an administrator may revoke, which is recorded in the owner's access trail."""

    list_display = ("user", "short_key", "created", "expiry")
    list_filter = ("user",)
    search_fields = ("user__username",)
    fields = ("user", "short_key", "created", "expiry")
    readonly_fields = fields
    actions = ["revoke"]

    @admin.display(description=_("token begins with"))
    def short_key(self, obj) -> str:
        return f"{obj.token_key[:8]}…"

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        revoked = services.api_tokens_revoke(
            actor=request.user, tokens=queryset, reason="revoked by an administrator", request=request
        )
        message = ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", revoked) % {"count": revoked}
        self.message_user(request, message, messages.SUCCESS)
