"""What the pages of every app share, and the pages that belong to no app: the `page` decorator and the 403 page,
the favicon redirect and the answer to a locked-out sign-in."""

from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.translation import gettext

from .errors import PermissionRefused
from .exceptions import error_body


def forbidden(request, message: str):
    """The 403 page: what was refused and why, with a way back."""
    return render(request, "communications/forbidden.html", {"message": message}, status=403)


def page(view):
    """Signed-in users only; a PermissionRefused anywhere below becomes the 403 page with its message."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionRefused as exc:
            return forbidden(request, exc.message)

    return wrapper


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; send them to the hashed static icon."""

    return HttpResponsePermanentRedirect(static("favicon.svg"))


# ---------------------------------------------------------------------------------------------------------------
# Lockout answer (django-axes, AXES_LOCKOUT_CALLABLE)


def lockout_response(request, original_response=None, credentials=None):
    """A locked-out sign-in: the API's error shape (429) for /api/ calls (the token endpoint), the lockout page
    for the sign-in page."""

    status = getattr(settings, "AXES_HTTP_RESPONSE_CODE", 429)
    if request.path.startswith("/api/"):
        message = gettext(
            "Too many failed sign-in attempts. The account is locked for a while; try again later or ask an "
            "administrator to unlock it."
        )
        return JsonResponse(error_body("locked_out", message), status=status)
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, {}, status=status)
