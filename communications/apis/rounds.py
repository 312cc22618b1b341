"""The REST API for the steps of a round: referral, legal analysis, the State's position, history."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from iwg.apis import (
    WITH_BODY,
    responses,
)
from iwg.concurrency import expected_version_from

from .. import selectors, services
from ..models import (
    ADMISSIBILITY_CONCLUSIONS,
    MERITS_CONCLUSIONS,
    Round,
)
from .fields import UploadField
from .serializers import (
    IF_MATCH,
    POSITION_TEXT_MAX,
    TEXT_MAX,
    AnalysisOutputSerializer,
    InternalDueDatesInputSerializer,
    RoundOutputSerializer,
    _context,
    expected_version_field,
)

# ---------------------------------------------------------------------------------------------------------------
# Rounds


def _round_response(request, round: Round, *, status_code=status.HTTP_200_OK) -> Response:
    round = selectors.round_detail(user=request.user, pk=round.pk)
    return Response(RoundOutputSerializer(round, context=_context(request)).data, status=status_code)


class RoundDetailApi(APIView):
    OutputSerializer = RoundOutputSerializer

    @extend_schema(
        operation_id="rounds_retrieve",
        summary="A round with its notes, deadlines, legal analyses and State position",
        responses=responses({200: OutputSerializer}, 404),
        tags=["rounds"],
    )
    def get(self, request, pk: int):
        round = selectors.round_detail(user=request.user, pk=pk)
        return Response(self.OutputSerializer(round, context=_context(request)).data)


class RoundReferApi(APIView):
    class InputSerializer(serializers.Serializer):
        internal_due_dates = InternalDueDatesInputSerializer(required=False)
        comment = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True, default="")

    OutputSerializer = RoundOutputSerializer

    @extend_schema(
        operation_id="rounds_referral_create",
        summary="Refer a registered round to the PGO and MoJ (MFA)",
        request=InputSerializer,
        responses=responses({200: OutputSerializer}, *WITH_BODY, 404, 409),
        tags=["rounds"],
    )
    def post(self, request, pk: int):
        round = selectors.round_get(user=request.user, pk=pk)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        round = services.round_refer(
            actor=request.user,
            round=round,
            internal_due_dates=dict(data.get("internal_due_dates") or {}),
            comment=data["comment"],
        )
        return _round_response(request, round)


class AnalysisSubmitApi(APIView):
    class InputSerializer(serializers.Serializer):
        document = UploadField(help_text="The analysis: PDF, DOCX or ODT.")
        summary = serializers.CharField(max_length=TEXT_MAX)
        admissibility_conclusion = serializers.ChoiceField(
            choices=[(c.value, c.label) for c in ADMISSIBILITY_CONCLUSIONS]
        )
        merits_conclusion = serializers.ChoiceField(choices=[(c.value, c.label) for c in MERITS_CONCLUSIONS])

    OutputSerializer = AnalysisOutputSerializer
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="rounds_legal_analyses_create",
        summary="Submit the PGO's legal analysis (multipart upload)",
        description="A new version each time; earlier versions are kept. Marks the PGO deadline met, on time or late.",
        request={"multipart/form-data": InputSerializer},
        responses=responses({201: OutputSerializer}, *WITH_BODY, 404, 409),
        tags=["rounds"],
    )
    def post(self, request, pk: int):
        round = selectors.round_get(user=request.user, pk=pk)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        analysis = services.analysis_submit(
            actor=request.user,
            round=round,
            document=data["document"],
            summary=data["summary"],
            admissibility_conclusion=data["admissibility_conclusion"],
            merits_conclusion=data["merits_conclusion"],
        )
        return Response(self.OutputSerializer(analysis, context=_context(request)).data, status=status.HTTP_201_CREATED)


class PositionDraftApi(APIView):
    class InputSerializer(serializers.Serializer):
        class TextsInputSerializer(serializers.Serializer):
            en = serializers.CharField(max_length=POSITION_TEXT_MAX, required=False, allow_blank=True)
            ru = serializers.CharField(max_length=POSITION_TEXT_MAX, required=False, allow_blank=True)
            kk = serializers.CharField(max_length=POSITION_TEXT_MAX, required=False, allow_blank=True)
            fr = serializers.CharField(max_length=POSITION_TEXT_MAX, required=False, allow_blank=True)
            es = serializers.CharField(max_length=POSITION_TEXT_MAX, required=False, allow_blank=True)

        texts = TextsInputSerializer(help_text="The text in one or more languages; a blank text is left as it was.")
        expected_version = expected_version_field("position's (0 before the first draft)")

    OutputSerializer = RoundOutputSerializer

    @extend_schema(
        operation_id="rounds_position_create",
        parameters=[IF_MATCH],
        summary="Write or revise the draft State position",
        request=InputSerializer,
        responses=responses({200: OutputSerializer}, *WITH_BODY, 404, 409),
        tags=["rounds"],
    )
    def post(self, request, pk: int):
        round = selectors.round_get(user=request.user, pk=pk)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.position_draft(
            actor=request.user,
            round=round,
            texts=dict(data["texts"]),
            expected_version=expected_version_from(request, data),
        )
        return _round_response(request, round)


class PositionApproveApi(APIView):
    OutputSerializer = RoundOutputSerializer

    @extend_schema(
        operation_id="rounds_position_approve",
        summary="Approve the State position on the IWG's decision (MoJ)",
        request=None,
        responses=responses({200: OutputSerializer}, 404, 409),
        tags=["rounds"],
    )
    def post(self, request, pk: int):
        round = selectors.round_get(user=request.user, pk=pk)
        services.position_approve(actor=request.user, round=round)
        return _round_response(request, round)


class PositionSendApi(APIView):
    class InputSerializer(serializers.Serializer):
        registry_number = serializers.CharField(max_length=50, help_text="The outgoing note's MFA registry number.")
        sent_on = serializers.DateField()

    OutputSerializer = RoundOutputSerializer

    @extend_schema(
        operation_id="rounds_position_send",
        summary="Send the approved position to OHCHR with an outgoing note (MFA)",
        request=InputSerializer,
        responses=responses({200: OutputSerializer}, *WITH_BODY, 404, 409),
        tags=["rounds"],
    )
    def post(self, request, pk: int):
        round = selectors.round_get(user=request.user, pk=pk)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.position_send(actor=request.user, round=round, **serializer.validated_data)
        return _round_response(request, round)
