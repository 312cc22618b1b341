"""Serializers shared by several operations of the communications API: the outputs of communications, notes,
rounds, deadlines, decisions and remedies, and the inputs used by more than one operation.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema_field
from rest_framework import serializers

from iwg.apis import (
    MAX_ID,
    AgencyCodeField,
    UserNameField,
)

from ..models import (
    Communication,
    Deadline,
    Decision,
    Document,
    LegalAnalysis,
    NoteVerbale,
    Party,
    Remedy,
    RemedyAction,
    RemedyGrade,
    Round,
    StatePosition,
)
from .fields import CommitteeCodeField, party_name

# Bounds on free text, so that a request cannot carry megabytes into a text column.
TEXT_MAX = 20_000
POSITION_TEXT_MAX = 200_000
LIST_MAX = 50


def _strings(max_length: int = 100, **kwargs) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.CharField(max_length=max_length), max_length=LIST_MAX, required=False, **kwargs
    )


# ---------------------------------------------------------------------------------------------------------------
# The version an edit is based on (optimistic locking)


IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description='The lock_version the edit is based on, e.g. "3", when the body has no expected_version.',
)


def expected_version_field(whose: str):
    """The `expected_version` input of an edit: required, in the body or as an `If-Match` header."""
    return serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        max_value=MAX_ID,
        help_text=(
            f"The {whose} lock_version you based the edit on (or send it as an If-Match header). Missing, or "
            "changed meanwhile: 409 and nothing is overwritten."
        ),
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
            "is_historical",
            "voided_at",
            "void_reason",
        ]


class DeadlineOutputSerializer(serializers.ModelSerializer):
    responsible_agency = AgencyCodeField(help_text="Agency code, e.g. PGO.")
    basis = serializers.CharField(
        source="basis_text", read_only=True, help_text="Where the date comes from, in the reader's language."
    )

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
            "lock_version",
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
            "is_historical",
            "replied_on",
            "voided_at",
            "void_reason",
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
            "lock_version",
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
    merged_into: serializers.Field = serializers.PrimaryKeyRelatedField(
        read_only=True,
        allow_null=True,
        help_text="Registered twice: the id of the communication this duplicate was merged into (null otherwise).",
    )
    joined_numbers: serializers.Field = serializers.SlugRelatedField(slug_field="number", many=True, read_only=True)
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
            "merged_into",
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


class StrictCharField(serializers.CharField):
    """Text that must be a JSON string: DRF's CharField would take a number and store its digits as a name."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class PartyInputSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Party.Role.choices)
    full_name = StrictCharField(max_length=200)
    initials = StrictCharField(max_length=20, required=False, allow_blank=True, default="")
    is_confidential = serializers.BooleanField(required=False, default=False)


class InternalDueDatesInputSerializer(serializers.Serializer):
    """Internal deadlines set by hand instead of the defaults; any may be left out."""

    pgo_analysis = serializers.DateField(required=False)
    iwg_consideration = serializers.DateField(required=False)
    position_approval = serializers.DateField(required=False)
    dispatch = serializers.DateField(required=False)
