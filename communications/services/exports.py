"""Exports: build the file now or, past IWG_EXPORT_SYNC_LIMIT rows, queue an ExportJob; every export leaves an
EXPORT access event. The rows and file formats are in communications/exports.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from iwg.errors import InvalidTransition
from iwg.models import AccessEvent
from iwg.services import access_record

from .. import exports
from ..filters import CommunicationFilter, DeadlineFilter
from ..models import ExportJob

LIST_FORMATS = ("xlsx", "csv")
CASE_FILE_FORMATS = ("xlsx", "pdf")
CONTENT_TYPES = {"xlsx": exports.XLSX_CONTENT_TYPE, "csv": exports.CSV_CONTENT_TYPE, "pdf": exports.PDF_CONTENT_TYPE}


@dataclass
class ExportFile:
    content: bytes
    filename: str
    content_type: str
    row_count: int


def _check_format(fmt: str, allowed: tuple[str, ...]) -> str:
    fmt = (fmt or "").lower()
    if fmt not in allowed:
        raise ValidationError({"format": _("Choose one of: %(formats)s.") % {"formats": ", ".join(allowed)}})
    return fmt


def _clean_filters(filters, kind: str) -> dict:
    """The parameters of the list's FilterSet found in the query string (the format, the page and anything
    unknown left out): what the export applies and records."""
    known = set((CommunicationFilter if kind == ExportJob.Kind.REGISTER else DeadlineFilter).base_filters)
    items = filters.lists() if hasattr(filters, "lists") else ((key, [value]) for key, value in (filters or {}).items())
    return {key: values[-1] if len(values) == 1 else values for key, values in items if key in known}


def _queryset(*, user, kind: str, filters: dict):
    from .. import selectors

    if kind == ExportJob.Kind.REGISTER:
        return exports.register_queryset(selectors.communication_list(user=user, filters=filters))
    return selectors.deadline_list(user=user, filters=filters)


def _stamp() -> str:
    return timezone.localtime().strftime("%Y%m%d-%H%M")


def _build(*, user, kind: str, fmt: str, filters: dict, rows: list) -> ExportFile:
    if kind == ExportJob.Kind.REGISTER:
        table = exports.register_table(user=user, communications=rows, filters=filters)
        name = "register"
    else:
        table = exports.deadline_table(deadlines=rows, filters=filters)
        name = "deadlines"
    content = exports.write_xlsx(table, user=user) if fmt == "xlsx" else exports.write_csv(table)
    return ExportFile(content, f"iwg-{name}-{_stamp()}.{fmt}", CONTENT_TYPES[fmt], len(rows))


def list_export(*, actor, kind: str, fmt: str, filters, request=None) -> ExportFile | ExportJob:
    """Export the register or the deadlines list as `actor` sees it (the same FilterSet as the page and the API;
    invalid filters raise ValidationError). Up to IWG_EXPORT_SYNC_LIMIT rows the file is built now; more rows
    queue an ExportJob (built by a Celery task after commit). Either way an EXPORT access event is written."""
    fmt = _check_format(fmt, LIST_FORMATS)
    filters = _clean_filters(filters, kind)
    queryset = _queryset(user=actor, kind=kind, filters=filters)
    count = queryset.count()
    if count > settings.IWG_EXPORT_SYNC_LIMIT:
        with transaction.atomic():
            job = ExportJob.objects.create(
                owner=actor, kind=kind, format=fmt, filters=filters, language=translation.get_language() or "ru"
            )
            access_record(
                kind=AccessEvent.Kind.EXPORT,
                request=request,
                user=actor,
                obj=job,
                detail=f"{kind} {fmt}: {count} rows, background job; filters {filters}",
            )
            from ..tasks import export_job_run

            transaction.on_commit(lambda: export_job_run.delay(job.pk))
        return job
    result = _build(user=actor, kind=kind, fmt=fmt, filters=filters, rows=list(queryset))
    access_record(
        kind=AccessEvent.Kind.EXPORT,
        request=request,
        user=actor,
        detail=f"{kind} {fmt}: {result.row_count} rows; filters {filters}",
    )
    return result


def export_job_run(*, job_id: int, progress_every: int = 200) -> ExportJob:
    """Build a queued export into storage, reporting progress. A job already done (or failed) is left alone, so
    running the task twice does nothing the second time."""
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().select_related("owner").filter(pk=job_id).first()
        if job is None or job.status not in (ExportJob.Status.PENDING, ExportJob.Status.RUNNING):
            return job  # type: ignore[return-value]
        job.status = ExportJob.Status.RUNNING
        job.save(update_fields=["status", "updated_at"])
    try:
        with translation.override(job.language):
            queryset = _queryset(user=job.owner, kind=job.kind, filters=job.filters)
            total = queryset.count() or 1
            rows = []

            def report(done: int) -> None:
                ExportJob.objects.filter(pk=job.pk).update(progress=min(90, done * 90 // total), row_count=done)

            for row in queryset.iterator(chunk_size=progress_every):
                rows.append(row)
                if len(rows) % progress_every == 0:
                    report(len(rows))
            result = _build(user=job.owner, kind=job.kind, fmt=job.format, filters=job.filters, rows=rows)
        job.file.save(result.filename, ContentFile(result.content), save=False)
        job.status, job.progress, job.row_count, job.finished_at = ExportJob.Status.DONE, 100, len(rows), timezone.now()
        job.save()
    except Exception as exc:
        ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.FAILED, error=str(exc)[:2000])
        raise
    return job


def export_job_download(*, actor, job: ExportJob, request=None) -> ExportJob:
    """The finished file of the actor's own job (the selector already refused anyone else's); an access event."""
    if job.status != ExportJob.Status.DONE or not job.file:
        raise InvalidTransition(_("This export is not ready yet."), code="export_not_ready")
    access_record(kind=AccessEvent.Kind.EXPORT, request=request, user=actor, obj=job, detail="download")
    return job


def case_file_export(*, actor, communication, fmt: str, timeline: list, request=None) -> ExportFile:
    """One communication's case file (rounds, deadlines, decision, remedies, timeline) as XLSX or PDF."""
    fmt = _check_format(fmt, CASE_FILE_FORMATS)
    builder: Callable = exports.case_file_xlsx if fmt == "xlsx" else exports.case_file_pdf
    content = builder(user=actor, communication=communication, timeline=timeline)
    access_record(
        kind=AccessEvent.Kind.EXPORT, request=request, user=actor, obj=communication, detail=f"case file {fmt}"
    )
    number = communication.number.replace("/", "-")
    return ExportFile(content, f"iwg-{communication.committee.code}-{number}-{_stamp()}.{fmt}", CONTENT_TYPES[fmt], 1)
