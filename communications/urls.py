from django.urls import path

from . import views

app_name = "communications"
urlpatterns = [
    path("<int:pk>/", views.communication_detail, name="detail"),
]
