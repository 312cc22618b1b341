"""The REST API for communications (under /api/v1/, routes in iwg/api_urls.py): one APIView per operation, explicit
input and output serializers, every rule in services.py and every lookup through a selector scoped to what the user
may see (so a guessed id is a 404). Errors become the one error shape in iwg/exceptions.py."""

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from iwg.apis import (
    HISTORY_RESPONSES,
    MAX_ID,
    WITH_BODY,
    AgencyCodeField,
    ApiPagination,
    CommitteeCodeField,
    UploadField,
    UserNameField,
    history_response,
    paginated_response,
    party_name,
    require_history_reader,
    responses,
)

from . import selectors, services
from .models import (
    INCOMING_KINDS,
    Communication,
    Deadline,
    Decision,
    Document,
    Extension,
    FollowUpGrade,
    LegalAnalysis,
    NoteKind,
    NoteVerbale,
    Party,
    Remedy,
    RemedyAction,
    RemedyGrade,
    Round,
    StatePosition,
)

# Bounds on free text, so that a request cannot carry megabytes into a text column.
TEXT_MAX = 20_000
POSITION_TEXT_MAX = 200_000
LIST_MAX = 50


def _strings(max_length: int = 100, **kwargs) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.CharField(max_length=max_length), max_length=LIST_MAX, required=False, **kwargs
    )


# ---------------------------------------------------------------------------------------------------------------
# Outputs shared by several operations


class PartyOutputSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField(help_text="The full name, or the initials where it is confidential.")

    class Meta:
        model = Party
        fields = ["id", "role", "name", "initials", "is_confidential"]

    @extend_schema_field(OpenApiTypes.STR)
    def get_name(self, party) -> str:
        return party_name(party, self.context["request"].user)


class NoteOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = NoteVerbale
        fields = [
            "id",
            "direction",
            "kind",
            "registry_number",
            "registered_on",
            "ohchr_reference",
            "ohchr_date",
            "reply_requested_by",
            "summary",
        ]


class DeadlineOutputSerializer(serializers.ModelSerializer):
    responsible_agency = AgencyCodeField(help_text="Agency code, e.g. PGO.")

    class Meta:
        model = Deadline
        fields = [
            "id",
            "round_id",
            "kind",
            "due_on",
            "status",
            "responsible_agency",
            "basis",
            "met_late",
            "set_manually",
            "completed_at",
        ]


class DocumentOutputSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="original_name")

    class Meta:
        model = Document
        fields = ["id", "name", "content_type", "size", "language", "created_at"]


class AnalysisOutputSerializer(serializers.ModelSerializer):
    document = DocumentOutputSerializer()
    submitted_by = UserNameField()

    class Meta:
        model = LegalAnalysis
        fields = [
            "id",
            "round_id",
            "version",
            "summary",
            "admissibility_conclusion",
            "merits_conclusion",
            "document",
            "submitted_by",
            "submitted_at",
            "is_late",
        ]


class PositionOutputSerializer(serializers.ModelSerializer):
    texts = serializers.SerializerMethodField(help_text="Language code → text.")
    approved_by = UserNameField(allow_null=True)

    class Meta:
        model = StatePosition
        fields = ["id", "status", "lock_version", "texts", "approved_at", "approved_by", "sent_on"]

    @extend_schema_field({"type": "object", "additionalProperties": {"type": "string"}})
    def get_texts(self, position) -> dict:
        return {text.language: text.text for text in position.texts.all()}


class RoundOutputSerializer(serializers.ModelSerializer):
    committee = CommitteeCodeField(source="communication.committee.code")
    communication_number = serializers.CharField(source="communication.number")
    incoming_note = NoteOutputSerializer()
    outgoing_note = NoteOutputSerializer(allow_null=True)
    deadlines = DeadlineOutputSerializer(many=True)
    analyses = AnalysisOutputSerializer(many=True, help_text="Every version, the latest first.")
    position = PositionOutputSerializer(allow_null=True)

    class Meta:
        model = Round
        fields = [
            "id",
            "communication_id",
            "committee",
            "communication_number",
            "kind",
            "status",
            "is_urgent",
            "referred_at",
            "created_at",
            "incoming_note",
            "outgoing_note",
            "deadlines",
            "analyses",
            "position",
        ]


class RemedyActionOutputSerializer(serializers.ModelSerializer):
    agency = AgencyCodeField()
    recorded_by = UserNameField(allow_null=True)

    class Meta:
        model = RemedyAction
        fields = ["id", "taken_on", "description", "agency", "recorded_by", "created_at"]


class RemedyGradeOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = RemedyGrade
        fields = ["id", "grade", "assessed_on", "reference", "state_assessment", "comment", "created_at"]


class RemedyOutputSerializer(serializers.ModelSerializer):
    responsible_agency = AgencyCodeField()
    communication_id = serializers.IntegerField(source="decision.communication_id")
    actions = RemedyActionOutputSerializer(many=True)
    grades = RemedyGradeOutputSerializer(many=True, help_text="The latest first.")

    class Meta:
        model = Remedy
        fields = [
            "id",
            "communication_id",
            "kind",
            "description",
            "responsible_agency",
            "status",
            "state_assessment",
            "committee_grade",
            "actions",
            "grades",
        ]


class DecisionOutputSerializer(serializers.ModelSerializer):
    remedies = RemedyOutputSerializer(many=True)

    class Meta:
        model = Decision
        fields = ["id", "kind", "adopted_on", "symbol", "articles_violated", "summary", "remedies"]


