from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("communications/", include("communications.urls")),
    path("meetings/", include("meetings.urls")),
    path("api/v1/", include("iwg.api_urls")),
    path("admin/", admin.site.urls),
    path("health/", views.health, name="health"),
]

if settings.DEBUG:
    pass
