"""The user's language: kept on the user (User.language), applied to their pages, e-mails and notices."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

SUPPORTED = {code for code, _name in settings.LANGUAGES}


class UserLanguageMiddleware:
    """After LocaleMiddleware and authentication: a signed-in user's pages are in the language saved on their
    account, whatever the browser asks for."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.language not in SUPPORTED:
            return self.get_response(request)
        previous = translation.get_language()
        translation.activate(user.language)
        request.LANGUAGE_CODE = user.language
        try:
            response = self.get_response(request)
            response.headers.setdefault("Content-Language", user.language)
            return response
        finally:
            # The thread serves other requests (and, in tests, other code) next: leave its language as found.
            translation.activate(previous) if previous else translation.deactivate()


@require_POST
def set_language(request):
    """Switch the interface language; for a signed-in user the choice is saved on the account."""
    from .services import user_set_language

    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language in SUPPORTED:
        if request.user.is_authenticated:
            user_set_language(user=request.user, language=language)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
        )
    return response