class CommunicationSummaryOutputSerializer(serializers.ModelSerializer):
    committee = CommitteeCodeField(source="committee.code")
    joined_numbers = serializers.SlugRelatedField(slug_field="number", many=True, read_only=True)
    parties = PartyOutputSerializer(many=True)

    class Meta:
        model = Communication
        fields = [
            "id",
            "committee",
            "number",
            "joined_numbers",
            "subject",
            "phase",
            "articles_invoked",
            "symbols",
            "submitted_on",
            "transmitted_on",
            "parties",
            "created_at",
            "updated_at",
        ]


class CommunicationDetailOutputSerializer(CommunicationSummaryOutputSerializer):
    notes = NoteOutputSerializer(many=True)
    rounds = RoundOutputSerializer(many=True, help_text="The oldest first.")
    decision = DecisionOutputSerializer(allow_null=True)

    class Meta(CommunicationSummaryOutputSerializer.Meta):
        fields = [*CommunicationSummaryOutputSerializer.Meta.fields, "lock_version", "notes", "rounds", "decision"]


def _context(request) -> dict:
    return {"request": request}


# ---------------------------------------------------------------------------------------------------------------
# Inputs shared by several operations


class PartyInputSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Party.Role.choices)
    full_name = serializers.CharField(max_length=200)
    initials = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    is_confidential = serializers.BooleanField(required=False, default=False)


class InternalDueDatesInputSerializer(serializers.Serializer):
    """Internal deadlines set by hand instead of the defaults; any may be left out."""

    pgo_analysis = serializers.DateField(required=False)
    iwg_consideration = serializers.DateField(required=False)
    position_approval = serializers.DateField(required=False)
    dispatch = serializers.DateField(required=False)


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
        parties = PartyInputSerializer(many=True, required=False, max_length=LIST_MAX)

    pagination_class = ApiPagination
    # Read by the schema generator only, which documents the FilterSet's query parameters; the selector applies it.
    filter_backends = [DjangoFilterBackend]
    filterset_class = selectors.CommunicationFilter
    queryset = Communication.objects.none()

    @extend_schema(
        operation_id="communications_list",
        summary="List communications",
        responses=responses({200: ListOutputSerializer(many=True)}, 400),
        tags=["communications"],
    )
    def get(self, request):
        communications = selectors.communication_filtered_list(user=request.user, filters=request.query_params)
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


class CommunicationHistoryApi(APIView):
    @extend_schema(
        operation_id="communications_history",
        summary="Change history of a communication (auditors, administrators)",
        description="Every change to the communication, its parties, joined numbers, notes, decision and remedies: "
        "who, when, why, and each field's old and new value. Newest first.",
        responses=HISTORY_RESPONSES,
        tags=["history"],
    )
    def get(self, request, pk: int):
        require_history_reader(request.user)
        communication = selectors.communication_detail(user=request.user, pk=pk)
        objects = [communication, *communication.parties.all(), *communication.joined_numbers.all()]
        objects += list(communication.notes.all())
        decision = getattr(communication, "decision", None)
        if decision is not None:
            objects += [decision, *decision.remedies.all()]
        return history_response(objects, user=request.user)


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
            many=True, required=False, max_length=LIST_MAX, help_text="Only for Views finding a violation."
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
# Notes verbales


class NoteRegisterApi(APIView):
    class InputSerializer(serializers.Serializer):
        class CommunicationInputSerializer(serializers.Serializer):
            subject = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True)
            articles_invoked = _strings()
            submitted_on = serializers.DateField(required=False, allow_null=True)
            symbols = _strings()
            parties = PartyInputSerializer(many=True, required=False, max_length=LIST_MAX)

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
        )
        opened = getattr(note, "opened_round", None)
        output = {
            "note": note,
            "communication_id": note.communication_id,
            "round": selectors.round_detail(user=request.user, pk=opened.pk) if opened else None,
        }
        return Response(self.OutputSerializer(output, context=_context(request)).data, status=status.HTTP_201_CREATED)


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
        admissibility_conclusion = serializers.ChoiceField(choices=LegalAnalysis.Conclusion.choices)
        merits_conclusion = serializers.ChoiceField(choices=LegalAnalysis.Conclusion.choices)

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
        expected_version = serializers.IntegerField(
            required=False,
            allow_null=True,
            min_value=0,
            max_value=MAX_ID,
            help_text="The position's lock_version you edited; if it changed meanwhile the draft is refused (409).",
        )

    OutputSerializer = RoundOutputSerializer

    @extend_schema(
        operation_id="rounds_position_create",
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
            expected_version=data.get("expected_version"),
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


class RoundHistoryApi(APIView):
    @extend_schema(
        operation_id="rounds_history",
        summary="Change history of a round (auditors, administrators)",
        description="The round, its deadlines and extensions, legal analyses, State position and its texts.",
        responses=HISTORY_RESPONSES,
        tags=["history"],
    )
    def get(self, request, pk: int):
        require_history_reader(request.user)
        round = selectors.round_detail(user=request.user, pk=pk)
        objects = [round, *round.deadlines.all(), *round.analyses.all()]
        objects += list(Extension.objects.filter(deadline__round=round))
        position = getattr(round, "position", None)
        if position is not None:
            objects += [position, *position.texts.all()]
        return history_response(objects, user=request.user)


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
    filterset_class = selectors.DeadlineFilter
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
