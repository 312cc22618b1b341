"""The REST API for importing communications from a spreadsheet (MFA officers and administrators): upload
(checked into a preview, nothing written), the job's status and problems, confirmation (a Celery job imports)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from iwg.apis import WITH_BODY, responses

from ..models import ImportJob
from ..selectors.exports import import_job_get
from ..services import imports as import_services


class ImportProblemSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="The row as the spreadsheet numbers it (the header is row 1).")
    field = serializers.CharField(help_text="The column.")
    message = serializers.CharField()


class ImportJobOutputSerializer(serializers.ModelSerializer):
    rows_read = serializers.IntegerField()
    created = serializers.IntegerField(source="created_count")
    updated = serializers.IntegerField(source="updated_count")
    unchanged = serializers.IntegerField(source="unchanged_count")
    errors = ImportProblemSerializer(many=True)  # type: ignore[assignment]
    file_name = serializers.CharField(source="original_name")

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "status",
            "progress",
            "file_name",
            "rows_read",
            "rows_valid",
            "created",
            "updated",
            "unchanged",
            "errors",
            "preview",
            "created_at",
            "confirmed_at",
            "finished_at",
        ]


class ImportsApi(APIView):
    parser_classes = [MultiPartParser]

    class InputSerializer(serializers.Serializer):
        file = serializers.FileField(help_text="XLSX or CSV with the columns of docs/import.md.")

    @extend_schema(
        operation_id="imports_create",
        summary="Upload a spreadsheet of communications: every row is checked, nothing is written yet",
        request={"multipart/form-data": InputSerializer},
        responses=responses({202: ImportJobOutputSerializer}, *WITH_BODY),
        tags=["imports"],
    )
    def post(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        job = import_services.import_upload(actor=request.user, uploaded_file=serializer.validated_data["file"])
        return Response(ImportJobOutputSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class ImportDetailApi(APIView):
    @extend_schema(
        operation_id="imports_retrieve",
        summary="An import: status, progress, rows read, created, updated, and each row's problems",
        responses=responses({200: ImportJobOutputSerializer}, 404),
        tags=["imports"],
    )
    def get(self, request, pk: int):
        return Response(ImportJobOutputSerializer(import_job_get(user=request.user, pk=pk)).data)


class ImportConfirmApi(APIView):
    @extend_schema(
        operation_id="imports_confirm",
        summary="Confirm a checked import: a background job writes every row without problems",
        request=None,
        responses=responses({202: ImportJobOutputSerializer}, 404, 409),
        tags=["imports"],
    )
    def post(self, request, pk: int):
        job = import_services.import_confirm(actor=request.user, job=import_job_get(user=request.user, pk=pk))
        job.refresh_from_db()
        return Response(ImportJobOutputSerializer(job).data, status=status.HTTP_202_ACCEPTED)
