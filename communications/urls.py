from django.urls import path

from . import views

app_name = "communications"
urlpatterns = [
    path("<int:pk>/", views.communication_detail, name="detail"),
]


# Notifications: included under /notifications/ by iwg/urls.py (namespace "notifications").
notification_urlpatterns = (
    [
        path("", views.notification_list, name="list"),
        path("<int:pk>/read/", views.notification_read, name="read"),
        path("read-all/", views.notification_read_all, name="read_all"),
        path("badge/", views.notification_badge, name="badge"),
    ],
    "notifications",
)
