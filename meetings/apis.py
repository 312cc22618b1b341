"""The REST API for IWG meetings (under /api/v1/, routes in iwg/api_urls.py): schedule, build the agenda, record as
held with participants and a decision per agenda item (optionally uploading the minutes), cancel; and the history
for auditors. Every rule is in meetings/services.py."""

import json

from django.http import Http404, HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from communications import selectors as communication_selectors
from communications.apis.fields import CommitteeCodeField, UploadField
from communications.models import NoteKind, Round
from iwg.apis import (
    MAX_ID,
    WITH_BODY,
    AgencyCodeField,
    ApiPagination,
    UserNameField,
    paginated_response,
    responses,
)
from iwg.models import User
from iwg.parsers import JSONParser
from iwg.permissions import require
from recommendations import selectors as recommendation_selectors
from recommendations.models import Response as RecommendationResponse

from . import calendar_feed, pack, selectors, services
from .models import AgendaItem, Meeting, Participant, ResponseItem

TEXT_MAX = 20_000
MEETING_NUMBER_MAX = 2_147_483_647  # the largest value the number column holds


# ---------------------------------------------------------------------------------------------------------------
# Outputs


class AgendaItemOutputSerializer(serializers.ModelSerializer):
    communication_id = serializers.IntegerField(source="round.communication_id")
    committee = CommitteeCodeField(source="round.communication.committee.code")
    communication_number = serializers.CharField(source="round.communication.number")
    round_kind = serializers.ChoiceField(source="round.kind", choices=NoteKind.choices)
    round_status = serializers.ChoiceField(source="round.status", choices=Round.Status.choices)

    class Meta:
        model = AgendaItem
        fields = [
            "id",
            "meeting_id",
            "order",
            "round_id",
            "communication_id",
            "committee",
            "communication_number",
            "round_kind",
            "round_status",
            "decision",
            "decision_notes",
        ]


class ParticipantOutputSerializer(serializers.ModelSerializer):
    agency = AgencyCodeField(allow_null=True)

    class Meta:
        model = Participant
        fields = ["id", "user_id", "name", "agency"]


class MeetingOutputSerializer(serializers.ModelSerializer):
    chair = UserNameField(allow_null=True)

    class Meta:
        model = Meeting
        fields = ["id", "number", "starts_at", "place", "format", "status", "chair", "held_at"]


class ResponseItemOutputSerializer(serializers.ModelSerializer):
    recommendation_id = serializers.IntegerField(source="response.recommendation_id")
    response_status = serializers.ChoiceField(source="response.status", choices=RecommendationResponse.Status.choices)
    position = serializers.ChoiceField(source="response.position", choices=RecommendationResponse.Position.choices)

    class Meta:
        model = ResponseItem
        fields = [
            "id",
            "meeting_id",
            "order",
            "response_id",
            "recommendation_id",
            "response_status",
            "position",
            "decision",
            "decision_notes",
        ]


class MeetingDetailOutputSerializer(MeetingOutputSerializer):
    agenda_items = serializers.SerializerMethodField(help_text="The items about communications you may see.")
    response_items = ResponseItemOutputSerializer(
        many=True, help_text="Recommendations' proposed responses on the agenda."
    )
    participants = ParticipantOutputSerializer(many=True)
    minutes_document_id = serializers.IntegerField(source="minutes_id", allow_null=True)

    class Meta(MeetingOutputSerializer.Meta):
        fields = [
            *MeetingOutputSerializer.Meta.fields,
            "lock_version",
            "minutes_summary",
            "minutes_document_id",
            "cancellation_reason",
            "agenda_items",
            "response_items",
            "participants",
        ]

    @extend_schema_field(AgendaItemOutputSerializer(many=True))
    def get_agenda_items(self, meeting):
        items = list(meeting.agenda_items.all())
        user = self.context["request"].user
        if not user.sees_all_communications:
            visible = set(
                communication_selectors.communication_visible_to(user)
                .filter(pk__in={item.round.communication_id for item in items})
                .values_list("pk", flat=True)
            )
            items = [item for item in items if item.round.communication_id in visible]
        return AgendaItemOutputSerializer(items, many=True, context=self.context).data


