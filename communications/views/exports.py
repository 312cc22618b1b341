"""The export buttons of the pages: the register (its current filters and sort), the deadlines list, one
communication's case file; and the page of an export too large to build at once (its progress, polled by htmx,
then the download link, for its owner only)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from iwg.errors import InvalidTransition
from iwg.pdf import PdfUnavailable
from iwg.views import page

from .. import forms, selectors
from ..models import ExportJob
from ..selectors.exports import export_job_get
from ..services import exports as export_services


def _file(result: export_services.ExportFile) -> HttpResponse:
    response = HttpResponse(result.content, content_type=result.content_type)
    response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _list_export(request, kind: str, filters, back: str):
    try:
        result = export_services.list_export(
            actor=request.user, kind=kind, fmt=request.GET.get("format", ""), filters=filters, request=request
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(back)
    if isinstance(result, ExportJob):
        return redirect("communications:export_job", pk=result.pk)
    return _file(result)


@page
@require_GET
def register_export(request):
    form = forms.CommunicationFilterForm(request.GET or None, years=selectors.communication_years())
    if form.is_bound:
        form.is_valid()
    return _list_export(request, ExportJob.Kind.REGISTER, form.filters(), "communications:list")


@page
@require_GET
def deadline_export(request):
    return _list_export(request, ExportJob.Kind.DEADLINES, request.GET, "dashboard")


@page
@require_GET
def case_file_export(request, pk: int):
    communication = selectors.communication_detail(user=request.user, pk=pk)
    try:
        result = export_services.case_file_export(
            actor=request.user,
            communication=communication,
            fmt=request.GET.get("format", ""),
            timeline=selectors.communication_timeline(communication),
            request=request,
        )
    except (ValidationError, PdfUnavailable) as exc:
        for message in getattr(exc, "messages", None) or [str(exc)]:
            messages.error(request, message)
        return redirect(communication.get_absolute_url())
    return _file(result)


@page
@require_GET
def export_job(request, pk: int):
    job = export_job_get(user=request.user, pk=pk)
    template = "communications/export_job.html"
    if request.htmx:
        template += "#status"
    return render(request, template, {"job": job})


@page
@require_GET
def export_job_download(request, pk: int):
    job = export_job_get(user=request.user, pk=pk)
    try:
        export_services.export_job_download(actor=request.user, job=job, request=request)
    except InvalidTransition as exc:
        messages.error(request, exc.message)
        return redirect("communications:export_job", pk=job.pk)
    name = job.file.name.rsplit("/", 1)[-1]
    return FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=name,
        content_type=export_services.CONTENT_TYPES[job.format],
    )
