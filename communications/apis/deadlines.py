"""The REST API for deadlines: the list, extensions."""

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from iwg.apis import (
    WITH_BODY,
    ApiPagination,
    UserNameField,
    paginated_response,
    responses,
)

from .. import selectors, services
from ..filters import DeadlineFilter
from ..models import (
    Deadline,
    Extension,
    NoteKind,
)
from .fields import CommitteeCodeField
from .serializers import TEXT_MAX, DeadlineOutputSerializer, _context

# ---------------------------------------------------------------------------------------------------------------
# Deadlines


class DeadlineListApi(APIView):
    class OutputSerializer(DeadlineOutputSerializer):
        communication_id = serializers.IntegerField(source="round.communication_id")
        committee = CommitteeCodeField(source="round.communication.committee.code")
        communication_number = serializers.CharField(source="round.communication.number")
        round_kind = serializers.ChoiceField(source="round.kind", choices=NoteKind.choices)

        class Meta(DeadlineOutputSerializer.Meta):
            fields = [
                *DeadlineOutputSerializer.Meta.fields,
                "communication_id",
                "committee",
                "communication_number",
                "round_kind",
            ]

    pagination_class = ApiPagination
    # Read by the schema generator only (see CommunicationsApi).
    filter_backends = [DjangoFilterBackend]
    filterset_class = DeadlineFilter
    queryset = Deadline.objects.none()

    @extend_schema(
        operation_id="deadlines_list",
        summary="Deadlines of the communications you may see, the nearest first",
        responses=responses({200: OutputSerializer(many=True)}, 400),
        tags=["deadlines"],
    )
    def get(self, request):
        deadlines = selectors.deadline_list(user=request.user, filters=request.query_params)
        return paginated_response(
            request=request, view=self, queryset=deadlines, serializer_class=self.OutputSerializer
        )


class DeadlineExtendApi(APIView):
    class InputSerializer(serializers.Serializer):
        new_due_on = serializers.DateField()
        reference = serializers.CharField(
            max_length=200, required=False, allow_blank=True, default="", help_text="The committee's reference."
        )
        reason = serializers.CharField(max_length=TEXT_MAX)

    class OutputSerializer(serializers.ModelSerializer):
        deadline = DeadlineOutputSerializer()
        recorded_by = UserNameField(allow_null=True)

        class Meta:
            model = Extension
            fields = ["id", "previous_due_on", "new_due_on", "reference", "reason", "recorded_by", "deadline"]

    @extend_schema(
        operation_id="deadlines_extensions_create",
        summary="Record a committee's extension of a deadline (MFA)",
        description="Internal deadlines not set by hand are recomputed from the new date; old dates stay in history.",
        request=InputSerializer,
        responses=responses({201: OutputSerializer}, *WITH_BODY, 404, 409),
        tags=["deadlines"],
    )
    def post(self, request, pk: int):
        deadline = selectors.deadline_get(user=request.user, pk=pk)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        extension = services.deadline_extend(actor=request.user, deadline=deadline, **serializer.validated_data)
        extension.deadline = selectors.deadline_get(user=request.user, pk=pk)
        return Response(
            self.OutputSerializer(extension, context=_context(request)).data, status=status.HTTP_201_CREATED
        )
