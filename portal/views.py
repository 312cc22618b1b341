"""The pages that span both apps: the home page (each role's work queue), the dashboard, the document downloads and
the health checks (/health/, /ready/; portal/health.py). They read through portal/selectors.py and the apps'
selectors; nothing here writes."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_safe

from communications import document_policy, workflow
from communications.selectors.deadlines import overdue_deadline_list
from iwg import services as iwg_services
from iwg.calendar import local_date
from iwg.downloads import protected_document_response
from iwg.models import User, agency_label
from iwg.roles import Role
from iwg.views import page
from meetings import calendar_feed
from recommendations import selectors as recommendation_selectors

from . import selectors
from .health import health_report


@require_safe
@login_required
def home(request):
    """What needs the signed-in user now: the rounds waiting for their role, their agency's nearest deadlines
    and their unread notifications."""
    queue = selectors.home_work_queue(user=request.user)
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
    # The recommendations' queues (responses, measures, progress reports), from the same table.
    recommendation_work = recommendation_selectors.home_work(user=request.user)
    return render(
        request,
        "home.html",
        {
            "queue": queue,
            "sections": sections,
            "recommendation_sections": list(recommendation_work.sections.values()),
            "is_iwg_member": request.user.role == Role.IWG_MEMBER,
            "reads_only": request.user.role in (Role.AUDITOR, Role.ADMINISTRATOR),
        },
    )


@require_safe
def health(request):
    """Liveness and truth for monitoring: the process answers, and the database, Redis, a worker's heartbeat and
    the age of the last deadline sweep (portal/health.py) are each reported; 503 when any is wrong."""
    report = {"process": "ok", **health_report()}
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)


@require_safe
def ready(request):
    """Readiness for the proxy and the compose healthchecks: the same checks; 503 with what is wrong."""
    report = health_report()
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)


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


# The dashboard lists this many overdue deadlines, most overdue first; when there are more it says so and links
# to the register filtered to the communications with an overdue deadline.
DASHBOARD_OVERDUE_LIMIT = 50


@require_safe
@login_required
def dashboard(request):
    """The figures the ministries publish, from what the user may see, as charts with the same figures in
    tables; and what is overdue now."""
    today = local_date()
    figures = selectors.dashboard_figures(user=request.user, today=today)
    overdue = list(overdue_deadline_list(user=request.user, today=today, limit=DASHBOARD_OVERDUE_LIMIT))
    considered = _by_committee_and_year(figures["rounds_considered_by_committee_year"])
    sent = _by_committee_and_year(figures["positions_sent_by_committee_year"])
    views = _by_committee_and_year(figures["views_by_committee_year"])
    meetings_by_year = [row for row in figures["meetings_held_by_year"] if row["year"]]
    overdue_by_agency = [
        {"agency": agency_label(row["responsible_agency__code"]), "count": row["count"]}
        for row in figures["overdue_by_agency"]
    ]
    charts = {
        "meetings": {
            "labels": [str(row["year"]) for row in meetings_by_year],
            "datasets": [{"label": gettext("IWG meetings held"), "data": [row["count"] for row in meetings_by_year]}],
        },
        "considered": _stacked_chart(considered),
        "sent": _stacked_chart(sent),
        "views": _stacked_chart(views),
        "overdue": {
            "labels": [row["agency"] for row in overdue_by_agency],
            "datasets": [{"label": gettext("Overdue deadlines"), "data": [row["count"] for row in overdue_by_agency]}],
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
            "views": views,
            "overdue_cut": len(overdue) < figures["overdue_deadlines"],
            "overdue_by_agency": overdue_by_agency,
            "overdue": overdue,
            "charts": charts,
            "recommendation_figures": recommendation_selectors.figures(today=today),
        },
    )


@page
@require_GET
def document_download(request, pk: int):
    """Serve a stored document as an attachment under its stored safe name, only to a user who may see its
    communication (minutes of IWG meetings: any signed-in user); 404 otherwise.
    Every download is recorded in the access audit trail. A document of a communication with a confidential
    person is served only to the roles `document_policy.CONFIDENTIAL_DOWNLOADS` lists for its kind (403)."""
    document = selectors.document_get(user=request.user, pk=pk)
    document_policy.require_download(user=request.user, document=document)
    return protected_document_response(request, document)


class PreferencesForm(forms.Form):
    email_delivery = forms.ChoiceField(
        label=_("E-mail notices"), choices=User.EmailDelivery.choices, widget=forms.RadioSelect
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    """The user's own page: how notices are e-mailed (each at once or one daily digest) and the language."""
    user = request.user
    if request.method == "POST" and "calendar_feed" in request.POST:
        return _calendar_feed_made(request)
    form = PreferencesForm(
        request.POST or None, initial={"email_delivery": user.email_delivery, "language": user.language}
    )
    if request.method == "POST" and form.is_valid():
        try:
            iwg_services.user_preferences_update(actor=user, user=user, **form.cleaned_data)
        except ValidationError as error:
            for field, messages_ in error.message_dict.items():
                for message in messages_:
                    form.add_error(field if field in form.fields else None, message)
        else:
            translation.activate(user.language)
            response = redirect("profile")
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language)
            messages.success(request, _("Your preferences are saved."))
            return response
    return _profile_page(request, form)


def _profile_page(request, form: "PreferencesForm", *, feed_url: str = "", status: int = 200):
    for name in form.fields:
        form.fields[name].widget.attrs.setdefault("class", "form-select" if name == "language" else "form-check-input")
    context = {
        "form": form,
        "calendar_feed": calendar_feed.calendar_token_get(user=request.user),
        "feed_url": feed_url,
    }
    return render(request, "account/profile.html", context, status=status)


def _calendar_feed_made(request):
    """Make (or replace) the user's calendar address and show it this once: only its digest is kept."""
    token = calendar_feed.calendar_token_reset(actor=request.user)
    feed_url = request.build_absolute_uri(reverse("meetings:calendar_feed_secret", args=[token]))
    user = request.user
    form = PreferencesForm(initial={"email_delivery": user.email_delivery, "language": user.language})
    response = _profile_page(request, form, feed_url=feed_url)
    response["Cache-Control"] = "no-store"  # the page holds a secret shown once
    return response
