"""The REST API of the corrections (issue 11, item 3), MFA only: correct the committee and number, correct or remove a
party, change its confidentiality, void a note or a round, merge a communication registered twice. Each takes a
`reason` and the communication's `expected_version` (or an If-Match header) and answers with the communication as
it now is. Every rule is in communications/services/corrections.py."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from iwg.apis import WITH_BODY, responses
from iwg.concurrency import expected_version_from

from .. import selectors, services
from ..models import Party
from .fields import CommitteeCodeField
from .serializers import (
    IF_MATCH,
    TEXT_MAX,
    CommunicationDetailOutputSerializer,
    StrictCharField,
    _context,
    expected_version_field,
)

TAGS = ["corrections"]


class CorrectionInputSerializer(serializers.Serializer):
    reason = StrictCharField(max_length=TEXT_MAX, help_text="Why: kept in the history and shown on the timeline.")
    expected_version = expected_version_field("communication's")


def _input(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = dict(serializer.validated_data)
    data["expected_version"] = expected_version_from(request, data)
    return data


def _communication_response(request, pk: int) -> Response:
    communication = selectors.communication_detail(user=request.user, pk=pk)
    return Response(CommunicationDetailOutputSerializer(communication, context=_context(request)).data)


def _schema(operation_id: str, summary: str, request_serializer, description: str = ""):
    return extend_schema(
        operation_id=operation_id,
        summary=summary,
        description=description,
        parameters=[IF_MATCH],
        request=request_serializer,
        responses=responses({200: CommunicationDetailOutputSerializer}, *WITH_BODY, 404, 409),
        tags=TAGS,
    )


class CommunicationCorrectionApi(APIView):
    class InputSerializer(CorrectionInputSerializer):
        committee = CommitteeCodeField()
        number = StrictCharField(max_length=30, help_text="e.g. 2137/2012")

    @_schema(
        "communications_corrections_create",
        "Correct a communication's committee and number (MFA)",
        InputSerializer,
        "Validated per committee as at registration, never the number of another case. A change of committee "
        "recomputes the pending committee deadlines of the open rounds and their internal deadlines.",
    )
    def post(self, request, pk: int):
        communication = selectors.communication_get(user=request.user, pk=pk)
        data = _input(self.InputSerializer, request)
        services.communication_correct_number(
            actor=request.user,
            communication=communication,
            expected_version=data["expected_version"],
            committee_code=data["committee"],
            number=data["number"],
            reason=data["reason"],
        )
        return _communication_response(request, pk)


class PartyCorrectionApi(APIView):
    class InputSerializer(CorrectionInputSerializer):
        role = serializers.ChoiceField(choices=Party.Role.choices, required=False)
        full_name = StrictCharField(max_length=200, required=False)
        initials = StrictCharField(max_length=20, required=False)

    @_schema(
        "communications_parties_partial_update",
        "Correct a party's role, name or initials (MFA)",
        InputSerializer,
        "Only the fields given change; the old values stay in the history.",
    )
    def patch(self, request, pk: int, party_pk: int):
        party = selectors.party_get(user=request.user, communication_pk=pk, pk=party_pk)
        data = _input(self.InputSerializer, request)
        services.party_edit(
            actor=request.user,
            party=party,
            expected_version=data["expected_version"],
            reason=data["reason"],
            role=data.get("role"),
            full_name=data.get("full_name"),
            initials=data.get("initials"),
        )
        return _communication_response(request, pk)


class PartyConfidentialityApi(APIView):
    class InputSerializer(CorrectionInputSerializer):
        is_confidential = serializers.BooleanField(help_text="Whether the committee keeps the identity confidential.")

    @_schema(
        "communications_parties_confidentiality_create",
        "Change whether a party's identity is confidential (MFA)",
        InputSerializer,
        "Takes effect at once on every page, export, API answer and notice for the roles that see initials.",
    )
    def post(self, request, pk: int, party_pk: int):
        party = selectors.party_get(user=request.user, communication_pk=pk, pk=party_pk)
        data = _input(self.InputSerializer, request)
        services.party_set_confidential(
            actor=request.user,
            party=party,
            expected_version=data["expected_version"],
            is_confidential=data["is_confidential"],
            reason=data["reason"],
        )
        return _communication_response(request, pk)


class PartyRemovalApi(APIView):
    @_schema(
        "communications_parties_removal_create",
        "Remove a party entered by mistake (MFA)",
        CorrectionInputSerializer,
        "The party is marked removed (kept with its history) and no longer listed among the parties.",
    )
    def post(self, request, pk: int, party_pk: int):
        party = selectors.party_get(user=request.user, communication_pk=pk, pk=party_pk)
        data = _input(CorrectionInputSerializer, request)
        services.party_remove(
            actor=request.user, party=party, expected_version=data["expected_version"], reason=data["reason"]
        )
        return _communication_response(request, pk)


class NoteVoidApi(APIView):
    @_schema(
        "communications_notes_void_create",
        "Void an incoming note registered by mistake (MFA)",
        CorrectionInputSerializer,
        "The note is kept and marked voided; the round it opened is voided with it.",
    )
    def post(self, request, pk: int, note_pk: int):
        note = selectors.note_get(user=request.user, communication_pk=pk, pk=note_pk)
        data = _input(CorrectionInputSerializer, request)
        services.note_void(
            actor=request.user, note=note, expected_version=data["expected_version"], reason=data["reason"]
        )
        return _communication_response(request, pk)


class RoundVoidApi(APIView):
    @_schema(
        "communications_rounds_void_create",
        "Void a round registered by mistake (MFA)",
        CorrectionInputSerializer,
        "The round is kept and marked voided; its open and missed deadlines are cancelled, so nothing reminds, "
        "escalates or counts as overdue.",
    )
    def post(self, request, pk: int, round_pk: int):
        round = selectors.communication_round_get(user=request.user, communication_pk=pk, pk=round_pk)
        data = _input(CorrectionInputSerializer, request)
        services.round_void(
            actor=request.user, round=round, expected_version=data["expected_version"], reason=data["reason"]
        )
        return _communication_response(request, pk)


class CommunicationMergeApi(APIView):
    class InputSerializer(CorrectionInputSerializer):
        duplicate_number = StrictCharField(
            max_length=30, help_text="The number of the same case registered a second time, in the same committee."
        )

    @_schema(
        "communications_merge_create",
        "Merge a communication registered twice into this one (MFA)",
        InputSerializer,
        "The duplicate's notes, rounds, documents, parties and numbers move here; the duplicate is kept, marked "
        "merged (`merged_into`), and its number becomes a joined number of this one.",
    )
    def post(self, request, pk: int):
        communication = selectors.communication_get(user=request.user, pk=pk)
        data = _input(self.InputSerializer, request)
        duplicate = selectors.communication_find(committee=communication.committee, number=data["duplicate_number"])
        if duplicate is None or not selectors.communication_visible_to(request.user).filter(pk=duplicate.pk).exists():
            raise ValidationError(
                {
                    "duplicate_number": _("No communication with this number in %(committee)s.")
                    % {"committee": communication.committee.code}
                }
            )
        services.communication_merge(
            actor=request.user,
            communication=communication,
            duplicate=duplicate,
            expected_version=data["expected_version"],
            reason=data["reason"],
        )
        return _communication_response(request, pk)
