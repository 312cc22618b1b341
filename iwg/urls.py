from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("communications/", include("communications.urls")),
    path("meetings/", include("meetings.urls")),
    path("admin/", admin.site.urls),
    path("health/", views.health, name="health"),
]
