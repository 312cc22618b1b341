"""What the HTML views of communications share: the step guards of a round. The page decorator, the 403 page
and `run_service` (the one way a view calls a service) are the base's (iwg/views.py, iwg/forms.py), shared with
meetings."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from iwg.permissions import require

from .. import selectors


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
