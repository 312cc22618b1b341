"""Project-level pages: the home page and the health check."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from communications import selectors as communication_selectors
from communications.models import Deadline


@login_required
def home(request):
    communications = communication_selectors.communication_visible_to(request.user).select_related("committee")[:50]
    deadlines = (
        Deadline.objects.open()
        .filter(round__communication__in=communication_selectors.communication_visible_to(request.user))
        .select_related("round__communication__committee", "responsible_agency")
        .order_by("due_on")[:20]
    )
    return render(request, "home.html", {"communications": communications, "deadlines": deadlines})


def health(request):
    """Liveness for the proxy and monitoring: the database answers. `last_sweep_at` is when the deadline sweep
    (Celery beat, every 5 minutes) last completed: monitoring should alert when it is much older than that."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    last_sweep = communication_selectors.sweep_last_run()
    return JsonResponse({"status": "ok", "last_sweep_at": last_sweep.finished_at.isoformat() if last_sweep else None})