def _meeting_response(request, meeting: Meeting, *, status_code=status.HTTP_200_OK) -> Response:
    meeting = selectors.meeting_get(pk=meeting.pk)
    return Response(MeetingDetailOutputSerializer(meeting, context={"request": request}).data, status=status_code)


def _active_users(ids) -> dict[int, User]:
    users = {user.pk: user for user in User.objects.filter(pk__in=set(ids), is_active=True).select_related("agency")}
    unknown = sorted(set(ids) - set(users))
    if unknown:
        raise serializers.ValidationError(
            _("No such user: %(ids)s") % {"ids": ", ".join(str(user_id) for user_id in unknown)}
        )
    return users


# ---------------------------------------------------------------------------------------------------------------
# Meetings


class MeetingsApi(APIView):
    """GET: IWG meetings, the latest first. POST: schedule a meeting (MoJ secretariat)."""

    class ListOutputSerializer(MeetingOutputSerializer):
        item_count = serializers.IntegerField(help_text="Items on the agenda.")

        class Meta(MeetingOutputSerializer.Meta):
            fields = [*MeetingOutputSerializer.Meta.fields, "item_count"]

    class ScheduleInputSerializer(serializers.Serializer):
        starts_at = serializers.DateTimeField()
        place = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
        format = serializers.ChoiceField(
            choices=Meeting.Format.choices, required=False, default=Meeting.Format.IN_PERSON
        )
        chair_id = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=MAX_ID)
        number = serializers.IntegerField(
            required=False,
            allow_null=True,
            min_value=1,
            max_value=MEETING_NUMBER_MAX,
            help_text="Only for recording a past meeting; otherwise the next number in sequence.",
        )

        def validate_chair_id(self, value):
            return None if value is None else _active_users([value])[value]

    pagination_class = ApiPagination

    @extend_schema(
        operation_id="meetings_list",
        summary="List IWG meetings",
        responses=responses({200: ListOutputSerializer(many=True)}, 400),
        tags=["meetings"],
    )
    def get(self, request):
        return paginated_response(
            request=request, view=self, queryset=selectors.meeting_list(), serializer_class=self.ListOutputSerializer
        )

    @extend_schema(
        operation_id="meetings_create",
        summary="Schedule an IWG meeting (MoJ)",
        request=ScheduleInputSerializer,
        responses=responses({201: MeetingDetailOutputSerializer}, *WITH_BODY),
        tags=["meetings"],
    )
    def post(self, request):
        serializer = self.ScheduleInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        meeting = services.meeting_schedule(
            actor=request.user,
            starts_at=data["starts_at"],
            place=data["place"],
            format=data["format"],
            chair=data.get("chair_id"),
            number=data.get("number"),
        )
        return _meeting_response(request, meeting, status_code=status.HTTP_201_CREATED)


class MeetingDetailApi(APIView):
    OutputSerializer = MeetingDetailOutputSerializer

    @extend_schema(
        operation_id="meetings_retrieve",
        summary="An IWG meeting with its agenda, decisions and participants",
        responses=responses({200: OutputSerializer}, 404),
        tags=["meetings"],
    )
    def get(self, request, pk: int):
        meeting = selectors.meeting_get(pk=pk)
        return Response(self.OutputSerializer(meeting, context={"request": request}).data)


