"""Pages of recommendations (thin: selectors read, services write). The register (grouped by theme on demand), a
recommendation with its timeline and the steps the user may take (propose or record the response, plan a
measure), a review, a measure with its progress reports (file one; accept or return it)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST, require_safe

from communications import workflow
from iwg.forms import run_service
from iwg.permissions import allowed, require
from iwg.views import page

from . import selectors, services
from .filters import RecommendationFilter
from .forms import (
    MeasurePlanForm,
    ProgressReportForm,
    ReportReviewForm,
    ResponseProposeForm,
    ResponseRecordForm,
    ReviewImportForm,
)
from .models import ProgressReport, Recommendation, Response, Review, Theme
from .workflow import MEASURE, RESPONSE


def _posted(request, *, files: bool = False) -> tuple:
    if request.method != "POST":
        return (None, None) if files else (None,)
    return (request.POST, request.FILES) if files else (request.POST,)


@page
@require_safe
def recommendation_list(request):
    try:
        queryset = selectors.recommendation_list(user=request.user, filters=request.GET)
        error = ""
    except ValidationError as exc:
        queryset, error = Recommendation.objects.none(), "; ".join(exc.messages)
    grouped = request.GET.get("group") == "theme"
    rows = Paginator(queryset, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "recommendations/list.html",
        {
            "rows": rows,
            "groups": selectors.recommendations_by_theme(list(rows)) if grouped else None,
            "error": error,
            "filters": request.GET,
            "filter_fields": RecommendationFilter.base_filters,
            "mechanisms": Review.Mechanism.choices,
            "themes": Theme.objects.filter(is_active=True),
            "agencies": selectors.agency_choices(),
            "responses": [*Response.Position.choices, ("pending", Response.Status.PENDING.label)],
            "statuses": Recommendation.Implementation.choices,
            "grouped": grouped,
            "query": query.urlencode(),
            "export_query": _without(request.GET, "page", "group"),
        },
    )


def _without(params, *names) -> str:
    query = params.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


@page
@require_safe
def recommendation_detail(request, pk: int):
    recommendation = selectors.recommendation_get(user=request.user, pk=pk)
    return render(
        request,
        "recommendations/detail.html",
        {
            "recommendation": recommendation,
            "timeline": selectors.recommendation_timeline(recommendation),
            "actions": workflow.actions(user=request.user, record=recommendation.response, subject=RESPONSE),
        },
    )


@page
@require_safe
def review_detail(request, pk: int):
    review = selectors.review_get(user=request.user, pk=pk)
    return render(
        request,
        "recommendations/review.html",
        {
            "review": review,
            "recommendations": review.recommendations.select_related("response").order_by("id"),
            "perms_import": allowed(request.user, "recommendations.import_recommendations", review),
        },
    )


def _measure_page(request, measure, *, report_form=None, review_form=None, reviewed=None, status=200):
    actions = workflow.actions(user=request.user, record=measure, subject=MEASURE)
    return render(
        request,
        "recommendations/measure.html",
        {
            "measure": measure,
            "reports": selectors.report_list(measure=measure),
            "events": measure.events.select_related("actor"),
            "actions": actions,
            "report_form": report_form or (ProgressReportForm() if "report" in actions else None),
            "review_form": review_form,
            "fresh_review_form": ReportReviewForm(),
            "reviewed": reviewed,
        },
        status=status,
    )


@page
@require_safe
def measure_detail(request, pk: int):
    return _measure_page(request, selectors.measure_get(user=request.user, pk=pk))


@page
@require_POST
def report_submit(request, pk: int):
    """The responsible agency files a progress report (text and documents) from the measure page."""
    measure = selectors.measure_get(user=request.user, pk=pk)
    require(request.user, "recommendations.submit_report", measure)
    form = ProgressReportForm(*_posted(request, files=True))
    if form.is_valid():
        done = run_service(
            form,
            lambda: services.report_submit(
                actor=request.user,
                measure=measure,
                text=form.cleaned_data["text"],
                is_final=form.cleaned_data["is_final"],
                files=form.cleaned_data["documents"],
            ),
            aliases={"files": "documents", "document": "documents"},
        )
        if done:
            messages.success(request, _("The progress report was filed; the MoJ and the MFA review it."))
            return redirect(measure.get_absolute_url())
        return _measure_page(request, measure, report_form=form, status=done.status)
    return _measure_page(request, measure, report_form=form)


@page
@require_POST
def report_review(request, pk: int):
    """The MoJ or the MFA accepts or returns a progress report (the button pressed is the decision)."""
    report = get_object_or_404(ProgressReport.objects.select_related("measure"), pk=pk)
    measure = selectors.measure_get(user=request.user, pk=report.measure_id)
    require(request.user, "recommendations.review_report", report)
    form = ReportReviewForm(request.POST)
    status = 200
    if form.is_valid():
        comment = form.cleaned_data["comment"]
        if form.cleaned_data["decision"] == "accept":
            call = lambda: services.report_accept(actor=request.user, report=report, comment=comment)  # noqa: E731
            success = _("The progress report was accepted.")
        else:
            call = lambda: services.report_return(actor=request.user, report=report, comment=comment)  # noqa: E731
            success = _("The progress report was returned to the responsible agency.")
        done = run_service(form, call)
        if done:
            messages.success(request, success)
            return redirect(measure.get_absolute_url())
        status = done.status
    return _measure_page(request, measure, review_form=form, reviewed=report.pk, status=status)


def _response_form(request, recommendation, *, form_class, title, submit, service, success):
    response = recommendation.response
    form = form_class(*_posted(request), initial={"expected_version": response.lock_version})
    status = 200
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        done = run_service(form, lambda: service(response=response, data=data))
        if done:
            messages.success(request, success)
            return redirect(recommendation.get_absolute_url())
        status = done.status
    return render(
        request,
        "recommendations/form_page.html",
        {"form": form, "title": title, "submit_label": submit, "recommendation": recommendation},
        status=status,
    )


@page
@require_http_methods(["GET", "POST"])
def response_propose(request, pk: int):
    recommendation = selectors.recommendation_get(user=request.user, pk=pk)
    require(request.user, "recommendations.propose_response", recommendation.response)
    return _response_form(
        request,
        recommendation,
        form_class=ResponseProposeForm,
        title=_("Propose the State's response"),
        submit=_("Propose"),
        service=lambda response, data: services.response_propose(
            actor=request.user,
            response=response,
            position=data["position"],
            reason=data["reason"],
            expected_version=data["expected_version"],
        ),
        success=_("The response was proposed; the MoJ puts it on an IWG agenda."),
    )


@page
@require_http_methods(["GET", "POST"])
def response_record(request, pk: int):
    recommendation = selectors.recommendation_get(user=request.user, pk=pk)
    require(request.user, "recommendations.record_response", recommendation.response)
    return _response_form(
        request,
        recommendation,
        form_class=ResponseRecordForm,
        title=_("Record a response the State gave before"),
        submit=_("Record"),
        service=lambda response, data: services.response_record(
            actor=request.user,
            response=response,
            position=data["position"],
            reason=data["reason"],
            decided_on=data["decided_on"],
        ),
        success=_("The response was recorded."),
    )


@page
@require_http_methods(["GET", "POST"])
def measure_plan(request, pk: int):
    recommendation = selectors.recommendation_get(user=request.user, pk=pk)
    require(request.user, "recommendations.plan_measure")
    form = MeasurePlanForm(*_posted(request))
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = run_service(
            form,
            lambda: services.measure_plan(
                actor=request.user,
                recommendations=[recommendation],
                title=data["title"],
                description=data["description"],
                responsible_agency=data["responsible_agency"],
                co_executors=list(data["co_executors"]),
                indicator=data["indicator"],
                target_date=data["target_date"],
            ),
        )
        if done:
            messages.success(request, _("The measure was planned; its responsible agency was told."))
            return redirect(done.result.get_absolute_url())
        status = done.status
    return render(
        request,
        "recommendations/form_page.html",
        {
            "form": form,
            "title": _("Plan a measure"),
            "submit_label": _("Plan the measure"),
            "recommendation": recommendation,
        },
        status=status,
    )


@page
@require_GET
def recommendation_export(request):
    """The register as XLSX or CSV, with the page's filters (`?format=xlsx|csv&...`)."""
    try:
        result = services.recommendations_export(
            actor=request.user, fmt=request.GET.get("format", ""), filters=request.GET, request=request
        )
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
        return redirect("recommendations:list")
    response = HttpResponse(result.content, content_type=result.content_type)
    response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
    response["Cache-Control"] = "no-store"
    return response


@page
@require_http_methods(["GET", "POST"])
def review_import(request, pk: int):
    """Upload a spreadsheet of the review's recommendations: the communications import's preview page follows
    (each row's problems, confirm, progress)."""
    review = selectors.review_get(user=request.user, pk=pk)
    require(request.user, "recommendations.import_recommendations", review)
    form = ReviewImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: services.recommendations_import_upload(
                actor=request.user, review=review, uploaded_file=form.cleaned_data["file"]
            ),
        )
        if done:
            return redirect("communications:import_detail", pk=done.result.pk)
    return render(
        request,
        "recommendations/import.html",
        {"form": form, "review": review},
        status=400 if form.errors else 200,
    )
