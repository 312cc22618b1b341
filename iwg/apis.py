"""The API's shared parts and its project-level endpoints: token authentication, the user's notifications, the
dashboard's figures; plus what every API module uses (pagination, the error responses in the schema, history
entries for auditors).

House style (HackSoft): one APIView per operation, explicit nested input and output serializers, and the view
calls services and selectors only. Errors are turned into the one error shape by `iwg.exceptions`.
"""

import datetime as dt
import decimal
import uuid

from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import JsonResponse
from django.urls import resolve, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from communications import selectors as communication_selectors
from communications import services as communication_services
from communications.models import CommitteeCode, Notification, Party
from communications.uploads import check_upload
from iwg.permissions import require

from .exceptions import error_body

# Largest value of a database id (bigint): bigger numbers are refused as input rather than sent to the database.
MAX_ID = 2**63 - 1

# ---------------------------------------------------------------------------------------------------------------
# Schema


class ApiAutoSchema(AutoSchema):
    """drf-spectacular's AutoSchema, naming a serializer nested in a view after the view:
    `CommunicationsApi.ListOutputSerializer` becomes the component `CommunicationsListOutput`."""

    def get_serializer_name(self, serializer, direction) -> str:
        parts = type(serializer).__qualname__.split(".")
        return "".join(part.removesuffix("Api").removesuffix("Serializer").lstrip("_") for part in parts)


# ---------------------------------------------------------------------------------------------------------------
# Errors in the schema


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(
        help_text="Stable code: invalid, parse_error, not_authenticated, authentication_failed, permission_denied, "
        "not_found, method_not_allowed, not_acceptable, too_large, unsupported_media_type, throttled, "
        "invalid_state, concurrent_edit, application_error, bad_request, server_error."
    )
    message = serializers.CharField(help_text="What went wrong, in the request's language (Accept-Language).")
    fields = serializers.DictField(
        child=serializers.JSONField(),
        help_text="Input field → its messages (nested like the input); empty when the error is not about a field.",
    )


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


_ERROR_DESCRIPTIONS = {
    400: "Invalid input (`invalid`), a body that cannot be parsed (`parse_error`) or a refused request (`bad_request`).",
    401: "No credentials, or a wrong token (`not_authenticated`, `authentication_failed`).",
    403: "Your role may not take this step (`permission_denied`, with the reason), or a session without CSRF token.",
    404: "Not found, or not visible to you (`not_found`).",
    409: "The current state does not allow the step (`invalid_state`), or someone changed it first (`concurrent_edit`).",
    413: "The body is too large (`too_large`).",
    415: "The body's media type is not accepted (`unsupported_media_type`).",
    429: "Too many attempts (`throttled`); retry after the seconds in `Retry-After`.",
    503: "The server cannot make this kind of file now (`pdf_unavailable`: Pango is not installed).",
}


def error_responses(*codes: int) -> dict:
    """The error responses of an operation for `extend_schema(responses=...)`; 401 and 403 always apply."""
    return {
        code: OpenApiResponse(ErrorSerializer, description=_ERROR_DESCRIPTIONS[code])
        for code in sorted({401, 403, *codes})
    }


# The errors of an operation that reads a body: invalid, too large, or of a media type it does not take.
WITH_BODY = (400, 413, 415)


def responses(success: dict, *error_codes: int) -> dict:
    return {**success, **error_responses(*error_codes)}


# ---------------------------------------------------------------------------------------------------------------
# Pagination


class ApiPagination(LimitOffsetPagination):
    """`?limit=&offset=`: 25 by default, at most 100 per page; the response carries the total `count`."""

    default_limit = 25
    max_limit = 100
    max_offset = 10**9

    def get_offset(self, request):
        """DRF's, bounded: an offset beyond any table would overflow the database's integer."""
        try:
            offset = int(request.query_params[self.offset_query_param])
        except (KeyError, ValueError):
            return 0
        return min(max(offset, 0), self.max_offset)


def paginated_response(*, request, view, queryset, serializer_class, context: dict | None = None) -> Response:
    paginator = ApiPagination()
    page = paginator.paginate_queryset(queryset, request, view=view)
    serializer = serializer_class(page, many=True, context={"request": request, **(context or {})})
    return paginator.get_paginated_response(serializer.data)


# ---------------------------------------------------------------------------------------------------------------
# Output fields shared by the API modules


@extend_schema_field(OpenApiTypes.STR)
class UserNameField(serializers.Field):
    """A user as the name other users see (the full name, else the username)."""

    def to_representation(self, value):
        return str(value)


class CommitteeCodeField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=CommitteeCode.choices, **kwargs)


class AgencyCodeField(serializers.CharField):
    """An agency by its code (MFA, PGO, MOJ, MIA, SC, MOF, OMBUDSMAN, OTHER, or one an administrator added)."""

    def to_representation(self, value):
        return value.code if hasattr(value, "code") else str(value)


class UploadField(serializers.FileField):
    """A PDF, DOCX or ODT document, checked by content and size (communications.uploads) as input validation;
    the service checks it again before storing it."""

    def to_internal_value(self, data):
        uploaded = super().to_internal_value(data)
        try:
            check_upload(uploaded)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc
        return uploaded