class AgendaItemAddApi(APIView):
    class InputSerializer(serializers.Serializer):
        round_id = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="A round whose analysis is in.")

    OutputSerializer = AgendaItemOutputSerializer

    @extend_schema(
        operation_id="meetings_agenda_items_create",
        summary="Put a round on a planned meeting's agenda (MoJ)",
        request=InputSerializer,
        responses=responses({201: OutputSerializer}, *WITH_BODY, 404, 409),
        tags=["meetings"],
    )
    def post(self, request, pk: int):
        meeting = selectors.meeting_get(pk=pk)
        # The service checks this too; checked first here so that a role that may not manage agendas is told so
        # (403) rather than that a round it cannot see does not exist (400).
        require(request.user, "meetings.manage_agenda", meeting)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        round = _round_for_input(request.user, serializer.validated_data["round_id"])
        item = services.agenda_item_add(actor=request.user, meeting=meeting, round=round)
        item = AgendaItem.objects.select_related("round__communication__committee").get(pk=item.pk)
        return Response(self.OutputSerializer(item).data, status=status.HTTP_201_CREATED)


def _round_for_input(user, round_id: int) -> Round:
    """A round named in the body: one the user may not see is reported as invalid input."""

    try:
        return communication_selectors.round_get(user=user, pk=round_id)
    except Http404 as exc:
        raise serializers.ValidationError({"round_id": [_("No such round.")]}) from exc


@extend_schema_field(
    {
        "oneOf": [
            {"type": "integer", "minimum": 1, "description": "A user's id."},
            {"type": "string", "minLength": 1, "maxLength": 200, "description": "A guest's name."},
        ]
    }
)
class ParticipantField(serializers.Field):
    """A participant: a user's id, or the name of a guest from another body."""

    default_error_messages = {"invalid": _("Give a user's id or a guest's name.")}

    def to_internal_value(self, data):
        if isinstance(data, int) and not isinstance(data, bool) and 1 <= data <= MAX_ID:
            return data
        if isinstance(data, str) and data.strip() and len(data) <= 200 and "\x00" not in data:
            return data.strip()
        self.fail("invalid")

    def to_representation(self, value):
        return value


@extend_schema_field({"type": "string", "minLength": 1, "description": "JSON text."})
class JsonStringField(serializers.Field):
    """A form field carrying JSON text (multipart bodies cannot nest lists of objects); the parsed value is
    validated by the JSON body's serializer."""

    default_error_messages = {
        "json": _("This must be JSON text."),
        "max_length": _("Ensure this field has no more than {max_length} characters."),
    }

    def __init__(self, *, max_length: int, **kwargs):
        self.max_length = max_length
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str) or not data.strip():
            self.fail("json")
        if len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length)
        try:
            return json.loads(data)
        except ValueError:
            self.fail("json")

    def to_representation(self, value):
        return json.dumps(value)


