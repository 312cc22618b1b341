"""What the HTML views of communications share: the page decorator, the 403 page, the step guards of a round."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from iwg.errors import ApplicationError, PermissionRefused
from iwg.forms import add_service_errors
from iwg.permissions import require

from .. import selectors


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


def run_service(form, call, *, fallback: str | None = None):
    """Call a service; on refusal put its messages on `form` and return None. PermissionRefused propagates (403)."""
    try:
        return call() or True
    except PermissionRefused:
        raise
    except ValidationError as exc:
        add_service_errors(form, exc, fallback=fallback)
    except ApplicationError as exc:
        form.add_error(None, exc.message)
    return None


def _posted(request, *, files: bool = False) -> tuple:
    """The data a form is bound to: the POST (even an empty one, so that it is validated), or nothing on GET."""
    if request.method != "POST":
        return (None, None) if files else (None,)
    return (request.POST, request.FILES) if files else (request.POST,)


def _step_unavailable(request, round, action_label):
    messages.warning(
        request,
        _("“%(action)s” is not possible now: the round is “%(status)s”.")
        % {"action": action_label, "status": round.get_status_display()},
    )
    return redirect(round.communication.get_absolute_url())


def _round_for_action(request, pk, permission, action, action_label):
    """The round (404 if not visible), after the role check (403). Returns (round, redirect-or-None)."""
    round = selectors.round_get(user=request.user, pk=pk)
    require(request.user, permission, round)
    if request.method == "GET" and action not in selectors.round_actions(user=request.user, round=round):
        return round, _step_unavailable(request, round, action_label)
    return round, None
