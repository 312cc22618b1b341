"""Pages for importing communications from a spreadsheet (MFA officers and administrators): upload, the preview
with every row's problems, confirmation, the progress of the import (htmx polling), and the template."""

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from iwg.errors import ApplicationError, PermissionRefused
from iwg.forms import add_service_errors
from iwg.permissions import require
from iwg.views import page

from .. import forms
from ..selectors.exports import import_job_get
from ..services import imports as import_services

TEMPLATE_FILE = Path(settings.BASE_DIR) / "docs" / "import-template.csv"


@page
@require_http_methods(["GET", "POST"])
def import_new(request):
    require(request.user, "communications.import_communications")
    form = forms.ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = import_services.import_upload(actor=request.user, uploaded_file=form.cleaned_data["file"])
        except PermissionRefused:
            raise
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("communications:import_detail", pk=job.pk)
    return render(request, "communications/import_new.html", {"form": form}, status=400 if form.errors else 200)


@page
@require_GET
def import_detail(request, pk: int):
    job = import_job_get(user=request.user, pk=pk)
    template = "communications/import_detail.html"
    if request.htmx:
        template += "#status"
    return render(request, template, {"job": job, "rows_with_problems": len({p["row"] for p in job.errors})})


@page
@require_POST
def import_confirm(request, pk: int):
    job = import_job_get(user=request.user, pk=pk)
    try:
        import_services.import_confirm(actor=request.user, job=job)
    except PermissionRefused:
        raise
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("communications:import_detail", pk=job.pk)


@page
@require_GET
def import_template(request):
    response = HttpResponse(TEMPLATE_FILE.read_bytes(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="iwg-import-template.csv"'
    return response
