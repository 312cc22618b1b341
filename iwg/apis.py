"""The API's shared base: what every API module uses (the schema class, pagination, the error responses in the
schema, common fields) and the endpoints that belong to no app (token authentication, the 404 answer).

House style (HackSoft): one APIView per operation, explicit nested input and output serializers, and the view
calls services and selectors only. Errors are turned into the one error shape by `iwg.exceptions`.
"""

from django.contrib.auth import authenticate
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
    fields = serializers.DictField(  # type: ignore[assignment]  # the error's field, not Serializer.fields
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


class AgencyCodeField(serializers.CharField):
    """An agency by its code (MFA, PGO, MOJ, MIA, SC, MOF, OMBUDSMAN, OTHER, or one an administrator added)."""

    def to_representation(self, value):
        return value.code if hasattr(value, "code") else str(value)


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
