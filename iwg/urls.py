from django.contrib import admin
from django.urls import include, path

from communications import urls as communication_urls
from communications.views import communications as communication_views

from . import views
from .i18n import set_language

# Auditors' pages (views at the end of iwg/views.py).
audit_patterns = (
    [
        path("history/<str:app_label>/<str:model_name>/<int:pk>/", views.audit_history, name="history"),
        path("activity/", views.audit_activity, name="activity"),
    ],
    "audit",
)

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("communications/", include("communications.urls")),
    path("documents/<int:pk>/", communication_views.document_download, name="document_download"),
    path("notifications/", include(communication_urls.notification_urlpatterns)),
    path("meetings/", include("meetings.urls")),
    path("api/v1/", include("iwg.api_urls")),
    path("admin/", admin.site.urls),
    path("health/", views.health, name="health"),
    path("favicon.ico", views.favicon),
    path("audit/", include(audit_patterns)),
    path("dashboard/", views.dashboard, name="dashboard"),
]
