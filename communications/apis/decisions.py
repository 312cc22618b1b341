"""The REST API for the final decision, its remedies and their follow-up."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from iwg.apis import (
    WITH_BODY,
    responses,
)

from .. import selectors, services
from ..models import (
    Decision,
    FollowUpGrade,
    Remedy,
)
from .serializers import LIST_MAX, TEXT_MAX, DecisionOutputSerializer, RemedyOutputSerializer, _context, _strings


class DecisionRecordApi(APIView):
    class InputSerializer(serializers.Serializer):
        class RemedyInputSerializer(serializers.Serializer):
            kind = serializers.ChoiceField(choices=Remedy.Kind.choices)
            description = serializers.CharField(max_length=TEXT_MAX)
            responsible_agency = serializers.CharField(max_length=20, help_text="Agency code, e.g. MOF.")

        kind = serializers.ChoiceField(choices=Decision.Kind.choices)
        adopted_on = serializers.DateField()
        symbol = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
        articles_violated = _strings()
        summary = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True, default="")
        remedies = RemedyInputSerializer(
            many=True,  # type: ignore[call-arg]  # many=True makes a ListSerializer, which takes max_length
            required=False,
            max_length=LIST_MAX,
            help_text="Only for Views finding a violation.",
        )

    OutputSerializer = DecisionOutputSerializer

    @extend_schema(
        operation_id="communications_decision_create",
        summary="Record the committee's final decision (MFA)",
        description="Views (violation or not), inadmissibility or discontinuance; remedies for Views finding a "
        "violation. Rounds asking for observations are cancelled; the communication moves to follow-up, decided "
        "or closed.",
        request=InputSerializer,
        responses=responses({201: OutputSerializer}, *WITH_BODY, 404, 409),
        tags=["decisions and remedies"],
    )
    def post(self, request, pk: int):
        communication = selectors.communication_get(user=request.user, pk=pk)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.decision_record(
            actor=request.user,
            communication=communication,
            kind=data["kind"],
            adopted_on=data["adopted_on"],
            symbol=data["symbol"],
            articles_violated=data.get("articles_violated"),
            summary=data["summary"],
            remedies=[dict(remedy) for remedy in data.get("remedies", [])],
        )
        decision = selectors.communication_detail(user=request.user, pk=communication.pk).decision
        return Response(self.OutputSerializer(decision, context=_context(request)).data, status=status.HTTP_201_CREATED)


# ---------------------------------------------------------------------------------------------------------------
# Remedies


def _remedy_response(request, remedy: Remedy) -> Response:
    remedy = selectors.remedy_get(user=request.user, pk=remedy.pk)
    return Response(RemedyOutputSerializer(remedy, context=_context(request)).data, status=status.HTTP_201_CREATED)


class RemedyActionRecordApi(APIView):
    class InputSerializer(serializers.Serializer):
        taken_on = serializers.DateField()
        description = serializers.CharField(max_length=TEXT_MAX)
        status = serializers.ChoiceField(
            choices=Remedy.Status.choices, required=False, allow_null=True, help_text="The remedy's status now."
        )

    OutputSerializer = RemedyOutputSerializer

    @extend_schema(
        operation_id="remedies_actions_create",
        summary="Record something done to implement a remedy",
        request=InputSerializer,
        responses=responses({201: OutputSerializer}, *WITH_BODY, 404, 409),
        tags=["decisions and remedies"],
    )
    def post(self, request, pk: int):
        remedy = selectors.remedy_get(user=request.user, pk=pk)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.remedy_action_record(actor=request.user, remedy=remedy, **serializer.validated_data)
        return _remedy_response(request, remedy)


class RemedyGradeRecordApi(APIView):
    class InputSerializer(serializers.Serializer):
        grade = serializers.ChoiceField(choices=FollowUpGrade.choices)
        assessed_on = serializers.DateField()
        state_assessment = serializers.ChoiceField(choices=Remedy.Status.choices)
        reference = serializers.CharField(
            max_length=200, required=False, allow_blank=True, default="", help_text="Follow-up report symbol."
        )
        comment = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True, default="")

    OutputSerializer = RemedyOutputSerializer

    @extend_schema(
        operation_id="remedies_grades_create",
        summary="Record the committee's follow-up grade on a remedy (MFA)",
        request=InputSerializer,
        responses=responses({201: OutputSerializer}, *WITH_BODY, 404, 409),
        tags=["decisions and remedies"],
    )
    def post(self, request, pk: int):
        remedy = selectors.remedy_get(user=request.user, pk=pk)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.remedy_grade(actor=request.user, remedy=remedy, **serializer.validated_data)
        return _remedy_response(request, remedy)
