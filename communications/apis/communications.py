"""The REST API for communications and notes verbales (under /api/v1/, routes in iwg/api_urls.py): one APIView
per operation, explicit input and output serializers, every rule in a service and every lookup through a
selector scoped to what the user may see (so a guessed id is a 404). Errors become the one error shape in
iwg/exceptions.py.
"""

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from iwg.apis import (
    WITH_BODY,
    ApiPagination,
    paginated_response,
    responses,
)

from .. import selectors, services
from ..filters import CommunicationFilter, YearFilter
from ..models import (
    INCOMING_KINDS,
    Communication,
)
from .fields import CommitteeCodeField
from .serializers import (
    LIST_MAX,
    TEXT_MAX,
    CommunicationDetailOutputSerializer,
    CommunicationSummaryOutputSerializer,
    InternalDueDatesInputSerializer,
    NoteOutputSerializer,
    PartyInputSerializer,
    RoundOutputSerializer,
    _context,
    _strings,
)

# The filters' types in the schema, stated here rather than in communications/filters.py, which the services read.
extend_schema_field({"type": "integer", "minimum": 1900, "maximum": 9999})(YearFilter)

# ---------------------------------------------------------------------------------------------------------------
# Communications


class CommunicationsApi(APIView):
    """GET: the communications you may see. POST: record a communication before any note (MFA)."""

    class ListOutputSerializer(CommunicationSummaryOutputSerializer):
        has_overdue = serializers.BooleanField(help_text="An open obligation of one of its rounds is overdue.")

        class Meta(CommunicationSummaryOutputSerializer.Meta):
            fields = [*CommunicationSummaryOutputSerializer.Meta.fields, "has_overdue"]

    class CreateInputSerializer(serializers.Serializer):
        committee = CommitteeCodeField()
        number = serializers.CharField(max_length=30)
        subject = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True, default="")
        articles_invoked = _strings()
        submitted_on = serializers.DateField(required=False, allow_null=True)
        symbols = _strings()
        parties = PartyInputSerializer(many=True, required=False, max_length=LIST_MAX)  # type: ignore[call-arg]

    pagination_class = ApiPagination
    # Read by the schema generator only, which documents the FilterSet's query parameters; the selector applies it.
    filter_backends = [DjangoFilterBackend]
    filterset_class = CommunicationFilter
    queryset = Communication.objects.none()

    @extend_schema(
        operation_id="communications_list",
        summary="List communications",
        responses=responses({200: ListOutputSerializer(many=True)}, 400),
        tags=["communications"],
    )
    def get(self, request):
        communications = selectors.communication_list(user=request.user, filters=request.query_params)
        return paginated_response(
            request=request, view=self, queryset=communications, serializer_class=self.ListOutputSerializer
        )

    @extend_schema(
        operation_id="communications_create",
        summary="Record a communication without a note (MFA)",
        request=CreateInputSerializer,
        responses=responses({201: CommunicationDetailOutputSerializer}, *WITH_BODY),
        tags=["communications"],
    )
    def post(self, request):
        serializer = self.CreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        communication = services.communication_create(
            actor=request.user,
            committee_code=data["committee"],
            number=data["number"],
            subject=data["subject"],
            articles_invoked=data.get("articles_invoked"),
            submitted_on=data.get("submitted_on"),
            symbols=data.get("symbols"),
            parties=data.get("parties"),
        )
        communication = selectors.communication_detail(user=request.user, pk=communication.pk)
        return Response(
            CommunicationDetailOutputSerializer(communication, context=_context(request)).data,
            status=status.HTTP_201_CREATED,
        )


class CommunicationDetailApi(APIView):
    OutputSerializer = CommunicationDetailOutputSerializer

    @extend_schema(
        operation_id="communications_retrieve",
        summary="A communication with its notes, rounds, deadlines, decision and remedies",
        responses=responses({200: OutputSerializer}, 404),
        tags=["communications"],
    )
    def get(self, request, pk: int):
        communication = selectors.communication_detail(user=request.user, pk=pk)
        return Response(self.OutputSerializer(communication, context=_context(request)).data)


# ---------------------------------------------------------------------------------------------------------------
# Notes verbales