class MeetingHeldApi(APIView):
    class InputSerializer(serializers.Serializer):
        class DecisionInputSerializer(serializers.Serializer):
            agenda_item_id = serializers.IntegerField(min_value=1, max_value=MAX_ID)
            decision = serializers.ChoiceField(choices=AgendaItem.Decision.choices)
            notes = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True, default="")

        class ResponseDecisionInputSerializer(serializers.Serializer):
            response_item_id = serializers.IntegerField(min_value=1, max_value=MAX_ID)
            decision = serializers.ChoiceField(choices=ResponseItem.Decision.choices)
            notes = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True, default="")

        participants = serializers.ListField(child=ParticipantField(), required=False, max_length=200, default=list)
        decisions = DecisionInputSerializer(many=True, max_length=500, help_text="One per agenda item.")  # type: ignore[call-arg]
        response_decisions = ResponseDecisionInputSerializer(  # type: ignore[call-arg]
            many=True, max_length=500, required=False, default=list, help_text="One per response on the agenda."
        )

        def validate_response_decisions(self, decisions):
            ids = [decision["response_item_id"] for decision in decisions]
            if len(ids) != len(set(ids)):
                raise serializers.ValidationError(_("One decision per agenda item."))
            return decisions

        minutes_summary = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True, default="")

        def validate_decisions(self, decisions):
            ids = [decision["agenda_item_id"] for decision in decisions]
            if len(ids) != len(set(ids)):
                raise serializers.ValidationError(_("One decision per agenda item."))
            return decisions

        def validate_participants(self, participants):
            users = _active_users([p for p in participants if isinstance(p, int)])
            return [users[p] if isinstance(p, int) else {"name": p} for p in participants]

    class MultipartInputSerializer(serializers.Serializer):
        participants = JsonStringField(
            required=False, max_length=100_000, help_text='JSON, as in the JSON body: e.g. [3, "A. Guest"].'
        )
        decisions = JsonStringField(
            max_length=1_000_000,
            help_text='JSON, as in the JSON body: e.g. [{"agenda_item_id": 7, "decision": "approve_position"}].',
        )
        minutes_summary = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True, default="")
        minutes_file = UploadField(required=False, help_text="The minutes: PDF, DOCX or ODT.")

    OutputSerializer = MeetingDetailOutputSerializer
    parser_classes = [JSONParser, MultiPartParser]

    @extend_schema(
        operation_id="meetings_held_create",
        summary="Record a planned meeting as held, with a decision per agenda item (MoJ)",
        description="Participants are user ids or guests' names. Each decision moves its round: approve_position "
        "and note_implementation to approved by the IWG, more_analysis back to the PGO, defer back to the queue. "
        "Send multipart/form-data instead of JSON to upload the minutes (participants and decisions as JSON text).",
        request={"application/json": InputSerializer, "multipart/form-data": MultipartInputSerializer},
        responses=responses({200: OutputSerializer}, *WITH_BODY, 404, 409),
        tags=["meetings"],
    )
    def post(self, request, pk: int):
        meeting = selectors.meeting_get(pk=pk)
        minutes_file = None
        data = request.data
        if request.content_type.startswith("multipart/"):
            form = self.MultipartInputSerializer(data=request.data)
            form.is_valid(raise_exception=True)
            minutes_file = form.validated_data.get("minutes_file")
            data = {key: value for key, value in form.validated_data.items() if key != "minutes_file"}
        serializer = self.InputSerializer(data=data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.meeting_record_held(
            actor=request.user,
            meeting=meeting,
            decisions={d["agenda_item_id"]: (d["decision"], d["notes"]) for d in data["decisions"]},
            participants=data["participants"],
            minutes_file=minutes_file,
            minutes_summary=data["minutes_summary"],
            response_decisions={
                d["response_item_id"]: (d["decision"], d["notes"]) for d in data.get("response_decisions", [])
            },
        )
        return _meeting_response(request, meeting)


class ResponseItemAddApi(APIView):
    class InputSerializer(serializers.Serializer):
        recommendation_id = serializers.IntegerField(
            min_value=1, max_value=MAX_ID, help_text="A recommendation whose response is proposed."
        )

    OutputSerializer = ResponseItemOutputSerializer

    @extend_schema(
        operation_id="meetings_response_items_create",
        summary="Put a recommendation's proposed response on a planned meeting's agenda (MoJ)",
        request=InputSerializer,
        responses=responses({201: OutputSerializer}, *WITH_BODY, 404, 409),
        tags=["meetings"],
    )
    def post(self, request, pk: int):
        meeting = selectors.meeting_get(pk=pk)
        require(request.user, "meetings.manage_agenda", meeting)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            recommendation = recommendation_selectors.recommendation_get(
                user=request.user, pk=serializer.validated_data["recommendation_id"]
            )
        except Http404 as exc:
            raise serializers.ValidationError({"recommendation_id": [_("No such recommendation.")]}) from exc
        item = services.agenda_response_add(actor=request.user, meeting=meeting, response=recommendation.response)
        item = ResponseItem.objects.select_related("response").get(pk=item.pk)
        return Response(self.OutputSerializer(item).data, status=status.HTTP_201_CREATED)


class MeetingCancelApi(APIView):
    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=TEXT_MAX)

    OutputSerializer = MeetingDetailOutputSerializer

    @extend_schema(
        operation_id="meetings_cancel",
        summary="Cancel a planned meeting (MoJ); its rounds wait for another agenda",
        request=InputSerializer,
        responses=responses({200: OutputSerializer}, *WITH_BODY, 404, 409),
        tags=["meetings"],
    )
    def post(self, request, pk: int):
        meeting = selectors.meeting_get(pk=pk)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.meeting_cancel(actor=request.user, meeting=meeting, reason=serializer.validated_data["reason"])
        return _meeting_response(request, meeting)


