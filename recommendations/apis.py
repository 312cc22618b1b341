"""The REST API for recommendations (under /api/v1/, routes in portal/api_urls.py): reviews (list, record, import a
spreadsheet of recommendations), the register with the page's filters, one recommendation, the State's response,
measures and their progress reports. The IWG's agenda steps are in meetings/apis.py. Every rule is in
recommendations/services."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response as ApiResponse
from rest_framework.views import APIView

from communications import selectors as communication_selectors
from communications.apis.exports import FORMAT_LIST, XLSX, FileFormatNegotiation, file_response
from communications.apis.fields import CommitteeCodeField, UploadField
from communications.models import Committee, CommitteeCode
from iwg.apis import MAX_ID, WITH_BODY, AgencyCodeField, ApiPagination, UserNameField, paginated_response, responses
from iwg.models import Agency
from iwg.parsers import JSONParser
from iwg.permissions import require

from . import selectors, services
from .filters import IdFilter, RecommendationFilter
from .models import Measure, ProgressReport, Recommendation, Response, Review, Theme

TEXT_MAX = 20_000

# The filters' types in the schema, stated here rather than in recommendations/filters.py, which the services read.
extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})(IdFilter)


# ---------------------------------------------------------------------------------------------------------------
# Outputs


class ReviewOutputSerializer(serializers.ModelSerializer):
    committee = CommitteeCodeField(source="committee.code", allow_null=True)

    class Meta:
        model = Review
        fields = ["id", "mechanism", "title", "cycle", "session", "committee", "symbol", "mandate", "adopted_on"]


class ResponseOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Response
        fields = ["status", "position", "reason", "decided_on", "decided_by_meeting", "lock_version"]


class RecommendationOutputSerializer(serializers.ModelSerializer):
    themes: serializers.Field = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    response = ResponseOutputSerializer()

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "review_id",
            "number",
            "recommending_states",
            "text",
            "text_ru",
            "text_kk",
            "themes",
            "sdg_targets",
            "affected_groups",
            "follow_up",
            "follow_up_due_on",
            "implementation",
            "response",
        ]


class MeasureOutputSerializer(serializers.ModelSerializer):
    responsible_agency = AgencyCodeField(source="responsible_agency.code")
    co_executors: serializers.Field = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    recommendation_ids: serializers.Field = serializers.PrimaryKeyRelatedField(
        source="recommendations", many=True, read_only=True
    )
    deadline_id = serializers.IntegerField(allow_null=True)

    class Meta:
        model = Measure
        fields = [
            "id",
            "title",
            "description",
            "responsible_agency",
            "co_executors",
            "indicator",
            "target_date",
            "status",
            "recommendation_ids",
            "deadline_id",
        ]


class RecommendationDetailOutputSerializer(RecommendationOutputSerializer):
    review = ReviewOutputSerializer()
    measures = MeasureOutputSerializer(many=True)
    communication_ids = serializers.SerializerMethodField()

    class Meta(RecommendationOutputSerializer.Meta):
        fields = [*RecommendationOutputSerializer.Meta.fields, "review", "measures", "communication_ids"]

    def get_communication_ids(self, recommendation) -> list[int]:
        return [link.communication_id for link in recommendation.communication_links.all()]


class ReportOutputSerializer(serializers.ModelSerializer):
    submitted_by = UserNameField()
    reviewed_by = UserNameField(allow_null=True)
    document_ids: serializers.Field = serializers.PrimaryKeyRelatedField(source="documents", many=True, read_only=True)

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "measure_id",
            "text",
            "is_final",
            "status",
            "submitted_by",
            "submitted_at",
            "reviewed_by",
            "reviewed_at",
            "review_comment",
            "document_ids",
        ]


# ---------------------------------------------------------------------------------------------------------------
# Reviews


class ReviewsApi(APIView):
    """GET: the reviews. POST: record one (MFA, MoJ)."""

    class InputSerializer(serializers.Serializer):
        mechanism = serializers.ChoiceField(choices=Review.Mechanism.choices)
        title = serializers.CharField(max_length=300)
        cycle = serializers.IntegerField(min_value=1, max_value=20, required=False, allow_null=True)
        session = serializers.IntegerField(min_value=1, max_value=999, required=False, allow_null=True)
        committee = serializers.ChoiceField(choices=CommitteeCode.choices, required=False, allow_null=True)
        symbol = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
        mandate = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
        adopted_on = serializers.DateField(required=False, allow_null=True)

    pagination_class = ApiPagination

    @extend_schema(
        operation_id="reviews_list",
        summary="Reviews: UPR cycles, concluding observations, special procedures' reports",
        responses=responses({200: ReviewOutputSerializer(many=True)}, 400),
        tags=["recommendations"],
    )
    def get(self, request):
        return paginated_response(
            request=request,
            view=self,
            queryset=selectors.review_list(user=request.user).order_by("-adopted_on", "-id"),
            serializer_class=ReviewOutputSerializer,
        )

    @extend_schema(
        operation_id="reviews_create",
        summary="Record a review (MFA, MoJ)",
        request=InputSerializer,
        responses=responses({201: ReviewOutputSerializer}, *WITH_BODY),
        tags=["recommendations"],
    )
    def post(self, request):
        require(request.user, "recommendations.manage_review")
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        code = data.pop("committee", None)
        data["committee"] = Committee.objects.filter(code=code).first() if code else None
        review = services.review_create(actor=request.user, **data)
        return ApiResponse(ReviewOutputSerializer(review).data, status=status.HTTP_201_CREATED)


class ReviewImportApi(APIView):
    class InputSerializer(serializers.Serializer):
        file = serializers.FileField(help_text="XLSX or CSV: number, text, recommending_states, response, themes, ...")
        dry_run = serializers.BooleanField(required=False, default=False)

    class OutputSerializer(serializers.Serializer):
        created = serializers.IntegerField()
        unchanged = serializers.IntegerField()

    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="reviews_import_create",
        summary="Import a review's recommendations from a spreadsheet (MFA, MoJ, administrator)",
        description="Every row is checked first; a file with a problem writes nothing (400 lists the rows).",
        request={"multipart/form-data": InputSerializer},
        responses=responses({200: OutputSerializer}, *WITH_BODY, 404),
        tags=["recommendations"],
    )
    def post(self, request, pk: int):
        review = selectors.review_get(user=request.user, pk=pk)
        require(request.user, "recommendations.import_recommendations", review)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        if upload.size > 10 * 1024 * 1024:
            raise serializers.ValidationError({"file": [_("The file is larger than 10 MB.")]})
        result = services.recommendations_import(
            actor=request.user,
            review=review,
            content=upload.read(),
            name=upload.name[:200],
            dry_run=serializer.validated_data["dry_run"],
        )
        return ApiResponse(self.OutputSerializer(result).data)


# ---------------------------------------------------------------------------------------------------------------
# Recommendations


class RecommendationsApi(APIView):
    pagination_class = ApiPagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = RecommendationFilter
    queryset = Recommendation.objects.none()

    @extend_schema(
        operation_id="recommendations_list",
        summary="The register of recommendations, filtered as the page",
        responses=responses({200: RecommendationOutputSerializer(many=True)}, 400),
        tags=["recommendations"],
    )
    def get(self, request):
        queryset = selectors.recommendation_list(user=request.user, filters=request.query_params)
        return paginated_response(
            request=request, view=self, queryset=queryset, serializer_class=RecommendationOutputSerializer
        )


class RecommendationExportApi(APIView):
    content_negotiation_class = FileFormatNegotiation
    # Read by the schema generator only: the register's filters apply.
    filter_backends = [DjangoFilterBackend]
    filterset_class = RecommendationFilter
    queryset = Recommendation.objects.none()

    @extend_schema(
        operation_id="recommendations_export",
        summary="The register of recommendations as XLSX or CSV (the list's filters apply)",
        description="The CSV's first columns are the import's, so it imports as it is into another review.",
        parameters=[FORMAT_LIST],
        responses=responses({(200, XLSX): OpenApiTypes.BINARY, (200, "text/csv"): OpenApiTypes.BINARY}, 400),
        tags=["exports"],
    )
    def get(self, request):
        result = services.recommendations_export(
            actor=request.user,
            fmt=request.query_params.get("format", ""),
            filters=request.query_params,
            request=request,
        )
        return file_response(result)


class RecommendationDetailApi(APIView):
    @extend_schema(
        operation_id="recommendations_retrieve",
        summary="One recommendation with its response, measures and linked communications",
        responses=responses({200: RecommendationDetailOutputSerializer}, 404),
        tags=["recommendations"],
    )
    def get(self, request, pk: int):
        recommendation = selectors.recommendation_get(user=request.user, pk=pk)
        return ApiResponse(RecommendationDetailOutputSerializer(recommendation).data)


class ResponseProposeApi(APIView):
    class InputSerializer(serializers.Serializer):
        position = serializers.ChoiceField(choices=Response.Position.choices)
        reason = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True, default="")
        expected_version = serializers.IntegerField(
            min_value=0, max_value=2**31 - 1, required=False, allow_null=True, help_text="To replace a proposal."
        )

    @extend_schema(
        operation_id="recommendations_response_create",
        summary="Propose the State's response (MFA); the IWG decides it at a meeting",
        request=InputSerializer,
        responses=responses({200: ResponseOutputSerializer}, *WITH_BODY, 404, 409),
        tags=["recommendations"],
    )
    def post(self, request, pk: int):
        recommendation = selectors.recommendation_get(user=request.user, pk=pk)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        response = services.response_propose(
            actor=request.user, response=recommendation.response, **serializer.validated_data
        )
        return ApiResponse(ResponseOutputSerializer(response).data)


class RecommendationLinkApi(APIView):
    class InputSerializer(serializers.Serializer):
        communication_id = serializers.IntegerField(min_value=1, max_value=MAX_ID)
        note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")

    @extend_schema(
        operation_id="recommendations_communications_create",
        summary="Link a communication the recommendation concerns (MFA, MoJ)",
        request=InputSerializer,
        responses=responses({201: RecommendationDetailOutputSerializer}, *WITH_BODY, 404),
        tags=["recommendations"],
    )
    def post(self, request, pk: int):
        recommendation = selectors.recommendation_get(user=request.user, pk=pk)
        require(request.user, "recommendations.link_communication", recommendation)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            communication = communication_selectors.communication_get(
                user=request.user, pk=serializer.validated_data["communication_id"]
            )
        except Http404 as exc:
            raise serializers.ValidationError({"communication_id": [_("No such communication.")]}) from exc
        services.recommendation_link_communication(
            actor=request.user,
            recommendation=recommendation,
            communication=communication,
            note=serializer.validated_data["note"],
        )
        recommendation = selectors.recommendation_get(user=request.user, pk=pk)
        return ApiResponse(RecommendationDetailOutputSerializer(recommendation).data, status=status.HTTP_201_CREATED)


# ---------------------------------------------------------------------------------------------------------------
# Measures and progress reports


class MeasuresApi(APIView):
    class InputSerializer(serializers.Serializer):
        recommendation_ids = serializers.ListField(
            child=serializers.IntegerField(min_value=1, max_value=MAX_ID), min_length=1, max_length=500
        )
        title = serializers.CharField(max_length=500)
        description = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True, default="")
        responsible_agency = serializers.ChoiceField(choices=Agency.Code.choices)
        co_executors = serializers.ListField(
            child=serializers.ChoiceField(choices=Agency.Code.choices), required=False, default=list, max_length=20
        )
        indicator = serializers.CharField(max_length=500)
        target_date = serializers.DateField()

    pagination_class = ApiPagination

    @extend_schema(
        operation_id="measures_list",
        summary="The action plan's measures, the nearest target first",
        responses=responses({200: MeasureOutputSerializer(many=True)}, 400),
        tags=["recommendations"],
    )
    def get(self, request):
        return paginated_response(
            request=request,
            view=self,
            queryset=selectors.measure_list(user=request.user).order_by("target_date", "id"),
            serializer_class=MeasureOutputSerializer,
        )

    @extend_schema(
        operation_id="measures_create",
        summary="Plan a measure for supported recommendations (MoJ, MFA)",
        request=InputSerializer,
        responses=responses({201: MeasureOutputSerializer}, *WITH_BODY, 409),
        tags=["recommendations"],
    )
    def post(self, request):
        require(request.user, "recommendations.plan_measure")
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        ids = set(data.pop("recommendation_ids"))
        recommendations = list(Recommendation.objects.filter(pk__in=ids))
        if len(recommendations) != len(ids):
            raise serializers.ValidationError({"recommendation_ids": [_("No such recommendation.")]})
        agencies = {agency.code: agency for agency in Agency.objects.all()}
        try:
            responsible = agencies[data.pop("responsible_agency")]
            co_executors = [agencies[code] for code in data.pop("co_executors")]
        except KeyError as exc:
            raise serializers.ValidationError({"responsible_agency": [_("No such agency.")]}) from exc
        measure = services.measure_plan(
            actor=request.user,
            recommendations=recommendations,
            responsible_agency=responsible,
            co_executors=co_executors,
            **data,
        )
        measure = selectors.measure_get(user=request.user, pk=measure.pk)
        return ApiResponse(MeasureOutputSerializer(measure).data, status=status.HTTP_201_CREATED)


class ProgressReportsApi(APIView):
    class InputSerializer(serializers.Serializer):
        text = serializers.CharField(max_length=TEXT_MAX)
        is_final = serializers.BooleanField(required=False, default=False)

    class MultipartInputSerializer(InputSerializer):
        files = serializers.ListField(child=UploadField(), required=False, default=list, max_length=10)

    parser_classes = [JSONParser, MultiPartParser]

    @extend_schema(
        operation_id="measures_progress_reports_list",
        summary="A measure's progress reports, oldest first",
        responses=responses({200: ReportOutputSerializer(many=True)}, 404),
        tags=["recommendations"],
    )
    def get(self, request, pk: int):
        measure = selectors.measure_get(user=request.user, pk=pk)
        return ApiResponse(ReportOutputSerializer(selectors.report_list(measure=measure), many=True).data)

    @extend_schema(
        operation_id="measures_progress_reports_create",
        summary="File a progress report (the measure's responsible agency); documents with multipart/form-data",
        request={"application/json": InputSerializer, "multipart/form-data": MultipartInputSerializer},
        responses=responses({201: ReportOutputSerializer}, *WITH_BODY, 404, 409),
        tags=["recommendations"],
    )
    def post(self, request, pk: int):
        measure = selectors.measure_get(user=request.user, pk=pk)
        require(request.user, "recommendations.submit_report", measure)
        multipart = request.content_type.startswith("multipart/")
        serializer = (self.MultipartInputSerializer if multipart else self.InputSerializer)(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = services.report_submit(
            actor=request.user,
            measure=measure,
            text=serializer.validated_data["text"],
            is_final=serializer.validated_data["is_final"],
            files=serializer.validated_data.get("files", []),
        )
        return ApiResponse(ReportOutputSerializer(report).data, status=status.HTTP_201_CREATED)


class ProgressReportReviewApi(APIView):
    class InputSerializer(serializers.Serializer):
        decision = serializers.ChoiceField(choices=[("accept", _("Accept")), ("return", _("Return"))])
        comment = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True, default="")

    @extend_schema(
        operation_id="progress_reports_review_create",
        summary="Accept or return a progress report (MoJ, MFA)",
        request=InputSerializer,
        responses=responses({200: ReportOutputSerializer}, *WITH_BODY, 404, 409),
        tags=["recommendations"],
    )
    def post(self, request, pk: int):
        require(request.user, "recommendations.view")
        try:
            report = ProgressReport.objects.select_related("measure").get(pk=pk)
        except ProgressReport.DoesNotExist as exc:
            raise Http404 from exc
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data["decision"] == "accept":
            report = services.report_accept(actor=request.user, report=report, comment=data["comment"])
        else:
            report = services.report_return(actor=request.user, report=report, comment=data["comment"])
        return ApiResponse(ReportOutputSerializer(report).data)


class ThemesApi(APIView):
    class OutputSerializer(serializers.ModelSerializer):
        class Meta:
            model = Theme
            fields = ["code", "name", "name_ru", "name_kk"]

    @extend_schema(
        operation_id="themes_list",
        summary="The themes recommendations are grouped by",
        responses=responses({200: OutputSerializer(many=True)}),
        tags=["recommendations"],
    )
    def get(self, request):
        require(request.user, "recommendations.view")
        return ApiResponse(self.OutputSerializer(selectors.theme_list(), many=True).data)
