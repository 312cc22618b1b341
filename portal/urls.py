"""The root URL configuration (ROOT_URLCONF): it mounts every app, so it lives in the roof, not in the base."""

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from communications import urls as communication_urls
from iwg import views as base_views
from iwg.i18n import set_language

from . import metrics, views

# The admin signs in through allauth's flow (password, then the second factor, lockout, access trail), never with
# its own password-only form (allauth's "secure admin login").
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("communications/", include("communications.urls")),
    path("documents/<int:pk>/", views.document_download, name="document_download"),
    path("notifications/", include(communication_urls.notification_urlpatterns)),
    path("meetings/", include("meetings.urls")),
    path("recommendations/", include("recommendations.urls")),
    path("api/v1/", include("portal.api_urls")),
    path("admin/", admin.site.urls),
    path("health/", views.health, name="health"),
    path("ready/", views.ready, name="ready"),
    path("metrics", metrics.metrics, name="metrics"),
    path("profile/", views.profile, name="profile"),
    path("favicon.ico", base_views.favicon),
    path("audit/", include("audit.urls")),
    path("dashboard/", views.dashboard, name="dashboard"),
]

if getattr(settings, "IWG_BENCH_VIEWS", False):  # bench/load.sh only; off unless the environment turns it on
    from iwg import bench

    urlpatterns += bench.urlpatterns
