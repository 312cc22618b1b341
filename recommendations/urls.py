from django.urls import path

from . import views

app_name = "recommendations"
urlpatterns = [
    path("", views.recommendation_list, name="list"),
    path("<int:pk>/", views.recommendation_detail, name="detail"),
    path("reviews/<int:pk>/", views.review_detail, name="review"),
    path("measures/<int:pk>/", views.measure_detail, name="measure"),
]
