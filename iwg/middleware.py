"""Request-level security: idle sessions end, two-factor sign-in required when the setting is on, and no caching
of what a signed-in user is shown, for pages and the API alike. (Refused requests are recorded by
audit.middleware.RefusalAuditMiddleware.)"""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

# Requests the page makes by itself (the notification badge's poll) carry this header: they are not activity.
BACKGROUND_HEADER = "HTTP_X_IWG_BACKGROUND"
LAST_ACTIVITY_KEY = "iwg_last_activity"
# The user id whose two-factor sign-in this session has seen set up (RequireTwoFactorMiddleware).
MFA_ENABLED_KEY = "iwg_mfa_enabled"


class IdleSessionMiddleware:
    """A signed-in session ends after SESSION_COOKIE_AGE seconds without activity of the person, however often
    the open page polls in the background.

    The session keeps `iwg_last_activity` (Unix seconds), refreshed by the person's own requests only, and at most
    once per IWG_SESSION_ACTIVITY_INTERVAL seconds: so most requests write nothing to the session (with
    SESSION_SAVE_EVERY_REQUEST off, an unmodified session is not saved), and each write also moves the session's
    own expiry. A request that finds the stamp too old signs the user out: a page goes to the sign-in page, a
    background poll is told by htmx's HX-Redirect header to send the page there."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        background = request.META.get(BACKGROUND_HEADER) == "1"
        signed_in = session is not None and bool(session.get("_auth_user_id"))
        if signed_in and session is not None:
            now = int(time.time())
            last = session.get(LAST_ACTIVITY_KEY)
            if last is not None and now - last > settings.SESSION_COOKIE_AGE:
                logout(request)
                signed_in = False
            elif last is None or (not background and now - last >= settings.IWG_SESSION_ACTIVITY_INTERVAL):
                session[LAST_ACTIVITY_KEY] = now
        if background and not signed_in:
            # The session has ended: send the whole page to the sign-in page rather than into the badge.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = reverse(settings.LOGIN_URL)
            return response
        return self.get_response(request)


# Paths a signed-in user without two-factor may still open: setting it up, signing out, static files.
_TWO_FACTOR_EXEMPT_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/health/")


class RequireTwoFactorMiddleware:
    """With IWG_REQUIRE_2FA on, a signed-in user who has not set up two-factor sign-in is sent to set it up
    (pages) or refused (API), whatever their role."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.IWG_REQUIRE_2FA and request.user.is_authenticated and not self._exempt(request.path):
            if not self._mfa_enabled(request):
                if request.path.startswith("/api/"):
                    message = _("Set up two-factor sign-in before using the API.")
                    return JsonResponse(
                        {"error": {"code": "two_factor_required", "message": message, "fields": {}}}, status=403
                    )
                return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        return path.startswith(_TWO_FACTOR_EXEMPT_PREFIXES)

    @staticmethod
    def _mfa_enabled(request) -> bool:
        """Whether the user has set up two-factor sign-in: asked of the database until the answer is yes, which
        the session then keeps (no query on the following requests). Removing an authenticator forgets it in
        that session (iwg/signals.py); another session of the user was signed in as it was then."""
        session = getattr(request, "session", None)
        if session is not None and session.get(MFA_ENABLED_KEY) == request.user.pk:
            return True
        from allauth.mfa.utils import is_mfa_enabled

        if not is_mfa_enabled(request.user):
            return False
        if session is not None:
            session[MFA_ENABLED_KEY] = request.user.pk
        return True


class NoStoreForSignedInMiddleware:
    """Every answer to a signed-in user (page, htmx fragment, API answer, download, error) carries case data or
    may: `Cache-Control: no-store, private`, so neither the browser's cache nor a shared proxy keeps a copy.
    Static files (served by WhiteNoise before this middleware) and pages for anonymous visitors keep their
    defaults. API calls authenticated by token count: DRF sets the user on the request it wraps."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "no-store, private"
        return response
