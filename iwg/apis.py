"""The API's shared base: what every API module uses (the schema class, pagination, the error responses in the
schema, common fields) and the endpoints that belong to no app (token authentication, the 404 answer).

House style (HackSoft): one APIView per operation, explicit nested input and output serializers, and the view
calls services and selectors only. Errors are turned into the one error shape by `iwg.exceptions`.
"""

import re

from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from knox.models import AuthToken
from rest_framework import serializers, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from . import services as iwg_services
from .addresses import client_ip
from .filters import StrictBooleanFilter
from .models import MAX_ID as MAX_ID  # the API modules take it from here

# The shared filters' type in the schema (stated here, not in iwg/filters.py, which the services read).
extend_schema_field({"type": "boolean"})(StrictBooleanFilter)

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
    """`?limit=&offset=`: 25 by default, at most 100 per page (a larger limit is taken as 100); the response carries
    the total `count`. A limit or offset that is not a whole number, or below its minimum, is refused (400), not
    silently replaced by the default."""

    default_limit = 25
    max_limit = 100
    max_offset = 10**9

    def _whole_number(self, request, name: str, *, minimum: int, maximum: int, default):
        if name not in request.query_params:
            return default
        raw = request.query_params[name].strip()
        if not re.fullmatch(r"[+-]?[0-9]+", raw) or int(raw) < minimum:
            message = gettext("Give a whole number, at least %(minimum)d.") % {"minimum": minimum}
            raise serializers.ValidationError({name: [message]})
        return min(int(raw), maximum)

    def get_limit(self, request):
        return self._whole_number(
            request, self.limit_query_param, minimum=1, maximum=self.max_limit, default=self.default_limit
        )

    def get_offset(self, request):
        return self._whole_number(request, self.offset_query_param, minimum=0, maximum=self.max_offset, default=0)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        minimums = {self.limit_query_param: 1, self.offset_query_param: 0}
        for parameter in parameters:
            if parameter["name"] in minimums:
                parameter["schema"]["minimum"] = minimums[parameter["name"]]
        return parameters


def _refuse_unknown_query_parameters(request, view) -> None:
    """A list's query may hold only its filters and the page: a misspelt filter is an error (400), not silently
    ignored (which would return everything)."""
    known = {ApiPagination.limit_query_param, ApiPagination.offset_query_param}
    filterset_class = getattr(view, "filterset_class", None)
    if filterset_class is not None:
        known |= set(filterset_class.base_filters)
    filter_serializer = getattr(view, "FilterSerializer", None)
    if filter_serializer is not None:
        known |= set(filter_serializer().fields)
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise serializers.ValidationError(
            {name: [gettext("There is no such query parameter here.")] for name in unknown}
        )


def paginated_response(*, request, view, queryset, serializer_class, context: dict | None = None) -> Response:
    _refuse_unknown_query_parameters(request, view)
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

    def get_ident(self, request):
        """The client's address as iwg.addresses vouches for it: a client-sent X-Forwarded-For changes nothing."""
        return client_ip(request._request) or "unknown"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class AuthTokenApi(APIView):
    """POST: exchange a username, password and (with two-factor sign-in) a code for a new token. DELETE: revoke
    the token of this request (with the browser session: every token of the user)."""

    class InputSerializer(serializers.Serializer):
        username = serializers.CharField(max_length=150)
        password = serializers.CharField(max_length=128, trim_whitespace=False, style={"input_type": "password"})
        code = serializers.CharField(
            max_length=64,
            required=False,
            allow_blank=True,
            default="",
            help_text="A code from your authenticator app, or a recovery code: required when you use two-factor "
            "sign-in (and everyone must when two-factor is required).",
        )

    class OutputSerializer(serializers.Serializer):
        token = serializers.CharField(help_text="Send as `Authorization: Token <token>`. Shown once, stored hashed.")
        expires_at = serializers.DateTimeField(help_text="After this the token no longer works: ask for a new one.")

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
        instance, token = iwg_services.api_sign_in(request=request._request, **serializer.validated_data)
        return Response(self.OutputSerializer({"token": token, "expires_at": instance.expiry}).data)

    @extend_schema(
        operation_id="auth_token_destroy",
        summary="Revoke your API token",
        request=None,
        responses=responses({204: OpenApiResponse(description="The token is revoked.")}),
        tags=["auth"],
    )
    def delete(self, request):
        if isinstance(request.auth, AuthToken):
            tokens = AuthToken.objects.filter(pk=request.auth.pk)
            iwg_services.api_tokens_revoke(
                actor=request.user, tokens=tokens, reason="revoked by its owner", request=request._request
            )
        else:
            iwg_services.api_tokens_revoke_for_user(
                user=request.user, actor=request.user, reason="revoked by its owner", request=request._request
            )
        return Response(status=status.HTTP_204_NO_CONTENT)


# Text input never holds a NUL character (DRF's CharField refuses it; PostgreSQL could not store it).
NO_NULL_CHARACTERS = "^[^\\x00]*$"


def _no_null_characters(schema) -> None:
    if not isinstance(schema, dict):
        return
    if schema.get("type") == "string" and not ({"format", "enum", "pattern"} & set(schema)):
        schema["pattern"] = NO_NULL_CHARACTERS
    for key in ("properties", "additionalProperties", "items"):
        value = schema.get(key)
        if key == "properties" and isinstance(value, dict):
            for child in value.values():
                _no_null_characters(child)
        else:
            _no_null_characters(value)
    for key in ("allOf", "anyOf", "oneOf"):
        for child in schema.get(key, []):
            _no_null_characters(child)


# The lists filtered by a django-filter FilterSet shared with the pages (communications.selectors).
FILTERSET_LISTS = {"communications_list", "deadlines_list", "recommendations_list"}


def schema_postprocess(result, generator, request, public):
    """drf-spectacular POSTPROCESSING_HOOK. Says in the schema what the API does: text input holds no NUL
    character; the lists' filters take an empty value as "no filter" (what the pages' forms send), said with
    `allowEmptyValue` (pagination is strict: not for limit and offset)."""
    components = result.get("components", {}).get("schemas", {})
    for name, component in components.items():
        if name.endswith("Request"):
            _no_null_characters(component)
    strict = {ApiPagination.limit_query_param, ApiPagination.offset_query_param}
    for path_item in result.get("paths", {}).values():
        operation = path_item.get("get") or {}
        if operation.get("operationId") not in FILTERSET_LISTS:
            continue
        for parameter in operation.get("parameters", []):
            if parameter.get("in") == "query" and parameter["name"] not in strict:
                parameter["allowEmptyValue"] = True
    return result
