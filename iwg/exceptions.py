"""The API's one error shape, for every error:

    {"error": {"code": "invalid", "message": "...", "fields": {"registry_number": ["..."]}}}

`code` is stable for client programs; `message` is translated into the request's language (LocaleMiddleware,
`Accept-Language`); `fields` maps input fields to their messages (empty when the error is not about a field).
Services raise Django's ValidationError or an `ApplicationError` subclass; this handler is the one place that turns
them (and DRF's own exceptions) into responses.
"""

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from .errors import ApplicationError, error_body

logger = logging.getLogger(__name__)

NON_FIELD_ERRORS = "non_field_errors"

# Stable codes for DRF's exceptions (their `default_code`, renamed where the API's word differs).
_CODES = {
    exceptions.ValidationError: "invalid",
    exceptions.ParseError: "parse_error",
    exceptions.AuthenticationFailed: "authentication_failed",
    exceptions.NotAuthenticated: "not_authenticated",
    exceptions.PermissionDenied: "permission_denied",
    exceptions.NotFound: "not_found",
    exceptions.MethodNotAllowed: "method_not_allowed",
    exceptions.NotAcceptable: "not_acceptable",
    exceptions.UnsupportedMediaType: "unsupported_media_type",
    exceptions.Throttled: "throttled",
}


def _django_validation_fields(exc: DjangoValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return {
            (NON_FIELD_ERRORS if field == "__all__" else field): messages
            for field, messages in exc.message_dict.items()
        }
    return {NON_FIELD_ERRORS: exc.messages}


def _drf_validation_fields(detail) -> dict:
    if isinstance(detail, dict):
        return detail
    if isinstance(detail, list):
        return {NON_FIELD_ERRORS: detail}
    return {NON_FIELD_ERRORS: [detail]}


def _validation_message(fields: dict) -> str:
    """One sentence for the whole error: the message itself when the input as a whole was refused."""
    if set(fields) == {NON_FIELD_ERRORS}:
        return " ".join(str(message) for message in fields[NON_FIELD_ERRORS])
    return _("The input is not valid; see the fields for what to correct.")


def api_exception_handler(exc, context):
    """DRF's EXCEPTION_HANDLER (settings.REST_FRAMEWORK)."""
    headers: dict[str, str] = {}
    status_code: int
    if isinstance(exc, DjangoValidationError):
        fields = _django_validation_fields(exc)
        status_code, body = status.HTTP_400_BAD_REQUEST, error_body("invalid", _validation_message(fields), fields)
    elif isinstance(exc, ApplicationError):
        status_code, body = exc.status_code, error_body(exc.code, exc.message, exc.extra.get("fields"))
    elif isinstance(exc, exceptions.ValidationError):
        fields = _drf_validation_fields(exc.detail)
        status_code, body = exc.status_code, error_body("invalid", _validation_message(fields), fields)
    elif isinstance(exc, RequestDataTooBig):
        status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
        body = error_body("too_large", _("The request is too large."))
    elif isinstance(exc, SuspiciousOperation):
        # Django answers these with 400 too (e.g. too many form fields); the details stay in the log.
        logger.warning("Suspicious request: %s", exc)
        status_code, body = (
            status.HTTP_400_BAD_REQUEST,
            error_body("bad_request", _("The request cannot be processed.")),
        )
    else:
        if isinstance(exc, Http404):
            exc = exceptions.NotFound(str(exc) or None)
        elif isinstance(exc, DjangoPermissionDenied):
            exc = exceptions.PermissionDenied(str(exc) or None)
        if isinstance(exc, exceptions.APIException):
            if getattr(exc, "auth_header", None):
                headers["WWW-Authenticate"] = exc.auth_header  # type: ignore[attr-defined]
            if getattr(exc, "wait", None):
                headers["Retry-After"] = str(int(exc.wait))  # type: ignore[attr-defined]
            code = next((code for cls, code in _CODES.items() if isinstance(exc, cls)), exc.default_code)
            status_code, body = exc.status_code, error_body(code, exc.detail)
        else:
            # A bug, never the client's input: log it with its traceback and still answer in the one shape.
            request = context.get("request")
            logger.exception("Unhandled error in %s %s", getattr(request, "method", "?"), getattr(request, "path", "?"))
            status_code = status.HTTP_500_INTERNAL_SERVER_ERROR
            body = error_body("server_error", _("Something went wrong on our side; the error has been logged."))
    set_rollback()
    return Response(body, status=status_code, headers=headers)
