"""The REST API for exports: the register and the deadlines list (XLSX, CSV; the list's filters apply), one
communication's case file (XLSX, PDF), and the status and file of an export too large to build at once.

`?format=` names the file format here, not DRF's renderer: these views answer files (or a 202 with the job), and
errors in the project's JSON error shape."""

from django.http import HttpResponse
from django.urls import reverse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from iwg.apis import responses

from .. import selectors
from ..filters import CommunicationFilter, DeadlineFilter
from ..models import Communication, Deadline, ExportJob
from ..selectors.exports import export_job_get
from ..services import exports as export_services


class FileFormatNegotiation(BaseContentNegotiation):
    """Errors are JSON whatever `format` says; the file itself is a plain HttpResponse."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return JSONRenderer(), JSONRenderer.media_type


def file_response(result: export_services.ExportFile) -> HttpResponse:
    response = HttpResponse(result.content, content_type=result.content_type)
    response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
    response["Cache-Control"] = "no-store"
    return response


class ExportJobOutputSerializer(serializers.ModelSerializer):
    status_url = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ExportJob
        fields = ["id", "kind", "format", "status", "progress", "row_count", "status_url", "download_url", "error"]

    def get_status_url(self, job) -> str:
        return reverse("api:export-job", args=[job.pk])

    def get_download_url(self, job) -> str | None:
        return reverse("api:export-job-download", args=[job.pk]) if job.status == ExportJob.Status.DONE else None


def _list_export_response(request, kind: str):
    result = export_services.list_export(
        actor=request.user,
        kind=kind,
        fmt=request.query_params.get("format", ""),
        filters=request.query_params,
        request=request,
    )
    if isinstance(result, ExportJob):
        return Response(ExportJobOutputSerializer(result).data, status=status.HTTP_202_ACCEPTED)
    return file_response(result)


FORMAT_LIST = OpenApiParameter("format", str, enum=["xlsx", "csv"], required=True, description="File format.")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILE_RESPONSES = responses(
    {
        (200, XLSX): OpenApiTypes.BINARY,
        (200, "text/csv"): OpenApiTypes.BINARY,
        202: ExportJobOutputSerializer,
    },
    400,
)
DOWNLOAD_RESPONSES = {(200, XLSX): OpenApiTypes.BINARY, (200, "text/csv"): OpenApiTypes.BINARY}


class CommunicationExportApi(APIView):
    content_negotiation_class = FileFormatNegotiation
    # Read by the schema generator only: the register's filters apply.
    filter_backends = [DjangoFilterBackend]
    filterset_class = CommunicationFilter
    queryset = Communication.objects.none()

    @extend_schema(
        operation_id="communications_export",
        summary="The register as XLSX or CSV (the list's filters and sort apply)",
        description="Up to IWG_EXPORT_SYNC_LIMIT rows: the file. More: 202 with an export job to poll.",
        parameters=[FORMAT_LIST],
        responses=FILE_RESPONSES,
        tags=["exports"],
    )
    def get(self, request):
        return _list_export_response(request, ExportJob.Kind.REGISTER)


class DeadlineExportApi(APIView):
    content_negotiation_class = FileFormatNegotiation
    filter_backends = [DjangoFilterBackend]
    filterset_class = DeadlineFilter
    queryset = Deadline.objects.none()

    @extend_schema(
        operation_id="deadlines_export",
        summary="The deadlines list as XLSX or CSV (the list's filters apply)",
        parameters=[FORMAT_LIST],
        responses=FILE_RESPONSES,
        tags=["exports"],
    )
    def get(self, request):
        return _list_export_response(request, ExportJob.Kind.DEADLINES)


class CommunicationCaseFileExportApi(APIView):
    content_negotiation_class = FileFormatNegotiation

    @extend_schema(
        operation_id="communications_case_file_export",
        summary="One communication's case file as XLSX or PDF",
        parameters=[OpenApiParameter("format", str, enum=["xlsx", "pdf"], required=True)],
        responses=responses(
            {(200, XLSX): OpenApiTypes.BINARY, (200, "application/pdf"): OpenApiTypes.BINARY}, 400, 404, 503
        ),
        tags=["exports"],
    )
    def get(self, request, pk: int):
        communication = selectors.communication_detail(user=request.user, pk=pk)
        result = export_services.case_file_export(
            actor=request.user,
            communication=communication,
            fmt=request.query_params.get("format", ""),
            timeline=selectors.communication_timeline(communication),
            request=request,
        )
        return file_response(result)


class ExportJobApi(APIView):
    @extend_schema(
        operation_id="exports_retrieve",
        summary="The status and progress of your export job",
        responses=responses({200: ExportJobOutputSerializer}, 404),
        tags=["exports"],
    )
    def get(self, request, pk: int):
        return Response(ExportJobOutputSerializer(export_job_get(user=request.user, pk=pk)).data)


class ExportJobDownloadApi(APIView):
    content_negotiation_class = FileFormatNegotiation

    @extend_schema(
        operation_id="exports_download",
        summary="The file of your finished export job",
        responses=responses(DOWNLOAD_RESPONSES, 404, 409),
        tags=["exports"],
    )
    def get(self, request, pk: int):
        job = export_services.export_job_download(
            actor=request.user, job=export_job_get(user=request.user, pk=pk), request=request
        )
        with job.file.open("rb") as handle:
            content = handle.read()
        name = job.file.name.rsplit("/", 1)[-1]
        return file_response(
            export_services.ExportFile(content, name, export_services.CONTENT_TYPES[job.format], job.row_count)
        )
