from django.urls import path

from . import views

app_name = "recommendations"
urlpatterns = [
    path("", views.recommendation_list, name="list"),
    path("export/", views.recommendation_export, name="export"),
    path("<int:pk>/", views.recommendation_detail, name="detail"),
    path("<int:pk>/response/", views.response_propose, name="response_propose"),
    path("<int:pk>/response/record/", views.response_record, name="response_record"),
    path("<int:pk>/measures/new/", views.measure_plan, name="measure_plan"),
    path("reviews/<int:pk>/", views.review_detail, name="review"),
    path("reviews/<int:pk>/import/", views.review_import, name="review_import"),
    path("measures/<int:pk>/", views.measure_detail, name="measure"),
    path("measures/<int:pk>/reports/", views.report_submit, name="report_submit"),
    path("reports/<int:pk>/review/", views.report_review, name="report_review"),
]
