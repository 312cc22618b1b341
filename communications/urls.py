from django.urls import path

from . import views

app_name = "communications"
urlpatterns = [
    path("", views.communication_list, name="list"),
    path("<int:pk>/", views.communication_detail, name="detail"),
    path("<int:pk>/edit/", views.communication_update, name="update"),
    path("<int:pk>/joined-numbers/", views.communication_join_number, name="join_number"),
    path("<int:pk>/parties/", views.communication_party_add, name="party_add"),
    path("<int:pk>/decision/", views.decision_record, name="decision_record"),
    path("notes/new/", views.note_register, name="note_register"),
    path("notes/preview/", views.note_preview, name="note_preview"),
    path("rounds/<int:pk>/refer/", views.round_refer, name="round_refer"),
    path("rounds/<int:pk>/cancel/", views.round_cancel, name="round_cancel"),
    path("rounds/<int:pk>/analysis/", views.analysis_submit, name="analysis_submit"),
    path("rounds/<int:pk>/position/", views.position_draft, name="position_draft"),
    path("rounds/<int:pk>/position/approve/", views.position_approve, name="position_approve"),
    path("rounds/<int:pk>/position/send/", views.position_send, name="position_send"),
    path("deadlines/<int:pk>/extend/", views.deadline_extend, name="deadline_extend"),
    path("deadlines/<int:pk>/change/", views.deadline_change, name="deadline_change"),
    path("remedies/<int:pk>/actions/", views.remedy_action_record, name="remedy_action"),
    path("remedies/<int:pk>/grades/", views.remedy_grade, name="remedy_grade"),
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