class NoteRegisterApi(APIView):
    class InputSerializer(serializers.Serializer):
        class CommunicationInputSerializer(serializers.Serializer):
            subject = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True)
            articles_invoked = _strings()
            submitted_on = serializers.DateField(required=False, allow_null=True)
            symbols = _strings()
            parties = PartyInputSerializer(many=True, required=False, max_length=LIST_MAX)  # type: ignore[call-arg]

        committee = CommitteeCodeField()
        communication_number = serializers.CharField(max_length=30, help_text="e.g. 2137/2012")
        kind = serializers.ChoiceField(choices=[(kind.value, kind.label) for kind in INCOMING_KINDS])
        registry_number = serializers.CharField(max_length=50, help_text="The MFA's registry number of the note.")
        received_date = serializers.DateField(help_text="The date the MFA received the note.")
        ohchr_reference = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
        ohchr_date = serializers.DateField(help_text="OHCHR's date of the note: the date of transmission.")
        reply_requested_by = serializers.DateField(
            required=False, allow_null=True, help_text="A date the note itself sets for the reply."
        )
        summary = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True, default="")
        internal_due_dates = InternalDueDatesInputSerializer(required=False)
        views_kind = serializers.ChoiceField(
            choices=["views_violation", "views_no_violation"],
            required=False,
            allow_blank=True,
            default="",
            help_text="A 'Views adopted' note: the finding, recorded as the final decision (default: a violation).",
        )
        adopted_on = serializers.DateField(
            required=False, allow_null=True, help_text="A 'Views adopted' note: the date of adoption."
        )
        decision_symbol = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
        historical = serializers.BooleanField(
            required=False,
            default=False,
            help_text="A past note whose steps are already done: its deadlines are recorded as met (on "
            "`replied_on`) or closed, and nothing reminds, escalates or counts as overdue.",
        )
        replied_on = serializers.DateField(
            required=False, allow_null=True, help_text="Historical entry: the day the State's reply was sent."
        )
        communication = CommunicationInputSerializer(
            required=False, help_text="The communication's fields, used when the number is new."
        )

    class OutputSerializer(serializers.Serializer):
        note = NoteOutputSerializer()
        communication_id = serializers.IntegerField()
        round = RoundOutputSerializer(allow_null=True, help_text="The round the note opened, with its deadlines.")

    @extend_schema(
        operation_id="notes_create",
        summary="Register an incoming note verbale (MFA)",
        description="Creates or links the communication. A note asking for a reply opens a round with the "
        "committee's deadline and the internal deadlines (defaults counted back from it, or `internal_due_dates`).",
        request=InputSerializer,
        responses=responses({201: OutputSerializer}, *WITH_BODY, 409),
        tags=["notes"],
    )
    def post(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        fields = dict(data.get("communication") or {})
        if "parties" in fields:
            fields["parties"] = [dict(party) for party in fields["parties"]]
        note = services.note_register(
            actor=request.user,
            committee_code=data["committee"],
            communication_number=data["communication_number"],
            kind=data["kind"],
            registry_number=data["registry_number"],
            received_on=data["received_date"],
            ohchr_reference=data["ohchr_reference"],
            ohchr_date=data["ohchr_date"],
            reply_requested_by=data.get("reply_requested_by"),
            summary=data["summary"],
            communication_fields=fields,
            internal_due_dates=dict(data.get("internal_due_dates") or {}),
            historical=data["historical"],
            views_kind=data["views_kind"],
            adopted_on=data.get("adopted_on"),
            decision_symbol=data["decision_symbol"],
            replied_on=data.get("replied_on"),
        )
        opened = getattr(note, "opened_round", None)
        output = {
            "note": note,
            "communication_id": note.communication_id,
            "round": selectors.round_detail(user=request.user, pk=opened.pk) if opened else None,
        }
        return Response(self.OutputSerializer(output, context=_context(request)).data, status=status.HTTP_201_CREATED)


class CommunicationCloseApi(APIView):
    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=TEXT_MAX)

    @extend_schema(
        operation_id="communications_close",
        summary="Close a communication (MFA)",
        description="E.g. the committee closed follow-up. Its open rounds and their deadlines are cancelled.",
        request=InputSerializer,
        responses=responses({200: CommunicationDetailOutputSerializer}, *WITH_BODY, 404, 409),
        tags=["communications"],
    )
    def post(self, request, pk: int):
        communication = selectors.communication_get(user=request.user, pk=pk)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.communication_close(
            actor=request.user, communication=communication, reason=serializer.validated_data["reason"]
        )
        communication = selectors.communication_detail(user=request.user, pk=pk)
        return Response(CommunicationDetailOutputSerializer(communication, context=_context(request)).data)
