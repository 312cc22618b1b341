"""What the pages of every app share, and the pages that belong to no app: the `page` decorator and the 403 page,
the favicon redirect, the answer to a locked-out sign-in, and the API's answer to an address it does not have (a
plain view, so that the URL configuration loads no API library)."""

from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import resolve, reverse
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from .errors import PermissionRefused, error_body


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


@require_safe
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


@csrf_exempt
def api_not_found(request, *args, **kwargs):
    """Any other path under /api/v1/: the one error shape, not an HTML page (and no redirect that would lose a
    POST body when only the final slash is missing). Exempt from CSRF: it changes nothing, and a POST without a
    CSRF token would otherwise get Django's HTML 403 page instead of this 404."""
    path = request.path_info
    slashed = not path.endswith("/") and resolve(path + "/").func is not api_not_found
    if slashed:
        message = gettext("Addresses in the API end with a slash: %(path)s") % {"path": request.path + "/"}
    else:
        message = gettext("There is no such address in the API; see %(docs)s") % {"docs": reverse("api:docs")}
    return JsonResponse(error_body("not_found", message), status=404)
