"""Reads about export and import jobs: each is its owner's only, so anyone else's id is a 404."""

from django.http import Http404
from django.utils.translation import gettext as _

from ..models import ExportJob, ImportJob


def export_job_get(*, user, pk) -> ExportJob:
    try:
        return ExportJob.objects.get(pk=pk, owner_id=user.pk)
    except (ExportJob.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404(_("No such export.")) from exc


def import_job_get(*, user, pk) -> ImportJob:
    """An import the user uploaded (administrators see every import)."""
    queryset = ImportJob.objects.select_related("uploaded_by")
    if not (user.is_superuser or getattr(user, "role", "") == "administrator"):
        queryset = queryset.filter(uploaded_by_id=user.pk)
    try:
        return queryset.get(pk=pk)
    except (ImportJob.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404(_("No such import.")) from exc
