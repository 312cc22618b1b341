"""The auditors' pages: the history of any tracked record and the activity log. Read-only: nothing here writes.
The history comes from audit/selectors.py; these views only check the rule and lay out."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from iwg.permissions import allowed

from . import selectors
from .forms import ActivityFilterForm

AUDIT_PAGE_SIZE = 50


def _require_history_reader(user) -> None:
    if not allowed(user, "communications.view_history"):
        raise PermissionDenied(_("Only auditors and administrators may read the change history."))


@require_safe
@login_required
def audit_history(request, app_label: str, model_name: str, pk: int):
    """Who changed what and when on one record of a tracked model, each field's old and new value."""
    _require_history_reader(request.user)
    model = selectors.tracked_model_get(app_label=app_label, model_name=model_name)
    label, rows = selectors.object_history(model=model, pk=pk, viewer=request.user)
    instance = model._default_manager.filter(pk=pk).first()
    object_url = instance.get_absolute_url() if instance is not None and hasattr(instance, "get_absolute_url") else ""
    return render(
        request,
        "audit/history.html",
        {
            "label": label,
            "rows": rows,
            "model_label": model._meta.verbose_name,
            "model_key": model._meta.label_lower,
            "object_url": object_url,
            "deleted": instance is None,
        },
    )


@require_safe
@login_required
def audit_activity(request):
    """Every recorded change, newest first, filtered by who, agency, dates and kind of record."""
    _require_history_reader(request.user)
    form = ActivityFilterForm(request.GET or None)
    if form.is_bound:
        form.is_valid()  # invalid filters are shown beside their field and left out
    page = Paginator(selectors.activity_log(**form.filters()), AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = selectors.activity_rows(list(page.object_list), viewer=request.user)
    return render(request, "audit/activity.html", {"form": form, "page": page, "rows": rows})
