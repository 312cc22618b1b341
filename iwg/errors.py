"""The project's error type. Services raise it (or Django's ValidationError for bad input); the API exception
handler and the pages turn it into a message the user can read."""

from django.utils.translation import gettext_lazy as _


def error_body(code: str, message, fields: dict | None = None) -> dict:
    """The API's one error shape (iwg/exceptions.py), also answered by the few plain Django views that speak to API
    clients (a locked-out sign-in at the token endpoint)."""
    return {"error": {"code": code, "message": str(message), "fields": fields or {}}}


class ApplicationError(Exception):
    """A domain rule refused the action. `code` is stable for API clients; `message` is translated."""

    code = "application_error"
    status_code = 400

    def __init__(self, message, *, code: str | None = None, extra: dict | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.extra = extra or {}

    def __str__(self) -> str:
        return str(self.message)


class PermissionRefused(ApplicationError):
    """The actor's role or agency may not take this step."""

    code = "permission_denied"
    status_code = 403


class InvalidTransition(ApplicationError):
    """The current state does not allow the step (a repeat, or a step out of order)."""

    code = "invalid_state"
    status_code = 409


class ConcurrentEdit(ApplicationError):
    """Someone else changed the object after the user loaded it; nothing was overwritten."""

    code = "concurrent_edit"
    status_code = 409

    def __init__(self, message=None, **kwargs):
        super().__init__(
            message or _("Someone else changed this record after you opened it. Reload the page to see their changes."),
            **kwargs,
        )


class TwoFactorSetupRequired(ApplicationError):
    """Two-factor sign-in is required and the user has not set it up: it is set up in the web application."""

    code = "two_factor_required"
    status_code = 403

    def __init__(self, message=None, **kwargs):
        super().__init__(
            message
            or _(
                "Two-factor sign-in is required. Sign in to the web application and set it up (your account → "
                "two-factor authentication), then ask for a token again with a code from your authenticator app."
            ),
            **kwargs,
        )


class SignInRefused(ApplicationError):
    """Wrong user name or password, or a missing or wrong second-factor code, at the API's token endpoint: the
    credentials are refused (401), like a wrong token."""

    code = "authentication_failed"
    status_code = 401
