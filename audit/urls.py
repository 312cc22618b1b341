"""The auditors' pages, under /audit/ (namespace "audit")."""

from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("history/<str:app_label>/<str:model_name>/<int:pk>/", views.audit_history, name="history"),
    path("activity/", views.audit_activity, name="activity"),
]
