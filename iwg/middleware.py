"""Request-level security: two-factor sign-in required when the setting is on, for pages and the API alike."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

# Paths a signed-in user without two-factor may still open: setting it up, signing out, static files.
_TWO_FACTOR_EXEMPT_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/health/")


class RequireTwoFactorMiddleware:
    """With IWG_REQUIRE_2FA on, a signed-in user who has not set up two-factor sign-in is sent to set it up
    (pages) or refused (API), whatever their role."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.IWG_REQUIRE_2FA and request.user.is_authenticated and not self._exempt(request.path):
            from allauth.mfa.utils import is_mfa_enabled

            if not is_mfa_enabled(request.user):
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
