"""A bare view for bench/load.sh: the cost of the middleware alone, beside a real page. Routed only when the
setting IWG_BENCH_VIEWS is on (off by default, never set in production; see docs/performance.md)."""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.http import require_GET


@require_GET
def bare(request):
    """Nothing but the middleware: no template, no query of its own."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare, name="bench-bare")]
