"""Project-level pages: the home page and the health check."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render

from communications import selectors as communication_selectors
from communications import workflow

from .roles import Role


@login_required
def home(request):
    """What needs the signed-in user now: the rounds waiting for their role, their agency's nearest deadlines
    and their unread notifications."""
    queue = communication_selectors.home_work_queue(user=request.user)
    # The queues, their headings and the step each offers come from the workflow table.
    sections = [
        {
            "key": section.key,
            "title": section.title,
            "action": section.action,
            "url_name": section.url_name,
            "rounds": queue.sections[section.key],
        }
        for _step, section in workflow.home_queues(request.user.role)
        if section.key in queue.sections
    ]
    return render(
        request,
        "home.html",
        {
            "queue": queue,
            "sections": sections,
            "is_iwg_member": request.user.role == Role.IWG_MEMBER,
            "reads_only": request.user.role in (Role.AUDITOR, Role.ADMINISTRATOR),
        },
    )


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; send them to the hashed static icon."""
    from django.templatetags.static import static

    return HttpResponsePermanentRedirect(static("favicon.svg"))


def health(request):
    """Liveness for the proxy and monitoring: the database answers. `last_sweep_at` is when the deadline sweep
    (Celery beat, every 5 minutes) last completed: monitoring should alert when it is much older than that."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    last_sweep = communication_selectors.sweep_last_run()
    return JsonResponse({"status": "ok", "last_sweep_at": last_sweep.finished_at.isoformat() if last_sweep else None})


# ---------------------------------------------------------------------------------------------------------------
# Auditors' pages (history of any tracked record, activity log) and the dashboard. Read-only: nothing here writes.
# The figures and the history come from communications.selectors; these views only check the rule and lay out.
# (Imported here rather than at the top so that this section stays separate from the home page's code.)
from django.core.exceptions import PermissionDenied  # noqa: E402
from django.core.paginator import Paginator  # noqa: E402
from django.utils.translation import gettext as _  # noqa: E402
from django.views.decorators.http import require_safe  # noqa: E402

from .calendar import local_date  # noqa: E402
from .forms import ActivityFilterForm  # noqa: E402
from .permissions import allowed  # noqa: E402

AUDIT_PAGE_SIZE = 50


def _require_history_reader(user) -> None:
    if not allowed(user, "communications.view_history"):
        raise PermissionDenied(_("Only auditors and administrators may read the change history."))


@require_safe
@login_required
def audit_history(request, app_label: str, model_name: str, pk: int):
    """Who changed what and when on one record of a tracked model, each field's old and new value."""
    _require_history_reader(request.user)
    model = communication_selectors.tracked_model_get(app_label=app_label, model_name=model_name)
    label, rows = communication_selectors.object_history(model=model, pk=pk, viewer=request.user)
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
    page = Paginator(communication_selectors.activity_log(**form.filters()), AUDIT_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = communication_selectors.activity_rows(list(page.object_list), viewer=request.user)
    return render(request, "audit/activity.html", {"form": form, "page": page, "rows": rows})


def _by_committee_and_year(rows: list[dict]) -> dict:
    """Pivot {year, committee, count} rows into a table: a row per year, a column per committee, with totals."""
    committees = sorted({row["committee"] for row in rows if row["committee"]})
    years = sorted({row["year"] for row in rows if row["year"]})
    counts = {(row["year"], row["committee"]): row["count"] for row in rows}
    table = [
        {
            "year": year,
            "counts": [counts.get((year, committee), 0) for committee in committees],
            "total": sum(counts.get((year, committee), 0) for committee in committees),
        }
        for year in years
    ]
    totals = [sum(line["counts"][index] for line in table) for index in range(len(committees))]
    return {"committees": committees, "rows": table, "totals": totals, "total": sum(totals)}


def _stacked_chart(pivot: dict) -> dict:
    return {
        "labels": [str(line["year"]) for line in pivot["rows"]],
        "datasets": [
            {"label": committee, "data": [line["counts"][index] for line in pivot["rows"]]}
            for index, committee in enumerate(pivot["committees"])
        ],
    }


@require_safe
@login_required
def dashboard(request):
    """The figures the ministries publish, from what the user may see, as charts with the same figures in
    tables; and what is overdue now."""
    today = local_date()
    figures = communication_selectors.dashboard_figures(user=request.user, today=today)
    overdue = list(communication_selectors.overdue_deadline_list(user=request.user, today=today))
    considered = _by_committee_and_year(figures["rounds_considered_by_committee_year"])
    sent = _by_committee_and_year(figures["positions_sent_by_committee_year"])
    meetings_by_year = [row for row in figures["meetings_held_by_year"] if row["year"]]
    overdue_by_agency = [
        {"agency": row["responsible_agency__code"], "count": row["count"]} for row in figures["overdue_by_agency"]
    ]
    charts = {
        "meetings": {
            "labels": [str(row["year"]) for row in meetings_by_year],
            "datasets": [{"label": _("IWG meetings held"), "data": [row["count"] for row in meetings_by_year]}],
        },
        "considered": _stacked_chart(considered),
        "sent": _stacked_chart(sent),
        "overdue": {
            "labels": [row["agency"] for row in overdue_by_agency],
            "datasets": [{"label": _("Overdue deadlines"), "data": [row["count"] for row in overdue_by_agency]}],
            "horizontal": True,
        },
    }
    return render(
        request,
        "dashboard/index.html",
        {
            "today": today,
            "figures": figures,
            "meetings_by_year": meetings_by_year,
            "considered": considered,
            "sent": sent,
            "overdue_by_agency": overdue_by_agency,
            "overdue": overdue,
            "charts": charts,
        },
    )


# ---------------------------------------------------------------------------------------------------------------
# Lockout answer (django-axes, AXES_LOCKOUT_CALLABLE)


def lockout_response(request, original_response=None, credentials=None):
    """A locked-out sign-in: the API's error shape (429) for /api/ calls (the token endpoint), the lockout page
    for the sign-in page."""
    from django.conf import settings
    from django.utils.translation import gettext

    from .exceptions import error_body

    status = settings.AXES_HTTP_RESPONSE_CODE
    if request.path.startswith("/api/"):
        message = gettext(
            "Too many failed sign-in attempts. The account is locked for a while; try again later or ask an "
            "administrator to unlock it."
        )
        return JsonResponse(error_body("locked_out", message), status=status)
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, {}, status=status)