def party_name(party: Party, user) -> str:
    """The one place the API names a party: initials when the identity is confidential for this user."""
    return party.name_for(user)


# ---------------------------------------------------------------------------------------------------------------
# History (auditors and administrators)


class HistoryChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    label = serializers.CharField()
    old = serializers.JSONField(allow_null=True)
    new = serializers.JSONField(allow_null=True)


class HistoryEntryOutputSerializer(serializers.Serializer):
    object_type = serializers.CharField(help_text="e.g. communication, party, round, deadline, meeting")
    object_id = serializers.IntegerField()
    object_label = serializers.CharField()
    when = serializers.DateTimeField()
    user = serializers.CharField(allow_null=True, help_text="Username; null when the system acted.")
    kind = serializers.ChoiceField(choices=["created", "changed", "deleted"])
    reason = serializers.CharField(allow_blank=True)
    changes = HistoryChangeSerializer(many=True)


_HISTORY_KINDS = {"+": "created", "~": "changed", "-": "deleted"}


def _json_value(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [_json_value(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _json_value(item) for key, item in value.items()}
    return str(value)


def history_entries(objects, *, user) -> list[dict]:
    """The change history of `objects` (tracked model instances), newest first, as API rows. The full name of a
    confidential party is replaced by its initials for users who may not see it, in history as everywhere."""
    rows = []
    for instance, entry in communication_selectors.history_for_objects(objects):
        hidden_name = isinstance(instance, Party) and instance.is_confidential and not user.sees_confidential_names

        def shown(change, value, hidden_name=hidden_name, instance=instance):
            return instance.initials if hidden_name and change.field == "full_name" else _json_value(value)

        rows.append(
            {
                "object_type": instance._meta.model_name,
                "object_id": instance.pk,
                "object_label": party_name(instance, user) if isinstance(instance, Party) else entry.object_label,
                "when": entry.when,
                "user": entry.user.get_username() if entry.user is not None else None,
                "kind": _HISTORY_KINDS.get(entry.kind, entry.kind),
                "reason": entry.reason,
                "changes": [
                    {
                        "field": change.field,
                        "label": change.label,
                        "old": shown(change, change.old),
                        "new": shown(change, change.new),
                    }
                    for change in entry.changes
                ],
            }
        )
    rows.sort(key=lambda row: (row["when"], row["object_type"], row["object_id"]), reverse=True)
    return rows


def history_response(objects, *, user) -> Response:
    return Response(HistoryEntryOutputSerializer(history_entries(objects, user=user), many=True).data)


def require_history_reader(user) -> None:
    """Auditors and administrators read the change history; anyone else is refused with the reason (403)."""
    require(user, "communications.view_history")


HISTORY_RESPONSES = responses({200: HistoryEntryOutputSerializer(many=True)}, 404)


# ---------------------------------------------------------------------------------------------------------------
# Token authentication


class AuthTokenThrottle(SimpleRateThrottle):
    """Attempts at POST /api/v1/auth/token/ per client address; the rate is
    REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["auth_token"] (IWG_API_TOKEN_THROTTLE_RATE), read per request."""

    scope = "auth_token"

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def auth_token_issue(*, user) -> Token:
    """The user's API token (one per user), created on first request."""
    token, _created = Token.objects.get_or_create(user=user)
    return token


def auth_token_revoke(*, user) -> int:
    """Delete the user's token: programs using it are signed out. Returns how many were deleted (0 or 1)."""
    with transaction.atomic():
        deleted, _rows = Token.objects.filter(user=user).delete()
    return deleted


class AuthTokenApi(APIView):
    """POST: exchange a username and password for a token. DELETE: revoke the caller's token."""

    class InputSerializer(serializers.Serializer):
        username = serializers.CharField(max_length=150)
        password = serializers.CharField(max_length=128, trim_whitespace=False, style={"input_type": "password"})

    class OutputSerializer(serializers.Serializer):
        token = serializers.CharField(help_text="Send as `Authorization: Token <token>`.")

    def get_permissions(self):
        if self.request.method == "POST":
            return [AllowAny()]
        return [IsAuthenticated()]

    def get_throttles(self):
        if self.request.method == "POST":
            return [AuthTokenThrottle()]
        return []

    @extend_schema(
        operation_id="auth_token_create",
        summary="Get an API token",
        request=InputSerializer,
        responses=responses({200: OutputSerializer}, *WITH_BODY, 429),
        tags=["auth"],
    )
    def post(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = authenticate(request._request, **serializer.validated_data)
        if user is None or not user.is_active:
            raise serializers.ValidationError(_("Unable to sign in with this username and password."))
        token = auth_token_issue(user=user)
        return Response(self.OutputSerializer({"token": token.key}).data)

    @extend_schema(
        operation_id="auth_token_destroy",
        summary="Revoke your API token",
        request=None,
        responses=responses({204: OpenApiResponse(description="The token is revoked.")}),
        tags=["auth"],
    )
    def delete(self, request):
        auth_token_revoke(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# ---------------------------------------------------------------------------------------------------------------
# Notifications


class NotificationListApi(APIView):
    class FilterSerializer(serializers.Serializer):
        unread = serializers.BooleanField(required=False, default=False, help_text="Only notices not read yet.")

    class OutputSerializer(serializers.ModelSerializer):
        communication_id = serializers.IntegerField(allow_null=True)
        communication = serializers.SerializerMethodField()
        deadline_id = serializers.IntegerField(allow_null=True)

        class Meta:
            model = Notification
            fields = [
                "id",
                "kind",
                "title",
                "message",
                "communication_id",
                "communication",
                "deadline_id",
                "created_at",
                "read_at",
            ]

        @extend_schema_field(serializers.CharField(allow_null=True, help_text="e.g. CCPR 2137/2012"))
        def get_communication(self, notification) -> str | None:
            return str(notification.communication) if notification.communication_id else None

    pagination_class = ApiPagination

    @extend_schema(
        operation_id="notifications_list",
        summary="Your notifications",
        parameters=[FilterSerializer],
        responses=responses({200: OutputSerializer(many=True)}, 400),
        tags=["notifications"],
    )
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        notifications = communication_selectors.notification_list(
            user=request.user, unread_only=filters.validated_data["unread"]
        )
        return paginated_response(
            request=request, view=self, queryset=notifications, serializer_class=self.OutputSerializer
        )


class NotificationReadApi(APIView):
    class InputSerializer(serializers.Serializer):
        ids = serializers.ListField(
            child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
            required=False,
            max_length=1000,
            help_text="The notices to mark read.",
        )
        all = serializers.BooleanField(required=False, default=False, help_text="Mark every unread notice read.")

        def validate(self, data):
            if "ids" not in data and not data["all"]:
                raise serializers.ValidationError(_('Give "ids", or "all": true.'))
            if "ids" in data and data["all"]:
                raise serializers.ValidationError(_('Give "ids" or "all", not both.'))
            return data

    class OutputSerializer(serializers.Serializer):
        marked = serializers.IntegerField(help_text="How many notices changed from unread to read.")

    @extend_schema(
        operation_id="notifications_read",
        summary="Mark notifications read",
        request=InputSerializer,
        responses=responses({200: OutputSerializer}, *WITH_BODY),
        tags=["notifications"],
    )
    def post(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ids = None if serializer.validated_data["all"] else serializer.validated_data["ids"]
        marked = communication_services.notification_mark_read(actor=request.user, notification_ids=ids)
        return Response(self.OutputSerializer({"marked": marked}).data)


# ---------------------------------------------------------------------------------------------------------------
# Figures


class _YearCountSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    count = serializers.IntegerField()


class _CommitteeYearCountSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    committee = CommitteeCodeField()
    count = serializers.IntegerField()


class _CommitteeCountSerializer(serializers.Serializer):
    committee = CommitteeCodeField(source="committee__code")
    count = serializers.IntegerField()


class _AgencyCountSerializer(serializers.Serializer):
    agency = serializers.CharField(source="responsible_agency__code")
    count = serializers.IntegerField()


class StatsApi(APIView):
    class OutputSerializer(serializers.Serializer):
        meetings_held = serializers.IntegerField()
        meetings_held_by_year = _YearCountSerializer(many=True)
        rounds_considered = serializers.IntegerField(help_text="Requests and Views considered by the IWG.")
        rounds_considered_by_committee_year = _CommitteeYearCountSerializer(many=True)
        positions_sent = serializers.IntegerField()
        positions_sent_by_committee_year = _CommitteeYearCountSerializer(many=True)
        communications_by_committee = _CommitteeCountSerializer(many=True)
        overdue_deadlines = serializers.IntegerField()
        overdue_by_agency = _AgencyCountSerializer(many=True)
        median_days_note_to_position = serializers.FloatField(
            allow_null=True, help_text="Median days from the incoming note to the sent position."
        )

    @extend_schema(
        operation_id="stats_retrieve",
        summary="The dashboard's figures",
        description="Meetings held, requests considered, positions sent (by committee and year), what is overdue "
        "now, and the median time from the incoming note to the sent position; from what you may see.",
        responses=responses({200: OutputSerializer}),
        tags=["stats"],
    )
    def get(self, request):
        figures = communication_selectors.dashboard_figures(user=request.user)
        return Response(self.OutputSerializer(figures).data)


def api_not_found(request, *args, **kwargs):
    """Any other path under /api/v1/: the one error shape, not an HTML page (and no redirect that would lose a
    POST body when only the final slash is missing)."""
    path = request.path_info
    slashed = not path.endswith("/") and resolve(path + "/").func is not api_not_found
    if slashed:
        message = gettext("Addresses in the API end with a slash: %(path)s") % {"path": request.path + "/"}
    else:
        message = gettext("There is no such address in the API; see %(docs)s") % {"docs": reverse("api:docs")}
    return JsonResponse(error_body("not_found", message), status=404)
