"""Project-level pages: the home page and the health check."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from communications import selectors as communication_selectors

from .roles import Role

# The home page's queues: their heading, the step the user takes and the page that takes it.
HOME_SECTIONS = {
    "to_refer": (_("Registered rounds to refer to the PGO and the MoJ"), _("Refer"), "communications:round_refer"),
    "to_send": (_("Approved positions to send to OHCHR"), _("Send"), "communications:position_send"),
    "to_analyse": (
        _("Referred rounds waiting for a legal analysis"),
        _("Upload analysis"),
        "communications:analysis_submit",
    ),
    "for_agenda": (_("Rounds ready for an IWG agenda"), "", ""),
    "to_approve": (_("IWG-approved rounds whose position awaits approval"), _("Open"), ""),
}


@login_required
def home(request):
    """What needs the signed-in user now: the rounds waiting for their role, their agency's nearest deadlines
    and their unread notifications."""
    queue = communication_selectors.home_work_queue(user=request.user)
    sections = [
        {"key": key, "title": title, "action": action, "url_name": url_name, "rounds": queue.sections[key]}
        for key, (title, action, url_name) in HOME_SECTIONS.items()
        if key in queue.sections
    ]
    return render(
        request,
        "home.html",
        {
            "queue": queue,
            "sections": sections,
            "is_iwg_member": request.user.role == Role.IWG_MEMBER,
            "reads_only": request.user.role in (Role.AUDITOR, Role.ADMINISTRATOR),
        },
    )


def health(request):
    """Liveness for the proxy and monitoring: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