# ---------------------------------------------------------------------------------------------------------------
# Files: the meeting pack and the minutes (PDF), the meeting's invitation and the user's calendar (iCalendar)


class _FileNegotiation(BaseContentNegotiation):
    """Errors in the JSON error shape whatever the client accepts; the file itself is a plain HttpResponse."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return JSONRenderer(), JSONRenderer.media_type


def _file(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


PDF_RESPONSES = responses({(200, "application/pdf"): OpenApiTypes.BINARY}, 404, 409, 503)
ICS_RESPONSES = responses({(200, "text/calendar"): OpenApiTypes.BINARY}, 404)


class MeetingPackApi(APIView):
    content_negotiation_class = _FileNegotiation

    @extend_schema(
        operation_id="meetings_pack",
        summary="The meeting pack as PDF: cover, agenda by nearest committee deadline, analysis and draft position",
        responses=PDF_RESPONSES,
        tags=["meetings"],
    )
    def get(self, request, pk: int):
        meeting = selectors.meeting_get(pk=pk, user=request.user)
        content = pack.meeting_file(actor=request.user, meeting=meeting, kind="pack", request=request)
        return _file(content, filename=f"iwg-meeting-{meeting.number}-pack.pdf", content_type="application/pdf")


class MeetingMinutesApi(APIView):
    content_negotiation_class = _FileNegotiation

    @extend_schema(
        operation_id="meetings_minutes",
        summary="The minutes of a held meeting as PDF, with each item's decision",
        responses=PDF_RESPONSES,
        tags=["meetings"],
    )
    def get(self, request, pk: int):
        meeting = selectors.meeting_get(pk=pk, user=request.user)
        content = pack.meeting_file(actor=request.user, meeting=meeting, kind="minutes", request=request)
        return _file(content, filename=f"iwg-meeting-{meeting.number}-minutes.pdf", content_type="application/pdf")


class MeetingCalendarApi(APIView):
    content_negotiation_class = _FileNegotiation

    @extend_schema(
        operation_id="meetings_calendar",
        summary="The meeting as a one-off iCalendar invitation (.ics)",
        responses=ICS_RESPONSES,
        tags=["calendar"],
    )
    def get(self, request, pk: int):
        meeting = selectors.meeting_get(pk=pk, user=request.user)
        return _file(
            calendar_feed.meeting_invitation(meeting=meeting),
            filename=f"iwg-meeting-{meeting.number}.ics",
            content_type=calendar_feed.CALENDAR_CONTENT_TYPE,
        )


class CalendarApi(APIView):
    content_negotiation_class = _FileNegotiation

    @extend_schema(
        operation_id="calendar_feed",
        summary="Your calendar: the pending deadlines of your agency and the IWG meetings you take part in",
        description="text/calendar, Asia/Almaty, titles in your language, no person named. Calendar programs that "
        "cannot send a token use the secret address on the “Calendar feed” page instead.",
        responses=responses({(200, "text/calendar"): OpenApiTypes.BINARY}),
        tags=["calendar"],
    )
    def get(self, request):
        response = HttpResponse(
            calendar_feed.user_calendar(user=request.user), content_type=calendar_feed.CALENDAR_CONTENT_TYPE
        )
        response["Cache-Control"] = "no-store"
        return response
