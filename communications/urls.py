from django.urls import path

from .views import communications as communication_views
from .views import corrections as correction_views
from .views import deadlines as deadline_views
from .views import decisions as decision_views
from .views import exports as export_views
from .views import imports as import_views
from .views import notifications as notification_views
from .views import rounds as round_views

app_name = "communications"
urlpatterns = [
    path("", communication_views.communication_list, name="list"),
    path("export/", export_views.register_export, name="export"),
    path("deadlines/export/", export_views.deadline_export, name="deadline_export"),
    path("<int:pk>/export/", export_views.case_file_export, name="case_file_export"),
    path("exports/<int:pk>/", export_views.export_job, name="export_job"),
    path("exports/<int:pk>/download/", export_views.export_job_download, name="export_job_download"),
    path("imports/new/", import_views.import_new, name="import_new"),
    path("imports/template.csv", import_views.import_template, name="import_template"),
    path("imports/<int:pk>/", import_views.import_detail, name="import_detail"),
    path("imports/<int:pk>/confirm/", import_views.import_confirm, name="import_confirm"),
    path("<int:pk>/", communication_views.communication_detail, name="detail"),
    path("<int:pk>/edit/", communication_views.communication_update, name="update"),
    path("<int:pk>/close/", communication_views.communication_close, name="close"),
    path("<int:pk>/joined-numbers/", communication_views.communication_join_number, name="join_number"),
    path("<int:pk>/parties/", communication_views.communication_party_add, name="party_add"),
    path("<int:pk>/decision/", decision_views.decision_record, name="decision_record"),
    path("<int:pk>/correct/", correction_views.communication_correct, name="correct"),
    path("<int:pk>/merge/", correction_views.communication_merge, name="merge"),
    path("<int:pk>/parties/<int:party_pk>/edit/", correction_views.party_edit, name="party_edit"),
    path(
        "<int:pk>/parties/<int:party_pk>/confidentiality/",
        correction_views.party_confidentiality,
        name="party_confidentiality",
    ),
    path("<int:pk>/parties/<int:party_pk>/remove/", correction_views.party_remove, name="party_remove"),
    path("<int:pk>/notes/<int:note_pk>/void/", correction_views.note_void, name="note_void"),
    path("<int:pk>/rounds/<int:round_pk>/void/", correction_views.round_void, name="round_void"),
    path("notes/new/", communication_views.note_register, name="note_register"),
    path("notes/preview/", communication_views.note_preview, name="note_preview"),
    path("rounds/<int:pk>/refer/", round_views.round_refer, name="round_refer"),
    path("rounds/<int:pk>/cancel/", round_views.round_cancel, name="round_cancel"),
    path("rounds/<int:pk>/analysis/", round_views.analysis_submit, name="analysis_submit"),
    path("rounds/<int:pk>/position/", round_views.position_draft, name="position_draft"),
    path("rounds/<int:pk>/position/approve/", round_views.position_approve, name="position_approve"),
    path("rounds/<int:pk>/position/send/", round_views.position_send, name="position_send"),
    path("deadlines/<int:pk>/extend/", deadline_views.deadline_extend, name="deadline_extend"),
    path("deadlines/<int:pk>/change/", deadline_views.deadline_change, name="deadline_change"),
    path("remedies/<int:pk>/actions/", decision_views.remedy_action_record, name="remedy_action"),
    path("remedies/<int:pk>/grades/", decision_views.remedy_grade, name="remedy_grade"),
]


# Notifications: included under /notifications/ by iwg/urls.py (namespace "notifications").
notification_urlpatterns = (
    [
        path("", notification_views.notification_list, name="list"),
        path("<int:pk>/read/", notification_views.notification_read, name="read"),
        path("read-all/", notification_views.notification_read_all, name="read_all"),
        path("badge/", notification_views.notification_badge, name="badge"),
    ],
    "notifications",
)
