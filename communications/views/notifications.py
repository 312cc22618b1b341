"""The user's own notifications (deadline reminders, catch-ups, missed deadlines, escalations): the list, marking
read, the badge. URLs in communications/urls.py (notification_urlpatterns), under /notifications/.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import selectors, services

# ---------------------------------------------------------------------------------------------------------------
# Notifications (deadline reminders, catch-ups, missed deadlines, escalations): the user's own list, marking read.
# Kept together at the end of the file; URLs in communications/urls.py (notification_urlpatterns), under
# /notifications/.


@login_required
@require_GET
def notification_list(request):
    """The user's notifications: unread (not withdrawn) by default, all with ?all=1."""
    show_all = request.GET.get("all") == "1"
    notifications = selectors.notification_list(user=request.user, unread_only=not show_all).select_related("notice")
    page = Paginator(notifications, 50).get_page(request.GET.get("page"))
    unread_count = selectors.notification_list(user=request.user, unread_only=True).count()
    return render(
        request,
        "notifications/list.html",
        {"page_obj": page, "show_all": show_all, "unread_count": unread_count},
    )


@login_required
@require_POST
def notification_read(request, pk: int):
    """Mark one of the user's own notifications read. Another user's id is not found."""
    notification = selectors.notification_list(user=request.user).select_related("notice").filter(pk=pk).first()
    if notification is None:
        raise Http404(_("No such notification."))
    services.notification_mark_read(actor=request.user, notification_ids=[notification.pk])
    if request.htmx:
        notification.refresh_from_db(fields=["read_at"])
        return render(request, "notifications/partials/notification_row.html", {"notification": notification})
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request):
    count = services.notification_mark_read(actor=request.user)
    messages.success(request, _("%(count)s notifications marked read.") % {"count": count})
    return redirect("notifications:list")


@login_required
@require_GET
def notification_badge(request):
    """The unread count in the menu, fetched by htmx after the page loads (so no page pays for it)."""
    unread_count = selectors.notification_list(user=request.user, unread_only=True).count()
    return render(request, "notifications/partials/badge.html", {"unread_count": unread_count})
